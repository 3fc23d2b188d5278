"""Does each code name the finding the documentation describes?"""

from __future__ import annotations

from collections.abc import Iterator

from scribe.checker.engine import Context, Rule, evidence_of, register
from scribe.coding import Concept, code_findings, concept_for_finding
from scribe.icd10.kb import dotted
from scribe.icd10.refs import norm
from scribe.models import Finding, Flag


def _others(ctx: Context, concept: Concept, same_finding: bool) -> list[Finding]:
    """Documented findings of other concepts: same finding type (tissue differs) or
    a different finding type."""
    out: list[Finding] = []
    for f in ctx.asserted:
        other = concept_for_finding(f)
        if other is None or other.id == concept.id:
            continue
        if (other.finding == concept.finding) == same_finding:
            out.append(f)
    return out


def _replacement(ctx: Context, findings: list[Finding]) -> list[str]:
    on_note = set(ctx.codes)
    return [c for c in (norm(x) for x in code_findings(ctx.kb, findings)) if c not in on_note]


@register
class TissueMismatch(Rule):
    """`tissue-mismatch` (error): a muscle-contracture code (M62.4-) while the
    documentation describes contracture of the joint capsule (M24.5-), or the
    reverse. Tendon-sheath contracture belongs to M62.4 (its "Applicable To":
    "Contracture of tendon (sheath)").

    Source: tabular Excludes1 at M62.4 ("contracture of joint (M24.5-)") and at
    M24.5 ("contracture of muscle without contracture of joint (M62.4-)").
    """

    id = "tissue-mismatch"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for code, concept in ctx.coded:
            if concept.finding != "contracture" or ctx.documented(concept):
                continue
            documented = _others(ctx, concept, same_finding=True)
            if not documented:
                continue
            tissues = ", ".join(sorted({f.tissue for f in documented}))
            with_ = _replacement(ctx, documented)
            yield self.flag(
                f"{dotted(code)} codes {concept.label}, but the documentation describes "
                f"contracture of the {tissues}.",
                codes=[code],
                evidence=evidence_of(documented, "tissue", "finding"),
                suggestion=([code], with_),
            )


@register
class FindingMismatch(Rule):
    """`finding-mismatch` (error): a contracture code while the documentation
    describes spasm (M62.83-), cramp (R25.2) or weakness (M62.81), or the reverse.

    Source: shared/domain/M62.40-reference.txt pitfalls ("M62.40 should not be used
    as a stand-in for muscle spasm (M62.838), generalized muscle weakness
    (M62.81)"); tabular Excludes1 at M62 ("cramp and spasm (R25.2)").
    """

    id = "finding-mismatch"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for code, concept in ctx.coded:
            if ctx.documented(concept) or _others(ctx, concept, same_finding=True):
                continue
            documented = _others(ctx, concept, same_finding=False)
            if not documented:
                continue
            kinds = ", ".join(sorted({f.finding for f in documented}))
            with_ = _replacement(ctx, documented)
            yield self.flag(
                f"{dotted(code)} codes {concept.label}, but the documentation describes {kinds}.",
                codes=[code],
                evidence=evidence_of(documented, "finding"),
                suggestion=([code], with_),
            )


@register
class UnsupportedCode(Rule):
    """`unsupported-code` (error): a musculoskeletal code with no documented finding
    at all behind it (absent, negated or hypothetical), e.g. a code a speaker asked
    for inside the transcript.

    Source: Official Guidelines Section III/IV intro and I.B.14 (code assignment is
    based on the provider's documentation); never code a negated finding.
    """

    id = "unsupported-code"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        if not ctx.findings and ctx.transcript is None:
            return  # codes-only check: no documentation to compare against
        for code, concept in ctx.coded:
            if (
                ctx.documented(concept)
                or _others(ctx, concept, True)
                or _others(ctx, concept, False)
            ):
                continue
            negated = [f for f in ctx.findings if f.negated and concept_for_finding(f) == concept]
            why = (
                "the documentation negates it"
                if negated
                else "the documentation does not describe it"
            )
            yield self.flag(
                f"{dotted(code)} ({concept.label}) is not supported: {why}.",
                codes=[code],
                evidence=evidence_of(negated, "finding"),
                suggestion=([code], []),
            )
