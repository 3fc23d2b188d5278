"""Site and laterality specificity on the tabular's axes (M62.4-, M24.5-, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from scribe.checker.engine import Context, Rule, evidence_of, register
from scribe.checker.queries import query
from scribe.coding import Concept, code_concept, code_finding, concept_data
from scribe.icd10.kb import dotted
from scribe.models import Finding, Flag

SIDED = ("right", "left", "bilateral")


def _site(f: Finding, concept: Concept) -> str:
    """The documented site of a finding on the concept's axis ("unspecified" if none)."""
    if concept.axis == "joint":
        if f.joint:
            return f.joint
        joints = {r.joint.lower() for r in f.rom} & set(concept_data().joint_regions)
        return joints.pop() if len(joints) == 1 else "unspecified"
    return f.region


def _axis_coded(ctx: Context) -> Iterator[tuple[str, Concept, str, str]]:
    for code, concept in ctx.coded:
        pos = ctx.kb.axis_position(code)
        if pos is not None and concept.axis in ("region", "joint"):
            yield code, concept, pos[0], pos[1]


@register
class UnspecifiedSite(Rule):
    """`unspecified-site` (error): an unspecified-site code (M62.40, M24.50) while the
    documentation names the site.

    Source: Official Guidelines I.A.9 ("unspecified" codes only when the record is
    insufficient) and I.C.13.a (code the site involved). The suggestion is the
    site-specific billable code looked up on the subcategory's axis.
    """

    id = "unspecified-site"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for code, concept, site, _ in _axis_coded(ctx):
            if site != "unspecified":
                continue
            documented = [f for f in ctx.documented(concept) if _site(f, concept) != "unspecified"]
            if not documented:
                continue
            specific = sorted(set(code_concept(ctx.kb, concept, documented)))
            where = ", ".join(sorted({_describe(f, concept) for f in documented}))
            yield self.flag(
                f"{dotted(code)} ({ctx.kb.description(code)}) is used, but the documentation "
                f"names the site: {where}. Use {', '.join(dotted(c) for c in specific)}.",
                codes=[code],
                evidence=evidence_of(documented, "region", "muscle", "joint", "laterality"),
                suggestion=([code], specific) if specific else None,
            )


@register
class UnspecifiedLaterality(Rule):
    """`unspecified-laterality` (error): an unspecified-side code (M62.459) while the
    documentation states the side.

    Source: Official Guidelines I.B.13 (laterality: "unspecified side" only when
    the side is not identified in the record).
    """

    id = "unspecified-laterality"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for code, concept, site, side in _axis_coded(ctx):
            if side != "unspecified":
                continue
            documented = [
                f
                for f in ctx.documented(concept)
                if _site(f, concept) == site and f.laterality in SIDED
            ]
            if not documented:
                continue
            specific = sorted({c for f in documented for c in code_finding(ctx.kb, concept, f)})
            sides = ", ".join(sorted({f.laterality for f in documented}))
            yield self.flag(
                f"{dotted(code)} ({ctx.kb.description(code)}) leaves the side unspecified, "
                f"but the documentation states: {sides}.",
                codes=[code],
                evidence=evidence_of(documented, "laterality"),
                suggestion=([code], specific) if specific else None,
            )


@register
class MissingSite(Rule):
    """`missing-site` (warning): a contracture whose site the documentation does not
    name, so only an unspecified-site code is possible.

    Source: Official Guidelines I.A.9 and I.C.13.a; query per AHIMA/ACDIS
    compliant query practice. Options are the sites of the subcategory's axis.
    """

    id = "missing-site"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Flag]:
        seen: set[str] = set()
        for concept_id, concept, group in _groups(ctx):
            if concept.axis not in ("region", "joint") or concept_id in seen:
                continue
            if any(_site(f, concept) != "unspecified" for f in group):
                continue
            seen.add(concept_id)
            sites = [
                s
                for s in ctx.kb.axis_sites(concept.root)
                if s not in ("unspecified", "multiple sites")
            ]
            options = [(s, _site_codes(ctx, concept, s)) for s in sites]
            what = "muscle or body region" if concept.axis == "region" else "joint"
            yield self.flag(
                f"The {concept.label} is documented without its {what}; document the "
                f"{what} involved (and the side).",
                evidence=evidence_of(group, "finding"),
                query=query(
                    f"Based on your examination, which {what} is affected by the "
                    f"{concept.label} documented in this encounter?",
                    evidence_of(group),
                    options,
                ),
            )


