"""Bytes to text: UTF-8 (with or without BOM), UTF-16 by BOM, else cp1252 with a warning."""

from __future__ import annotations

import codecs

from coachcheck.errors import InputError


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
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not valid UTF-16 text ({exc.reason})") from None
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


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v")
    return "\x00" in sample or controls / len(sample) > 0.05
