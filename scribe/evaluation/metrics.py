"""Metrics: score one case against its gold, then aggregate a run.

Scoring is a pure function of (gold case, prediction). Predicted findings are first
aligned one-to-one with gold findings (the assignment that maximises field
agreement), then each field is counted like slot filling in clinical information
extraction: a predicted value that equals the gold value is a true positive, a
predicted value that differs or has no gold counterpart a false positive, a gold
value not predicted a false negative. "Not documented" values (region or
laterality `unspecified`, no etiology) claim nothing, so predicting `unspecified`
for a documented side costs recall, not precision. ROM measurements are pooled per
case and match on (joint, core motion: "forward flexion" is flexion, "PIP" is the
hand) when the stated degrees agree within 5 degrees ("lacks 10" of a motion that
ends at 0, knee extension or dorsiflexion to neutral, reads as "minus 10"),
the usual inter-rater tolerance of goniometry (Gajdosik & Bohannon, Phys Ther 1987).

Aggregates are micro-averages (counts summed over cases). Headline metrics carry
95 % percentile-bootstrap confidence intervals over cases (Efron & Tibshirani 1993),
with a fixed seed so the same results give the same summary, byte for byte.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scribe.evaluation.datasets import Case, GoldFindingSpec, GoldRom
from scribe.models import Finding, Rom, Transcript

__all__ = [
    "ASSERTED_FIELDS",
    "FIELDS",
    "HEADLINE",
    "CaseScores",
    "Counts",
    "Prediction",
    "ResampledSums",
    "RuleCounts",
    "aggregate",
    "align",
    "case_vector",
    "flatten",
    "grounding_counts",
    "headline_from_sums",
    "lower_is_better",
    "percentile",
    "score_case",
]

#: The fields scored again over asserted findings only (`fields_asserted`): a ruled-out
#: finding never reaches the codes, and labelers disagree most on where a rule-out is.
ASSERTED_FIELDS: tuple[str, ...] = ("finding", "region", "laterality", "tissue", "etiology")
FieldName = Literal["finding", "region", "laterality", "tissue", "rom", "etiology", "negation"]
FIELDS: tuple[FieldName, ...] = (
    "finding",
    "region",
    "laterality",
    "tissue",
    "rom",
    "etiology",
    "negation",
)
ROM_TOLERANCE = 5.0

#: Headline metrics (bootstrap CIs, per-tag breakdowns, compare).
HEADLINE: tuple[str, ...] = (
    "field_f1",
    "code_exact_match",
    "code_f1",
    "flag_f1",
    "finalizable_accuracy",
    "grounding_rate",
    "hallucinated_code_rate",
)
#: Metrics where a smaller value is better (gated with --fail-over, not --fail-under).
LOWER_IS_BETTER_PREFIXES = ("hallucinated_code_rate", "latency.", "tokens.", "cost.", "errors")


def lower_is_better(name: str) -> bool:
    return name.startswith(LOWER_IS_BETTER_PREFIXES)


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Counts(_Value):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _f1(self.tp, self.fp, self.fn)


class RuleCounts(_Value):
    """A rule scored against the dataset's expectations: `must` fired = tp,
    `must` silent = fn, `must_not` fired = fp, `must_not` silent = tn. Rules a case
    says nothing about are not scored for that case."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: RuleCounts) -> RuleCounts:
        return RuleCounts(
            tp=self.tp + other.tp,
            fp=self.fp + other.fp,
            fn=self.fn + other.fn,
            tn=self.tn + other.tn,
        )


class Prediction(_Value):
    """What the pipeline produced for one case (the scored part of a Draft)."""

    findings: tuple[Finding, ...] = ()
    codes: tuple[str, ...] = ()
    flags: tuple[tuple[str, str], ...] = Field(default=(), description="(rule, severity) pairs.")
    finalizable: bool = False