@register
class MissingLaterality(Rule):
    """`missing-laterality` (warning): the site is documented but not the side.

    Source: Official Guidelines I.B.13 (laterality); AHIMA/ACDIS query practice.
    """

    id = "missing-laterality"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for _, concept, group in _groups(ctx):
            if concept.axis not in ("region", "joint"):
                continue
            for f in group:
                site = _site(f, concept)
                if f.laterality != "unspecified" or site in ("unspecified", "other site", "other"):
                    continue
                if ctx.kb.axis_lookup(concept.root, site, "right") is None:
                    continue
                sided = [
                    (f"Right {site}", [ctx.kb.axis_lookup(concept.root, site, "right") or ""]),
                    (f"Left {site}", [ctx.kb.axis_lookup(concept.root, site, "left") or ""]),
                    (
                        f"Both sides ({site})",
                        [
                            ctx.kb.axis_lookup(concept.root, site, "right") or "",
                            ctx.kb.axis_lookup(concept.root, site, "left") or "",
                        ],
                    ),
                ]
                yield self.flag(
                    f"The side of the {concept.label} ({_describe(f, concept)}) is not "
                    "documented; document right, left or both.",
                    evidence=evidence_of([f]),
                    query=query(
                        f"Which side is affected by the {concept.label} of the {site} "
                        "documented in this encounter?",
                        evidence_of([f]),
                        sided,
                    ),
                )


@register
class MultipleSites(Rule):
    """`multiple-sites` (error): several regions documented while single-site codes
    are used and the subcategory has a multiple-sites code (M62.49); or bilateral
    involvement of one region coded on one side only.

    Source: Official Guidelines I.C.13.a (use a "multiple sites" code when one
    exists) and I.B.13 (bilateral, no bilateral code: code right and left).
    """

    id = "multiple-sites"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        for _, concept, group in _groups(ctx):
            coded = sorted(c for c, k in ctx.coded if k.id == concept.id)
            if not coded:
                continue
            expected = sorted(set(code_concept(ctx.kb, concept, group)))
            multiple = ctx.kb.axis_lookup(concept.root, "multiple sites", "none")
            regions = sorted({_site(f, concept) for f in group} - {"unspecified"})
            if multiple and multiple in expected and multiple not in coded:
                yield self.flag(
                    f"The {concept.label} is documented at {len(regions)} sites "
                    f"({', '.join(regions)}); the tabular has a multiple-sites code.",
                    codes=coded,
                    evidence=evidence_of(group, "region", "muscle"),
                    suggestion=(coded, [multiple]),
                    query=query(
                        f"The documentation describes {concept.label} at more than one site. "
                        "Which best describes the involvement?",
                        evidence_of(group, "region", "muscle"),
                        [
                            (f"Multiple sites ({', '.join(regions)})", [multiple]),
                            *[(f"Single site: {r}", []) for r in regions],
                        ],
                    ),
                )
                continue
            bilateral = [f for f in group if f.laterality == "bilateral"]
            for f in bilateral:
                sides = code_finding(ctx.kb, concept, f)
                missing = [c for c in sides if c not in coded]
                present = [c for c in sides if c in coded]
                if missing and present:
                    yield self.flag(
                        f"The {concept.label} of the {_site(f, concept)} is documented on both "
                        "sides but coded on one; code right and left (no bilateral code exists).",
                        codes=present,
                        evidence=evidence_of([f], "laterality"),
                        suggestion=(present, sides),
                    )


def _groups(ctx: Context) -> Iterator[tuple[str, Concept, list[Finding]]]:
    for concept in concept_data().concepts:
        group = ctx.documented(concept)
        if group and concept.finding == "contracture":
            yield concept.id, concept, group


def _site_codes(ctx: Context, concept: Concept, site: str) -> list[str]:
    code = ctx.kb.axis_lookup(concept.root, site, "none")
    if code:
        return [code]
    return [c for side in ("right", "left") if (c := ctx.kb.axis_lookup(concept.root, site, side))]


def _describe(f: Finding, concept: Concept) -> str:
    parts = [f.laterality if f.laterality != "unspecified" else "", _site(f, concept)]
    text = " ".join(p for p in parts if p)
    return f"{text} ({f.muscle})" if f.muscle else text
