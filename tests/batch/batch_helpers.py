"""Transcripts with known verdicts and small helpers for the batch tests (imported by name, like loader_helpers)."""

from __future__ import annotations

import os
from pathlib import Path

COACHING = """\
Maya Chen: What do you think is getting in the way with the Halvorsen deal?
Sam Novak: I keep talking to one person and then it goes quiet for weeks. \
I never meet the finance people and I don't know who signs.
Maya Chen: So it sounds like the deal stalls once it leaves your champion.
Sam Novak: Yes, exactly. He likes the product but he can't sign anything himself, and I feel awkward going around him.
Maya Chen: What would you like to try before the next meeting?
Sam Novak: I could ask him who else will weigh in, and offer to help him build the case for his CFO.
Maya Chen: How do you feel about asking him that?
Sam Novak: A bit nervous, but I think he would appreciate the help. I'll write the question down before the call.
"""

MANAGING = """\
Maya Chen: You need to get your activity numbers up this week.
Sam Novak: Okay.
Maya Chen: I need those ten calls logged in the CRM by Friday.
Sam Novak: Sure, I'll do it.
Maya Chen: Send me the revised forecast before the pipeline review.
Sam Novak: Will do.
Maya Chen: Make sure every opportunity has a next step and a close date.
Sam Novak: Got it.
"""

MANAGING_2 = """\
Ravi Shah: You're behind on your quota and the quarter ends in three weeks.
Lena Park: I know.
Ravi Shah: Get the contract over to legal this afternoon.
Lena Park: Okay.
Ravi Shah: I want you to book five discovery meetings before Thursday.
Lena Park: Fine.
Ravi Shah: Update the notes after every call, not at the end of the week.
Lena Park: Sure.
"""

ONE_SPEAKER = "Maya Chen: Just me talking to myself about the forecast.\n"


def write_corpus(folder: Path, n: int, repeat: int = 6) -> list[Path]:
    """n calls (alternating coaching and managing, each turn block repeated `repeat` times) under folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text = (COACHING if i % 2 == 0 else MANAGING) * repeat
        path = folder / f"call-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def leftovers(folder: Path, name: str) -> list[str]:
    """The output file and any temporary files of it left in folder."""
    return sorted(p for p in os.listdir(folder) if p == name or (p.startswith(f".{name}.") and p.endswith(".tmp")))


def worker_pids(parent: int) -> list[int]:
    """The multiprocessing worker processes (spawned) whose parent is `parent` (Linux /proc)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"spawn_main" in cmdline:
            pids.append(int(entry))
    return sorted(pids)
