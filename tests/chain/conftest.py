"""Fixtures of the LLM-path tests: a real fake server on 127.0.0.1 and an extractor
pointed at it, with millisecond backoff so retries are counted, not waited for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scribe.chain.extractor import OpenAIExtractor
from scribe.chain.settings import LLMSettings
from scribe.models import Transcript
from scribe.transcripts import load_transcript
from tests.conftest import ROOT
from tests.fakellm import FakeLLM, extraction_json, finding, ok

THIGH = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"

_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "SCRIBE_LLM_BASE_URL",
    "SCRIBE_MODEL",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "OPENAI_API_VERSION",
    "SCRIBE_PROMPT",
)


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    for name in ("TIMEOUT", "DEADLINE", "MAX_ATTEMPTS", "BACKOFF_BASE", "BACKOFF_MAX"):
        monkeypatch.delenv(f"SCRIBE_LLM_{name}", raising=False)


def thigh_reply(codes: tuple[str, ...] = ("M62.451",)) -> str:
    """A correct, grounded answer for the right-thigh example."""
    return extraction_json(
        [
            finding(
                "contracture",
                muscle="quadriceps",
                region="thigh",
                laterality="right",
                tissue="muscle",
                rom=[
                    {
                        "joint": "knee",
                        "motion": "flexion",
                        "degrees": 85,
                        "mode": "passive",
                        "evidence": "Passive knee flexion only goes to 85 degrees",
                    }
                ],
                etiology={
                    "category": "immobilization",
                    "condition": "knee immobilizer after femur fracture",
                    "evidence": "from the six weeks of immobilization",
                },
                prior_treatment="physical therapy",
                quotes={
                    "finding": "This is a contracture of the right quadriceps muscle",
                    "muscle": "right  QUADRICEPS muscle",
                    "region": "the front of my thigh",
                    "laterality": "the right quadriceps is contracted",
                    "tissue": "the end feel is muscular, not capsular",
                    "prior_treatment": "physical therapy twice a week",
                },
            )
        ],
        codes=codes,
    )


@pytest.fixture
def thigh() -> Transcript:
    return load_transcript(THIGH)


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    with FakeLLM(default=ok(thigh_reply())) as server:
        yield server


def settings_for(server: FakeLLM, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "SCRIBE_LLM_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test",
        "SCRIBE_MODEL": "gpt-4o-mini",
        "SCRIBE_LLM_TIMEOUT": 2.0,
        "SCRIBE_LLM_DEADLINE": 10.0,
        "SCRIBE_LLM_MAX_ATTEMPTS": 4,
        "SCRIBE_LLM_BACKOFF_BASE": 0.005,
        "SCRIBE_LLM_BACKOFF_MAX": 0.05,
    }
    values.update(overrides)
    return LLMSettings(**values)


@pytest.fixture
def extractor(fake_llm: FakeLLM) -> Iterator[OpenAIExtractor]:
    with OpenAIExtractor(settings=settings_for(fake_llm)) as ex:
        yield ex
