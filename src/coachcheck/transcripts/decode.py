"""Bytes to text: UTF-8 (with or without BOM), UTF-32/UTF-16 by BOM, BOM-less UTF-16 by its
zero bytes; bytes that are not UTF-8 are read as cp1252, with a warning. Newlines are normalised
to `\\n`."""

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
            # Byte by byte: a UTF-8 file with one pasted Windows-1252 "é" keeps its other
            # characters, where reading the whole file as cp1252 would garble every one of them.
            text = data.decode("utf-8", errors=_CP1252_FALLBACK)
            warnings.append("not UTF-8; read as Windows-1252 (cp1252)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise InputError(source, "looks like a binary file, not a transcript")
    return text, warnings


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: the bytes UTF-8 could not decode, read as cp1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


_CP1252_FALLBACK = "coachcheck.cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


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