class CaseScores(_Value):
    fields: dict[str, Counts]
    codes: Counts
    code_exact: bool
    flags: dict[str, RuleCounts]
    finalizable_expected: bool
    finalizable_correct: bool
    grounding_claimed: int = 0
    grounding_verified: int = 0
    predicted_codes: int = 0
    hallucinated_codes: tuple[str, ...] = ()
    region_pairs: tuple[tuple[str, str], ...] = Field(
        default=(), description="(gold, predicted) region per aligned or unaligned finding."
    )
    asserted_fields: dict[str, Counts] = Field(
        default_factory=dict,
        description="`fields` over asserted findings only (gold asserted, or an unmatched "
        "prediction asserted): the findings that reach the codes.",
    )


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(tp: int, fp: int, fn: int) -> float | None:
    den = 2 * tp + fp + fn
    return 2 * tp / den if den else None


# -- alignment --------------------------------------------------------------------
def _similarity(g: GoldFindingSpec, p: Finding) -> int:
    """How much a gold and a predicted finding agree; 0 = they cannot be aligned."""
    same_type = g.finding == p.finding
    same_region = g.region == p.region and g.region != "unspecified"
    same_muscle = bool(g.muscle and p.muscle and g.muscle.lower() == p.muscle.lower())
    if not (same_type or same_region or same_muscle):
        return 0
    return (
        4 * same_type
        + 3 * same_region
        + 2 * same_muscle
        + (g.laterality == p.laterality)
        + (g.tissue == p.tissue)
        + (g.negated == p.negated)
        + (g.joint is not None and g.joint == p.joint)
    )


def align(
    gold: Sequence[GoldFindingSpec], pred: Sequence[Finding]
) -> list[tuple[int | None, int | None]]:
    """One-to-one alignment maximising total similarity (exact DP over subsets of
    predictions up to 12, greedy beyond). Returns (gold index, predicted index) pairs
    with None for an unaligned side; deterministic for the same input."""
    sim = [[_similarity(g, p) for p in pred] for g in gold]
    pairs: dict[int, int] = {}
    if len(pred) <= 12:
        best: dict[int, tuple[int, tuple[int, ...]]] = {0: (0, ())}
        for gi in range(len(gold)):
            nxt: dict[int, tuple[int, tuple[int, ...]]] = {}
            for mask, (score, chosen) in best.items():
                options = [(score, mask, (*chosen, -1))]
                for pi in range(len(pred)):
                    if not mask >> pi & 1 and sim[gi][pi] > 0:
                        options.append((score + sim[gi][pi], mask | 1 << pi, (*chosen, pi)))
                for s, m, c in options:
                    if m not in nxt or s > nxt[m][0] or (s == nxt[m][0] and c < nxt[m][1]):
                        nxt[m] = (s, c)
            best = nxt
        _, chosen = max(best.values(), key=lambda sc: (sc[0], tuple(-x for x in sc[1])))
        pairs = {gi: pi for gi, pi in enumerate(chosen) if pi >= 0}
    else:
        used: set[int] = set()
        cells = sorted(
            ((-sim[gi][pi], gi, pi) for gi in range(len(gold)) for pi in range(len(pred))),
        )
        for negs, gi, pi in cells:
            if negs < 0 and gi not in pairs and pi not in used:
                pairs[gi] = pi
                used.add(pi)
    out: list[tuple[int | None, int | None]] = [(gi, pairs.get(gi)) for gi in range(len(gold))]
    taken = set(pairs.values())
    out.extend((None, pi) for pi in range(len(pred)) if pi not in taken)
    return out


def _value(field: str, f: GoldFindingSpec | Finding) -> str | None:
    """The claimed value of a field, or None when the field claims nothing."""
    if field == "finding":
        return f.finding
    if field == "tissue":
        return f.tissue
    if field == "region":
        return None if f.region == "unspecified" else f.region
    if field == "laterality":
        return None if f.laterality == "unspecified" else f.laterality
    if field == "etiology":
        if isinstance(f, GoldFindingSpec):
            return f.etiology
        return f.etiology.category if f.etiology is not None else None
    if field == "negation":
        return "negated" if f.negated else None
    raise ValueError(field)


def _count(gv: str | None, pv: str | None) -> Counts:
    if gv is None and pv is None:
        return Counts()
    if gv == pv:
        return Counts(tp=1)
    return Counts(fp=int(pv is not None), fn=int(gv is not None))


