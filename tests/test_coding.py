"""The deterministic coder: findings -> ICD-10-CM codes through the tabular's axes."""

from __future__ import annotations

import pytest

from scribe.coding import code_findings
from scribe.icd10.kb import load
from scribe.models import Finding


@pytest.mark.parametrize(
    ("muscle", "region", "code"),
    [
        ("lumbar paraspinal muscles", "other site", "M62.830"),  # "of back"
        ("cervical paraspinal muscles", "other site", "M62.838"),  # the neck is not the back
        ("gastrocnemius", "lower leg", "M62.831"),  # "of calf"
        ("trapezius", "unspecified", "M62.838"),
    ],
)
def test_spasm_codes_by_body_part(muscle: str, region: str, code: str) -> None:
    f = Finding(finding="spasm", muscle=muscle, region=region)  # type: ignore[arg-type]
    assert code_findings(load(), [f]) == [code]


def test_contracture_codes_come_from_the_site_axis() -> None:
    f = Finding(finding="contracture", muscle="quadriceps", region="thigh", laterality="right")
    assert code_findings(load(), [f]) == ["M62.451"]
    both = f.model_copy(update={"laterality": "bilateral"})
    assert code_findings(load(), [both]) == ["M62.451", "M62.452"]


def test_a_spasm_placed_only_by_the_words_of_its_site_is_coded_by_them() -> None:
    from scribe.models import Evidence

    said = Evidence(turn=3, start=30, end=40, quote="lower back")
    f = Finding(finding="spasm", region="other site", evidence={"region": said})
    assert code_findings(load(), [f]) == ["M62.830"]
    neck = Evidence(turn=3, start=30, end=34, quote="neck")
    g = Finding(finding="spasm", region="other site", evidence={"region": neck})
    assert code_findings(load(), [g]) == ["M62.838"]
