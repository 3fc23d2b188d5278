"""Negation: the in-house NegEx-style scope rule against medspaCy's ConText.

Issue 4 asked to choose between them by measured F1 and cold start. ConText runs on
a blank spaCy pipeline (no model download). Both are plugged into the same offline
extractor (only the `negated` decision differs) and scored by the evaluation harness
on the dev split; the held-out test split is not used.

medspaCy is not a dependency of scribe. Run in a venv that has it:
    python -m venv /tmp/msvenv && /tmp/msvenv/bin/pip install medspacy -e .
    /tmp/msvenv/bin/python benchmarks/negation.py
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"
_WORD = re.compile(r"[\w'-]+")


def context_negated() -> Any:
    """`negated(sentence, start)` answered by medspaCy ConText (default rules)."""
    import medspacy  # noqa: F401  (registers the medspacy_context factory)
    import spacy

    nlp = spacy.blank("en")
    context = nlp.add_pipe("medspacy_context")

    def negated(sentence: str, start: int) -> bool:
        word = _WORD.match(sentence, start)
        end = word.end() if word else min(len(sentence), start + 1)
        doc = nlp.make_doc(sentence)
        for i, token in enumerate(doc):  # the extractor already split the sentences
            token.is_sent_start = i == 0
        span = doc.char_span(start, end, label="FINDING", alignment_mode="expand")
        if span is None:
            return False
        doc.ents = [span]
        context(doc)
        return bool(doc.ents[0]._.is_negated)

    return negated


def score(negated: Any | None) -> dict[str, float | None]:
    import scribe.extract.rules as rules
    from scribe.evaluation.backends import make_extractor
    from scribe.evaluation.datasets import load_dataset
    from scribe.evaluation.runner import RunConfig, run

    original = rules.negated
    if negated is not None:
        rules.negated = negated
    try:
        extractor, identity = make_extractor("rules")
        out = Path("/tmp") / f"negation-bench-{time.monotonic_ns()}"
        config = RunConfig(out=out, concurrency=1, bootstrap=0)
        summary = run(load_dataset(DEV), extractor, identity, config).summary
    finally:
        rules.negated = original
    fields = summary["fields"]
    return {
        "negation_f1": fields["negation"]["f1"],
        "finding_f1": fields["finding"]["f1"],
        "code_exact": summary["headline"]["code_exact_match"],
    }


def cold_start_ms(code: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    inhouse = score(None)
    ctx = score(context_negated())
    print(f"dev split ({DEV.name}), same extractor, only the negation decision differs:")
    for name, s in (("in-house scope rule", inhouse), ("medspaCy ConText", ctx)):
        print(
            f"  {name:20s} negation F1 {s['negation_f1']:.3f}  finding F1 {s['finding_f1']:.3f}"
            f"  code exact {s['code_exact']:.3f}"
        )
    base = cold_start_ms("import scribe.extract.negation")
    medspacy = cold_start_ms(
        "import medspacy, spacy; nlp = spacy.blank('en'); nlp.add_pipe('medspacy_context')"
    )
    print(
        f"cold start (fresh interpreter, median of 5): in-house {base:.0f} ms, "
        f"ConText pipeline {medspacy:.0f} ms"
    )


if __name__ == "__main__":
    main()
