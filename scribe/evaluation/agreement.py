"""Agreement between two label sets of the same transcripts (inter-annotator agreement).

A second annotator's labels are scored against the reference labels exactly as an
extractor's prediction is (`metrics.score_case`): the same alignment, the same field
counts, the same code exact match. The figures are therefore directly comparable with
a run's, and they bound what an extractor can be expected to reach on those labels:
where careful humans agree on 85 % of sides, a 95 % target measures the annotators as
much as the extractor. Flags are left out: a label's `must` list says what a checker
should report, not what one reported.
"""

from __future__ import annotations

from typing import Any, cast

from scribe.errors import InputError
from scribe.evaluation.datasets import Dataset, LoadedCase
from scribe.evaluation.metrics import (
    ASSERTED_FIELDS,
    FIELDS,
    CaseResult,
    Prediction,
    aggregate,
    score_case,
)

__all__ = ["agreement", "render_agreement"]


def _paired(reference: Dataset, other: Dataset) -> list[tuple[LoadedCase, LoadedCase]]:
    """Cases of both sets in the reference's order; the sets must label the same
    transcripts (same ids, same transcript text)."""
    ref, oth = reference.by_id(), other.by_id()
    missing, extra = sorted(ref.keys() - oth.keys()), sorted(oth.keys() - ref.keys())
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} case(s) missing from {other.path} (first {missing[0]})")
        if extra:
            parts.append(f"{len(extra)} case(s) not in {reference.path} (first {extra[0]})")
        raise InputError("the label sets differ: " + "; ".join(parts))
    pairs = []
    for cid, r in ref.items():
        o = oth[cid]
        if r.transcript_sha256 != o.transcript_sha256:
            raise InputError(f"case {cid}: the two label sets point at different transcripts")
        pairs.append((r, o))
    return pairs


def agreement(
    reference: Dataset, other: Dataset, *, resamples: int = 1000, seed: int = 0
) -> dict[str, Any]:
    """Field and code agreement of `other` with `reference`, with bootstrap CIs."""
    results = []
    for r, o in _paired(reference, other):
        pred = Prediction(
            findings=tuple(f.to_finding() for f in o.case.findings), codes=o.case.codes
        )
        scores = score_case(r.case, pred, severities={})
        results.append(CaseResult(id=r.id, scores=scores, tags=r.case.tags))
    summary = aggregate(results, resamples=resamples, seed=seed)
    headline = cast(dict[str, float | None], summary["headline"])
    ci95 = cast(dict[str, list[float] | None], summary["ci95"])
    differ = sorted(r.id for r in results if not r.scores.code_exact)
    return {
        "reference": str(reference.path),
        "other": str(other.path),
        "n": summary["n"],
        "code_exact_match": headline["code_exact_match"],
        "code_exact_match_ci95": ci95["code_exact_match"],
        "codes": summary["codes"],
        "fields": summary["fields"],
        "fields_asserted": summary["fields_asserted"],
        "cases_with_other_codes": len(differ),
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def render_agreement(a: dict[str, Any]) -> str:
    """Markdown: code exact match, then per-field precision/recall/F1 of the other
    label set against the reference, on all findings and on asserted ones."""
    ci = a["code_exact_match_ci95"]
    lines = [
        f"# Label agreement: {a['other']} against {a['reference']}",
        "",
        f"{a['n']} cases. Code exact match {_pct(a['code_exact_match'])}"
        + (f" (95 % CI {_pct(ci[0])} - {_pct(ci[1])})" if ci else "")
        + f", code F1 {_pct(a['codes']['f1'])}.",
        "",
        "| field | all: P | R | F1 | asserted: P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in FIELDS:
        f = a["fields"][name]
        row = [name, _pct(f["precision"]), _pct(f["recall"]), _pct(f["f1"])]
        if name in ASSERTED_FIELDS:
            s = a["fields_asserted"][name]
            row += [_pct(s["precision"]), _pct(s["recall"]), _pct(s["f1"])]
        else:
            row += ["", "", ""]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"
