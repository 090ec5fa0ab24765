"""Running the whole analysis: one file, or many in worker processes.

Workers build the pipeline once (`_init_worker`) and return only dataclasses
(`CallReport` or `FileFailure`), so results pickle cleanly and formatting stays in the parent.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from coachcheck import __version__
from coachcheck.analysis import apply_rules, assign_roles, categorize_turn, tag_turns
from coachcheck.errors import CoachcheckError, InputError
from coachcheck.model import CallReport, FileFailure, Options, Transcript, TurnResult
from coachcheck.rulepack import RulePack, load_rules
from coachcheck.scoring import build_report
from coachcheck.transcripts import load_transcript

TRANSCRIPT_SUFFIXES = (".txt", ".vtt", ".srt", ".sbv", ".json", ".csv", ".docx", ".text", ".md")


class Analyzer:
    """A loaded rule pack and pipeline, ready to analyze transcripts.

    Args:
        options (Options): what to analyze with.
    """

    def __init__(self, options: Options) -> None:
        from coachcheck.nlp.pipeline import build_nlp

        self.options = options
        self.pack: RulePack = load_rules(options.rule_dirs, options.disabled_rules, options.weights)
        self.nlp = build_nlp(self.pack, options.model)

    def analyze_transcript(self, transcript: Transcript) -> CallReport:
        """Tag, assign roles, apply rules and score one transcript."""
        tagged = tag_turns(self.nlp, transcript)
        roster = _roster_roles(transcript, self.options)
        roles, reason, warnings = assign_roles(transcript, tagged, self.pack, self.options.coaches, roster)
        results = []
        for t in tagged:
            role = roles[t.turn.speaker]
            if role == "coach":
                findings = apply_rules(t, self.pack, role)
                results.append(TurnResult(t.turn, role, categorize_turn(t, findings), t.sentences, findings))
            else:
                results.append(TurnResult(t.turn, role, None, t.sentences, ()))
        return build_report(transcript.source, transcript.format, results, reason,
                            (*transcript.warnings, *warnings), __version__, self.pack.name)

    def analyze_file(self, path: str | Path) -> CallReport:
        """Load and analyze one transcript file; raises InputError for bad input."""
        return self.analyze_transcript(load_transcript(path, self.options.input_format))

    def analyze_text(self, text: str, source: str = "<text>") -> CallReport:
        """Analyze transcript text given directly."""
        from coachcheck.transcripts import parse_bytes

        return self.analyze_transcript(parse_bytes(text.encode("utf-8"), source, self.options.input_format))


def _roster_roles(transcript: Transcript, options: Options) -> dict[str, str]:
    if not options.roster:
        return {}
    try:
        from coachcheck.roster import roles_from_roster
    except ImportError:  # roster support not installed in this build
        return {}
    return roles_from_roster(transcript.speakers, options.roster)


def discover(paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> tuple[list[str], list[FileFailure]]:
    """The transcript files named by paths: files as given, folders walked recursively in sorted order.

    Args:
        paths (Sequence[str]): files, folders or glob patterns.
        include (Sequence[str]): glob patterns a file in a folder must match (default: known transcript suffixes).
        exclude (Sequence[str]): glob patterns to leave out.

    RETURNS (tuple[list[str], list[FileFailure]]): files in a stable order, and paths that do not exist.
    """
    import glob

    files: list[str] = []
    missing: list[FileFailure] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and not _hidden(f.relative_to(p)))
            for f in found:
                name = Path(f).name
                rel = str(Path(f).relative_to(p))
                if include:
                    if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in include):
                        continue
                elif not f.lower().endswith(TRANSCRIPT_SUFFIXES) or f.endswith(".labels.json"):
                    continue
                files.append(f)
        elif p.exists():
            files.append(str(p))
        elif any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                missing.append(FileFailure(raw, "no files match this pattern"))
            files.extend(m for m in matches if Path(m).is_file())
        else:
            missing.append(FileFailure(raw, "no such file or folder"))
    if exclude:
        files = [f for f in files if not any(fnmatch.fnmatch(f, g) or fnmatch.fnmatch(Path(f).name, g) for g in exclude)]
    return list(dict.fromkeys(files)), missing


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


_worker: Analyzer | None = None


def _init_worker(options: Options) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    global _worker
    _worker = Analyzer(options)


def _analyze_one(path: str) -> CallReport | FileFailure:
    assert _worker is not None
    return _safe_analyze(_worker, path)


def _safe_analyze(analyzer: Analyzer, path: str) -> CallReport | FileFailure:
    try:
        return analyzer.analyze_file(path)
    except CoachcheckError as exc:
        return FileFailure(path, str(exc) if isinstance(exc, InputError) else f"{path}: {exc}")
    except Exception as exc:  # a bug must not sink the batch; it is reported with the file
        return FileFailure(path, f"{path}: internal error: {type(exc).__name__}: {exc}")


def analyze_paths(files: Sequence[str], options: Options, jobs: int = 1) -> Iterator[CallReport | FileFailure]:
    """Analyze files in input order, in `jobs` worker processes (1: in this process).

    Yields results as they are ready, in the order of `files`, so memory stays flat.
    """
    if jobs <= 1 or len(files) <= 1:
        analyzer = Analyzer(options)
        for f in files:
            yield _safe_analyze(analyzer, f)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    jobs = min(jobs, len(files))
    chunk = max(1, min(16, len(files) // (jobs * 8) or 1))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(options,)) as pool:
        yield from pool.imap(_analyze_one, files, chunksize=chunk)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def iter_files(results: Iterable[CallReport | FileFailure]) -> Iterator[CallReport | FileFailure]:
    """Pass-through helper kept for symmetry with the CLI's progress wrapper."""
    yield from results
