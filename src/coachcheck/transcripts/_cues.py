"""Timed-cue files (WebVTT, SubRip, YouTube SBV): cues, speakers, turns.

The grammar of the three formats is the same at heart: a timing line, then payload lines
until the next cue. This module finds cues around their timing lines rather than trusting
blank lines or a fixed stride, so it keeps blank lines inside a cue, cues without ids,
missing, duplicate or out-of-order indices, and timing lines it cannot read (their times
are left empty and a warning says where). No cue is dropped silently.

Speakers come from, in this order of preference: WebVTT voice spans `<v Name>` (several per
cue, closing `</v>` optional), a Teams metadata JSON payload (`speakerName`, `spokenText`),
then line labels: `Name: text` (only when the prefix looks like a name), `>> NAME: text`,
`[Name] text`. Unnamed speaker changes are `>>` alone and subtitle dash lines (`- text`,
two or more in a cue).

Cues without any label are resolved per file:
  * when the file labels its cues one by one (voice spans, a label repeated on consecutive
    cues as Zoom does, or, in WebVTT, at least 80% of cues labelled), an unlabelled cue is
    speech the tool could not attribute: "Unknown speaker";
  * otherwise labels mark speaker changes, as in captions, and an unlabelled cue continues
    the previous speaker.
A part's time is its cue's: the first part of a cue gets the cue's start, the last its end, and
parts in between (several voices in one cue) no time, since the file does not say when the
second voice began. `Turn.line` is the line where the turn's text starts. Negative times
(Teams offsets) are kept as written.

An unnamed speaker change alternates between the two speakers when the file names exactly
two (a 1:1 call); otherwise it is "Unknown speaker". A file with no names at all becomes
"Unknown speaker" turns with a warning (analysis will then refuse it as one speaker).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER, Piece, merge_pieces
from coachcheck.transcripts.txt import name_like

Timing = Callable[[str], "tuple[str, str, str] | None"]

_CLOCK = re.compile(r"^(-)?(\d{1,9}(?::\d{1,3}){0,2})(?:[.,](\d{1,9}))?$")
# A timing line starts with a clock (so "a --> b" in speech is not one); the times are
# read leniently afterwards and left empty, with a warning, when they make no sense.
_ARROW = re.compile(r"^\s*(?P<start>-?\d+:[^\s]*?)\s*-->\s*(?P<end>\S*)(?P<settings>.*)$")
_SBV = re.compile(r"^\s*(?P<start>\d{1,9}:[\d:.]*)\s*,\s*(?P<end>\d{1,9}:[\d:.]*)\s*$")
_CUE_ID = re.compile(r"^\d+$|^[\w-]+/\d+-\d+$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>|</v\s*>")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>|<\d[\d:.]*>|\{\\[^{}]{0,100}\}")
_LABEL = re.compile(r"^(?:\*\*)?(?P<name>[^:：<>\[\]{}]{1,60}?)(?:\*\*)?\s*[:：](?:\*\*)?(?:\s+(?P<text>.*))?$")  # noqa: RUF001
_BRACKET = re.compile(r"^\[(?P<name>[^\[\]]{1,60})\]\s*[:：]?\s*(?P<text>.*)$")  # noqa: RUF001
_CHEVRON = re.compile(r"^>>+\s*(?P<text>.*)$")
_DASH = re.compile(r"^[-–—](?!-)\s*(?P<text>\S.*)$")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SOUNDS = frozenset("""
music laughter laughs laughing applause inaudible crosstalk silence noise sound sounds foreign cough coughs
coughing sighs sigh background blank_audio music playing unintelligible pause beep ringing static
""".split())  # noqa: SIM905
_SOUND_ONLY = re.compile(r"^(?:[\[(](?P<sound>[^\[\]()]{1,40})[\])]|[♪♫\s]+)$")  # [Music], (laughs), ♪
_PER_CUE_SHARE = 0.8


def arrow_timing(line: str) -> tuple[str, str, str] | None:
    """Split a `start --> end [settings]` line (WebVTT, SubRip) into its parts, or None."""
    m = _ARROW.match(line)
    return (m["start"], m["end"], m["settings"].strip()) if m else None


def sbv_timing(line: str) -> tuple[str, str, str] | None:
    """Split an SBV `H:MM:SS.mmm,H:MM:SS.mmm` line into start and end, or None."""
    m = _SBV.match(line)
    return (m["start"], m["end"], "") if m else None


def clock(value: str) -> float | None:
    """Seconds from a cue time: `[h:]m:s[.fff]` with unpadded fields, `,` or `.`, and a sign.

    RETURNS (float | None): the seconds (negative when the file says so), None when invalid.
    """
    m = _CLOCK.match(value.strip())
    if not m or ":" not in m[2]:
        return None
    parts = [int(p) for p in m[2].split(":")]
    if any(p >= 60 for p in parts[1:]):
        return None
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    if m[3]:
        seconds += int(m[3]) / 10 ** len(m[3])
    return round(-seconds if m[1] else seconds, 3)


@dataclass(slots=True)
class Cue:
    """One cue as found in the file.

    Attributes:
        start (float | None): seconds, None when the timing could not be read.
        end (float | None): seconds, None when the timing could not be read.
        lines (list[tuple[int, str]]): payload lines with their 1-based line numbers.
        timing_line (int): the 1-based line of the timing line.
    """

    start: float | None
    end: float | None
    lines: list[tuple[int, str]]
    timing_line: int


@dataclass(slots=True)
class _Part:
    label: str | None
    change: bool
    line: int
    text: list[str] = field(default_factory=list)


def split_cues(lines: list[str], timing: Timing, *, webvtt: bool) -> tuple[list[Cue], list[str], int]:
    """Cut a cue file into cues around its timing lines.

    Args:
        lines (list[str]): the file's lines (newlines normalised).
        timing (Timing): arrow_timing or sbv_timing.
        webvtt (bool): skip WebVTT NOTE, STYLE and REGION blocks and the header.

    RETURNS (tuple[list[Cue], list[str], int]): the cues, warnings, and how many text lines
        before the first cue were not part of a header.
    """
    warnings: list[str] = []
    found = [(i, t) for i, t in ((i, timing(line)) for i, line in enumerate(lines)) if t]
    starts = [i for i, _ in found]
    first_of_cue = [_id_line(lines, i, starts[k - 1] if k else -1, webvtt) for k, i in enumerate(starts)]
    cues: list[Cue] = []
    unreadable: list[int] = []
    for k, (i, (raw_start, raw_end, _settings)) in enumerate(found):
        stop = first_of_cue[k + 1] if k + 1 < len(found) else len(lines)
        start, end = clock(raw_start), clock(raw_end)
        if start is None or end is None:
            unreadable.append(i + 1)
        payload = _payload(lines, i + 1, stop, webvtt)
        cues.append(Cue(start, end, payload, i + 1))
    if unreadable:
        more = f" and {len(unreadable) - 1} more" if len(unreadable) > 1 else ""
        warnings.append(f"unreadable cue times at line {unreadable[0]}{more}; those times are left empty")
    prefix_end = first_of_cue[0] if found else len(lines)
    ignored = _stray_prefix_lines(lines[:prefix_end], webvtt)
    return cues, warnings, ignored


def _id_line(lines: list[str], i: int, previous: int, webvtt: bool) -> int:
    """The index where the cue with timing line i begins: its identifier line, if it has one."""
    j = i - 1
    if j <= previous or not lines[j].strip():
        return i
    if webvtt and lines[j].startswith(("WEBVTT", "\ufeffWEBVTT")):
        return i
    if j == 0 or not lines[j - 1].strip() or _CUE_ID.match(lines[j].strip()):
        return j
    return i


def _payload(lines: list[str], lo: int, hi: int, webvtt: bool) -> list[tuple[int, str]]:
    """The payload lines of a cue, keeping blank-line-separated continuation paragraphs."""
    out: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []
    first = True

    def flush() -> None:
        nonlocal first
        if paragraph:
            head = paragraph[0][1].strip()
            skip = (webvtt and _is_vtt_block(head)) or (not first and len(paragraph) == 1 and head.isdigit())
            if not skip:
                out.extend(paragraph)
            first = False
            paragraph.clear()

    for n in range(lo, hi):
        if lines[n].strip():
            paragraph.append((n + 1, lines[n]))
        else:
            flush()
    flush()
    return out


def _is_vtt_block(head: str) -> bool:
    return head in ("NOTE", "STYLE", "REGION") or head.startswith(("NOTE ", "NOTE\t"))


def _stray_prefix_lines(prefix: list[str], webvtt: bool) -> int:
    """Text lines before the first cue that are not a header, comment, style or index."""
    stray = 0
    block: list[str] = []
    header = webvtt
    for line in [*prefix, ""]:
        if line.strip():
            block.append(line.strip().lstrip("\ufeff"))
            continue
        if block:
            structural = (header and block[0].startswith("WEBVTT")) or (webvtt and _is_vtt_block(block[0]))
            if not structural:
                stray += sum(1 for b in block if not b.isdigit())
            header = False
            block = []
    return stray


def cue_parts(cue: Cue, *, unescape: bool) -> list[_Part]:
    """The speaker parts of one cue, in order (see the module docstring for the label forms)."""
    if not cue.lines:
        return []
    meta = _metadata_part(cue)
    if meta is not None:
        return [meta]
    voiced = any(_VOICE.search(raw) for _, raw in cue.lines)
    parts = _voice_parts(cue) if voiced else _label_parts(cue)
    for p in parts:
        text = _TAG.sub("", " ".join(p.text))
        if unescape:
            text = html.unescape(text)
            p.label = html.unescape(p.label) if p.label else p.label
        p.text = [_BIDI.sub("", text)]
        if p.label is not None:
            p.label = " ".join(_BIDI.sub("", p.label).split()) or None
    return parts


def _metadata_part(cue: Cue) -> _Part | None:
    """A Teams `metadataContent` cue: a JSON object with speakerName and spokenText."""
    joined = "\n".join(raw for _, raw in cue.lines).strip()
    if not joined.startswith("{"):
        return None
    try:
        obj = json.loads(joined)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("spokenText"), str):
        return None
    name = obj.get("speakerName")
    label = name.strip() if isinstance(name, str) and name.strip() else None
    return _Part(label, False, cue.lines[0][0], [obj["spokenText"]])


def _voice_parts(cue: Cue) -> list[_Part]:
    parts: list[_Part] = []
    for number, raw in cue.lines:
        pos = 0
        for m in _VOICE.finditer(raw):
            _add_text(parts, raw[pos:m.start()], number)
            if not m[0].startswith("</"):
                name = (m["name"] or "").strip()
                parts.append(_Part(name or None, False, number))
            pos = m.end()
        _add_text(parts, raw[pos:], number)
    return parts


def _add_text(parts: list[_Part], text: str, number: int) -> None:
    if not text.strip():
        return
    if not parts:
        parts.append(_Part(None, False, number))
    parts[-1].text.append(text.strip())


def _label_parts(cue: Cue) -> list[_Part]:
    parts: list[_Part] = []
    cleaned = [(n, line) for n, line in ((n, _TAG.sub("", raw).strip()) for n, raw in cue.lines)
               if not _is_sound(line)]
    dashes = sum(1 for _, line in cleaned if _DASH.match(line)) >= 2
    for number, line in cleaned:
        change = False
        if dashes and (m := _DASH.match(line)):
            line, change = m["text"], True
        if m := _CHEVRON.match(line):
            line, change = m["text"], True
        label, said = _line_label(line)
        if label is not None:
            parts.append(_Part(label, False, number, [said]))
        elif change:
            parts.append(_Part(None, True, number, [said]))
        else:
            _add_text(parts, said, number)
    return parts


def _is_sound(line: str) -> bool:
    """A line that is only a sound annotation such as `[Music]`, `(laughs)` or `♪`."""
    m = _SOUND_ONLY.match(line)
    if not m:
        return False
    sound = m["sound"]
    return sound is None or sound.islower() or all(w in _SOUNDS for w in sound.lower().split())


def _line_label(line: str) -> tuple[str | None, str]:
    """The speaker label at the start of a line, if any, and the rest of the line."""
    m = _LABEL.match(line)
    if m and name_like(m["name"].strip()) and not (m["text"] or "").startswith("//"):
        return m["name"].strip(), m["text"] or ""
    m = _BRACKET.match(line)
    if m and name_like(m["name"].strip()) and m["name"].strip().lower() not in _SOUNDS:
        return m["name"].strip(), m["text"]
    return None, line


def parse_cues(text: str, source: str, fmt: str, timing: Timing, *, webvtt: bool) -> Transcript:
    """Parse a cue file into a Transcript.

    Args:
        text (str): the file content.
        source (str): the path, for messages.
        fmt (str): the format name to record ("vtt", "srt", "sbv").
        timing (Timing): how to recognise and split a timing line.
        webvtt (bool): WebVTT rules: skip NOTE/STYLE/REGION, unescape HTML entities.

    RETURNS (Transcript): the turns; raises InputError when there are no cues with text.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    cues, warnings, stray = split_cues(lines, timing, webvtt=webvtt)
    if not cues:
        example = "0:00:01.000,0:00:04.000" if timing is sbv_timing else "00:00:01.000 --> 00:00:04.000"
        raise InputError(source, f"no cues found (expected timing lines like '{example}')")
    if stray:
        warnings.append(f"{stray} line(s) of text before the first cue were ignored")
    cues, moved = _sorted(cues)
    if moved:
        warnings.append("cues were out of order and were sorted by start time")
    parts = [cue_parts(c, unescape=webvtt) for c in cues]
    pieces = _attribute(cues, parts, warnings, webvtt=webvtt)
    turns = merge_pieces(pieces)
    if not turns:
        raise InputError(source, f"has {len(cues)} cue(s) but none has any text")
    return Transcript(source=source, format=fmt, turns=turns, warnings=tuple(warnings))


