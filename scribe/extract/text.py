"""Sentences with character offsets, and spans that become `Evidence`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scribe.models import Evidence, Turn

_SENT = re.compile(r"[^.?!;]+(?:[.?!;]+|$)")
_NUMBER_DOT = re.compile(r"\d\.\d")


@dataclass(frozen=True)
class Sentence:
    turn: int
    start: int
    end: int
    text: str
    role: str

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a span given relative to this sentence."""
        a, b = self.start + start, self.start + end
        return Evidence(turn=self.turn, start=a, end=b, quote=self.text[start:end])


def sentences(turns: tuple[Turn, ...]) -> list[Sentence]:
    out: list[Sentence] = []
    for i, turn in enumerate(turns):
        text = turn.text
        pos = 0
        for m in _SENT.finditer(text):
            a, b = m.start(), m.end()
            if a < pos:
                continue
            # do not split "2.5" decimals
            while b < len(text) and _NUMBER_DOT.match(text, b - 2):
                nxt = _SENT.match(text, b)
                if not nxt:
                    break
                b = nxt.end()
            pos = b
            chunk = text[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            chunk = chunk.strip()
            if chunk:
                out.append(Sentence(i, a + lead, a + lead + len(chunk), chunk, turn.role))
    return out