#: Core motions, longest first: "active forward flexion", "dorsiflexion (knee
#: extended)" and "ring finger PIP extension" are keyed by the motion they measure;
#: the qualifiers (knee position, finger) are told apart by the value instead.
_MOTION_CORE = re.compile(
    r"popliteal angle|straight leg raise|dorsiflexion|plantar ?flexion|internal rotation|"
    r"external rotation|lateral bending|side bending|abduction|adduction|supination|"
    r"pronation|inversion|eversion|flexion|extension|rotation|elevation"
)
#: Joints said as a part of one ("PIP", "thumb", "toe") key as the joint of the
#: dataset vocabulary (evals/datasets/README.md).
_JOINT_OF = {
    "finger": "hand",
    "fingers": "hand",
    "thumb": "hand",
    "mcp": "hand",
    "pip": "hand",
    "dip": "hand",
    "toe": "foot",
    "toes": "foot",
    "mtp": "foot",
    "neck": "other",
    "cervical": "other",
    "trunk": "other",
    "spine": "other",
    "forearm": "elbow",
}
_SIDE = re.compile(r"\b(right|left|bilateral|the|r|l)\b\.?")


def _key(joint: str, motion: str) -> tuple[str, str]:
    j = " ".join(_SIDE.sub(" ", joint.lower()).split())
    m = motion.lower()
    core = _MOTION_CORE.search(re.sub(r"\([^)]*\)", " ", m)) or _MOTION_CORE.search(m)
    return _JOINT_OF.get(j, j), (core.group(0).replace(" ", "") if core else " ".join(m.split()))


def _measure(r: GoldRom | Rom) -> tuple[str, float] | None:
    if r.degrees is not None:
        return "degrees", r.degrees
    if r.lacking is not None:
        return "lacking", r.lacking
    return None


#: Motions whose full range ends at 0 (a straight knee or elbow, the ankle at
#: neutral): "lacks 10 degrees" of them is the same reading as "minus 10".
_ZERO_ENDED = frozenset({"extension", "dorsiflexion"})


def _reading(key: tuple[str, str], m: tuple[str, float]) -> tuple[str, float]:
    if m[0] == "lacking" and key[1] in _ZERO_ENDED:
        return "degrees", -m[1]
    return m


def _rom_counts(gold: Iterable[GoldRom], pred: Iterable[Rom]) -> Counts:
    preds = [
        (k, _reading(k, m))
        for r in pred
        if (m := _measure(r)) is not None
        for k in [_key(r.joint, r.motion)]
    ]
    used = [False] * len(preds)
    tp = fn = 0
    for g in gold:
        gk, measured = _key(g.joint, g.motion), _measure(g)
        assert measured is not None
        gm = _reading(gk, measured)
        cands = [i for i, (k, _) in enumerate(preds) if not used[i] and k == gk]
        right = [
            i
            for i in cands
            if preds[i][1][0] == gm[0] and abs(preds[i][1][1] - gm[1]) <= ROM_TOLERANCE
        ]
        if right:
            used[right[0]] = True
            tp += 1
        else:
            if cands:  # measured the right motion, got the value wrong: fp and fn
                used[cands[0]] = True
            fn += 1
    return Counts(tp=tp, fp=len(preds) - tp, fn=fn)  # every predicted value not a tp


# -- grounding --------------------------------------------------------------------
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _claimed(f: Finding) -> list[str]:
    """Fields that carry information and so need evidence (as the checker's
    `ungrounded-field` rule sees them)."""
    out = ["finding"]
    if f.muscle:
        out.append("muscle")
    if f.region != "unspecified":
        out.append("region")
    if f.laterality != "unspecified":
        out.append("laterality")
    if f.etiology is not None:
        out.append("etiology")
    return out


def grounding_counts(findings: Iterable[Finding], transcript: Transcript) -> tuple[int, int]:
    """(claimed fields, fields whose evidence quote is verbatim in the turn it cites).

    Stricter than the checker, which accepts the quote anywhere in the transcript:
    here the cited turn index must be right too, so evidence links are usable."""
    claimed = verified = 0
    turns = [_norm(t.text) for t in transcript.turns]
    for f in findings:
        items = [f.evidence.get(name) for name in _claimed(f)]
        items += [r.evidence for r in f.rom if _measure(r) is not None]
        for ev in items:
            claimed += 1
            if ev is not None and 0 <= ev.turn < len(turns):
                quote = _norm(ev.quote)
                verified += bool(quote) and quote in turns[ev.turn]
    return claimed, verified


