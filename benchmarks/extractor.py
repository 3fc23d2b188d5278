"""Offline drafting benchmark: throughput of extractor + coder + checker on one
core, and the cold start of `scribe draft` end to end.

Run: .venv/bin/python benchmarks/extractor.py
Field-level F1 is the evaluation harness's job: `scribe eval evals/datasets/test.jsonl`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from scribe.checker.engine import check
from scribe.coding import code_findings
from scribe.extract.rules import RulesExtractor
from scribe.icd10.kb import load
from scribe.transcripts import load_transcript

ROOT = Path(__file__).resolve().parents[1]


def transcripts() -> list[Path]:
    """The examples and the dev and ACI-Bench transcripts (real visit lengths); the
    held-out test split is never read here."""
    paths = sorted((ROOT / "examples" / "transcripts").iterdir())
    for split in ("dev", "aci"):
        paths += sorted(p for p in (ROOT / "evals" / "datasets" / split).iterdir() if p.is_file())
    return paths


def main() -> None:
    kb = load()
    ex = RulesExtractor()
    parsed = [load_transcript(p) for p in transcripts()]
    chars = sum(t.char_count for t in parsed)
    for t in parsed[:5]:
        ex.extract(t)
    rounds = max(1, 2000 // len(parsed))
    start = time.perf_counter()
    for _ in range(rounds):
        for t in parsed:
            findings = ex.extract(t).findings
            check(findings, code_findings(kb, findings), transcript=t, kb=kb)
    elapsed = time.perf_counter() - start
    n = rounds * len(parsed)
    print(
        f"extractor+coder+checker: {n / elapsed:.0f} transcripts/s on one core "
        f"({1000 * elapsed / n:.2f} ms each; {len(parsed)} transcripts, "
        f"mean {chars // len(parsed)} chars)"
    )
    scribe = Path(sys.executable).with_name("scribe")
    example = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run(
            [str(scribe), "draft", str(example), "--backend", "rules", "--format", "json"],
            check=True,
            capture_output=True,
        )
        runs.append(time.perf_counter() - t0)
    print(
        f"cold start `scribe draft --backend rules --format json`: median "
        f"{statistics.median(runs) * 1000:.0f} ms (min {min(runs) * 1000:.0f}, "
        f"max {max(runs) * 1000:.0f}) over {len(runs)} runs"
    )


if __name__ == "__main__":
    main()
