"""Check that a speed change changed no result: `analyze --format jsonl` output, byte for byte.

Runs the CLI from the working tree and from a copy of it in which `--only` files (default: all
of `src/` and `rules/`) are as in a git ref (default HEAD), on the same inputs, and compares
stdout and exit codes. `--only` keeps other people's uncommitted work out of the comparison.

    python benchmarks/compare_output.py examples tests/fixtures /tmp/cc-corpus \
        --only src/coachcheck/analysis.py src/coachcheck/nlp/components.py src/coachcheck/nlp/pipeline.py

With `--repeat N` both trees are also timed N times each (interleaved; median wall-clock and
CPU seconds of the `analyze --jobs 1` run), which gives the before/after speed of a change.
`--against REF2` compares two commits instead of a commit and the working tree:

    python benchmarks/compare_output.py examples tests/fixtures /tmp/cc-corpus --ref 8b46bf4~1 --against 8b46bf4 \
        --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def checkout(ref: str, into: Path, only: list[str]) -> Path:
    """A source tree under `into` as in `ref` (only the `only` files, if given); returns its src folder."""
    if only:
        for folder in ("src", "rules"):
            shutil.copytree(ROOT / folder, into / folder, ignore=shutil.ignore_patterns("__pycache__"))
        for path in only:
            blob = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True).stdout
            (into / path).write_bytes(blob)
        return into / "src"
    archive = subprocess.run(["git", "archive", ref, "src", "rules"], cwd=ROOT, check=True, capture_output=True).stdout
    tar_path = into / "ref.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run(src: Path | None, paths: list[str]) -> subprocess.CompletedProcess:
    """The jsonl output of analyzing paths with the package in `src` (None: the installed working tree)."""
    env = {**os.environ, "NO_COLOR": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return subprocess.run([sys.executable, "-m", "coachcheck", "analyze", *paths, "--format", "jsonl", "-j", "1",
                           "-q"], cwd=ROOT, env=env, capture_output=True)


def timed(src: Path | None, paths: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `run`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(src, paths)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="transcript files or folders")
    parser.add_argument("--ref", default="HEAD", help="git ref to compare the working tree with (default HEAD)")
    parser.add_argument("--only", nargs="*", default=[], help="take only these files from the ref")
    parser.add_argument("--against", help="a second git ref to use instead of the working tree")
    parser.add_argument("--repeat", type=int, default=0, help="also time each tree this many times")
    args = parser.parse_args()
    new_name = args.against or "working tree"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "base").mkdir()
        src = checkout(args.ref, Path(tmp) / "base", args.only)
        new_src = None
        if args.against:
            (Path(tmp) / "new").mkdir()
            new_src = checkout(args.against, Path(tmp) / "new", [])
        base = run(src, args.paths)
        new = run(new_src, args.paths)
        times: dict[str, list[tuple[float, float]]] = {args.ref: [], new_name: []}
        for _ in range(args.repeat):
            times[args.ref].append(timed(src, args.paths))
            times[new_name].append(timed(new_src, args.paths))
    if args.repeat:
        median = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
        for name, runs in times.items():
            walls = ", ".join(f"{w:.2f}" for w, _ in runs)
            print(f"{name:14s} median {median[name]:6.2f} s wall, "
                  f"{statistics.median(c for _, c in runs):6.2f} s CPU  (runs: {walls})")
        print(f"speed-up of {new_name}: {median[args.ref] / median[new_name]:.2f}x wall-clock")
    lines = base.stdout.count(b"\n")
    if base.stdout == new.stdout and base.returncode == new.returncode:
        print(f"identical: {lines} reports, {len(new.stdout):,} bytes (exit {new.returncode})")
        return
    print(f"DIFFERENT from {args.ref}: {len(base.stdout):,} vs {len(new.stdout):,} bytes, "
          f"exit {base.returncode} vs {new.returncode}")
    for i, (a, b) in enumerate(zip(base.stdout.splitlines(), new.stdout.splitlines(), strict=False)):
        if a != b:
            print(f"first difference in report {i + 1}")
            break
    sys.exit(1)


if __name__ == "__main__":
    main()
