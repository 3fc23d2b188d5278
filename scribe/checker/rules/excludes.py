"""Excludes1 between any two codes on the note, including inherited notes."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from scribe.checker.engine import Context, Rule, register
from scribe.coding import concept_for_code
from scribe.icd10.kb import dotted
from scribe.models import Flag


@register
class Excludes1Conflict(Rule):
    """`excludes1-conflict` (error): two codes in an Excludes1 relation, in either
    direction, with notes inherited from category, block and chapter (M62 excludes
    R25.2, so R25.2 + M62.461 conflict; E10 excludes E11).

    Source: Official Guidelines I.A.12.a ("never used at the same time"). The
    exception for unrelated conditions is an override with a recorded reason at
    finalize, not silence. When the documentation supports one code of the pair
    and not the other, the suggestion drops the unsupported one.
    """

    id = "excludes1-conflict"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        existing = [c for c in ctx.codes if ctx.kb.exists(c)]
        for a, b in combinations(existing, 2):
            note = ctx.kb.excludes1_conflict(a, b)
            if note is None:
                continue
            owner = (
                dotted(note.owner)
                if note.owner[:1].isalpha() and "-" not in note.owner
                else note.owner
            )
            suggestion: tuple[list[str], list[str]] | None = None
            supported = {c: self._supported(ctx, c) for c in (a, b)}
            if supported[a] != supported[b]:
                drop = a if not supported[a] else b
                suggestion = ([drop], [])
            yield self.flag(
                f"{dotted(a)} and {dotted(b)} may not be coded together: Excludes1 note at "
                f'{owner} "{note.text}". Keep the code that matches the documentation, or '
                "override with the reason if the conditions are unrelated (guideline I.A.12.a).",
                codes=[a, b],
                suggestion=suggestion,
            )

    @staticmethod
    def _supported(ctx: Context, code: str) -> bool:
        concept = concept_for_code(code)
        return concept is not None and bool(ctx.documented(concept))
