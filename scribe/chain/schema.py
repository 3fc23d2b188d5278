"""The structured-output contract of the LLM chain: what the model must return.

This pydantic model is the single source of the JSON Schema sent to the model
(`response_format` json_schema, strict mode) and of the validation of its reply
(STYLE: "The contract is pydantic"). It differs from `scribe.models.Finding` on
purpose: strict mode admits no free-form maps, so every field's evidence is a
named quote (`FieldQuotes`), and the quotes are plain strings that the chain then
locates in the transcript (`scribe.chain.grounding`) to build `Evidence` spans.
Closed vocabularies are the same `Literal`s as the domain models, so a reply can
never invent a region, a side or a tissue.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode

from scribe.models import EtiologyCategory, FindingType, Joint, Laterality, Region, Tissue

__all__ = [
    "EtiologyReply",
    "ExtractionReply",
    "FieldQuotes",
    "FindingReply",
    "NoteReply",
    "RomReply",
]

_QUOTE = (
    "The exact words of the transcript that support this field, copied verbatim from "
    "one speaker turn (a short span, not a paraphrase); null when the field is null."
)


class _Reply(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldQuotes(_Reply):
    """One verbatim quote per structured field of a finding."""

    finding: str = Field(description="Words that state the finding itself. " + _QUOTE)
    muscle: str | None = Field(description="Words naming the muscle. " + _QUOTE)
    region: str | None = Field(description="Words naming the body region. " + _QUOTE)
    laterality: str | None = Field(description="Words stating the side. " + _QUOTE)
    tissue: str | None = Field(
        description="Words showing muscle vs joint capsule vs tendon sheath. " + _QUOTE
    )
    prior_treatment: str | None = Field(description="Words naming prior treatment. " + _QUOTE)


class RomReply(_Reply):
    joint: str = Field(description="Joint measured, e.g. knee, hip, elbow.")
    motion: str = Field(description="Motion measured, e.g. flexion, extension, abduction.")
    degrees: float | None = Field(description="Measured end position in degrees, if stated.")
    lacking: float | None = Field(
        description="Deficit from full in degrees when stated that way ('lacks 20 degrees')."
    )
    mode: Literal["active", "passive", "unspecified"]
    evidence: str = Field(description="The measurement as spoken. " + _QUOTE)


class EtiologyReply(_Reply):
    category: EtiologyCategory = Field(
        description="Cause as stated by the clinician; 'unknown' only when stated as unknown."
    )
    condition: str | None = Field(description="Underlying condition in the clinician's words.")
    evidence: str = Field(description="Words stating the cause. " + _QUOTE)


class FindingReply(_Reply):
    """One musculoskeletal finding, each field backed by a quote in `evidence`."""

    finding: FindingType = Field(
        description="contracture (fixed shortening limiting motion), spasm, cramp, weakness "
        "or stiffness, exactly as documented; never upgrade one to another."
    )
    muscle: str | None = Field(description="Muscle or muscle group named, e.g. quadriceps.")
    region: Region = Field(
        description="Region where the affected muscle lies (ICD-10-CM site axis), not the "
        "joint it limits; 'unspecified' when no region is documented."
    )
    joint: Joint | None = Field(description="Joint involved, for capsule findings or stiffness.")
    laterality: Laterality = Field(description="Side as documented; 'unspecified' if not said.")
    tissue: Tissue = Field(
        description="Structure involved: muscle, joint capsule or tendon sheath, as documented."
    )
    rom: tuple[RomReply, ...] = Field(description="Range-of-motion measurements in degrees.")
    etiology: EtiologyReply | None = Field(description="Documented cause; null if none stated.")
    prior_treatment: str | None = Field(description="Treatment already tried, as documented.")
    negated: bool = Field(
        description="True when the finding is denied or ruled out ('no contracture')."
    )
    evidence: FieldQuotes


class NoteReply(_Reply):
    """SOAP sections of the encounter note, written only from the transcript."""

    subjective: str
    objective: str
    assessment: str
    plan: str


class ExtractionReply(_Reply):
    """The whole structured reply for one transcript.

    Its JSON Schema is built once, not on every request: the openai client derives
    the strict `response_format` from it per call, and regenerating it cost about
    1 ms of CPU per draft (benchmarks/chain.py)."""

    findings: tuple[FindingReply, ...] = Field(
        description="Every musculoskeletal finding discussed, including negated ones."
    )
    proposed_codes: tuple[str, ...] = Field(
        description="ICD-10-CM codes the documentation supports, most specific first. "
        "They are checked against the tabular list before use."
    )
    note: NoteReply

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = None,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = GenerateJsonSchema,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        if kwargs:
            return super().model_json_schema(
                by_alias, ref_template, schema_generator, mode, **kwargs
            )
        # a fresh copy each time: callers (the openai client's strict conversion)
        # mutate it. Parsing the cached JSON text is 5x faster than copy.deepcopy.
        key = (cls, by_alias, ref_template, schema_generator, mode)
        if key not in _SCHEMAS:
            _SCHEMAS[key] = json.dumps(
                super().model_json_schema(by_alias, ref_template, schema_generator, mode)
            )
        schema: dict[str, Any] = json.loads(_SCHEMAS[key])
        return schema


_SCHEMAS: dict[tuple[object, ...], str] = {}
