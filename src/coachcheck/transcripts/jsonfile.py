"""JSON transcripts: coachcheck's own layout and the speech-to-text vendors, told apart by keys.

Families (first match wins):
  * coachcheck: `{"turns": [{"speaker", "text", "start", "end"}]}` (also a bare list of such
    objects); validated strictly, a wrong type is an error naming the place.
  * Gong: `callTranscripts[].transcript[].sentences[]`, milliseconds, opaque `speakerId`
    (names from a `parties` list when the file has one). Only the first call is read;
    a warning says when there are more.
  * Rev.ai: `monologues[].elements[]`, values concatenated, first `ts` to last `end_ts`.
  * AWS Transcribe: `results.audio_segments` when present, else `results.items` with
    speakers from the item, `results.speaker_labels.segments` or `results.channel_labels`;
    times and confidences are strings; punctuation joins the word before it.
  * Deepgram: `results.utterances` (integer speakers become "Speaker 0"), else the words of
    `results.channels[].alternatives[0]` (several channels become "Channel 0", "Channel 1").
  * AssemblyAI: `utterances` in milliseconds, speakers "A" become "Speaker A"; without
    utterances (speaker_labels off) the words or the whole text.
  * Whisper / WhisperX: `segments` in seconds; a WhisperX segment without `speaker` takes
    the most common speaker of its words.
  * Fireflies (`sentences`, also inside `data.transcript`) and Fathom (`transcript` with
    `speaker.display_name` and `HH:MM:SS` timestamps).
String speaker labels are kept as written (`spk_0`, `SPEAKER_00`) so a roster can alias
them. Speech without a speaker (plain Whisper, AWS without diarization) is attributed to
"Unknown speaker" with a warning. Vendor entries of the wrong shape are skipped and counted
in a warning. JSON has no useful line numbers for turns, so `Turn.line` is 0.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from typing import Any

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER, Piece, merge_pieces, parse_clock

_START = re.compile(r"^\ufeff?\s*(?:\{|\[\s*(?:\{|\]))")


class _Reader:
    """Collects pieces and warnings for one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pieces: list[Piece] = []
        self.warnings: list[str] = []
        self.skipped: Counter[str] = Counter()

    def add(self, speaker: str | None, text: Any, start: float | None, end: float | None) -> None:
        if isinstance(text, str) and text.strip():
            self.pieces.append(Piece(speaker or UNKNOWN_SPEAKER, text, start, end, 0))

    def objects(self, value: Any, where: str) -> list[dict[str, Any]]:
        """The dict entries of a list (others counted as skipped); [] when it is not a list."""
        if not isinstance(value, list):
            return []
        good = [v for v in value if isinstance(v, dict)]
        if len(good) < len(value):
            self.skipped[where] += len(value) - len(good)
        return good

    def fail(self, problem: str) -> InputError:
        return InputError(self.source, problem)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse(text: str, source: str) -> Transcript:
    """Parse a JSON transcript of any supported family.

    Args:
        text (str): the decoded file content.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError for invalid JSON, an unknown layout
        or a file without speech.
    """
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(source, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        raise InputError(source, f"invalid JSON: {exc}") from None
    r = _Reader(source)
    family = _read(data, r)
    for where, count in r.skipped.items():
        r.warnings.append(f"{count} entr{'y' if count == 1 else 'ies'} of {where} had the wrong shape and were skipped")
    named = any(p.speaker != UNKNOWN_SPEAKER for p in r.pieces)
    if r.pieces and not named:
        r.warnings.append(f"the {family} JSON names no speakers; all speech is attributed to '{UNKNOWN_SPEAKER}'")
    if _SURROGATE_ESCAPE.search(text):
        # A lone surrogate ("\\udcff" unpaired) is no character: spaCy and every UTF-8 output would fail on it.
        for p in r.pieces:
            p.speaker, p.text = _LONE_SURROGATE.sub("\ufffd", p.speaker), _LONE_SURROGATE.sub("\ufffd", p.text)
    turns = merge_pieces(r.pieces)
    if not turns:
        raise InputError(source, f"the {family} JSON has no speech")
    return Transcript(source=source, format="json", turns=turns, warnings=tuple(r.warnings))


def looks_like(text: str) -> bool:
    """Whether the text starts like a JSON object or an array of objects."""
    return bool(_START.match(text[:200]))


def _read(data: Any, r: _Reader) -> str:
    """Dispatch on signature keys; returns the family name for messages."""
    if isinstance(data, list):
        _own(data, r, "the top-level list")
        return "coachcheck"
    if not isinstance(data, dict):
        raise r.fail(f"the JSON top level is {_kind(data)}, not an object with a transcript")
    if isinstance(data.get("data"), dict) and not {"turns", "segments", "results", "utterances"} & data.keys():
        inner = data["data"]
        data = inner.get("transcript") if isinstance(inner.get("transcript"), dict) else inner
    results = data.get("results")
    if "turns" in data:
        _own(data["turns"], r, "turns")
        return "coachcheck"
    if "callTranscripts" in data:
        _gong(data, r)
        return "Gong"
    if "monologues" in data:
        _revai(data, r)
        return "Rev.ai"
    if isinstance(results, dict) and {"audio_segments", "items", "speaker_labels", "transcripts"} & results.keys():
        _aws(results, r)
        return "AWS Transcribe"
    if isinstance(results, dict) and {"utterances", "channels"} & results.keys():
        _deepgram(results, r)
        return "Deepgram"
    if "utterances" in data:
        _assemblyai(data, r)
        return "AssemblyAI"
    if "segments" in data:
        _whisper(data, r)
        return "Whisper"
    if "sentences" in data:
        _fireflies(data, r)
        return "Fireflies"
    if isinstance(data.get("transcript"), list):
        _fathom(data, r)
        return "Fathom"
    raise r.fail("unrecognised JSON transcript (expected keys such as turns, segments, results, "
                 "utterances, monologues or callTranscripts)")


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(type(value), "a number")


def _num(value: Any, scale: float = 1.0) -> float | None:
    """A finite time from a number or numeric string, divided by scale; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int):
        value = float(value) if abs(value) < 1e15 else math.inf
    if not isinstance(value, float) or not math.isfinite(value):
        return None
    return round(value / scale, 3)


def _label(value: Any, prefix: str = "Speaker") -> str | None:
    """A speaker label: strings as written, numbers as 'Speaker 0', nothing for null."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return f"{prefix} {value}"
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _own(turns: Any, r: _Reader, where: str) -> None:
    if not isinstance(turns, list):
        raise r.fail(f"'{where}' must be a list of turns")
    for i, turn in enumerate(turns):
        place = f"{where}[{i}]"
        if not isinstance(turn, dict):
            raise r.fail(f"{place} must be an object with speaker and text")
        speaker, text = turn.get("speaker"), turn.get("text")
        if not isinstance(speaker, str) or not speaker.strip():
            raise r.fail(f"{place}.speaker must be a non-empty string")
        if not isinstance(text, str):
            raise r.fail(f"{place}.text must be a string")
        times = []
        for key in ("start", "end"):
            value = turn.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or _num(value) is None):
                raise r.fail(f"{place}.{key} must be a number of seconds or null")
            times.append(_num(value))
        r.add(speaker, text, times[0], times[1])


