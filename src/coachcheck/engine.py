"""Running the whole analysis: one file in this process, or many in worker processes.

Workers are spawned (never forked: spaCy and Rich's refresh thread do not survive a fork),
build the pipeline once (`_init_worker`), ignore Ctrl-C (the parent stops them) and send back
only picklable values: the `CallReport`, or what a `convert` function made of it, or a
`FileFailure`. Results come back in input order through a bounded window of tasks, so memory
stays flat however many files there are. A worker that dies (killed, out of memory) raises
`WorkerDied` in the parent instead of hanging the batch.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from coachcheck import __version__
from coachcheck.analysis import apply_rules, assign_roles, categorize_turn, tag_turns
from coachcheck.errors import CoachcheckError, InputError
from coachcheck.model import CallReport, FileFailure, Options, Transcript, TurnResult
from coachcheck.rulepack import RulePack, load_rules
from coachcheck.scoring import build_report
from coachcheck.transcripts import load_transcript

TRANSCRIPT_SUFFIXES = (".txt", ".vtt", ".srt", ".sbv", ".json", ".csv", ".docx", ".text", ".md")
CHUNK_BYTES = 64 * 1024
"""Files are sent to workers in chunks of about this many bytes (at most CHUNK_FILES files)."""
CHUNK_FILES = 32
TASKS_PER_WORKER = 3
"""Chunks queued per worker: enough to keep it busy, few enough to keep memory flat."""

Convert = Callable[[CallReport], Any]


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


class WorkerDied(CoachcheckError):
    """A worker process ended without a result (killed, or out of memory); the batch cannot finish.

    Args:
        files (Sequence[str]): the files that were being analyzed when it happened.
        done (int): results received before it happened.
    """

    def __init__(self, files: Sequence[str], done: int) -> None:
        super().__init__(list(files), done)
        self.files = list(files)
        self.done = done

    def __str__(self) -> str:
        more = f" (and {len(self.files) - 1} other file(s) in progress)" if len(self.files) > 1 else ""
        first = self.files[0] if self.files else "a file"
        return (f"a worker process died (killed, or out of memory?) while analyzing {first}{more}; "
                f"stopped after {self.done} file(s)")


def discover(
    paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[str], list[FileFailure]]:
    """The transcript files named by paths: files as given, folders walked recursively, globs expanded.

    Args:
        paths (Sequence[str]): files, folders or glob patterns (`calls/**/*.vtt`).
        include (Sequence[str]): globs a file found in a folder must match, by name or by path
            relative to that folder (default: the known transcript suffixes).
        exclude (Sequence[str]): globs of files or folders to leave out, matched against the
            name, the path relative to the folder searched and the path as found.

    RETURNS (tuple[list[str], list[FileFailure]]): the files, each folder's in sorted order and
        without duplicates, and the paths or patterns that matched nothing. Hidden files and
        folders (".git") and `*.labels.json` files are skipped inside folders.
    """
    import glob

    files: list[str] = []
    missing: list[FileFailure] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(_walk(p, include, exclude))
        elif p.exists():
            if not _excluded(str(p), p.name, exclude):
                files.append(str(p))
        elif any(ch in raw for ch in "*?["):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            if not matches:
                missing.append(FileFailure(raw, f"{raw}: no files match this pattern"))
            files.extend(m for m in matches if not _excluded(m, m, exclude))
        else:
            missing.append(FileFailure(raw, f"{raw}: no such file or folder"))
    return list(dict.fromkeys(files)), missing


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        rel_base = base.relative_to(root)
        dirs[:] = [d for d in dirs
                   if not d.startswith(".") and not _excluded(str(base / d), str(rel_base / d), exclude)]
        for name in names:
            if name.startswith("."):
                continue
            rel = str(rel_base / name)
            full = str(base / name)
            if include:
                if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in include):
                    continue
            elif not name.lower().endswith(TRANSCRIPT_SUFFIXES) or name.endswith(".labels.json"):
                continue
            if not _excluded(full, rel, exclude):
                found.append(full)
    return sorted(found)


def _excluded(full: str, rel: str, exclude: Sequence[str]) -> bool:
    name = os.path.basename(full)
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(full, g) for g in exclude)


def analyze_paths(
    files: Sequence[str], options: Options, jobs: int = 1, convert: Convert | None = None
) -> Iterator[Any]:
    """Analyze files in input order, in `jobs` worker processes (1, or a single file: in this process).

    Args:
        files (Sequence[str]): the transcript files.
        options (Options): what to analyze with.
        jobs (int): worker processes.
        convert (Convert | None): a module-level function applied to each CallReport where it is
            made (in the worker), so only its small result crosses processes; None keeps the report.

    RETURNS (Iterator[Any]): per file, in order, `convert(report)` (or the report) or a FileFailure.
        Raises CoachcheckError (e.g. a RuleErrorGroup) when the analyzer cannot be built, and
        WorkerDied when a worker process ends abruptly. Close the iterator (or exhaust it) to stop
        the workers; closing it early terminates them.
    """
    if jobs <= 1 or len(files) <= 1:
        return _in_process(files, options, convert)
    return _in_workers(files, options, min(jobs, len(files)), convert)


def _in_process(files: Sequence[str], options: Options, convert: Convert | None) -> Iterator[Any]:
    analyzer = Analyzer(options)
    for f in files:
        yield _analyze_one(analyzer, f, convert)


def _analyze_one(analyzer: Analyzer, path: str, convert: Convert | None) -> Any:
    try:
        report = analyzer.analyze_file(path)
        return convert(report) if convert is not None else report
    except CoachcheckError as exc:
        return FileFailure(path, str(exc) if isinstance(exc, InputError) else f"{path}: {exc}")
    except Exception as exc:  # a bug must not sink the batch; it is reported with the file
        return FileFailure(path, f"{path}: internal error: {type(exc).__name__}: {exc}")


_worker: Analyzer | None = None
_worker_error: BaseException | None = None
_worker_convert: Convert | None = None


def _init_worker(options: Options, convert: Convert | None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    global _worker, _worker_error, _worker_convert
    _worker_convert = convert
    try:
        _worker = Analyzer(options)
    except Exception as exc:  # sent back with the first task, like sqlfluff's DelayedException
        _worker_error = exc


def _analyze_chunk(paths: Sequence[str]) -> list[Any]:
    if _worker_error is not None:
        raise _worker_error
    assert _worker is not None
    return [_analyze_one(_worker, p, _worker_convert) for p in paths]


def _chunks(files: Sequence[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for f in files:
        with contextlib.suppress(OSError):  # a missing file is reported by the worker
            size += os.stat(f).st_size
        chunk.append(f)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _in_workers(files: Sequence[str], options: Options, jobs: int, convert: Convert | None) -> Iterator[Any]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # ProcessPoolExecutor rather than multiprocessing.Pool: Pool silently replaces a killed
    # worker and waits forever for its task; the executor fails the task with BrokenProcessPool.
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(options, convert))
    chunks = _chunks(files)
    pending: deque = deque()
    done = 0
    finished = False
    try:
        try:
            for chunk in chunks:
                pending.append((chunk, executor.submit(_analyze_chunk, chunk)))
                if len(pending) >= jobs * TASKS_PER_WORKER:
                    break
            while pending:
                results = pending[0][1].result()
                pending.popleft()
                for r in results:
                    done += 1
                    yield r
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.append((nxt, executor.submit(_analyze_chunk, nxt)))
        except BrokenProcessPool:
            raise WorkerDied([f for chunk, _ in pending for f in chunk], done) from None
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _terminate(executor)


def _terminate(executor) -> None:
    """Stop the workers now, whatever they are doing (Ctrl-C, an error, or the caller gave up)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
