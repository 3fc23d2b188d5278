"""Turn the model's verbatim quotes into `Evidence` spans of the transcript.

A quote is searched turn by turn with whitespace collapsed and case folded, the
same normalisation the checker's `ungrounded-field` rule applies, and mapped back
to character offsets of the original turn text. A quote that is not found is kept
as it is (turn 0, empty span): the checker then flags the field `ungrounded-field`
instead of the chain silently dropping or repairing what the model claimed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scribe.chain.schema import ExtractionReply, FindingReply
from scribe.models import Etiology, Evidence, Finding, NoteSections, Rom, Transcript

__all__ = ["Locator", "checkable_codes", "to_extraction_parts", "to_findings"]


@dataclass(frozen=True)
class _Folded:
    text: str
    #: original index of each character of `text`
    origin: tuple[int, ...]


def _fold(text: str) -> _Folded:
    """Collapse whitespace runs to one space, lower-case, strip; keep offsets."""
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            out.append(" ")
            origin.append(pending_space)
            pending_space = -1
        for low in ch.lower():
            out.append(low)
            origin.append(i)
    return _Folded("".join(out), tuple(origin))


_SPACES = re.compile(r"\s+")


def _search_text(text: str) -> str:
    """The folded text alone, fast (C-level regex and lower); same as `_fold(text).text`
    whenever lower-casing keeps the length, which `Locator` checks."""
    return _SPACES.sub(" ", text).strip().lower()


class Locator:
    """Finds quotes in one transcript. Turns are folded once for searching; the
    character-by-character offset map is built only for a turn a quote is found in."""

    def __init__(self, transcript: Transcript) -> None:
        self._turns = [t.text for t in transcript.turns]
        self._search = [
            _search_text(t) if len(t.lower()) == len(t) else _fold(t).text for t in self._turns
        ]
        self._folded: dict[int, _Folded] = {}

    def _origin(self, i: int) -> tuple[int, ...]:
        folded = self._folded.get(i)
        if folded is None:
            folded = self._folded[i] = _fold(self._turns[i])
        return folded.origin

    def find(self, quote: str | None) -> Evidence | None:
        """The first turn span matching `quote`, or an ungrounded Evidence; None if no quote."""
        if quote is None or not quote.strip():
            return None
        needle = _fold(quote).text
        for i, text in enumerate(self._search):
            at = text.find(needle)
            if at >= 0:
                origin = self._origin(i)
                start = origin[at]
                end = origin[at + len(needle) - 1] + 1
                return Evidence(turn=i, start=start, end=end, quote=self._turns[i][start:end])
        return Evidence(turn=0, start=0, end=0, quote=quote)


def _finding(r: FindingReply, loc: Locator) -> Finding:
    q = r.evidence
    evidence: dict[str, Evidence] = {}
    for name, quote in (
        ("finding", q.finding),
        ("muscle", q.muscle if r.muscle else None),
        ("region", q.region if r.region != "unspecified" else None),
        ("laterality", q.laterality if r.laterality != "unspecified" else None),
        ("tissue", q.tissue),
        ("prior_treatment", q.prior_treatment if r.prior_treatment else None),
    ):
        ev = loc.find(quote)
        if ev is not None:
            evidence[name] = ev
    etiology = None
    if r.etiology is not None:
        ev = loc.find(r.etiology.evidence)
        etiology = Etiology(
            category=r.etiology.category, condition=r.etiology.condition, evidence=ev
        )
        if ev is not None:
            evidence["etiology"] = ev
    rom = tuple(
        Rom(
            joint=m.joint,
            motion=m.motion,
            degrees=m.degrees,
            lacking=m.lacking,
            mode=m.mode,
            evidence=loc.find(m.evidence),
        )
        for m in r.rom
    )
    return Finding(
        finding=r.finding,
        muscle=r.muscle,
        region=r.region,
        joint=r.joint,
        laterality=r.laterality,
        tissue=r.tissue,
        rom=rom,
        etiology=etiology,
        prior_treatment=r.prior_treatment,
        negated=r.negated,
        evidence=evidence,
    )


def to_findings(reply: ExtractionReply, transcript: Transcript) -> tuple[Finding, ...]:
    loc = Locator(transcript)
    return tuple(_finding(r, loc) for r in reply.findings)


def checkable_codes(proposed: Sequence[str]) -> tuple[str, ...]:
    """The proposed codes the checker can verify against the documentation: well
    formed and inside a clinical concept it knows (M62.4-, M24.5-, M62.83-, ...).

    Anything else is dropped, never passed on: a code the checker cannot hold to a
    documented finding (e.g. one a speaker asked for inside the transcript) must not
    reach a draft, and a malformed one is the model's fault, not bad user input.
    Codes for the documented findings are still derived by the coder when none
    remain."""
    from scribe.coding import concept_for_code
    from scribe.icd10.kb import well_formed

    out = []
    for raw in proposed:
        code = raw.strip()
        if code and well_formed(code) and concept_for_code(code) is not None:
            out.append(code)
    return tuple(dict.fromkeys(out))


def to_extraction_parts(
    reply: ExtractionReply, transcript: Transcript
) -> tuple[tuple[Finding, ...], tuple[str, ...], NoteSections | None]:
    """Findings with located evidence, the proposed codes, and the note (None if empty)."""
    note = NoteSections(**reply.note.model_dump())
    empty = not any(note.model_dump().values())
    codes = checkable_codes(reply.proposed_codes)
    return to_findings(reply, transcript), codes, None if empty else note
