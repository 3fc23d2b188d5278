"""The evaluation harness: datasets, metrics, runs, reports and comparisons.

`scribe eval run DATASET` drives an extractor (offline rules, the LLM chain, or
any `Extractor`) over a JSONL dataset through the same pipeline as `scribe
draft`, scores every case against its gold, and writes `results.jsonl`,
`summary.json`, `summary.md` and a self-contained `report.html`; `scribe eval
compare` puts two runs side by side with a paired significance test; `scribe eval
agree` scores a second annotator's labels against the reference the same way.
"""

from __future__ import annotations

from scribe.evaluation.agreement import agreement, render_agreement
from scribe.evaluation.cache import ExtractorIdentity, ResponseCache
from scribe.evaluation.compare import compare_runs, render_comparison
from scribe.evaluation.datasets import (
    Case,
    Dataset,
    DatasetIssue,
    InvalidDataset,
    load_dataset,
    validate_dataset,
)
from scribe.evaluation.metrics import CaseScores, Prediction, aggregate, score_case
from scribe.evaluation.runner import RunConfig, RunOutcome, run

__all__ = [
    "Case",
    "CaseScores",
    "Dataset",
    "DatasetIssue",
    "ExtractorIdentity",
    "InvalidDataset",
    "Prediction",
    "ResponseCache",
    "RunConfig",
    "RunOutcome",
    "aggregate",
    "agreement",
    "compare_runs",
    "load_dataset",
    "render_agreement",
    "render_comparison",
    "run",
    "score_case",
    "validate_dataset",
]
