"""Findings -> ICD-10-CM codes, through the knowledge base's axes.

The clinical concept of a finding (muscle contracture, joint contracture, spasm,
...) names a tabular subtree (`checker/data/concepts.yaml`); the site and side
come from the subtree's own axis, derived from the tabular titles. No code is
written here by hand, so a new tabular release moves with the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from scribe.icd10.kb import KnowledgeBase, dotted
from scribe.icd10.refs import norm
from scribe.models import Finding, Region


@dataclass(frozen=True)
class Concept:
    id: str
    finding: str
    tissues: tuple[str, ...]
    root: str
    axis: str
    label: str


@dataclass(frozen=True)
class ConceptData:
    concepts: tuple[Concept, ...]
    spasm_sites: dict[str, tuple[str, ...]]
    spasm_not: dict[str, tuple[str, ...]]
    joint_regions: dict[str, str]


def _yaml(name: str) -> Any:
    text = (resources.files("scribe.checker") / "data" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def concept_data() -> ConceptData:
    raw = _yaml("concepts.yaml")
    concepts = tuple(
        Concept(
            id=c["id"],
            finding=c["finding"],
            tissues=tuple(c["tissues"]),
            root=norm(c["root"]),
            axis=c["axis"],
            label=c["label"],
        )
        for c in raw["concepts"]
    )
    spasm = {k: tuple(v) for k, v in raw["spasm_sites"].items()}
    spasm_not = {k: tuple(v) for k, v in raw.get("spasm_not", {}).items()}
    return ConceptData(concepts, spasm, spasm_not, dict(raw["joint_regions"]))


def concept_for_finding(f: Finding) -> Concept | None:
    for c in concept_data().concepts:
        if c.finding == f.finding and f.tissue in c.tissues:
            return c
    return None


def concept_for_code(code: str) -> Concept | None:
    c = norm(code)
    for concept in concept_data().concepts:
        if c.startswith(concept.root):
            return concept
    return None


def region_of_joint(joint: str | None) -> Region:
    """The muscle region a joint lies in (WHO site table); "unspecified" if unknown."""
    region = concept_data().joint_regions.get(joint or "")
    return region if region is not None else "unspecified"  # type: ignore[return-value]


def _sides(f: Finding, has_sided_axis: bool) -> list[str]:
    if not has_sided_axis:
        return ["none"]
    if f.laterality == "bilateral":
        return ["right", "left"]  # guideline I.B.13: no bilateral code -> right and left
    return [f.laterality]


def _axis_codes(kb: KnowledgeBase, root: str, site: str, lat_finding: Finding) -> list[str]:
    """Codes for one documented site; falls back to the unsided form when the site
    has no sides ("other site", "multiple sites", "unspecified")."""
    out: list[str] = []
    for side in _sides(lat_finding, True):
        code = kb.axis_lookup(root, site, side) or kb.axis_lookup(root, site, "none")
        if code:
            out.append(code)
    return out


def _joint_of(f: Finding) -> str | None:
    if f.joint:
        return f.joint
    for r in f.rom:
        j = r.joint.lower()
        if j in concept_data().joint_regions:
            return j
    return None


def _spasm_code(kb: KnowledgeBase, root: str, f: Finding) -> str | None:
    # The words the site was said in count too: "a spasm of the lower back" names the
    # back though no muscle is named.
    said = f.evidence.get("region")
    text = " ".join(x for x in (f.muscle, f.region, said.quote if said else None) if x).lower()
    data = concept_data()
    site = next(
        (
            s
            for s, words in data.spasm_sites.items()
            if any(w in text for w in words)
            and not any(w in text for w in data.spasm_not.get(s, ()))
        ),
        None,
    )
    children = kb.billable_descendants(root)
    for code in children:
        title = kb.description(code).lower()
        if site and f"of {site}" in title:
            return code
    return next((c for c in children if kb.description(c).lower().startswith("other")), None)


def code_finding(kb: KnowledgeBase, concept: Concept, f: Finding) -> list[str]:
    """Codes (dot-less) for one asserted finding of a concept."""
    if concept.axis == "region":
        return _axis_codes(kb, concept.root, f.region, f)
    if concept.axis == "joint":
        joint = _joint_of(f)
        return _axis_codes(kb, concept.root, joint or "unspecified", f)
    if concept.axis == "spasm":
        code = _spasm_code(kb, concept.root, f)
        return [code] if code else []
    return [concept.root] if kb.is_billable(concept.root) else []


def asserted(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not f.negated]


def code_concept(kb: KnowledgeBase, concept: Concept, findings: list[Finding]) -> list[str]:
    """Codes for all findings of one concept, applying guideline I.C.13.a: two or
    more documented regions on an axis with a multiple-sites code -> that code."""
    if concept.axis == "region":
        regions = {f.region for f in findings if f.region not in ("unspecified", "multiple sites")}
        multiple = kb.axis_lookup(concept.root, "multiple sites", "none")
        if multiple and (len(regions) >= 2 or any(f.region == "multiple sites" for f in findings)):
            return [multiple]
        if regions:
            findings = [f for f in findings if f.region != "unspecified"]
    codes: list[str] = []
    for f in findings:
        codes.extend(code_finding(kb, concept, f))
    return codes


def code_findings(kb: KnowledgeBase, findings: Iterable[Finding]) -> list[str]:
    """The deterministic coder: asserted findings -> sorted, de-duplicated dotted codes."""
    by_concept: dict[str, tuple[Concept, list[Finding]]] = {}
    for f in asserted(findings):
        concept = concept_for_finding(f)
        if concept is not None:
            by_concept.setdefault(concept.id, (concept, []))[1].append(f)
    codes: set[str] = set()
    for concept, group in by_concept.values():
        codes.update(code_concept(kb, concept, group))
    return [dotted(c) for c in sorted(codes)]
