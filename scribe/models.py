"""The pydantic domain of `scribe`: transcripts, findings, codes, flags and drafts.

These models are the single source of truth for the JSON the CLI and the HTTP API
print, the JSON Schema `scribe schema` publishes, and the validation of LLM replies.
Closed clinical vocabularies are `Literal`s so that a typo is a validation error,
not a silent new category.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["clinician", "patient", "other"]

#: The chapter-13 site axis of ICD-10-CM (e.g. M62.4-): where the muscle *lies*
#: (guideline I.C.13.a), not the joint it limits.
Region = Literal[
    "shoulder",
    "upper arm",
    "forearm",
    "hand",
    "thigh",
    "lower leg",
    "ankle and foot",
    "other site",
    "multiple sites",
    "unspecified",
]
REGIONS: tuple[Region, ...] = (
    "shoulder",
    "upper arm",
    "forearm",
    "hand",
    "thigh",
    "lower leg",
    "ankle and foot",
    "other site",
)
Laterality = Literal["right", "left", "bilateral", "unspecified"]
Tissue = Literal["muscle", "tendon sheath", "joint capsule"]
FindingType = Literal["contracture", "spasm", "cramp", "weakness", "stiffness"]
#: Joints of the chapter-13 joint axis (M24.5-, M25.6-).
Joint = Literal["shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "foot", "other"]
EtiologyCategory = Literal[
    "post-surgical", "immobilization", "neurogenic", "burn", "trauma", "unknown"
]
Severity = Literal["error", "warning", "info"]
Backend = Literal["rules", "openai"]
CodeSource = Literal["coder", "llm", "user"]


class Value(BaseModel):
    """Base for immutable values that reject unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Turn(Value):
    """One speaker turn of an ambient transcript."""

    speaker: str = Field(description="Speaker label as written in the transcript.")
    role: Role = Field(description="clinician, patient or other (family, interpreter, nurse).")
    text: str
    start: float | None = Field(default=None, description="Start time in seconds, if known.")
    end: float | None = Field(default=None, description="End time in seconds, if known.")


class Transcript(Value):
    """A parsed transcript; `format` records which parser read it."""

    turns: tuple[Turn, ...]
    format: Literal["plain", "aci", "vtt", "json"] = "plain"

    @property
    def char_count(self) -> int:
        return sum(len(t.text) for t in self.turns)


class Evidence(Value):
    """Where a field comes from: a verbatim quote of one transcript turn."""

    turn: int = Field(ge=0, description="Index of the turn that holds the quote.")
    start: int = Field(ge=0, description="Character offset of the quote in that turn's text.")
    end: int = Field(ge=0, description="End offset (exclusive).")
    quote: str = Field(description="The verbatim words of the transcript supporting the field.")


class Rom(Value):
    """One range-of-motion measurement. `degrees` is the measured end position;
    `lacking` the deficit from full when the clinician states it that way."""

    joint: str
    motion: str
    degrees: float | None = None
    lacking: float | None = None
    mode: Literal["active", "passive", "unspecified"] = "unspecified"
    normal: float | None = Field(default=None, description="Normal reference value if stated.")
    evidence: Evidence | None = None


class Etiology(Value):
    category: EtiologyCategory
    condition: str | None = Field(default=None, description="Underlying condition as stated.")
    evidence: Evidence | None = None


class Finding(Value):
    """One musculoskeletal finding with its structured fields.

    Every field the extractor fills carries evidence in `evidence[field_name]`,
    so the checker can verify it against the transcript (rule `ungrounded-field`).
    """

    finding: FindingType = "contracture"
    muscle: str | None = None
    region: Region = "unspecified"
    joint: Joint | None = Field(
        default=None, description="Joint involved, for joint-capsule findings and stiffness."
    )
    laterality: Laterality = "unspecified"
    tissue: Tissue = "muscle"
    rom: tuple[Rom, ...] = ()
    etiology: Etiology | None = None
    prior_treatment: str | None = None
    negated: bool = False
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="Evidence per field name (finding, muscle, region, ...)."
    )


class CodeRef(Value):
    code: str
    description: str = ""
    source: CodeSource = "coder"


class Suggestion(Value):
    """Replace `replace` with `with`; serialised under the key "with"."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    replace: tuple[str, ...] = ()
    with_: tuple[str, ...] = Field(default=(), alias="with")


class QueryOption(Value):
    label: str
    codes: tuple[str, ...] = ()


class ClinicianQuery(Value):
    """A compliant, non-leading clinician query (AHIMA/ACDIS query practice brief):
    a question, the clinical indicators quoted from the record, and options that
    include 'other' and 'clinically undetermined'. Never mentions reimbursement."""

    question: str
    indicators: tuple[str, ...] = ()
    options: tuple[QueryOption, ...] = ()


class Flag(Value):
    rule: str
    severity: Severity
    message: str
    codes: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    suggestion: Suggestion | None = None
    query: ClinicianQuery | None = None


class NoteSections(Value):
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""


class Usage(Value):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    http_calls: int = 0
    latency_ms: float = 0.0
    cost_usd: float = 0.0


class Provenance(Value):
    backend: Backend
    model: str | None = None
    prompt_id: str | None = None
    prompt_hash: str | None = None
    extractor_version: str
    checker_version: str
    tabular_version: str
    scribe_version: str
    usage: Usage | None = None


class Override(Value):
    rule: str
    reason: str = Field(min_length=1)
    by: str | None = None


class CheckResult(Value):
    """The checker's verdict: the `codes` / `flags` / `finalizable` contract."""

    codes: tuple[CodeRef, ...]
    flags: tuple[Flag, ...]
    finalizable: bool


class Draft(Value):
    """A drafted, checked note. `finalizable` is true only with no error flag."""

    id: str
    note: NoteSections
    findings: tuple[Finding, ...]
    codes: tuple[CodeRef, ...]
    flags: tuple[Flag, ...]
    finalizable: bool
    provenance: Provenance
    transcript: Transcript


class FinalNote(Value):
    draft: Draft
    overrides: tuple[Override, ...] = ()
    finalized_at: str
    by: str | None = Field(default=None, description="Who finalized the note.")


class Extraction(Value):
    """What an extractor (offline rules or the LLM chain) returns for one transcript.
    Codes proposed by an LLM are checked, never trusted."""

    findings: tuple[Finding, ...]
    proposed_codes: tuple[str, ...] = ()
    note: NoteSections | None = Field(
        default=None, description="Note sections written by the extractor; None = use template."
    )
    backend: Backend = "rules"
    model: str | None = None
    prompt_id: str | None = None
    prompt_hash: str | None = None
    usage: Usage | None = None