# -- per case ---------------------------------------------------------------------
def _norm_code(code: str) -> str:
    from scribe.icd10.kb import dotted
    from scribe.icd10.refs import norm

    return dotted(norm(code.strip()))


def expected_finalizable(case: Case, severities: Mapping[str, str]) -> bool:
    """The dataset's verdict, or: finalizable unless a `must` flag is an error."""
    if case.finalizable is not None:
        return case.finalizable
    return not any(severities.get(rule) == "error" for rule in case.flags.must)


def score_case(
    case: Case,
    pred: Prediction | None,
    *,
    severities: Mapping[str, str],
    supported_codes: Iterable[str] = (),
    grounding: tuple[int, int] = (0, 0),
) -> CaseScores:
    """Score one case. `pred` None = the pipeline failed on this case: every gold
    value is missed and the verdict counts as wrong. `supported_codes` are the codes
    the offline coder derives from the gold findings: a predicted code outside both
    the gold codes and these is a hallucinated code."""
    p = pred or Prediction()
    fields: dict[str, Counts] = {name: Counts() for name in FIELDS}
    asserted: dict[str, Counts] = {name: Counts() for name in ASSERTED_FIELDS}
    region_pairs: list[tuple[str, str]] = []
    for gi, pi in align(case.findings, p.findings):
        g = case.findings[gi] if gi is not None else None
        f = p.findings[pi] if pi is not None else None
        is_asserted = not (g.negated if g is not None else f is not None and f.negated)
        for name in FIELDS:
            if name == "rom":
                continue
            gv = _value(name, g) if g is not None else None
            pv = _value(name, f) if f is not None else None
            fields[name] = fields[name] + _count(gv, pv)
            if is_asserted and name in asserted:
                asserted[name] = asserted[name] + _count(gv, pv)
        region_pairs.append((g.region if g else "(none)", f.region if f else "(none)"))
    fields["rom"] = _rom_counts(
        (r for g in case.findings for r in g.rom), (r for f in p.findings for r in f.rom)
    )

    gold_codes = {_norm_code(c) for c in case.codes}
    pred_codes = {_norm_code(c) for c in p.codes}
    supported = {_norm_code(c) for c in supported_codes}
    codes = Counts(
        tp=len(gold_codes & pred_codes),
        fp=len(pred_codes - gold_codes),
        fn=len(gold_codes - pred_codes),
    )
    fired = {rule for rule, _ in p.flags} if pred is not None else set()
    flags: dict[str, RuleCounts] = {}
    for rule in case.flags.must:
        flags[rule] = RuleCounts(tp=1) if rule in fired else RuleCounts(fn=1)
    for rule in case.flags.must_not:
        flags[rule] = RuleCounts(fp=1) if rule in fired else RuleCounts(tn=1)
    expected = expected_finalizable(case, severities)
    return CaseScores(
        fields=fields,
        asserted_fields=asserted,
        codes=codes,
        code_exact=pred is not None and gold_codes == pred_codes,
        flags=flags,
        finalizable_expected=expected,
        finalizable_correct=pred is not None and p.finalizable == expected,
        grounding_claimed=grounding[0],
        grounding_verified=grounding[1],
        predicted_codes=len(pred_codes),
        hallucinated_codes=tuple(sorted(pred_codes - gold_codes - supported)),
        region_pairs=tuple(region_pairs),
    )


# -- aggregation ------------------------------------------------------------------
#: Columns of the per-case vector the headline metrics are computed from.
_COLS = (
    "field_tp", "field_fp", "field_fn",
    "code_tp", "code_fp", "code_fn", "code_exact",
    "flag_tp", "flag_fp", "flag_fn",
    "final_correct", "ground_claimed", "ground_verified",
    "halluc", "pred_codes", "n",
)  # fmt: skip


def case_vector(s: CaseScores) -> tuple[int, ...]:
    fc = sum(s.fields.values(), Counts())
    rc = sum(s.flags.values(), RuleCounts())
    return (
        fc.tp, fc.fp, fc.fn,
        s.codes.tp, s.codes.fp, s.codes.fn, int(s.code_exact),
        rc.tp, rc.fp, rc.fn,
        int(s.finalizable_correct), s.grounding_claimed, s.grounding_verified,
        len(s.hallucinated_codes), s.predicted_codes, 1,
    )  # fmt: skip


