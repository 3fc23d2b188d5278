"""The LLM path: versioned prompts, a structured-output chain, one retry policy and
grounding of every field in the transcript. Heavy imports (langchain, openai) live
in `scribe.chain.extractor` and are only loaded when the chain is used."""

from __future__ import annotations

from scribe.chain.settings import LLMSettings, llm_configured

__all__ = ["LLMSettings", "llm_configured"]
