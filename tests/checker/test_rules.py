"""One generic test runs every rule's case file (sqlfluff-style YAML fixtures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scribe.checker.engine import check, rules
from scribe.models import Finding
from scribe.transcripts import parse_transcript

CASES = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for case in data["cases"]:
            out.append((data["rule"], case))
    return out


ALL = _load()


@pytest.mark.parametrize(("rule", "case"), ALL, ids=[f"{r}:{c['name']}" for r, c in ALL])
def test_rule_case(rule: str, case: dict[str, Any]) -> None:
    findings = [Finding.model_validate(f) for f in case.get("findings", [])]
    transcript = parse_transcript(case["transcript"]) if "transcript" in case else None
    witness = [Finding.model_validate(f) for f in case["witness"]] if "witness" in case else None
    result = check(
        findings, case["codes"], transcript=transcript, drg=case.get("drg", False), witness=witness
    )
    got = [f for f in result.flags if f.rule == rule]
    expected = case["expect"]
    assert len(got) == len(expected), [f.message for f in got]
    for flag, exp in zip(got, expected, strict=True):
        if "codes" in exp:
            assert list(flag.codes) == exp["codes"]
        if "suggestion" in exp:
            if exp["suggestion"] is None:
                assert flag.suggestion is None
            else:
                assert flag.suggestion is not None
                assert flag.suggestion.model_dump(by_alias=True) == {
                    "replace": tuple(exp["suggestion"]["replace"]),
                    "with": tuple(exp["suggestion"]["with"]),
                }
        if "message_contains" in exp:
            assert exp["message_contains"] in flag.message
        if "query_options_include" in exp:
            assert flag.query is not None
            labels = [o.label for o in flag.query.options]
            for label in exp["query_options_include"]:
                assert label in labels


def test_every_rule_has_pass_and_fail_cases() -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for rule, case in ALL:
        by_rule.setdefault(rule, []).append(case)
    for r in rules():
        cases = by_rule.get(r.id, [])
        assert any(c["expect"] for c in cases), f"{r.id} has no failing case"
        assert any(not c["expect"] for c in cases), f"{r.id} has no passing case"


def test_rule_ids_unique_and_documented() -> None:
    ids = [r.id for r in rules()]
    assert len(ids) == len(set(ids))
    stable = {
        "unspecified-site",
        "unspecified-laterality",
        "missing-site",
        "missing-laterality",
        "multiple-sites",
        "excludes1-conflict",
        "tissue-mismatch",
        "finding-mismatch",
        "missing-rom",
        "missing-etiology",
        "etiology-not-coded",
        "invalid-code",
        "ungrounded-field",
    }
    assert stable <= set(ids)
    for r in rules():
        doc = type(r).__doc__ or ""
        assert f"`{r.id}`" in doc and "Source:" in doc, r.id
        assert r.severity in ("error", "warning", "info")


def test_query_never_mentions_reimbursement() -> None:
    findings = [Finding(finding="contracture")]
    result = check(findings, ["M62.40"])
    queries = [f.query for f in result.flags if f.query is not None]
    assert len(queries) >= 3
    for q in queries:
        text = (q.question + " ".join(o.label for o in q.options)).lower()
        for word in ("reimburse", "payment", "drg", "revenue", "billing"):
            assert word not in text
        assert q.options[-1].label == "Clinically undetermined"