def headline_from_sums(sums: Sequence[float]) -> dict[str, float | None]:
    v = dict(zip(_COLS, sums, strict=True))
    return {
        "field_f1": _f1(int(v["field_tp"]), int(v["field_fp"]), int(v["field_fn"])),
        "code_exact_match": _ratio(v["code_exact"], v["n"]),
        "code_f1": _f1(int(v["code_tp"]), int(v["code_fp"]), int(v["code_fn"])),
        "flag_f1": _f1(int(v["flag_tp"]), int(v["flag_fp"]), int(v["flag_fn"])),
        "finalizable_accuracy": _ratio(v["final_correct"], v["n"]),
        "grounding_rate": _ratio(v["ground_verified"], v["ground_claimed"]),
        "hallucinated_code_rate": _ratio(v["halluc"], v["pred_codes"]),
    }


def _sums(vectors: Sequence[tuple[int, ...]]) -> list[float]:
    return (
        [float(sum(col)) for col in zip(*vectors, strict=True)] if vectors else [0.0] * len(_COLS)
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), q in [0, 100]."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


class ResampledSums:
    """Column sums of per-case vectors over bootstrap resamples, fast and exact.

    Each case's vector is packed into one Python int with fields wide enough that no
    column can overflow even if one case is drawn n times; the sum of the packed
    ints is then the packed column sums (one `sum` per resample, not one per column).
    """

    def __init__(self, vectors: Sequence[tuple[int, ...]]) -> None:
        self.n = len(vectors)
        width = max((max(v) for v in vectors), default=0) * max(self.n, 1)
        self.bits = max(width.bit_length(), 1) + 1
        self.cols = len(vectors[0]) if vectors else len(_COLS)
        self.packed = [sum(x << (self.bits * j) for j, x in enumerate(v)) for v in vectors]

    def sums(self, idx: Sequence[int]) -> list[float]:
        total = sum(itemgetter(*idx)(self.packed)) if len(idx) > 1 else self.packed[idx[0]]
        mask = (1 << self.bits) - 1
        return [float(total >> (self.bits * j) & mask) for j in range(self.cols)]


def bootstrap_ci(
    vectors: Sequence[tuple[int, ...]], *, resamples: int = 1000, seed: int = 0
) -> dict[str, tuple[float, float] | None]:
    """95 % percentile-bootstrap intervals of every headline metric, resampling cases."""
    n = len(vectors)
    if n == 0 or resamples == 0:
        return {m: None for m in HEADLINE}
    rng = random.Random(seed)
    packed = ResampledSums(vectors)
    draws: dict[str, list[float]] = {m: [] for m in HEADLINE}
    population = range(n)
    for _ in range(resamples):
        for m, v in headline_from_sums(packed.sums(rng.choices(population, k=n))).items():
            if v is not None:
                draws[m].append(v)
    out: dict[str, tuple[float, float] | None] = {}
    for m, xs in draws.items():
        lo, hi = percentile(xs, 2.5), percentile(xs, 97.5)
        out[m] = (round(lo, 6), round(hi, 6)) if lo is not None and hi is not None else None
    return out


@dataclass(frozen=True)
class CaseResult:
    """What aggregation needs of one result record."""

    id: str
    scores: CaseScores
    tags: tuple[str, ...] = ()
    ok: bool = True
    cached: bool = False
    latency_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0


def _prf(c: Counts) -> dict[str, float | int | None]:
    return {
        "precision": _round(c.precision),
        "recall": _round(c.recall),
        "f1": _round(c.f1),
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
    }