def _gong(data: dict[str, Any], r: _Reader) -> None:
    calls = r.objects(data["callTranscripts"], "callTranscripts")
    if not calls:
        raise r.fail("the Gong JSON has no callTranscripts")
    if len(calls) > 1:
        r.warnings.append(f"the file holds {len(calls)} Gong calls; only the first "
                          f"(callId {calls[0].get('callId', '?')}) was read")
    names = _gong_parties(data)
    for mono in r.objects(calls[0].get("transcript"), "transcript"):
        sid = _label(mono.get("speakerId"), "Speaker")
        speaker = names.get(str(mono.get("speakerId")), sid)
        for sentence in r.objects(mono.get("sentences"), "sentences"):
            r.add(speaker, sentence.get("text"), _num(sentence.get("start"), 1000), _num(sentence.get("end"), 1000))
    if r.pieces and not names:
        r.warnings.append("Gong speakers are opaque ids; give them names with a roster (aliases)")


def _gong_parties(data: dict[str, Any]) -> dict[str, str]:
    parties = data.get("parties")
    calls = data.get("calls")
    if not isinstance(parties, list) and isinstance(calls, list) and calls and isinstance(calls[0], dict):
        parties = calls[0].get("parties")
    names: dict[str, str] = {}
    for p in parties if isinstance(parties, list) else []:
        if isinstance(p, dict) and p.get("speakerId") is not None and isinstance(p.get("name"), str):
            names[str(p["speakerId"])] = p["name"]
    return names


