"""The checker engine: a registry of rules run in a fixed order.

`check()` is a pure function of (documentation facts, codes, tabular): codes are
normalised, de-duplicated and sorted before any rule sees them, every rule
iterates in a deterministic order, and the result is the same for the same input,
whatever order the codes came in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from scribe.coding import Concept, asserted, concept_for_code, concept_for_finding
from scribe.errors import InputError
from scribe.icd10.kb import KnowledgeBase, dotted, well_formed
from scribe.icd10.kb import load as load_kb
from scribe.icd10.refs import norm
from scribe.models import (
    CheckResult,
    ClinicianQuery,
    CodeRef,
    Evidence,
    Finding,
    Flag,
    Severity,
    Suggestion,
    Transcript,
)

CHECKER_VERSION = "1.1.0"
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class Context:
    """What every rule sees. Derived views are computed once per check."""

    kb: KnowledgeBase
    codes: tuple[str, ...]
    findings: tuple[Finding, ...]
    transcript: Transcript | None = None
    drg: bool = False
    witness: tuple[Finding, ...] | None = None

    @cached_property
    def transcript_text(self) -> str:
        """Whole transcript, case- and whitespace-normalised, for grounding."""
        if self.transcript is None:
            return ""
        return "\n".join(normalise(t.text) for t in self.transcript.turns)

    @cached_property
    def asserted(self) -> tuple[Finding, ...]:
        return tuple(asserted(self.findings))

    @cached_property
    def billable(self) -> tuple[str, ...]:
        return tuple(c for c in self.codes if self.kb.is_billable(c))

    @cached_property
    def _by_concept(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for f in self.asserted:
            concept = concept_for_finding(f)
            if concept is not None:
                out.setdefault(concept.id, []).append(f)
        return out

    def documented(self, concept: Concept) -> list[Finding]:
        """Asserted findings of one concept, in documentation order."""
        return self._by_concept.get(concept.id, [])

    @cached_property
    def coded(self) -> list[tuple[str, Concept]]:
        """Billable codes on the note that belong to a known concept."""
        out: list[tuple[str, Concept]] = []
        for c in self.billable:
            concept = concept_for_code(c)
            if concept is not None:
                out.append((c, concept))
        return out


class Rule:
    """One checker rule. Subclasses set `id`, `severity` and a docstring citing the
    guideline section or tabular note they enforce, and implement `check`."""

    id: ClassVar[str]
    severity: ClassVar[Severity]

    def check(self, ctx: Context) -> Iterator[Flag]:
        raise NotImplementedError

    def flag(
        self,
        message: str,
        codes: Iterable[str] = (),
        evidence: Iterable[Evidence] = (),
        suggestion: tuple[Iterable[str], Iterable[str]] | None = None,
        query: ClinicianQuery | None = None,
    ) -> Flag:
        sug = None
        if suggestion is not None:
            sug = Suggestion(
                replace=tuple(dotted(c) for c in suggestion[0]),
                with_=tuple(dotted(c) for c in suggestion[1]),
            )
        return Flag(
            rule=self.id,
            severity=self.severity,
            message=message,
            codes=tuple(dotted(c) for c in codes),
            evidence=tuple(evidence),
            suggestion=sug,
            query=query,
        )


REGISTRY: list[Rule] = []


def register(cls: type[Rule]) -> type[Rule]:
    if any(r.id == cls.id for r in REGISTRY):
        raise ValueError(f"duplicate rule id {cls.id}")
    REGISTRY.append(cls())
    return cls


def rules() -> list[Rule]:
    import scribe.checker.rules  # noqa: F401  (registers the rules in order)

    return list(REGISTRY)


def parse_codes(raw: Iterable[str]) -> tuple[str, ...]:
    """Validate the shape of user-supplied codes; malformed input is an InputError.
    Returns normalised (dot-less, upper-case) codes, de-duplicated and sorted."""
    out: set[str] = set()
    for item in raw:
        code = item.strip()
        if not code:
            continue
        if not well_formed(code):
            raise InputError(
                f"malformed ICD-10-CM code '{code}': expected a letter, a digit, "
                "a letter or digit, then optionally a dot and up to 4 characters (e.g. M62.451)"
            )
        out.add(norm(code))
    return tuple(sorted(out))


def evidence_of(findings: Iterable[Finding], *fields: str) -> list[Evidence]:
    """Evidence quotes of the given fields, de-duplicated, in document order."""
    seen: set[tuple[int, int, int]] = set()
    out: list[Evidence] = []
    for f in findings:
        for name in fields or tuple(f.evidence):
            ev = f.evidence.get(name)
            if ev is not None and (ev.turn, ev.start, ev.end) not in seen:
                seen.add((ev.turn, ev.start, ev.end))
                out.append(ev)
    return sorted(out, key=lambda e: (e.turn, e.start))


def check(
    findings: Iterable[Finding],
    codes: Iterable[str],
    transcript: Transcript | None = None,
    kb: KnowledgeBase | None = None,
    only: Callable[[Rule], bool] | None = None,
    drg: bool = False,
    witness: Iterable[Finding] | None = None,
) -> CheckResult:
    """Run every registered rule; same input, same flags, same order.

    `witness` is the offline extractor's independent reading of the transcript,
    given when the findings come from an LLM (rule `witness-disagreement`)."""
    kb = kb or load_kb()
    normalised = parse_codes(codes)
    ctx = Context(
        kb=kb,
        codes=normalised,
        findings=tuple(findings),
        transcript=transcript,
        drg=drg,
        witness=tuple(witness) if witness is not None else None,
    )
    flags: list[Flag] = []
    for rule in rules():
        if only is None or only(rule):
            flags.extend(rule.check(ctx))
    refs = tuple(CodeRef(code=dotted(c), description=kb.description(c)) for c in normalised)
    return CheckResult(
        codes=refs,
        flags=tuple(flags),
        finalizable=not any(f.severity == "error" for f in flags),
    )
