"""Property tests: the checker is a pure, order-free function of its inputs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scribe.checker.engine import check
from scribe.icd10.kb import KnowledgeBase, dotted, load
from scribe.models import REGIONS, Finding

KB = load()
# A pool of real codes: the musculoskeletal neighbourhood plus unrelated chapters.
POOL = sorted(
    dotted(c)
    for c in {
        *KB.billable_descendants("M62"),
        *KB.billable_descendants("M24.5"),
        *KB.billable_descendants("M25.6"),
        *KB.billable_descendants("E10"),
        *KB.billable_descendants("E11"),
        "R25.2",
        "I69.354",
        "T22.321S",
        "G80.0",
        "I10",
    }
)
codes = st.lists(st.sampled_from(POOL), min_size=0, max_size=5)
findings = st.lists(
    st.builds(
        Finding,
        finding=st.sampled_from(["contracture", "spasm", "cramp", "weakness", "stiffness"]),
        region=st.sampled_from([*REGIONS, "unspecified"]),
        laterality=st.sampled_from(["right", "left", "bilateral", "unspecified"]),
        tissue=st.sampled_from(["muscle", "tendon sheath", "joint capsule"]),
        joint=st.sampled_from([None, "knee", "shoulder", "ankle", "foot", "hip"]),
        negated=st.booleans(),
    ),
    max_size=3,
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(findings, codes)
def test_deterministic(fs: list[Finding], cs: list[str]) -> None:
    assert check(fs, cs, kb=KB) == check(fs, cs, kb=KB)


@FAST
@given(findings, codes, st.randoms())
def test_invariant_to_code_order(fs: list[Finding], cs: list[str], rnd: object) -> None:
    shuffled = list(cs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert check(fs, cs, kb=KB).flags == check(fs, shuffled, kb=KB).flags


@FAST
@given(findings, codes)
def test_every_suggested_code_is_billable(fs: list[Finding], cs: list[str]) -> None:
    kb: KnowledgeBase = KB
    for flag in check(fs, cs, kb=kb).flags:
        if flag.suggestion is not None:
            for code in flag.suggestion.with_:
                assert kb.is_billable(code), (flag.rule, code)
        if flag.query is not None:
            for option in flag.query.options:
                for code in option.codes:
                    assert kb.is_billable(code), (flag.rule, code)


@FAST
@given(st.sampled_from(POOL), st.sampled_from(POOL))
def test_any_pair_of_valid_codes_is_checked(a: str, b: str) -> None:
    result = check([], [a, b], kb=KB)
    assert [c.code for c in result.codes] == sorted({a, b})
    assert result.finalizable == (not any(f.severity == "error" for f in result.flags))
