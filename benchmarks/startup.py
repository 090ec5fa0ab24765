"""Start-up: `coachcheck --help`, and `coachcheck analyze` of one short call against spaCy's own start-up.

Each command runs `--repeat` times (default 7), round-robin so drifting machine load hits every
command alike, and the median wall-clock time is reported:

- baseline: `python -c "import spacy; spacy.blank('en')"`, the least any spaCy-based command pays;
- `python -m coachcheck analyze SHORT.txt` (an 8-turn call, rich output): target <= 1.3 x baseline;
- `python -m coachcheck --help` and `--version`: target under 0.3 s.

coachcheck is timed as installed: its bytecode is compiled first, as `pip install` does. An
editable install on a machine with PYTHONDONTWRITEBYTECODE set (like this project's dev machine)
otherwise recompiles coachcheck's source on every start, about 0.05 s of `--help`;
`--no-compile` measures that case.

    python benchmarks/startup.py
    python benchmarks/startup.py --no-compile
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHORT_CALL = """\
Maya Chen: What do you think is getting in the way with the Halvorsen deal?
Sam Novak: I keep talking to one person and then it goes quiet for weeks.
Maya Chen: So it sounds like the deal stalls once it leaves your champion.
Sam Novak: Yes, exactly. He likes the product but he can't sign anything himself.
Maya Chen: What would you like to try before the next meeting?
Sam Novak: I could ask him who else will weigh in, and offer to help him build the case.
Maya Chen: Send me the revised forecast before Thursday.
Sam Novak: Will do.
"""


def timed(cmd: list[str]) -> float:
    """Wall-clock seconds of one run of cmd (output discarded; it must succeed)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "NO_COLOR": "1"})
    return time.perf_counter() - start


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (default 7; median)")
    parser.add_argument("--no-compile", action="store_true", help="do not compile coachcheck's bytecode first")
    args = parser.parse_args()
    if not args.no_compile:
        import compileall

        import coachcheck

        compileall.compile_dir(Path(coachcheck.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="cc-startup-") as tmp:
        short = Path(tmp) / "short.txt"
        short.write_text(SHORT_CALL, encoding="utf-8")
        commands = {
            "python -c 'import spacy; spacy.blank(\"en\")'": [sys.executable, "-c",
                                                              "import spacy; spacy.blank('en')"],
            "coachcheck analyze short.txt": [sys.executable, "-m", "coachcheck", "analyze", str(short)],
            "coachcheck analyze short.txt -f jsonl": [sys.executable, "-m", "coachcheck", "analyze", str(short),
                                                      "-f", "jsonl"],
            "coachcheck --help": [sys.executable, "-m", "coachcheck", "--help"],
            "coachcheck --version": [sys.executable, "-m", "coachcheck", "--version"],
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        for cmd in commands.values():  # warm the file cache once
            timed(cmd)
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(timed(cmd))
    median = {k: statistics.median(v) for k, v in times.items()}
    compiled = "no bytecode compiled first" if args.no_compile else "bytecode compiled first, as pip install does"
    print(f"load average {os.getloadavg()[0]:.2f}; {args.repeat} runs each, median wall-clock seconds; {compiled}")
    for name, values in times.items():
        print(f"{name:48s} {median[name]:6.2f}   (min {min(values):.2f}, max {max(values):.2f})")
    base = median["python -c 'import spacy; spacy.blank(\"en\")'"]
    print(f"analyze / spacy.blank:        {median['coachcheck analyze short.txt'] / base:.2f}   (target <= 1.30)")
    print(f"analyze -f jsonl / spacy.blank: {median['coachcheck analyze short.txt -f jsonl'] / base:.2f}")
    print(f"--help: {median['coachcheck --help']:.2f} s   (target < 0.30 s)")


if __name__ == "__main__":
    main()