def _sorted(cues: list[Cue]) -> tuple[list[Cue], bool]:
    """Cues stable-sorted by start; a cue without a time keeps the place after its predecessor."""
    keys: list[float] = []
    last = float("-inf")
    for c in cues:
        if c.start is not None:
            last = c.start
        keys.append(last)
    if all(a <= b for a, b in pairwise(keys)):
        return cues, False
    order = sorted(range(len(cues)), key=keys.__getitem__)
    return [cues[i] for i in order], True


def _attribute(cues: list[Cue], parts: list[list[_Part]], warnings: list[str], *, webvtt: bool) -> list[Piece]:
    """Give every part a speaker (see the module docstring) and turn it into a timed Piece."""
    spelling: dict[str, str] = {}
    for ps in parts:
        for p in ps:
            if p.label:
                p.label = spelling.setdefault(p.label.casefold(), p.label)
    names = list(spelling.values())
    with_text = [ps for ps in parts if ps]
    labelled = sum(1 for ps in with_text if ps[0].label)
    voices = any(_VOICE.search(raw) for c in cues for _, raw in c.lines)
    repeated = any(a[-1].label and a[-1].label == b[0].label for a, b in pairwise(with_text))
    # Zoom labels every cue it can attribute; captions (SRT, SBV) label only speaker changes.
    per_cue = voices or repeated or (webvtt and labelled >= _PER_CUE_SHARE * len(with_text))
    pieces: list[Piece] = []
    current: str | None = None
    inferred = 0
    for cue, ps in zip(cues, parts, strict=True):
        for k, p in enumerate(ps):
            if p.label:
                speaker = p.label
            elif p.change:
                if len(names) == 2 and current in names:
                    speaker = names[1] if current == names[0] else names[0]
                    inferred += 1
                else:
                    speaker = UNKNOWN_SPEAKER
            elif not names or per_cue or current is None:
                speaker = UNKNOWN_SPEAKER
            else:
                speaker = current
            current = speaker
            start = cue.start if k == 0 else None
            end = cue.end if k == len(ps) - 1 else None
            pieces.append(Piece(speaker, " ".join(p.text), start, end, p.line))
    if inferred:
        warnings.append(f"{inferred} unnamed speaker change(s) (dash lines or '>>') were attributed "
                        f"by alternating between {names[0]} and {names[1]}")
    if not names and pieces:
        warnings.append(f"the file names no speakers; all speech is attributed to '{UNKNOWN_SPEAKER}'")
    return pieces
