"""Write a deterministic synthetic corpus of sales 1:1 call transcripts for the benchmarks.

Every call is a `Name: text` plain-text transcript between one of eight managers and one of
twelve reps. Manager turns are drawn from sentence pools for each stance (coaching questions and
reflections, managing directives, training steps, mentoring stories, role modeling, small talk),
weighted by a per-call profile so the corpus holds calls of every verdict. About a third of the
calls are written like raw speech-to-text: lowercase, no punctuation, fillers left in.

The same `--seed` and arguments always give byte-identical files.

    python benchmarks/make_corpus.py --files 200 --out /tmp/cc-corpus
    python benchmarks/make_corpus.py --files 10000 --min-words 150 --max-words 250 --out /tmp/cc-small
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

MANAGERS = ["Priya Raman", "Gloria Estrada", "Raymond Osei", "Naomi Feldman", "Brent Kowalski",
            "Marcus Lindqvist", "Dana Whitfield", "Tomás Herrera"]
REPS = ["Jonah Whitaker", "Kayla Brooks", "Devin Park", "Aisha Mensah", "Luis Ortega", "Hannah Cole",
        "Sam Novak", "Rita Chen", "Owen Grant", "Maya Patel", "Chris Dunn", "Leah Moretti"]
ACCOUNTS = ["Halvorsen", "Brightline", "Northwind", "Castlerock", "Meridian Health", "Apex Freight",
            "Bluewater", "Summit Dental", "Ironclad", "Pinecrest", "Redwood Labs", "Tandem Logistics"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
NUMBERS = ["two", "three", "four", "five", "ten", "twelve", "twenty", "forty"]

COACHING = [
    "What do you think is getting in the way with {acct}?",
    "How do you feel about where the quarter is heading?",
    "So it sounds like the first demo goes well and then the deal goes quiet.",
    "What would you like to try first?",
    "When you picture the last {num} deals that stalled, what do they have in common?",
    "What makes it tempting to stay with the one contact you know?",
    "It sounds like the finance conversation is the part that worries you most.",
    "What would success look like for you by the end of the month?",
    "Tell me more about what happened after the pricing call.",
    "What options do you see for getting to the economic buyer?",
    "So you're saying the champion likes you but can't sign.",
    "What's your plan for {acct} between now and {day}?",
    "How would you want to bring the CFO in without going around your champion?",
    "What have you tried so far, and what did you learn from it?",
    "It's your call, which one do you want to start with?",
    "What's holding you back from asking for the meeting?",
    "On a scale of one to ten, how confident are you that the call happens?",
    "What would make it a ten?",
    "If I hear you right, the problem is less the product and more the timing.",
    "What else could you do before {day}?",
    "How will you know this is working a month from now?",
    "What are you noticing about the deals you win?",
]
MANAGING = [
    "You need to get your activity numbers up this week.",
    "I need those {num} calls logged in the CRM by {day}.",
    "Did you update the close date on {acct} like I asked?",
    "Send me the revised forecast before the pipeline review.",
    "Why don't you just send them the proposal today?",
    "You're behind on your quota and the quarter ends in {num} weeks.",
    "Make sure every opportunity has a next step and a date.",
    "I want you to book {num} discovery meetings before {day}.",
    "Don't you think you should call them back today?",
    "Get the contract over to legal this afternoon.",
    "Your pipeline coverage is under three times and that's a problem.",
    "Log every touch, no exceptions, the VP is looking at activity now.",
    "I expect {acct} in the commit column by Thursday's forecast call.",
    "Just push them for a signature before the price goes up.",
    "Update the notes after every call, not at the end of the week.",
    "Get out there and close it, you can do it!",
]
TRAINING = [
    "The new discovery process has three steps: first the pain, then the impact, then the decision process.",
    "Let's role-play the second meeting, I'll be the buyer.",
    "When they raise price, the right way to handle it is to ask about impact first.",
    "Step one is to confirm the budget owner, step two is to map the approval path.",
    "Here's how the ROI calculator works: you fill in headcount on the inputs tab first.",
    "The framework we use for objections is acknowledge, ask, answer, and confirm.",
    "Let me walk you through how to build a mutual action plan in the template.",
    "A good agenda email has the purpose, the attendees and the decision you want.",
    "The second part of the method is qualifying the timeline against a compelling event.",
    "Let's practice the opening again, this time lead with the business problem.",
    "In the new pricing tool you select the tier, then the term, then the discount band.",
    "The technique is called the three whys: you ask why until you reach the business reason.",
]
MENTORING = [
    "When I was a junior rep I struggled with exactly the same thing.",
    "My advice, from twenty years in this job, is to find a sponsor early.",
    "If you want to become a director someday, you should find a coach outside the team.",
    "I remember my first year, I lost a deal like {acct} and it taught me patience.",
    "Early in my career my manager told me to learn finance, and it changed everything.",
    "You have real talent for this, and I think you could lead a team in a few years.",
    "Honestly, the people who grow fastest here are the ones who ask for feedback.",
    "When I moved from support into sales I felt like an impostor for a year.",
    "Think about where you want to be in five years, not only this quarter.",
    "I made the same jump from implementation into sales years ago.",
]
ROLE_MODELING = [
    "What I do is block every morning for prospecting, no meetings before eleven.",
    "Watch how I handle the call with {acct} tomorrow and do the same.",
    "When I was top rep I always asked for the signature on the spot, just do what I did.",
    "I closed {num} deals last quarter by calling the CFO directly, that's how I do it.",
    "The way I run a discovery call is I never show a slide in the first meeting.",
    "I always send the recap within an hour, that's my rule and it works.",
    "Listen to my recording from the {acct} renewal, that's the template.",
    "My numbers were the best on the team because I qualified out early, copy that.",
]
NEUTRAL = [
    "Morning, how was the weekend?",
    "Okay.",
    "Mm-hmm.",
    "Got it.",
    "Let's pick this up {day} at ten.",
    "Sorry, my video froze for a second.",
    "Did you make it back from the conference okay?",
    "Right, makes sense.",
    "Thanks for sending that over.",
]
REP = [
    "Honestly, I keep chewing on the {acct} deal.",
    "It's not only {acct}, it's turning into a pattern.",
    "I get a great first demo, the ops manager loves it, and then it goes quiet for {num} weeks.",
    "Then I find out there's a CFO review I didn't know existed.",
    "I think in all of them I was single-threaded.",
    "It's comfortable, I guess, he likes me and answers my texts on a Sunday.",
    "Reaching above him feels like going behind his back.",
    "The finance people intimidate me a little when they ask about payback periods.",
    "I could sit with Sana for an hour and learn the model properly.",
    "Tomorrow I book an hour on the ROI model, and on {day} I call the champion.",
    "Understood, I'll have a real date once I've talked to him.",
    "Yeah, that's exactly it.",
    "We had {num} meetings last week and two of them turned into real opportunities.",
    "The procurement team wants a three-year term but they only have budget for one.",
    "I'm not sure the timeline is real, they keep moving the go-live.",
    "The demo went fine but nobody from IT showed up.",
    "I updated most of it, I still need to fix the close dates.",
    "I think the problem is that I pitch features too early.",
    "My calendar is packed with internal meetings, so prospecting slips.",
    "I'd like to try asking who else is involved in the first call.",
    "That would help, I never know how to start that conversation.",
    "Okay, I can do that by {day}.",
    "I guess I'm worried they'll go with the cheaper vendor.",
    "They said the budget freezes at the end of the month.",
    "We lost {acct} last year on price, so I'm nervous about this one.",
    "Sure, I'll send it over this afternoon.",
    "I'd probably start with the ops manager, he already trusts us.",
    "If I'm honest, I avoid the finance questions because I don't trust my numbers.",
    "It went better than I expected, they asked for a proposal.",
    "I want to get better at negotiating, that's where I lose margin.",
    "Mm-hmm, right.",
    "Good to know, I would have walked in with the rosy version.",
]
# Call profiles: weights of (coaching, managing, training, mentoring, role_modeling, neutral) manager turns.
PROFILES = {
    "coaching": (8, 1, 1, 1, 0.5, 2),
    "managing": (1, 8, 1, 0.5, 1, 2),
    "training": (1.5, 1, 7, 0.5, 0.5, 2),
    "mentoring": (1.5, 1, 0.5, 7, 1, 2),
    "role_modeling": (1, 1.5, 0.5, 1, 7, 2),
    "mixed": (3, 3, 2, 2, 2, 2),
}
POOLS = (COACHING, MANAGING, TRAINING, MENTORING, ROLE_MODELING, NEUTRAL)
FILLERS = ["um", "uh", "you know", "like", "so", "yeah"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(acct=rng.choice(ACCOUNTS), day=rng.choice(WEEKDAYS), num=rng.choice(NUMBERS))


def _asr(text: str, rng: random.Random) -> str:
    """Text as raw speech-to-text gives it: lowercase, no punctuation, a filler here and there."""
    words = re.sub(r"[^\w\s']", " ", text.lower()).split()
    out = []
    for w in words:
        if rng.random() < 0.04:
            out.append(rng.choice(FILLERS))
        out.append(w)
    return " ".join(out)


def make_call(index: int, rng: random.Random, min_words: int, max_words: int) -> tuple[str, str]:
    """One call's file name and text.

    Args:
        index (int): the call number (used in the file name).
        rng (random.Random): the seeded generator to draw from.
        min_words (int): stop adding turns once this many words are written...
        max_words (int): ...aiming at a target drawn between min_words and max_words.

    RETURNS (tuple[str, str]): file name, transcript text.
    """
    manager = MANAGERS[index % len(MANAGERS)] if rng.random() < 0.9 else rng.choice(MANAGERS)
    rep = rng.choice(REPS)
    profile_name = rng.choice(list(PROFILES))
    weights = PROFILES[profile_name]
    asr = rng.random() < 0.33
    target = rng.randint(min_words, max_words)
    lines: list[str] = []
    words = 0
    speaker_is_manager = True
    while words < target:
        if speaker_is_manager:
            pool = rng.choices(POOLS, weights)[0]
            sentences = [_fill(rng.choice(pool), rng) for _ in range(rng.randint(1, 3))]
            name = manager
        else:
            sentences = [_fill(rng.choice(REP), rng) for _ in range(rng.randint(1, 6))]
            name = rep
        text = " ".join(sentences)
        if asr:
            text = _asr(text, rng)
        lines.append(f"{name}: {text}")
        words += len(text.split())
        speaker_is_manager = not speaker_is_manager
    slug = manager.split()[0].lower().replace("á", "a")
    return f"call-{index:05d}-{slug}-{profile_name}.txt", "\n".join(lines) + "\n"


def write_corpus(out: Path, files: int, seed: int = 6, min_words: int = 3000, max_words: int = 10000,
                 per_folder: int = 500) -> int:
    """Write `files` calls under out (in sub-folders of `per_folder` files); returns the words written."""
    rng = random.Random(seed)
    total = 0
    for i in range(files):
        name, text = make_call(i, rng, min_words, max_words)
        folder = out / f"batch-{i // per_folder:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        total += len(text.split())
    return total


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="number of calls (default 200)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--min-words", type=int, default=3000)
    parser.add_argument("--max-words", type=int, default=10000)
    args = parser.parse_args()
    words = write_corpus(args.out, args.files, args.seed, args.min_words, args.max_words)
    print(f"wrote {args.files} calls, {words:,} words, to {args.out}")


if __name__ == "__main__":
    main()
