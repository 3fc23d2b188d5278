"""Every structured field must be backed by words of the transcript."""

from __future__ import annotations

from collections.abc import Iterator

from scribe.checker.engine import Context, Rule, normalise, register
from scribe.models import Evidence, Finding, Flag


def _claimed(f: Finding) -> list[str]:
    """Fields that need evidence: those that carry information (defaults need none)."""
    fields = ["finding"]
    if f.muscle:
        fields.append("muscle")
    if f.region not in ("unspecified",):
        fields.append("region")
    if f.laterality != "unspecified":
        fields.append("laterality")
    if f.etiology is not None:
        fields.append("etiology")
    return fields


@register
class UngroundedField(Rule):
    """`ungrounded-field` (error): a structured field whose evidence quote is not in
    the transcript (whitespace- and case-normalised), or that has no quote at all.

    Source: scribe's grounding contract (every field backed by a verbatim quote);
    Official Guidelines I.B.14 (codes rest on the provider's documentation).
    """

    id = "ungrounded-field"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        if ctx.transcript is None:
            return
        text = ctx.transcript_text
        for i, f in enumerate(ctx.findings):
            for name in _claimed(f):
                ev = f.evidence.get(name)
                if ev is None:
                    yield self.flag(f"Finding {i + 1}: field '{name}' has no evidence quote.")
                elif not _grounded(ev, text):
                    yield self.flag(
                        f"Finding {i + 1}: the evidence for '{name}' is not in the transcript.",
                        evidence=[ev],
                    )
            for j, rom in enumerate(f.rom):
                if rom.evidence is not None and not _grounded(rom.evidence, text):
                    yield self.flag(
                        f"Finding {i + 1}: the evidence for ROM {j + 1} is not in the transcript.",
                        evidence=[rom.evidence],
                    )


def _grounded(ev: Evidence, text: str) -> bool:
    quote = normalise(ev.quote)
    return bool(quote) and quote in text


@register
class WitnessDisagreement(Rule):
    """`witness-disagreement` (warning): an LLM-drafted finding whose region,
    laterality or tissue differs from what the offline extractor (the witness)
    reads in the same transcript, or that the witness does not see at all.

    Source: scribe's grounding contract (issue 5): two independent readings of
    the transcript must agree before a field is trusted; the clinician decides.
    A warning, not an error: the rule-based witness can be the one that is wrong.
    """

    id = "witness-disagreement"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Flag]:
        if ctx.witness is None:
            return
        seen = [w for w in ctx.witness if not w.negated]
        for i, f in enumerate(ctx.asserted):
            same_type = [w for w in seen if w.finding == f.finding]
            if not same_type:
                yield self.flag(
                    f"Finding {i + 1} ({f.finding}) is not found by the offline extractor.",
                    evidence=list(f.evidence.values())[:1],
                )
                continue
            diffs = []
            if f.region not in {w.region for w in same_type}:
                diffs.append(
                    f"region {f.region} vs {', '.join(sorted({w.region for w in same_type}))}"
                )
            if f.laterality not in {w.laterality for w in same_type}:
                sides = ", ".join(sorted({w.laterality for w in same_type}))
                diffs.append(f"laterality {f.laterality} vs {sides}")
            if f.tissue not in {w.tissue for w in same_type}:
                diffs.append(
                    f"tissue {f.tissue} vs {', '.join(sorted({w.tissue for w in same_type}))}"
                )
            if diffs:
                yield self.flag(
                    f"Finding {i + 1} ({f.finding}) disagrees with the offline extractor: "
                    f"{'; '.join(diffs)}. Confirm against the transcript.",
                    evidence=list(f.evidence.values())[:2],
                )
