"""Peak memory of a batch: 100 small calls against 10,000, with `--jobs 2`.

Runs `coachcheck analyze CORPUS --format FMT --output FILE --quiet --jobs 2` as a subprocess and
samples the resident memory (RSS) of it and all its worker processes every 20 ms from /proc
(Linux); the peak of their sum is reported, for each format and corpus size. Target: the
10,000-call peak is at most the 100-call peak + 50 MB (memory stays flat however many files).

    python benchmarks/memory.py                       # 100 vs 10,000 calls of 150-250 words
    python benchmarks/memory.py --formats jsonl csv rich --large 10000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def peak_rss(cmd: list[str]) -> tuple[int, float]:
    """Peak RSS (bytes, process tree) and wall-clock seconds of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.02)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
    return peak, time.perf_counter() - start


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=100, help="calls in the small corpus (default 100)")
    parser.add_argument("--large", type=int, default=10_000, help="calls in the large corpus (default 10,000)")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv", "rich"], help="formats to measure")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cc-memory-") as tmp:
        corpora = {}
        for n in (args.small, args.large):
            corpora[n] = Path(tmp) / f"calls-{n}"
            write_corpus(corpora[n], n, min_words=150, max_words=250)
        print(f"{'format':8s} {'calls':>7s} {'peak RSS MB':>12s} {'seconds':>8s}   "
              f"(--jobs {args.jobs}, process + workers)")
        for fmt in args.formats:
            peaks = {}
            for n, corpus in corpora.items():
                out = Path(tmp) / f"out.{fmt}"
                peak, seconds = peak_rss([sys.executable, "-m", "coachcheck", "analyze", str(corpus), "--format", fmt,
                                          "--output", str(out), "--quiet", "--jobs", str(args.jobs)])
                peaks[n] = peak
                print(f"{fmt:8s} {n:7,d} {peak / 2**20:12.1f} {seconds:8.1f}")
            growth = (peaks[args.large] - peaks[args.small]) / 2**20
            print(f"{fmt:8s} growth {growth:+.1f} MB from {args.small:,} to {args.large:,} calls (target <= +50 MB)")


if __name__ == "__main__":
    main()
