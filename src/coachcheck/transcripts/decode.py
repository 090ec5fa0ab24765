"""Bytes to text: UTF-8 (with or without BOM), UTF-32/UTF-16 by BOM, BOM-less UTF-16 by its
zero bytes, else cp1252 with a warning. Newlines are normalised to `\\n`."""

from __future__ import annotations

import codecs
import re

from coachcheck.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode a transcript file's bytes.

    Args:
        data (bytes): the file content.
        source (str): the path, for messages.

    RETURNS (tuple[str, list[str]]): the text with normalised newlines, and warnings.
    """
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
        if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
            warnings.append("invalid UTF-8 bytes were replaced with \ufffd")
    elif bom := next(((b, enc) for b, enc in _BOMS if data.startswith(b)), None):
        text = _strict(data[len(bom[0]):], bom[1], source)
    elif (guess := _bomless_utf16(data)) is not None:
        text = _strict(data, guess, source)
    else:
        if b"\x00" in data[:4096]:
            raise InputError(source, "looks like a binary file, not a transcript")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            warnings.append("not UTF-8; read as Windows-1252 (cp1252)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise InputError(source, "looks like a binary file, not a transcript")
    return text, warnings


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid {encoding.upper()} text ({exc.reason})") from None


def _bomless_utf16(data: bytes) -> str | None:
    """utf-16-le/-be when most odd/even bytes of the start are zero (ASCII text in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


_CONTROLS = re.compile("[\x00-\x08\x0d-\x1f]")
"""Control characters other than tab, line feed, vertical tab and form feed (carriage return counts)."""


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = len(_CONTROLS.findall(sample))
    return "\x00" in sample or controls / len(sample) > 0.05
