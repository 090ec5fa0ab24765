"""JUnit XML: one testcase per call, a failure carrying the figures, an error for a file that could not be analyzed.

The testcase's classname is the call's folder with dots (`calls/onboarding` -> `calls.onboarding`,
`coachcheck` for calls in the current folder) and its name the file name, so CI test views group
calls by folder. Each failing call has one `<failure>` (several test reporters show only the first):
its `message` names the thresholds missed and its text lists every figure, limit and evidence line.
Every attribute and text built from file names, speaker names or transcript text goes through `xml_text`.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET

from coachcheck.checking import CallCheck, CheckRun
from coachcheck.reporters.checks import evidence_line, more_evidence, repo_path

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot hold (control characters, lone surrogates) removed."""
    return _NOT_XML.sub("", text)


def classname(source: str) -> str:
    """The testcase classname for a call: its folder, dotted."""
    folder = posixpath.dirname(repo_path(source)).strip("/")
    return folder.replace("/", ".") if folder else "coachcheck"


def render_junit(run: CheckRun) -> str:
    """The run as a JUnit XML document.

    Args:
        run (CheckRun): the checked calls.

    RETURNS (str): the XML text, UTF-8 declared.
    """
    counts = {"tests": str(len(run.calls) + len(run.errors)), "failures": str(len(run.failed)),
              "errors": str(len(run.errors))}
    root = ET.Element("testsuites", {"name": "coachcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "coachcheck check", **counts, "skipped": "0"})
    for call in run.calls:
        _testcase(suite, call)
    for e in run.errors:
        case = _case(suite, e.source)
        error = ET.SubElement(case, "error", {"type": "coachcheck.input", "message": xml_text(e.error)})
        error.text = xml_text(e.error)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(suite: ET.Element, source: str) -> ET.Element:
    """A testcase for a call; its names go through xml_text too (a file name can hold a control character)."""
    path = repo_path(source)
    return ET.SubElement(suite, "testcase", {"classname": xml_text(classname(source)),
                                             "name": xml_text(posixpath.basename(path)), "file": xml_text(path)})


def _testcase(suite: ET.Element, call: CallCheck) -> None:
    case = _case(suite, call.source)
    if call.failures:
        failure = ET.SubElement(case, "failure", {
            "type": "coachcheck." + "+".join(dict.fromkeys(f.kind for f in call.failures)),
            "message": xml_text("; ".join(f.message for f in call.failures)),
        })
        body = []
        for f in call.failures:
            body.append(f"{f.kind}: {f.message} [figure {f.figure}, limit {f.limit}, set by {f.limit_source}]")
            body += [f"  {evidence_line(e)}" for e in f.evidence]
            if more_evidence(f):
                body.append(f"  {more_evidence(f)}")
        failure.text = xml_text("\n".join(body))
    out = [f"verdict {call.verdict}, coaching score {call.coaching_score:g}"]
    out += [f"{k}: {v}" for k, v in call.figures.items() if k not in ("verdict", "coaching_score")]
    out += [f"accepted by the baseline: {f.message}" for f in call.accepted]
    out += list(call.notes)
    ET.SubElement(case, "system-out").text = xml_text("\n".join(out))
