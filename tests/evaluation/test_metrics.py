"""Metrics on small examples computed by hand, plus invariants as properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scribe.evaluation.compare import mcnemar_exact, paired_bootstrap
from scribe.evaluation.datasets import Case, GoldFindingSpec
from scribe.evaluation.metrics import (
    CaseResult,
    Counts,
    Prediction,
    aggregate,
    align,
    bootstrap_ci,
    case_vector,
    flatten,
    percentile,
    score_case,
)
from scribe.models import REGIONS, Etiology, Finding, Rom

SEV = {"missing-site": "warning", "unspecified-laterality": "error", "excludes1-conflict": "error"}


def case(**kw: Any) -> Case:
    base: dict[str, Any] = {"id": "c", "transcript": "Doctor: hi"}
    return Case.model_validate({**base, **kw})


def gold(**kw: Any) -> dict[str, Any]:
    return {"finding": "contracture", **kw}


def thigh(**kw: Any) -> Finding:
    base: dict[str, Any] = {
        "finding": "contracture",
        "region": "thigh",
        "laterality": "right",
        "etiology": Etiology(category="immobilization"),
    }
    return Finding(**{**base, **kw})


GOLD_THIGH = gold(region="thigh", laterality="right", etiology="immobilization")


def test_perfect_prediction_scores_one_tp_per_claimed_field() -> None:
    s = score_case(
        case(findings=[GOLD_THIGH], codes=["M62.451"]),
        Prediction(findings=(thigh(),), codes=("M62.451",)),
        severities=SEV,
    )
    assert {k: (v.tp, v.fp, v.fn) for k, v in s.fields.items()} == {
        "finding": (1, 0, 0),
        "region": (1, 0, 0),
        "laterality": (1, 0, 0),
        "tissue": (1, 0, 0),
        "rom": (0, 0, 0),
        "etiology": (1, 0, 0),
        "negation": (0, 0, 0),
    }
    assert s.code_exact and s.codes == Counts(tp=1)


def test_wrong_side_is_a_false_positive_and_a_false_negative() -> None:
    s = score_case(
        case(findings=[GOLD_THIGH]),
        Prediction(findings=(thigh(laterality="left"),)),
        severities=SEV,
    )
    assert s.fields["laterality"] == Counts(fp=1, fn=1)
    assert s.fields["region"] == Counts(tp=1)


def test_unspecified_prediction_costs_recall_not_precision() -> None:
    s = score_case(
        case(findings=[GOLD_THIGH]),
        Prediction(findings=(thigh(region="unspecified", laterality="unspecified"),)),
        severities=SEV,
    )
    assert s.fields["region"] == Counts(fn=1)
    assert s.fields["laterality"] == Counts(fn=1)
    assert s.region_pairs == (("thigh", "unspecified"),)


def test_spurious_finding_counts_its_claimed_fields_as_false_positives() -> None:
    extra = Finding(finding="spasm", region="lower leg", laterality="left")
    s = score_case(
        case(findings=[GOLD_THIGH]), Prediction(findings=(thigh(), extra)), severities=SEV
    )
    assert s.fields["finding"] == Counts(tp=1, fp=1)
    assert s.fields["region"] == Counts(tp=1, fp=1)
    assert s.fields["tissue"] == Counts(tp=1, fp=1)
    assert sorted(s.region_pairs) == [("(none)", "lower leg"), ("thigh", "thigh")]


def test_negated_finding_is_scored_as_negation() -> None:
    g = case(findings=[gold(finding="spasm", negated=True)])
    hit = score_case(
        g, Prediction(findings=(Finding(finding="spasm", negated=True),)), severities=SEV
    )
    miss = score_case(g, Prediction(findings=(Finding(finding="spasm"),)), severities=SEV)
    assert hit.fields["negation"] == Counts(tp=1)
    assert miss.fields["negation"] == Counts(fn=1)


def test_asserted_fields_leave_out_ruled_out_findings_on_either_side() -> None:
    ruled_out = gold(region="lower leg", laterality="left", negated=True)
    s = score_case(
        case(findings=[GOLD_THIGH, ruled_out]),
        Prediction(
            findings=(
                thigh(),
                Finding(
                    finding="contracture", region="lower leg", laterality="right", negated=True
                ),
                Finding(finding="spasm", region="hand", laterality="left"),  # asserted, spurious
                Finding(finding="cramp", region="forearm", negated=True),  # ruled out, spurious
            )
        ),
        severities=SEV,
    )
    assert s.fields["laterality"] == Counts(tp=1, fp=2, fn=1)
    assert s.asserted_fields["laterality"] == Counts(tp=1, fp=1)
    assert s.asserted_fields["region"] == Counts(tp=1, fp=1)
    assert "negation" not in s.asserted_fields and "rom" not in s.asserted_fields


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        (Rom(joint="knee", motion="flexion", degrees=89), Counts(tp=1)),  # within 5
        (Rom(joint="Right knee", motion="active flexion", degrees=80), Counts(tp=1)),
        (Rom(joint="knee", motion="flexion", degrees=91), Counts(fp=1, fn=1)),  # 6 off
        (Rom(joint="knee", motion="flexion", lacking=85), Counts(fp=1, fn=1)),  # other measure
        (Rom(joint="knee", motion="extension", degrees=85), Counts(fp=1, fn=1)),
    ],
)
def test_rom_matches_on_joint_and_motion_within_five_degrees(pred: Rom, expected: Counts) -> None:
    g = case(
        findings=[gold(region="thigh", rom=[{"joint": "knee", "motion": "flexion", "degrees": 85}])]
    )
    s = score_case(g, Prediction(findings=(Finding(region="thigh", rom=(pred,)),)), severities=SEV)
    assert s.fields["rom"] == expected


def test_code_set_counts_and_hallucinations_outside_gold_and_supported() -> None:
    g = case(findings=[GOLD_THIGH], codes=["M62.451", "M24.561"])
    s = score_case(
        g,
        Prediction(codes=("M62.451", "M62.40", "Z99.89")),
        severities=SEV,
        supported_codes=["M62.40"],
    )
    assert s.codes == Counts(tp=1, fp=2, fn=1)
    assert not s.code_exact
    assert s.hallucinated_codes == ("Z99.89",)
    assert s.predicted_codes == 3


def test_flags_score_must_and_must_not_per_rule() -> None:
    g = case(
        flags={
            "must": ["missing-site", "missing-rom"],
            "must_not": ["excludes1-conflict", "unspecified-site"],
        }
    )
    fired = (("missing-site", "warning"), ("excludes1-conflict", "error"), ("other", "info"))
    s = score_case(g, Prediction(flags=fired), severities=SEV)
    assert {k: (v.tp, v.fp, v.fn, v.tn) for k, v in s.flags.items()} == {
        "missing-site": (1, 0, 0, 0),
        "missing-rom": (0, 0, 1, 0),
        "excludes1-conflict": (0, 1, 0, 0),
        "unspecified-site": (0, 0, 0, 1),
    }


def test_expected_verdict_follows_error_severity_of_must_flags() -> None:
    warn_only = case(flags={"must": ["missing-site"]})
    error = case(flags={"must": ["unspecified-laterality"]})
    assert score_case(warn_only, Prediction(finalizable=True), severities=SEV).finalizable_correct
    s = score_case(error, Prediction(finalizable=True), severities=SEV)
    assert not s.finalizable_expected and not s.finalizable_correct
    explicit = case(flags={"must": ["unspecified-laterality"]}, finalizable=True)
    assert score_case(explicit, Prediction(finalizable=True), severities=SEV).finalizable_correct


def test_failed_case_misses_everything_and_is_never_right() -> None:
    s = score_case(case(findings=[GOLD_THIGH], codes=[]), None, severities=SEV)
    assert s.fields["finding"] == Counts(fn=1)
    assert not s.code_exact  # even though gold and "predicted" codes are both empty
    assert not s.finalizable_correct


def test_aggregate_micro_averages_by_hand() -> None:
    # case 1: codes tp1; case 2: codes fp1 fn1 -> P = R = 1/2, F1 = 1/2; exact 1/2
    a = score_case(
        case(codes=["M62.451"]),
        Prediction(codes=("M62.451",), finalizable=True),
        severities=SEV,
        grounding=(4, 4),
    )
    b = score_case(
        case(id="d", codes=["M62.451"]),
        Prediction(codes=("M62.452",)),
        severities=SEV,
        grounding=(4, 2),
    )
    summary = aggregate(
        [
            CaseResult("c", a, tags=("x",), latency_ms=100, prompt_tokens=10, cost_usd=0.01),
            CaseResult("d", b, tags=("x", "y"), latency_ms=300, completion_tokens=30),
        ],
        resamples=200,
    )
    head: Any = summary["headline"]
    assert head["code_f1"] == 0.5 and head["code_exact_match"] == 0.5
    assert head["grounding_rate"] == 0.75
    assert head["hallucinated_code_rate"] == 0.5  # M62.452 unsupported, of 2 predicted
    assert head["finalizable_accuracy"] == 0.5
    lat: Any = summary["latency"]
    assert (lat["p50_ms"], lat["p95_ms"]) == (200.0, 290.0)
    assert summary["tokens"] == {
        "prompt_per_note": 5.0,
        "completion_per_note": 15.0,
        "total_per_note": 20.0,
    }
    tags: Any = summary["by_tag"]
    assert tags["y"]["n"] == 1 and tags["y"]["code_exact_match"] == 0.0
    flat = flatten(summary)
    assert flat["code_f1"] == 0.5 and flat["latency.p95_ms"] == 290.0
    assert flat["fields.finding.tp"] == 0.0


def test_percentile_interpolates_like_numpy() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10], 95) == 10
    assert percentile([], 50) is None
    assert percentile([0, 100], 95) == 95


def test_bootstrap_is_deterministic_and_brackets_the_estimate() -> None:
    scores = [
        score_case(
            case(id=str(i), codes=["M62.451"]),
            Prediction(codes=("M62.451",) if i % 3 else ("M62.40",)),
            severities=SEV,
        )
        for i in range(30)
    ]
    vectors = [case_vector(s) for s in scores]
    ci1 = bootstrap_ci(vectors, resamples=300, seed=7)
    ci2 = bootstrap_ci(vectors, resamples=300, seed=7)
    assert ci1 == ci2
    lo, hi = ci1["code_exact_match"] or (0, 0)
    assert lo < 20 / 30 < hi


def test_mcnemar_exact_p_values() -> None:
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(0, 5) == pytest.approx(2 / 32)
    assert mcnemar_exact(3, 3) == 1.0
    assert mcnemar_exact(1, 9) == pytest.approx(2 * 11 / 1024)


def test_paired_bootstrap_sees_a_consistent_improvement() -> None:
    good = score_case(case(codes=["M62.451"]), Prediction(codes=("M62.451",)), severities=SEV)
    bad = score_case(case(codes=["M62.451"]), Prediction(codes=("M62.40",)), severities=SEV)
    a = [case_vector(bad)] * 20
    b = [case_vector(good)] * 15 + [case_vector(bad)] * 5
    res = paired_bootstrap(a, b, resamples=500)
    assert res["code_exact_match"]["delta"] == 0.75
    assert res["code_exact_match"]["p"] == 0.0
    same = paired_bootstrap(a, a, resamples=100)
    assert same["code_exact_match"]["delta"] == 0.0 and same["code_exact_match"]["p"] == 1.0


# -- properties ---------------------------------------------------------------------
golds = st.builds(
    GoldFindingSpec,
    finding=st.sampled_from(["contracture", "spasm", "cramp", "weakness"]),
    region=st.sampled_from([*REGIONS, "unspecified"]),
    laterality=st.sampled_from(["right", "left", "bilateral", "unspecified"]),
    tissue=st.sampled_from(["muscle", "tendon sheath", "joint capsule"]),
    negated=st.booleans(),
)


def as_finding(g: GoldFindingSpec) -> Finding:
    return g.to_finding()


@settings(max_examples=60, deadline=None)
@given(st.lists(golds, max_size=5), st.randoms(use_true_random=False))
def test_predicting_the_gold_in_any_order_is_perfect(gs: list[GoldFindingSpec], rnd: Any) -> None:
    preds = [as_finding(g) for g in gs]
    rnd.shuffle(preds)
    s = score_case(
        Case(id="p", transcript="Doctor: x", findings=tuple(gs)),
        Prediction(findings=tuple(preds)),
        severities=SEV,
    )
    assert all(c.fp == 0 and c.fn == 0 for c in s.fields.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(golds, max_size=5), st.lists(golds, max_size=5))
def test_alignment_is_one_to_one_and_covers_both_sides(
    gs: list[GoldFindingSpec], ps: list[GoldFindingSpec]
) -> None:
    pairs = align(gs, [as_finding(p) for p in ps])
    g_side = [g for g, _ in pairs if g is not None]
    p_side = [p for _, p in pairs if p is not None]
    assert sorted(g_side) == list(range(len(gs)))
    assert sorted(p_side) == list(range(len(ps)))
    assert pairs == align(gs, [as_finding(p) for p in ps])  # deterministic


@pytest.mark.parametrize(
    ("gold_rom", "pred", "expected"),
    [
        # "lacks 10 degrees" of a motion that ends at 0 is the reading "minus 10"
        (
            {"joint": "ankle", "motion": "dorsiflexion", "degrees": -10},
            Rom(joint="ankle", motion="dorsiflexion", lacking=10),
            Counts(tp=1),
        ),
        (
            {"joint": "knee", "motion": "extension", "lacking": 20},
            Rom(joint="knee", motion="extension", degrees=-20),
            Counts(tp=1),
        ),
        # not for a motion that ends elsewhere: lacking 30 of flexion is not -30
        (
            {"joint": "shoulder", "motion": "flexion", "degrees": -30},
            Rom(joint="shoulder", motion="flexion", lacking=30),
            Counts(fp=1, fn=1),
        ),
        # qualifiers key by the core motion: "dorsiflexion (knee extended)", "PIP"
        (
            {"joint": "ankle", "motion": "dorsiflexion (knee extended)", "degrees": -15},
            Rom(joint="ankle", motion="dorsiflexion", degrees=-15),
            Counts(tp=1),
        ),
        (
            {"joint": "hand", "motion": "ring finger PIP extension", "lacking": 30},
            Rom(joint="pip", motion="extension", lacking=30),
            Counts(tp=1),
        ),
    ],
)
def test_rom_readings_that_mean_the_same_match(
    gold_rom: dict[str, Any], pred: Rom, expected: Counts
) -> None:
    g = case(findings=[gold(region="thigh", rom=[gold_rom])])
    s = score_case(g, Prediction(findings=(Finding(region="thigh", rom=(pred,)),)), severities=SEV)
    assert s.fields["rom"] == expected
