"""SARIF 2.1.0: one result per failed threshold, located at the transcript line of its first evidence turn.

Each threshold kind is a rule (`tool.driver.rules`, ids as in `coachcheck.checking.KINDS`). Result
locations use the call's path relative to the current folder (`artifactLocation.uri`) and the
evidence line (`region.startLine`, 1 when a failure has no evidence turn); the other evidence turns
are `relatedLocations`. With a baseline, results carry `baselineState` (`new` for calls not in it,
`updated` for calls that got worse) and failures the baseline accepts are left out. Files that could
not be analyzed are `toolExecutionNotifications` and make `executionSuccessful` false.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from coachcheck.checking import CallCheck, CheckFailure, CheckRun
from coachcheck.reporters.checks import TITLES, artifact_uri, evidence_line, more_evidence
from coachcheck.thresholds import KIND_HELP, KINDS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/coachcheck/"


def rules() -> list[dict[str, Any]]:
    """The reporting descriptors, one per threshold kind, in KINDS order."""
    out = []
    for kind in KINDS:
        name = "".join(part.capitalize() for part in kind.split("_"))
        out.append({
            "id": kind, "name": name,
            "shortDescription": {"text": TITLES[kind].format(subject="of one category")},
            "fullDescription": {"text": KIND_HELP[kind]},
            "defaultConfiguration": {"level": "error"},
            "help": {"text": KIND_HELP[kind] + " Set it with --" + kind.replace("_", "-")
                     + " or in the check: section of coachcheck.yaml."},
        })
    return out


def render_sarif(run: CheckRun) -> str:
    """The run as a SARIF 2.1.0 log.

    Args:
        run (CheckRun): the checked calls.

    RETURNS (str): JSON text.
    """
    index = {kind: i for i, kind in enumerate(KINDS)}
    results = [_result(call, f, index[f.kind], run.baseline is not None) for call in run.calls for f in call.failures]
    notifications = [{
        "level": "error", "message": {"text": e.error},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.source)}}}],
    } for e in run.errors]
    log = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "coachcheck", "version": run.tool_version or "0",
                                "informationUri": INFORMATION_URI, "rules": rules()}},
            "invocations": [{"executionSuccessful": not run.errors, "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _result(call: CallCheck, f: CheckFailure, rule_index: int, with_baseline: bool) -> dict[str, Any]:
    uri = artifact_uri(call.source)
    first, rest = (f.evidence[0], f.evidence[1:]) if f.evidence else (None, ())
    region: dict[str, Any] = {"startLine": first.line if first and first.line else 1}
    if first is not None:
        region["snippet"] = {"text": first.text}
    text = f.message + (f" — {evidence_line(first)}" if first else "")
    if more_evidence(f):
        text += f" {more_evidence(f)}"
    result: dict[str, Any] = {
        "ruleId": f.kind, "ruleIndex": rule_index, "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "partialFingerprints": {"coachcheckFailure/v1": _fingerprint(uri, f)},
        "properties": {"figure": f.figure, "limit": f.limit, "limitSource": f.limit_source,
                       "evidenceTotal": f.evidence_total, "verdict": call.verdict,
                       "coachingScore": call.coaching_score},
    }
    related = [{"id": i + 1, "message": {"text": evidence_line(e)},
                "physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": e.line}}}
               for i, e in enumerate(rest) if e.line]
    if related:
        result["relatedLocations"] = related
    if with_baseline:
        result["baselineState"] = "new" if call.baseline in (None, "new") else "updated"
    return result


def _fingerprint(uri: str, f: CheckFailure) -> str:
    return hashlib.sha256(f"{uri}\0{f.kind}\0{f.subject or ''}".encode()).hexdigest()[:32]