def _round(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(x, nd)


def aggregate(
    results: Sequence[CaseResult], *, resamples: int = 1000, seed: int = 0
) -> dict[str, object]:
    """The summary of a run: deterministic for the same results in the same order."""
    vectors = [case_vector(r.scores) for r in results]
    headline = {k: _round(v) for k, v in headline_from_sums(_sums(vectors)).items()}
    fields = {
        name: _prf(sum((r.scores.fields.get(name, Counts()) for r in results), Counts()))
        for name in FIELDS
    }
    fields_asserted = {
        name: _prf(sum((r.scores.asserted_fields.get(name, Counts()) for r in results), Counts()))
        for name in ASSERTED_FIELDS
    }
    codes = sum((r.scores.codes for r in results), Counts())
    rules: dict[str, RuleCounts] = {}
    for r in results:
        for rule, rc in r.scores.flags.items():
            rules[rule] = rules.get(rule, RuleCounts()) + rc
    per_rule = {
        rule: {
            "precision": _round(_ratio(rc.tp, rc.tp + rc.fp)),
            "recall": _round(_ratio(rc.tp, rc.tp + rc.fn)),
            "tp": rc.tp,
            "fp": rc.fp,
            "fn": rc.fn,
            "tn": rc.tn,
        }
        for rule, rc in sorted(rules.items())
    }
    all_rules = sum(rules.values(), RuleCounts())
    confusion: dict[str, dict[str, int]] = {}
    for r in results:
        for g, p in r.scores.region_pairs:
            row = confusion.setdefault(g, {})
            row[p] = row.get(p, 0) + 1
    ok = [r for r in results if r.ok]
    lat = [r.latency_ms for r in ok]
    n_ok = len(ok) or 1
    tags: dict[str, list[int]] = {}
    for i, r in enumerate(results):
        for t in r.tags:
            tags.setdefault(t, []).append(i)
    by_tag = {
        t: {
            "n": len(idx),
            **{
                k: _round(v)
                for k, v in headline_from_sums(_sums([vectors[i] for i in idx])).items()
            },
        }
        for t, idx in sorted(tags.items())
    }
    return {
        "n": len(results),
        "errors": len(results) - len(ok),
        "cached": sum(r.cached for r in results),
        "headline": headline,
        "ci95": {
            k: list(v) if v else None
            for k, v in bootstrap_ci(vectors, resamples=resamples, seed=seed).items()
        },
        "fields": fields,
        "fields_asserted": fields_asserted,
        "codes": {"exact_match": headline["code_exact_match"], **_prf(codes)},
        "flags": {
            "micro": {
                "precision": _round(_ratio(all_rules.tp, all_rules.tp + all_rules.fp)),
                "recall": _round(_ratio(all_rules.tp, all_rules.tp + all_rules.fn)),
                "f1": headline["flag_f1"],
            },
            "rules": per_rule,
        },
        "region_confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
        "latency": {
            "p50_ms": _round(percentile(lat, 50), 1),
            "p95_ms": _round(percentile(lat, 95), 1),
            "mean_ms": _round(sum(lat) / len(lat), 1) if lat else None,
            "max_ms": _round(max(lat), 1) if lat else None,
        },
        "tokens": {
            "prompt_per_note": _round(sum(r.prompt_tokens for r in ok) / n_ok, 1),
            "completion_per_note": _round(sum(r.completion_tokens for r in ok) / n_ok, 1),
            "total_per_note": _round(
                sum(r.prompt_tokens + r.completion_tokens for r in ok) / n_ok, 1
            ),
        },
        "cost": {
            "per_note_usd": _round(sum(r.cost_usd for r in ok) / n_ok, 6),
            "total_usd": _round(sum(r.cost_usd for r in ok), 6),
        },
        "by_tag": by_tag,
    }


def flatten(summary: Mapping[str, object]) -> dict[str, float]:
    """Every scalar metric of a summary under a dotted name, for `--fail-under`:
    headline names (`code_f1`), `fields.region.f1`, `flags.rules.missing-rom.recall`,
    `latency.p95_ms`, `errors`, ... Missing (None) values are left out."""
    out: dict[str, float] = {}

    def walk(prefix: str, node: object) -> None:
        if isinstance(node, Mapping):
            for k, v in node.items():
                walk(f"{prefix}{k}.", v)
        elif isinstance(node, bool):
            return
        elif isinstance(node, int | float):
            out[prefix[:-1]] = float(node)

    head = summary.get("headline")
    if isinstance(head, Mapping):
        walk("", head)
    for key in (
        "n",
        "errors",
        "cached",
        "fields",
        "fields_asserted",
        "codes",
        "flags",
        "latency",
        "tokens",
        "cost",
    ):
        if key in summary:
            walk(f"{key}.", summary[key]) if isinstance(summary[key], Mapping) else walk(
                "", {key: summary[key]}
            )
    return out
