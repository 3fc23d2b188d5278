"""Composition of the steps: the witness travels with an LLM draft through every
re-check (draft, eval, finalize), and never with the offline extractor's own."""

from __future__ import annotations

from scribe import pipeline
from scribe.models import Evidence, Extraction, Finding
from scribe.transcripts import load_transcript
from tests.conftest import ROOT

THIGH = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"


def _llm_extraction(laterality: str) -> Extraction:
    t = load_transcript(THIGH)
    at = next(i for i, turn in enumerate(t.turns) if "quadriceps" in turn.text)
    start = t.turns[at].text.index("quadriceps")
    ev = Evidence(turn=at, start=start, end=start + 10, quote="quadriceps")
    f = Finding(
        finding="contracture",
        muscle="quadriceps",
        region="thigh",
        laterality=laterality,  # type: ignore[arg-type]
        evidence={"finding": ev, "muscle": ev, "region": ev},
    )
    return Extraction(findings=(f,), backend="openai", model="fake")


def test_an_llm_draft_is_checked_against_the_offline_witness_everywhere() -> None:
    t = load_transcript(THIGH)
    d = pipeline.build_draft(t, _llm_extraction("left"))  # the transcript says right
    assert "witness-disagreement" in [f.rule for f in d.flags]
    assert "witness-disagreement" in [f.rule for f in pipeline.check_draft(d).flags]


def test_an_agreeing_llm_draft_and_an_offline_draft_have_no_witness_flag() -> None:
    t = load_transcript(THIGH)
    agreeing = pipeline.build_draft(t, _llm_extraction("right"))
    assert "witness-disagreement" not in [f.rule for f in agreeing.flags]
    offline = pipeline.draft(t, backend="rules")
    assert "witness-disagreement" not in [f.rule for f in offline.flags]
