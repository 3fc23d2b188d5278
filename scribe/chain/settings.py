"""Configuration of the LLM chain from the environment (pydantic-settings).

Imported by the CLI on every start, so it must stay light: no langchain, no openai.
`SCRIBE_LLM_BASE_URL` wins over `OPENAI_BASE_URL` so that scribe can be pointed at
a local OpenAI-compatible server (vLLM, Ollama, llama.cpp) without touching the
variable other tools read. Azure OpenAI is used when `AZURE_OPENAI_ENDPOINT` is set.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class LLMSettings(BaseSettings):
    """Everything the chain needs to reach a model; read once per extractor."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("SCRIBE_LLM_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint; SCRIBE_LLM_BASE_URL wins over OPENAI_BASE_URL.",
    )
    model: str = Field(default="gpt-4o-mini", validation_alias="SCRIBE_MODEL")
    timeout: float = Field(default=30.0, gt=0, validation_alias="SCRIBE_LLM_TIMEOUT")
    deadline: float = Field(default=90.0, gt=0, validation_alias="SCRIBE_LLM_DEADLINE")
    max_attempts: int = Field(default=4, ge=1, validation_alias="SCRIBE_LLM_MAX_ATTEMPTS")
    concurrency: int = Field(default=8, ge=1, validation_alias="SCRIBE_LLM_CONCURRENCY")
    backoff_base: float = Field(
        default=0.5,
        ge=0,
        validation_alias="SCRIBE_LLM_BACKOFF_BASE",
        description="First retry waits base..2*base seconds; doubles each retry (jittered).",
    )
    backoff_max: float = Field(default=8.0, ge=0, validation_alias="SCRIBE_LLM_BACKOFF_MAX")
    max_tokens: int = Field(default=4096, ge=1, validation_alias="SCRIBE_LLM_MAX_TOKENS")
    temperature: float = Field(default=0.0, ge=0, validation_alias="SCRIBE_LLM_TEMPERATURE")
    prompt: str = Field(
        default="extraction",
        validation_alias="SCRIBE_PROMPT",
        description="Extraction prompt as ID or ID@VERSION.",
    )
    price_input: float | None = Field(
        default=None,
        ge=0,
        validation_alias="SCRIBE_LLM_PRICE_INPUT",
        description="USD per million prompt tokens; default from the built-in price table.",
    )
    price_output: float | None = Field(
        default=None, ge=0, validation_alias="SCRIBE_LLM_PRICE_OUTPUT"
    )
    azure_endpoint: str | None = Field(default=None, validation_alias="AZURE_OPENAI_ENDPOINT")
    azure_api_key: SecretStr | None = Field(default=None, validation_alias="AZURE_OPENAI_API_KEY")
    api_version: str | None = Field(default=None, validation_alias="OPENAI_API_VERSION")

    @property
    def is_azure(self) -> bool:
        return bool(self.azure_endpoint)


def llm_configured(settings: LLMSettings | None = None) -> bool:
    """True when an endpoint or a key is configured, i.e. `--backend auto` may use the LLM."""
    s = settings or LLMSettings()
    return bool(s.api_key or s.base_url or s.azure_endpoint)