def _revai(data: dict[str, Any], r: _Reader) -> None:
    for mono in r.objects(data["monologues"], "monologues"):
        speaker = _label(mono.get("speaker_name")) or _label(mono.get("speaker"))
        elements = r.objects(mono.get("elements"), "elements")
        text = "".join(e["value"] for e in elements if isinstance(e.get("value"), str))
        starts = [t for t in (_num(e.get("ts")) for e in elements) if t is not None]
        ends = [t for t in (_num(e.get("end_ts")) for e in elements) if t is not None]
        r.add(speaker, text, starts[0] if starts else None, ends[-1] if ends else None)


def _aws(results: dict[str, Any], r: _Reader) -> None:
    segments = r.objects(results.get("audio_segments"), "audio_segments")
    if segments:
        for s in segments:
            speaker = _label(s.get("speaker_label")) or _label(s.get("channel_label"))
            r.add(speaker, s.get("transcript"), _num(s.get("start_time")), _num(s.get("end_time")))
        return
    words = _aws_words(results, r)
    if words:
        _group_words(words, r)
        return
    for t in r.objects(results.get("transcripts"), "transcripts"):
        r.add(None, t.get("transcript"), None, None)


Word = tuple[float | None, float | None, str | None, str]
"""(start, end, speaker, text) of one word, punctuation already attached."""


def _aws_words(results: dict[str, Any], r: _Reader) -> list[Word]:
    """The words of `results.items` (or of each channel, merged by time) with their speakers."""
    by_time: dict[str, str] = {}
    labels = results.get("speaker_labels")
    if isinstance(labels, dict):
        for seg in r.objects(labels.get("segments"), "speaker_labels.segments"):
            for item in r.objects(seg.get("items"), "speaker_labels.segments.items"):
                if isinstance(item.get("start_time"), str) and _label(item.get("speaker_label")):
                    by_time[item["start_time"]] = item["speaker_label"]
    items = r.objects(results.get("items"), "items")
    channels = results.get("channel_labels")
    if isinstance(channels, dict) and not by_time and not any(i.get("speaker_label") for i in items):
        words: list[Word] = []
        for ch in r.objects(channels.get("channels"), "channel_labels.channels"):
            words.extend(_aws_item_words(r.objects(ch.get("items"), "channel_labels.channels.items"),
                                         by_time, _label(ch.get("channel_label")), r))
        return sorted(words, key=lambda w: w[0] if w[0] is not None else 0.0)
    return _aws_item_words(items, by_time, None, r)


def _aws_item_words(items: list[dict[str, Any]], by_time: dict[str, str], channel: str | None,
                    r: _Reader) -> list[Word]:
    words: list[Word] = []
    for item in items:
        alternatives = r.objects(item.get("alternatives"), "items.alternatives")
        content = alternatives[0].get("content") if alternatives else None
        if not isinstance(content, str):
            continue
        if item.get("type") == "punctuation":
            if words:
                start, end, speaker, text = words[-1]
                words[-1] = (start, end, speaker, text + content)
            continue
        key = item.get("start_time")
        speaker = (_label(item.get("speaker_label")) or by_time.get(key if isinstance(key, str) else "")
                   or _label(item.get("channel_label")) or channel)
        words.append((_num(key), _num(item.get("end_time")), speaker, content))
    return words


