"""Request and response bodies of the HTTP API (and so its OpenAPI document).

Responses reuse the domain models: a draft response *is* a `Draft` (the CLI's
`--format json`: `id`, `note`, `findings`, `codes`, `flags`, `finalizable`,
`provenance`, `transcript`) plus its store state; a check response is a
`CheckResult`. Requests reject unknown keys, so a typo is a 422, not a silent no-op.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from scribe.models import Draft, Flag, Override

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftRequest(Request):
    transcript: Text = Field(
        description="Transcript text in any supported format (plain, [doctor], WebVTT, JSON)."
    )
    backend: Literal["auto", "rules", "openai"] | None = Field(
        default=None, description="auto = LLM when configured, else offline rules."
    )
    by: Name | None = Field(default=None, description="Who requests the draft (audit).")


class CheckRequest(Request):
    transcript: Text | None = None
    codes: list[Code] | None = Field(
        default=None, description="ICD-10-CM codes; from the documentation when absent."
    )
    draft: Draft | None = Field(default=None, description="A draft as returned by the API.")
    drg: bool = Field(default=False, description="Add MS-DRG v43 impact as info flags.")

    @model_validator(mode="after")
    def _one_source(self) -> CheckRequest:
        if (self.transcript is None) == (self.draft is None):
            raise ValueError("give exactly one of 'transcript' or 'draft'")
        return self


class OverrideRequest(Request):
    rule: Text
    reason: Text = Field(description="Why the flag is overridden; required.")


class FinalizeRequest(Request):
    overrides: list[OverrideRequest] = Field(default_factory=list)
    by: Name = Field(description="Who finalizes (recorded with each override).")


class CodesRequest(Request):
    codes: list[Code] = Field(min_length=1)
    by: Name | None = Field(default=None, description="Who edits the codes (audit).")


class DraftResponse(Draft):
    """A stored draft: the CLI's draft JSON plus its version and state."""

    version: int
    status: Literal["draft", "final"]
    created_at: datetime
    updated_at: datetime
    finalized_at: str | None = None
    finalized_by: str | None = None
    overrides: tuple[Override, ...] = ()


class AuditEventResponse(BaseModel):
    seq: int
    at: datetime
    action: Literal["created", "codes_revised", "finalized"]
    actor: str | None = Field(description="Who, as stated by the client (`by`).")
    principal: str | None = Field(description="Which API key (fingerprint), if auth is on.")
    request_id: str | None
    version: int
    detail: dict[str, Any]


class AuditResponse(BaseModel):
    draft_id: str
    events: list[AuditEventResponse]


class Health(BaseModel):
    status: Literal["ok"]
    db: Literal["ok"]


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    message: str
    request_id: str | None
    rules: list[str] | None = None
    flags: list[Flag] | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail
