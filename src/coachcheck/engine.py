"""Running the whole analysis: one file in this process, or many in worker processes.

Workers are spawned (never forked: spaCy and Rich's refresh thread do not survive a fork),
build the pipeline once (`_worker_main`), ignore Ctrl-C (the parent stops them) and send back
only picklable values: the `CallReport`, or what a `convert` function made of it, or a
`FileFailure`. Results come back in input order through a bounded window of tasks, so memory
stays flat however many files there are. A worker that dies (killed, out of memory) raises
`WorkerDied` in the parent instead of hanging the batch.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from coachcheck import __version__
from coachcheck.analysis import apply_rules, assign_roles, categorize_turn, tag_turns
from coachcheck.errors import CoachcheckError, InputError
from coachcheck.model import CallReport, FileFailure, Options, Transcript, TurnResult
from coachcheck.packcache import load_rules_cached
from coachcheck.rulepack import RulePack
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
        self.pack: RulePack = load_rules_cached(options.rule_dirs, options.disabled_rules, options.weights)
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
    from coachcheck.roster import roles_from_roster

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
        if not self.files:
            return f"a worker process died (killed, or out of memory?) between files; stopped after {self.done} file(s)"
        more = f" (and {len(self.files) - 1} other file(s) in progress)" if len(self.files) > 1 else ""
        return (f"a worker process died (killed, or out of memory?) while analyzing {self.files[0]}{more}; "
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
    _settle_garbage_collection()
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


def _worker_main(conn, options: Options, convert: Convert | None) -> None:
    """A worker process: build the analyzer once, then analyze chunks of files until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    analyzer = error = None
    try:
        analyzer = Analyzer(options)
    except Exception as exc:  # sent back with the first task, like sqlfluff's DelayedException
        error = exc
    _settle_garbage_collection()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        seq, paths = task
        if error is not None:
            conn.send((seq, error))
            continue
        conn.send((seq, [_analyze_one(analyzer, p, convert) for p in paths]))


def _settle_garbage_collection() -> None:
    """Leave the objects made so far (spaCy, the pipeline, the rules) out of garbage collection,
    and collect less often.

    They live as long as the process, but each full collection during a batch would walk all of
    them again: that was a tenth of a second per 40 calls. Analysis makes many short-lived objects
    that reference counting frees (it makes no cycles worth a collection every 700 allocations):
    with the default threshold, collections took 3% of a batch's time (0.10 s of 3.5 s on 60
    calls); with 10,000, 0.002 s.
    """
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _chunks(files: Sequence[str]) -> list[list[str]]:
    chunks: list[list[str]] = []
    chunk: list[str] = []
    size = 0
    for f in files:
        with contextlib.suppress(OSError):  # a missing file is reported by the worker
            size += os.stat(f).st_size
        chunk.append(f)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


class _Worker:
    """A worker process, its own pipe, and the chunks it is working on (sequence number -> files)."""

    def __init__(self, ctx, options: Options, convert: Convert | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, options, convert), daemon=True)
        self.process.start()
        child.close()  # so the pipe reports EOF once the worker is gone, even halfway through a message
        self.tasks: dict[int, list[str]] = {}


def _in_workers(files: Sequence[str], options: Options, jobs: int, convert: Convert | None) -> Iterator[Any]:
    # Each worker has its own pipe rather than a shared queue (multiprocessing.Pool,
    # ProcessPoolExecutor): a worker killed while sending a result then shows as EOF on its pipe,
    # where a shared queue waits forever for the rest of the message (or, with Pool, for a task
    # the replacement worker never got).
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("spawn")
    chunks = _chunks(files)
    workers = [_Worker(ctx, options, convert) for _ in range(min(jobs, len(chunks)))]
    window = len(workers) * TASKS_PER_WORKER
    ready: dict[int, list[Any]] = {}
    sent = done = 0
    finished = False
    try:
        for seq in range(len(chunks)):
            while seq not in ready:
                for w in workers:
                    while sent < len(chunks) and sent - seq < window and len(w.tasks) < TASKS_PER_WORKER:
                        w.tasks[sent] = chunks[sent]
                        _send(w, (sent, chunks[sent]), done)
                        sent += 1
                _receive(workers, wait([w.conn for w in workers] + [w.process.sentinel for w in workers]),
                         ready, done)
            for result in ready.pop(seq):
                done += 1
                yield result
        finished = True
    finally:
        _stop(workers, graceful=finished)


def _send(w: _Worker, task: tuple[int, list[str]], done: int) -> None:
    try:
        w.conn.send(task)
    except OSError:  # BrokenPipeError: it died
        raise WorkerDied([f for files in w.tasks.values() for f in files], done) from None


def _receive(workers: list[_Worker], ready_objects: list, ready: dict[int, list[Any]], done: int) -> None:
    """Take in every result that has arrived; raise WorkerDied for a worker that ended."""
    for w in workers:
        if w.conn in ready_objects:
            try:
                seq, payload = w.conn.recv()
            except (EOFError, OSError):
                raise WorkerDied([f for files in w.tasks.values() for f in files], done) from None
            if isinstance(payload, BaseException):
                raise payload
            del w.tasks[seq]
            ready[seq] = payload
    for w in workers:
        if w.process.sentinel in ready_objects and not w.conn.poll():
            raise WorkerDied([f for files in w.tasks.values() for f in files], done)


def _stop(workers: list[_Worker], graceful: bool) -> None:
    """Stop the workers: ask them to finish (after a complete run), or terminate them now."""
    for w in workers:
        if graceful:
            with contextlib.suppress(OSError):
                w.conn.send(None)
        elif w.process.is_alive():
            w.process.terminate()
    for w in workers:
        w.process.join(timeout=10 if graceful else 5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join(timeout=5)
        w.conn.close()


SMALL_BATCH_BYTES = 256 * 1024
"""Below this much text a batch runs in this process by default: starting workers costs more."""


def auto_jobs(files: Sequence[str]) -> int:
    """Workers for a batch when the user did not say: one per core, or 1 (this process) for little text."""
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += os.stat(f).st_size
        if total >= SMALL_BATCH_BYTES:
            return default_jobs()
    return 1


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
