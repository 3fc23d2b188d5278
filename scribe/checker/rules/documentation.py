"""Documentation completeness of contractures: ROM and etiology."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from scribe.checker.engine import Context, Rule, evidence_of, register
from scribe.checker.queries import query
from scribe.icd10.refs import norm
from scribe.models import EtiologyCategory, Finding, Flag

ETIOLOGY_OPTIONS: tuple[tuple[str, EtiologyCategory], ...] = (
    ("Post-surgical (scarring after surgery)", "post-surgical"),
    ("Prolonged immobilization or disuse (cast, brace, sling, bed rest)", "immobilization"),
    ("Neurologic condition (e.g. stroke, cerebral palsy, spinal cord injury)", "neurogenic"),
    ("Burn", "burn"),
    ("Injury or fracture", "trauma"),
)


def _contractures(ctx: Context) -> list[Finding]:
    return [f for f in ctx.asserted if f.finding == "contracture"]


@register
class MissingRom(Rule):
    """`missing-rom` (warning): a contracture without an objective range-of-motion
    measurement in degrees.

    Source: shared/domain/M62.40-reference.txt documentation tips ("record
    objective ROM measurements at baseline and on follow-up"); medical necessity
    for therapy services (CMS LCDs).
    """

    id = "missing-rom"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for f in _contractures(ctx):
            if any(r.degrees is not None or r.lacking is not None for r in f.rom):
                continue
            where = f.muscle or f.joint or f.region
            yield self.flag(
                f"The contracture ({where}) has no range-of-motion measurement in degrees; "
                "document the affected joint's motion with a goniometer reading.",
                evidence=evidence_of([f]),
                query=query(
                    "Was range of motion measured for the contracture documented in this "
                    "encounter? If so, please document the joint, motion and degrees.",
                    evidence_of([f]),
                    [
                        ("Measured (please document joint, motion and degrees)", []),
                        ("Not measured at this encounter", []),
                    ],
                ),
            )


@register
class MissingEtiology(Rule):
    """`missing-etiology` (warning): a contracture whose cause is not documented,
    or documented as undetermined ("I can't say what caused it").

    An undetermined cause still warns (a warning never blocks): the cause decides
    whether a sequela or manifestation code belongs on the claim, so the note
    should say it once it is known.

    Source: shared/domain/M62.40-reference.txt ("document the chronicity and
    etiology: post-surgical scarring, prolonged immobilization, neurogenic origin,
    or burn sequela"); Official Guidelines I.B.10 (sequelae).
    """

    id = "missing-etiology"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for f in _contractures(ctx):
            if f.etiology is not None and f.etiology.category != "unknown":
                continue
            where = f.muscle or f.joint or f.region
            state = "not documented" if f.etiology is None else "documented as undetermined"
            yield self.flag(
                f"The cause of the contracture ({where}) is {state}.",
                evidence=evidence_of([f]),
                query=query(
                    "Based on your clinical judgment, what is the cause of the contracture "
                    "documented in this encounter?",
                    evidence_of([f]),
                    [(label, []) for label, _ in ETIOLOGY_OPTIONS],
                ),
            )


@dataclass(frozen=True)
class EtiologyRule:
    match: tuple[str, ...]
    category: str
    condition: str
    codes: tuple[str, ...]
    guidance: str


@cache
def etiology_rules() -> tuple[EtiologyRule, ...]:
    raw = yaml.safe_load(
        (resources.files("scribe.checker") / "data" / "etiologies.yaml").read_text("utf-8")
    )
    return tuple(
        EtiologyRule(
            match=tuple(e["match"]),
            category=e["category"],
            condition=e["condition"],
            codes=tuple(norm(c) for c in e["codes"]),
            guidance=e["guidance"],
        )
        for e in raw["etiologies"]
    )


def match_etiology(text: str) -> EtiologyRule | None:
    low = text.lower()
    for rule in etiology_rules():
        if any(m in low for m in rule.match):
            return rule
    return None


@register
class EtiologyNotCoded(Rule):
    """`etiology-not-coded` (warning): the documented cause has a code of its own
    (stroke sequela I69.-, cerebral palsy G80.-, burn sequela T20-T25 with 7th
    character S, fracture sequela) and no code for it is on the note.

    Source: Official Guidelines I.A.13 / I.B.10 (etiology-manifestation, "use
    additional code"), I.C.19.a (sequela: residual first, cause with 7th
    character S). The message names the code family to look in.
    """

    id = "etiology-not-coded"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Flag]:
        seen: set[str] = set()
        for f in _contractures(ctx):
            if f.etiology is None or f.etiology.category in ("unknown",):
                continue
            rule = match_etiology(f"{f.etiology.condition or ''} {f.etiology.category}")
            if rule is None or rule.condition in seen:
                continue
            if any(c.startswith(p) for c in ctx.codes for p in rule.codes):
                continue
            seen.add(rule.condition)
            yield self.flag(
                f"The documented cause ({f.etiology.condition or f.etiology.category}) is not "
                f"coded: add a code for {rule.condition} ({rule.guidance}). Sequence per "
                "guideline I.C.19.a / I.B.10.",
                evidence=evidence_of([f], "etiology"),
            )