def _group_words(words: list[Word], r: _Reader) -> None:
    """Consecutive words of one speaker (or of no known speaker) become one piece."""
    current: Piece | None = None
    for start, end, speaker, content in words:
        if current is not None and (speaker is None or speaker == current.speaker):
            current.text = f"{current.text} {content}"
            if end is not None:
                current.end = end
            continue
        current = Piece(speaker or UNKNOWN_SPEAKER, content, start, end, 0)
        r.pieces.append(current)


def _deepgram(results: dict[str, Any], r: _Reader) -> None:
    utterances = r.objects(results.get("utterances"), "utterances")
    if utterances:
        for u in utterances:
            r.add(_label(u.get("speaker")), u.get("transcript"), _num(u.get("start")), _num(u.get("end")))
        return
    channels = r.objects(results.get("channels"), "channels")
    words: list[Word] = []
    for index, channel in enumerate(channels):
        alternatives = r.objects(channel.get("alternatives"), "alternatives")
        if not alternatives:
            continue
        alt = alternatives[0]
        found = r.objects(alt.get("words"), "words")
        if not found:
            r.add(f"Channel {index}" if len(channels) > 1 else None, alt.get("transcript"), None, None)
        for w in found:
            content = w.get("punctuated_word") if isinstance(w.get("punctuated_word"), str) else w.get("word")
            if isinstance(content, str):
                speaker = _label(w.get("speaker")) or (f"Channel {index}" if len(channels) > 1 else None)
                words.append((_num(w.get("start")), _num(w.get("end")), speaker, content))
    if len(channels) > 1:
        words.sort(key=lambda w: w[0] if w[0] is not None else 0.0)
    _group_words(words, r)


def _assemblyai(data: dict[str, Any], r: _Reader) -> None:
    utterances = r.objects(data.get("utterances"), "utterances")
    for u in utterances:
        r.add(_letter(u.get("speaker")), u.get("text"), _num(u.get("start"), 1000), _num(u.get("end"), 1000))
    if utterances:
        return
    words = [(_num(w.get("start"), 1000), _num(w.get("end"), 1000), _letter(w.get("speaker")), w["text"])
             for w in r.objects(data.get("words"), "words") if isinstance(w.get("text"), str)]
    if words:
        _group_words(words, r)
    else:
        r.add(None, data.get("text"), None, None)


def _letter(value: Any) -> str | None:
    label = _label(value)
    if label and not label.lower().startswith("speaker"):
        return f"Speaker {label}"
    return label


def _whisper(data: dict[str, Any], r: _Reader) -> None:
    for seg in r.objects(data["segments"], "segments"):
        speaker = _label(seg.get("speaker"))
        if speaker is None:
            votes = Counter(_label(w.get("speaker")) for w in r.objects(seg.get("words"), "words"))
            votes.pop(None, None)
            speaker = votes.most_common(1)[0][0] if votes else None
        r.add(speaker, seg.get("text"), _num(seg.get("start")), _num(seg.get("end")))


def _fireflies(data: dict[str, Any], r: _Reader) -> None:
    for s in r.objects(data["sentences"], "sentences"):
        speaker = _label(s.get("speaker_name")) or _label(s.get("speaker_id"))
        text = s.get("text") if isinstance(s.get("text"), str) else s.get("raw_text")
        r.add(speaker, text, _num(s.get("start_time")), _num(s.get("end_time")))


def _fathom(data: dict[str, Any], r: _Reader) -> None:
    for entry in r.objects(data["transcript"], "transcript"):
        who = entry.get("speaker")
        speaker = _label(who.get("display_name")) if isinstance(who, dict) else _label(who)
        stamp = entry.get("timestamp")
        start = parse_clock(stamp) if isinstance(stamp, str) else _num(stamp)
        r.add(speaker, entry.get("text"), start, None)
