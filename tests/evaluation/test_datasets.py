"""The dataset schema and validator: every bad line reported with its number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scribe.evaluation.datasets import InvalidDataset, load_dataset, validate_dataset
from tests.evaluation.fakes import MINI

GOOD: dict[str, Any] = {
    "id": "a",
    "transcript": "Doctor: right thigh contracture.",
    "findings": [{"finding": "contracture", "region": "thigh", "laterality": "right"}],
    "codes": ["m62451"],
    "flags": {"must": [], "must_not": ["missing-site"]},
}


def write(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def line(**over: Any) -> str:
    return json.dumps({**GOOD, **over})


def test_fixture_dataset_loads_with_paths_inline_transcripts_and_hash() -> None:
    ds = load_dataset(MINI)
    assert [c.id for c in ds] == ["rt-thigh", "lt-calf", "unspecified", "knee-capsule"]
    assert {c.transcript.format for c in ds} == {"plain", "aci"}
    assert len(ds.sha256) == 64


def test_codes_are_normalised_to_dotted_form(tmp_path: Path) -> None:
    ds = load_dataset(write(tmp_path, [line()]))
    assert ds.cases[0].case.codes == ("M62.451",)


def test_every_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            line(),
            "{not json",
            line(id="b", findings=[{"finding": "contracture", "region": "knee"}]),
            line(id="c", colour="red"),
            "",
            line(id="a"),
            line(id="d", transcript=None, transcript_path="missing.txt"),
            line(id="e", transcript_path="x.txt"),
            line(id="f", codes=["not-a-code"]),
            line(id="g", flags={"must": ["missing-site"], "must_not": ["missing-site"]}),
            line(
                id="h",
                findings=[
                    {"finding": "contracture", "rom": [{"joint": "knee", "motion": "flexion"}]}
                ],
            ),
            "[1, 2]",
        ],
    )
    issues = {i.line: i.message for i in validate_dataset(path)}
    assert sorted(issues) == [2, 3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert "invalid JSON" in issues[2]
    assert "findings.0.region" in issues[3]
    assert "colour" in issues[4]
    assert "duplicate id (first on line 1)" in issues[6]
    assert "transcript not found" in issues[7]
    assert "exactly one of 'transcript' and 'transcript_path'" in issues[8]
    assert "malformed ICD-10-CM code 'not-a-code'" in issues[9]
    assert "both must and must_not: missing-site" in issues[10]
    assert "'degrees' or 'lacking'" in issues[11]
    assert "JSON object" in issues[12]


def test_loading_an_invalid_dataset_refuses_with_the_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, [line(), line(id="b", findings=[{"finding": "sprain"}])])
    with pytest.raises(InvalidDataset) as e:
        load_dataset(path)
    assert "line 2 (case b): findings.0.finding" in e.value.message
    assert e.value.exit_code == 2


def test_empty_and_non_utf8_datasets_are_invalid(tmp_path: Path) -> None:
    empty = tmp_path / "e.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert [str(i) for i in validate_dataset(empty)] == ["line 1: dataset has no cases"]
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\xff\xfe{}")
    assert "not valid UTF-8" in validate_dataset(binary)[0].message


def test_etiology_accepts_the_object_form(tmp_path: Path) -> None:
    f = {"finding": "contracture", "etiology": {"category": "burn", "condition": "flame burn"}}
    ds = load_dataset(write(tmp_path, [line(findings=[f])]))
    assert ds.cases[0].case.findings[0].etiology == "burn"
