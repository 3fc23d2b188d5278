"""One parser per transcript format. Each returns turns or raises `InputError`.

Formats: plain `Speaker: text` lines, ACI-Bench `[doctor] text` lines, WebVTT with
`<v Speaker>` voice spans, and JSON segments (`{"segments": [...]}` or a bare list).
"""

from __future__ import annotations

import json
import re
from typing import Any

from scribe.errors import InputError
from scribe.models import Turn
from scribe.transcripts.roles import role_for

#: A speaker label starts with a letter of any script ("Dr. Ramírez:", "Enfermera Núñez:").
_PLAIN_LINE = re.compile(r"^\s*(?P<speaker>[^\W\d_][\w .'()\-]{0,39}?)\s*:\s+(?P<text>\S.*)$")
_ACI_LINE = re.compile(r"^\s*\[(?P<speaker>[A-Za-z_ ]{1,30})\]\s*(?P<text>.*)$")
_VTT_TIME = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VTT_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+(?P<speaker>[^>]+)>(?P<text>.*?)(?:</v>|$)", re.DOTALL)
_TAG = re.compile(r"</?[^>]+>")
_MAX_LABEL_WORDS = 4


def _turn(speaker: str, text: str, start: float | None = None, end: float | None = None) -> Turn:
    speaker = speaker.strip()
    return Turn(speaker=speaker, role=role_for(speaker), text=text.strip(), start=start, end=end)


def parse_plain(text: str) -> list[Turn]:
    """`Doctor: ...` lines; unlabeled lines continue the previous turn."""
    turns: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _PLAIN_LINE.match(line)
        if m and len(m["speaker"].split()) <= _MAX_LABEL_WORDS:
            turns.append((m["speaker"], [m["text"]]))
        elif turns:
            turns[-1][1].append(line.strip())
        else:
            raise InputError("unrecognised transcript: the first line has no 'Speaker:' label")
    return [_turn(s, " ".join(parts)) for s, parts in turns]


def parse_aci(text: str) -> list[Turn]:
    """ACI-Bench dialogue lines: `[doctor] text`, `[patient] text`, `[patient_guest] text`."""
    turns: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _ACI_LINE.match(line)
        if m:
            turns.append((m["speaker"], [m["text"]]))
        elif turns:
            turns[-1][1].append(line.strip())
        else:
            raise InputError("unrecognised transcript: the first line has no '[speaker]' tag")
    return [_turn(s, " ".join(parts)) for s, parts in turns]


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for p in parts:
        total = total * 60 + float(p)
    return total


def parse_vtt(text: str) -> list[Turn]:
    """WebVTT cues; the speaker comes from `<v Speaker>` or a `Speaker:` prefix."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    if not blocks or not blocks[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError("invalid WebVTT transcript: missing 'WEBVTT' header")
    turns: list[Turn] = []
    for block in blocks[1:]:
        lines = block.split("\n")
        idx = next((i for i, ln in enumerate(lines) if _VTT_TIME.match(ln)), None)
        if idx is None:
            continue  # NOTE, STYLE or REGION blocks
        tm = _VTT_TIME.match(lines[idx])
        assert tm is not None
        start, end = _seconds(tm["start"]), _seconds(tm["end"])
        payload = " ".join(ln.strip() for ln in lines[idx + 1 :] if ln.strip())
        voices = list(_VTT_VOICE.finditer(payload))
        if voices:
            for v in voices:
                turns.append(_turn(v["speaker"], _TAG.sub("", v["text"]), start, end))
            continue
        plain = _PLAIN_LINE.match(_TAG.sub("", payload))
        if plain:
            turns.append(_turn(plain["speaker"], plain["text"], start, end))
        elif payload:
            turns.append(_turn("unknown", _TAG.sub("", payload), start, end))
    if not turns:
        raise InputError("invalid WebVTT transcript: no cues with text")
    return turns


def _num(value: Any, field: str, i: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"invalid JSON transcript: segment {i} field '{field}' is not a number")
    return float(value)


def parse_json(text: str) -> list[Turn]:
    """`{"segments": [{"speaker", "text", "start", "end"}]}` or a bare list of segments."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(
            f"invalid JSON transcript: {e.msg} at line {e.lineno} column {e.colno}"
        ) from None
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list):
        raise InputError("invalid JSON transcript: expected {'segments': [...]} or a list")
    turns: list[Turn] = []
    for i, seg in enumerate(segments):
        if not isinstance(seg, dict):
            raise InputError(f"invalid JSON transcript: segment {i} is not an object")
        speaker, body = seg.get("speaker"), seg.get("text")
        if not isinstance(speaker, str) or not isinstance(body, str):
            raise InputError(
                f"invalid JSON transcript: segment {i} needs string 'speaker' and 'text'"
            )
        if body.strip():
            turns.append(
                _turn(
                    speaker,
                    body,
                    _num(seg.get("start"), "start", i),
                    _num(seg.get("end"), "end", i),
                )
            )
    return turns
