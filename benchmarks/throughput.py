"""End-to-end words per second of `coachcheck analyze`, against spaCy's bare tokenizer on the same text.

In one run, on one synthetic corpus (`make_corpus.py`, seeded):

1. `coachcheck analyze CORPUS --format jsonl --output FILE --quiet --jobs 1`, then `--jobs 2`: the
   real CLI as a subprocess, so the figures include start-up, loading, analysis, scoring and
   writing the JSON lines (wall-clock time; CPU time of the process and its workers too);
2. `spacy.blank("en")` tokenizing the same turn texts in this process (`nlp.pipe`, no
   components): the ceiling no pipeline built on spaCy's tokenizer can pass.

coachcheck is timed as installed: its bytecode is compiled first, as `pip install` does (an
editable install under PYTHONDONTWRITEBYTECODE would otherwise compile its source again in the
process and in every worker). Each measurement is repeated (`--repeat`, default 3) and the
median is reported, with the ratios jobs 1 / tokenizer and jobs 2 / jobs 1. The jsonl outputs
of jobs 1 and 2 are compared.
On a shared machine two processes may not get two cores: the speed-up the machine gives a
pure-Python busy loop in two processes is measured alongside, as the ceiling of jobs 2 / jobs 1.

    python benchmarks/throughput.py                 # 1,000 calls of 3,000-10,000 words (6.5M words)
    python benchmarks/throughput.py --files 200     # quicker; start-up weighs more
    python benchmarks/throughput.py --files 50 --repeat 1

The default batch, 1,000 calls, is about one quarter of weekly 1:1s for 20 managers with four
reps each: the job this is for. Start-up (importing spaCy and building its tokenizer, about a
second) is paid once per run and the tokenizer figure is not charged with it, so a smaller batch
gives a lower ratio: on 200 calls start-up is about an eighth of a `--jobs 1` run, on 1,000 a
thirtieth.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus


def turn_texts(corpus: Path) -> list[str]:
    """Every turn's text, as coachcheck's loader reads them (what the pipeline tokenizes)."""
    from coachcheck.transcripts import load_transcript

    return [t.text for f in sorted(corpus.rglob("*.txt")) for t in load_transcript(f).turns]


def run_cli(corpus: Path, out: Path, jobs: int, extra: Sequence[str] = ()) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this child and its workers) of one `coachcheck analyze` run;
    `extra` options are added to the command line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "coachcheck", "analyze", str(corpus), "--format", "jsonl",
                    "--output", str(out), "--quiet", "--jobs", str(jobs), *extra], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _burn(n: int) -> None:
    x = 0
    for i in range(n):
        x += i * i % 7


def parallel_ceiling(n: int = 4_000_000) -> float:
    """How much faster two processes finish two busy loops than one process does (2.0 on two free cores)."""
    import multiprocessing

    start = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - start
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_burn, args=(n,)) for _ in range(2)]
    for p in procs:  # started first, timed after: start-up is not what this measures
        p.start()
    start = time.perf_counter()
    for p in procs:
        p.join()
    return serial / (time.perf_counter() - start)


def tokenize(texts: list[str]) -> float:
    """Seconds for spacy.blank("en") to tokenize texts with nlp.pipe (the pipeline made beforehand)."""
    import spacy

    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=1000):
        pass
    return time.perf_counter() - start


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="calls in the corpus (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3; median)")
    parser.add_argument("--corpus", type=Path, help="use this folder instead of generating a corpus")
    args = parser.parse_args()
    import compileall

    import coachcheck

    compileall.compile_dir(Path(coachcheck.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="cc-throughput-") as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            write_corpus(corpus, args.files)
        texts = turn_texts(corpus)
        words = sum(len(t.split()) for t in texts)
        files = len(list(corpus.rglob("*.txt")))
        print(f"corpus: {files} calls, {words:,} words in turns ({corpus}); {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.2f}")
        runs: dict[str, list[tuple[float, float]]] = {"jobs 1": [], "jobs 2": []}
        raw: list[float] = []
        ceiling: list[float] = []
        for _ in range(args.repeat):  # interleaved, so drifting machine load hits every figure alike
            runs["jobs 1"].append(run_cli(corpus, Path(tmp) / "out1.jsonl", 1))
            runs["jobs 2"].append(run_cli(corpus, Path(tmp) / "out2.jsonl", 2))
            raw.append(tokenize(texts))
            ceiling.append(parallel_ceiling())
        same = filecmp.cmp(Path(tmp) / "out1.jsonl", Path(tmp) / "out2.jsonl", shallow=False)
        speed = {k: words / statistics.median(w for w, _ in v) for k, v in runs.items()}
        tokenizer = words / statistics.median(raw)
        print(f"{'measurement':34s} {'median s':>9s} {'words/s':>10s}  runs (wall s)")
        for k, v in runs.items():
            walls = [w for w, _ in v]
            cpu = statistics.median(c for _, c in v)
            print(f"coachcheck analyze --{k.replace(' ', ' ')} end to end  {statistics.median(walls):9.2f} "
                  f"{speed[k]:10,.0f}  {', '.join(f'{w:.2f}' for w in walls)}  (CPU {cpu:.1f} s)")
        print(f"{'spacy.blank(en) nlp.pipe tokenizer':34s} {statistics.median(raw):9.2f} {tokenizer:10,.0f}  "
              f"{', '.join(f'{r:.2f}' for r in raw)}")
        print(f"jobs 1 / tokenizer: {speed['jobs 1'] / tokenizer:.2f}   (target >= 0.30; "
              f"jobs 1 target >= 150,000 words/s)")
        print(f"jobs 2 / jobs 1:    {speed['jobs 2'] / speed['jobs 1']:.2f}   (target >= 1.70; this machine gave "
              f"two busy loops {statistics.median(ceiling):.2f}x, runs {', '.join(f'{c:.2f}' for c in ceiling)})")
        print(f"jsonl of jobs 1 and jobs 2 identical: {same}")


if __name__ == "__main__":
    main()
