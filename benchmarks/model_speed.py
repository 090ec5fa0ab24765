"""Words per second of `coachcheck analyze` with a trained pipeline (`--model`) against the default one.

In one run, on one synthetic corpus (`make_corpus.py`, seeded), the real CLI as a subprocess,
`--jobs 1`, jsonl to a file, the two pipelines interleaved `--repeat` times (median reported):

    python benchmarks/model_speed.py --model PATH_OR_NAME                # 20 calls of 3,000-10,000 words
    python benchmarks/model_speed.py --model en_core_web_sm --files 5 --repeat 1

PATH_OR_NAME is whatever `--model` accepts: an installed pipeline's name or a pipeline folder.
Nothing is downloaded; without a trained pipeline on the machine there is nothing to measure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus
from throughput import run_cli


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="a trained spaCy pipeline: installed name or folder")
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        words = write_corpus(corpus, args.files, seed=6)
        times: dict[str, list[float]] = {"blank": [], "model": []}
        for _ in range(args.repeat):
            times["blank"].append(run_cli(corpus, Path(tmp) / "blank.jsonl", 1)[0])
            times["model"].append(run_cli(corpus, Path(tmp) / "model.jsonl", 1, ["--model", args.model])[0])
    blank, model = statistics.median(times["blank"]), statistics.median(times["model"])
    print(f"corpus: {args.files} calls, {words:,} words; load average {os.getloadavg()[0]:.2f}")
    print(f"default pipeline (blank English + coachcheck): {words / blank:,.0f} words/s ({blank:.1f} s)")
    print(f"--model {args.model}: {words / model:,.0f} words/s ({model:.1f} s)")
    print(f"model / default: {blank / model:.2f}")


if __name__ == "__main__":
    main()
