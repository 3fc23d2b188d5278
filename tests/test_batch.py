"""Batch mode agrees with the single-case checker, line by line, in order."""

from __future__ import annotations

import json
import random

from scribe.batch import iter_results
from scribe.checker.engine import check
from scribe.icd10.kb import KnowledgeBase, dotted


def test_batch_agrees_with_single_case_over_random_pairs(kb: KnowledgeBase) -> None:
    rng = random.Random(11)
    pool = [dotted(c) for c in kb.billable_descendants("M62") + kb.billable_descendants("M24.5")]
    pool += ["R25.2", "E10.9", "E11.9", "M62.4", "Q99.99"]
    cases = [{"id": i, "codes": rng.sample(pool, 2)} for i in range(300)]
    results = list(iter_results(iter(json.dumps(c) for c in cases)))
    assert [r["id"] for r in results] == list(range(300))
    for case, result in zip(cases, results, strict=True):
        single = check([], case["codes"], kb=kb).model_dump(mode="json", by_alias=True)
        assert result == {"id": case["id"], **single}
    assert any(r["flags"] for r in results) and any(not r["flags"] for r in results)


def test_bad_lines_become_error_results() -> None:
    lines = ['{"id": 1, "codes": "M62.40"}', "[1, 2]", '{"id": 3, "codes": ["M62.40"]}']
    results = list(iter_results(iter(lines)))
    assert results[0]["error"]["message"] == "'codes' must be a list of strings"
    assert results[1]["error"]["message"] == "each line must be a JSON object"
    assert results[2]["id"] == 3 and results[2]["finalizable"] is True
