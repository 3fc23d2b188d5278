"""Transcript input: decode bytes, detect the format, parse to a `Transcript`.

Every failure is an `InputError` with one clear line, so the CLI exits 2 and the
HTTP API answers 422 without a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from scribe.errors import InputError
from scribe.models import Transcript, Turn
from scribe.transcripts.formats import parse_aci, parse_json, parse_plain, parse_vtt
from scribe.transcripts.roles import settle_roles

__all__ = ["decode", "detect_format", "load_transcript", "parse_transcript"]

_ACI_HINT = re.compile(r"^\s*\[[A-Za-z_ ]{1,30}\]", re.MULTILINE)
MAX_BYTES = 2_000_000


def decode(data: bytes) -> str:
    """Bytes -> text; rejects binary and non-UTF-8 input with a clear message."""
    if len(data) > MAX_BYTES:
        raise InputError(f"transcript is too large: {len(data)} bytes (limit {MAX_BYTES})")
    if b"\x00" in data[:8192]:
        raise InputError("transcript looks binary (NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"transcript is not valid UTF-8 (byte offset {e.start})") from None


Format = Literal["plain", "aci", "vtt", "json"]
_PARSERS: dict[Format, Callable[[str], list[Turn]]] = {
    "vtt": parse_vtt,
    "json": parse_json,
    "aci": parse_aci,
    "plain": parse_plain,
}


def detect_format(text: str) -> Format:
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head[:1] in "{[" and not _ACI_HINT.match(head):
        return "json"
    if _ACI_HINT.match(head):
        return "aci"
    return "plain"


def parse_transcript(text: str) -> Transcript:
    """Parse text in any supported format into a `Transcript`."""
    if not text.strip():
        raise InputError("transcript is empty")
    fmt = detect_format(text)
    turns = settle_roles(_PARSERS[fmt](text))
    if not turns:
        raise InputError("transcript has no speaker turns with text")
    return Transcript(turns=tuple(turns), format=fmt)


def load_transcript(path: str | Path) -> Transcript:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"transcript not found: {p}") from None
    except IsADirectoryError:
        raise InputError(f"transcript path is a directory: {p}") from None
    except OSError as e:
        raise InputError(f"cannot read transcript {p}: {e.strerror}") from None
    return parse_transcript(decode(data))
