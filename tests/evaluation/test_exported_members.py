"""Pin the public surface of `scribe.evaluation`."""

from __future__ import annotations

import scribe.evaluation as evaluation


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(evaluation.__all__) == sorted(
        [
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
    )
    for name in evaluation.__all__:
        assert getattr(evaluation, name) is not None


def test_eval_group_is_registered_on_the_main_cli() -> None:
    from scribe.cli import app

    assert any(g.name == "eval" for g in app.registered_groups)
