"""Drafts and final notes as FHIR R4 document Bundles (plain JSON-ready dicts).

A Bundle of type `document`: the Composition first (one section per SOAP heading;
status `preliminary` for a draft, `final` once finalized, attested by the clinician),
one Condition per ICD-10-CM code (system `http://hl7.org/fhir/sid/icd-10-cm`) with
its body site in SNOMED CT and the laterality as the mCODE laterality-qualifier
extension, one Observation per range-of-motion measurement (degrees, UCUM `deg`),
the Devices that wrote it, and a Provenance naming the model, the prompt id and
hash, and the checker, extractor and tabular versions.

The body site of a Condition comes from the code itself (its position on the
tabular's site axis, `KnowledgeBase.axis_position`), so the bundle never states a
site the code does not. Terminology lives in `data/fhir.yaml`. Resource ids are
UUIDv5 of the note's content: the same note always gives the same bundle. The
patient is a placeholder `Patient` entry unless the caller passes a reference to
its own (`patient="Patient/123"`). Validated against `fhir.resources.R4B` in tests.
"""

from __future__ import annotations

import hashlib
import html
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

from scribe.icd10.kb import KnowledgeBase
from scribe.icd10.kb import load as load_kb
from scribe.models import CodeRef, Draft, FinalNote, Finding, Rom

__all__ = ["ICD10CM", "LATERALITY_URL", "SNOMED", "to_bundle"]

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LATERALITY_URL = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
_CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
_OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
_NS = uuid.UUID("5d0c6f0e-3b1e-4c5e-9f43-1f0a3c2b7d11")
_XHTML = "http://www.w3.org/1999/xhtml"
Json = dict[str, Any]


@cache
def _terms() -> Json:
    data: Json = yaml.safe_load(
        (resources.files("scribe") / "data" / "fhir.yaml").read_text(encoding="utf-8")
    )
    return data


def _coding(system: str, entry: Json) -> Json:
    return {"system": system, "code": entry["code"], "display": entry["display"]}


def _div(text: str) -> str:
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras) or "<p/>"
    return f'<div xmlns="{_XHTML}">{body}</div>'


def body_site(site: str, side: str) -> Json | None:
    """SNOMED CT body site with its laterality qualifier; text-only when the site
    has no concept we are sure of; None when the site is unknown."""
    if site in ("unspecified", "none", "") or not site:
        return None
    terms = _terms()
    text = f"{side} {site}" if side in terms["laterality"] else site
    concept: Json = {"text": text}
    known = terms["body_sites"].get(site)
    if known is not None:
        concept["coding"] = [_coding(SNOMED, known)]
    if side in terms["laterality"]:
        concept["extension"] = [
            {
                "url": LATERALITY_URL,
                "valueCodeableConcept": {
                    "coding": [_coding(SNOMED, terms["laterality"][side])],
                    "text": side,
                },
            }
        ]
    return concept


class _Ids:
    """Deterministic `urn:uuid:` full URLs, unique per note content."""

    def __init__(self, seed: str) -> None:
        self.seed = seed

    def __call__(self, *parts: object) -> str:
        return f"urn:uuid:{uuid.uuid5(_NS, '/'.join([self.seed, *map(str, parts)]))}"


def _site_of(finding: Finding) -> str:
    if finding.tissue == "joint capsule" and finding.joint:
        return finding.joint
    return finding.region


def _findings_for(
    code: str, findings: list[Finding], kb: KnowledgeBase
) -> tuple[tuple[str, str] | None, list[Finding]]:
    """The code's (site, side) on its axis and the asserted findings it stands for."""
    pos = kb.axis_position(code)
    if pos is None:
        return None, findings if len(findings) == 1 else []
    site, side = pos
    matched = [
        f
        for f in findings
        if _site_of(f) == site
        and (side == "none" or f.laterality in (side, "unspecified", "bilateral"))
    ]
    return pos, matched


def _rom_observation(rom: Rom, finding: Finding, ref: Json, status: str, when: str) -> Json:
    joint = rom.joint.strip()
    lacking = rom.degrees is None and rom.lacking is not None
    value = rom.lacking if lacking else rom.degrees
    mode = "" if rom.mode == "unspecified" else f" ({rom.mode})"
    what = "deficit from full" if lacking else "range of motion"
    obs: Json = {
        "resourceType": "Observation",
        "status": status,
        "category": [{"coding": [{"system": _OBS_CATEGORY, "code": "exam", "display": "Exam"}]}],
        "code": {"text": f"{joint.capitalize()} {rom.motion} {what}{mode}".strip()},
        "subject": ref,
        "effectiveDateTime": when,
        "valueQuantity": {"value": value, "unit": "deg", "system": UCUM, "code": "deg"},
    }
    side = finding.laterality if finding.laterality != "unspecified" else "none"
    site = body_site(joint.lower(), side)
    if site is not None:
        obs["bodySite"] = site
    if rom.normal is not None:
        obs["referenceRange"] = [
            {
                "high": {"value": rom.normal, "unit": "deg", "system": UCUM, "code": "deg"},
                "text": f"normal {rom.normal:g} degrees",
            }
        ]
    return obs


def _device(ids: _Ids, key: str, name: str, versions: Iterable[tuple[str, str | None]]) -> Json:
    return {
        "fullUrl": ids("Device", key),
        "resource": {
            "resourceType": "Device",
            "deviceName": [{"name": name, "type": "user-friendly-name"}],
            "version": [{"type": {"text": t}, "value": v} for t, v in versions if v],
        },
    }


def to_bundle(
    note: Draft | FinalNote,
    *,
    patient: str | None = None,
    timestamp: datetime | None = None,
    kb: KnowledgeBase | None = None,
) -> Json:
    """FHIR R4 document Bundle for a draft (preliminary) or a final note (final).

    `patient`: a reference to the embedding app's Patient ("Patient/123"); without
    it the bundle carries a placeholder Patient entry to be linked by the caller.
    `timestamp`: the bundle time (default: the finalization time, else now).
    """
    kb = kb or load_kb()
    final = note if isinstance(note, FinalNote) else None
    draft = final.draft if final is not None else note
    assert isinstance(draft, Draft)
    when = (
        timestamp.isoformat()
        if timestamp is not None
        else final.finalized_at
        if final is not None
        else datetime.now(UTC).isoformat()
    )
    ids = _Ids(hashlib.sha256(note.model_dump_json().encode()).hexdigest())
    status = "final" if final is not None else "preliminary"

    placeholder: list[Json] = []
    if patient is None:
        patient_url = ids("Patient")
        placeholder.append({"fullUrl": patient_url, "resource": {"resourceType": "Patient"}})
        subject: Json = {"reference": patient_url}
    else:
        subject = {"reference": patient}

    devices = _devices(ids, draft)
    # Observations: one per ROM measurement of each asserted finding.
    asserted = [f for f in draft.findings if not f.negated]
    obs_urls: dict[int, list[str]] = {}
    observations: list[Json] = []
    for i, f in enumerate(asserted):
        for j, rom in enumerate(f.rom):
            if rom.degrees is None and rom.lacking is None:
                continue
            url = ids("Observation", i, j)
            obs_urls.setdefault(i, []).append(url)
            observations.append(
                {"fullUrl": url, "resource": _rom_observation(rom, f, subject, status, when)}
            )
    # Conditions: one per code, body site from the code's axis position.
    conditions: list[Json] = [
        {
            "fullUrl": ids("Condition", k, ref.code),
            "resource": _condition(ref, asserted, obs_urls, subject, final is not None, when, kb),
        }
        for k, ref in enumerate(draft.codes)
    ]
    composition = _composition(
        draft, final, subject, when, devices[0], _sections(draft, final, conditions, observations)
    )
    comp_url = ids("Composition")
    provenance = _provenance(
        draft,
        final,
        [comp_url, *(e["fullUrl"] for e in conditions + observations)],
        devices,
        when,
    )
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": ids("Bundle")},
        "type": "document",
        "timestamp": when,
        "entry": [
            {"fullUrl": comp_url, "resource": composition},
            *placeholder,
            *conditions,
            *observations,
            *devices,
            {"fullUrl": ids("Provenance"), "resource": provenance},
        ],
    }


def _devices(ids: _Ids, draft: Draft) -> list[Json]:
    """scribe itself (with the versions that made the draft), then the LLM if one did."""
    prov = draft.provenance
    devices = [
        _device(
            ids,
            "scribe",
            "scribe",
            [
                ("scribe", prov.scribe_version),
                ("extractor", prov.extractor_version),
                ("checker", prov.checker_version),
                ("ICD-10-CM tabular", prov.tabular_version),
            ],
        )
    ]
    if prov.model:
        devices.append(
            _device(ids, "model", prov.model, [("model", prov.model), ("prompt", prov.prompt_id)])
        )
    return devices


def _sections(
    draft: Draft, final: FinalNote | None, conditions: list[Json], observations: list[Json]
) -> list[Json]:
    """The SOAP sections (LOINC-coded), the assessment linking the Conditions and the
    objective the ROM Observations; a final note's overrides get a section of their own."""
    terms = _terms()
    sections: list[Json] = []
    for key in ("subjective", "objective", "assessment", "plan"):
        text = getattr(draft.note, key)
        if not text.strip():
            continue
        meta = terms["sections"][key]
        section: Json = {
            "title": meta["title"],
            "code": {"coding": [_coding(LOINC, meta)]},
            "text": {"status": "generated", "div": _div(text)},
        }
        linked = conditions if key == "assessment" else observations if key == "objective" else []
        if linked:
            section["entry"] = [{"reference": e["fullUrl"]} for e in linked]
        sections.append(section)
    if final is not None and final.overrides:
        lines = [f"{o.rule}: {o.reason}" + (f" ({o.by})" if o.by else "") for o in final.overrides]
        sections.append(
            {
                "title": "Checker overrides",
                "text": {"status": "generated", "div": _div("\n".join(lines))},
            }
        )
    return sections


def _composition(
    draft: Draft,
    final: FinalNote | None,
    subject: Json,
    when: str,
    scribe_dev: Json,
    sections: list[Json],
) -> Json:
    composition: Json = {
        "resourceType": "Composition",
        "identifier": {"system": "urn:scribe:draft", "value": draft.id},
        "status": "final" if final is not None else "preliminary",
        "type": {"coding": [_coding(LOINC, _terms()["document_type"])]},
        "subject": subject,
        "date": when,
        "author": [{"reference": scribe_dev["fullUrl"], "display": "scribe"}],
        "title": "Musculoskeletal encounter note",
        "section": sections,
    }
    if final is not None:
        by = _final_by(final)
        if by:
            composition["author"].append({"display": by})
            composition["attester"] = [
                {"mode": "professional", "time": when, "party": {"display": by}}
            ]
    return composition


def _final_by(final: FinalNote) -> str | None:
    return final.by or next((o.by for o in final.overrides if o.by), None)


def _condition(
    ref: CodeRef,
    asserted: list[Finding],
    obs_urls: dict[int, list[str]],
    subject: Json,
    confirmed: bool,
    when: str,
    kb: KnowledgeBase,
) -> Json:
    pos, matched = _findings_for(ref.code, asserted, kb)
    cond: Json = {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": _CLINICAL, "code": "active"}]},
        "verificationStatus": {
            "coding": [
                {"system": _VERIFICATION, "code": "confirmed" if confirmed else "provisional"}
            ]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": _CONDITION_CATEGORY,
                        "code": "encounter-diagnosis",
                        "display": "Encounter Diagnosis",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": ICD10CM, "code": ref.code, "display": ref.description}],
            "text": ref.description or ref.code,
        },
        "subject": subject,
        "recordedDate": when,
    }
    site = body_site(*pos) if pos is not None else None
    if site is None and pos is None and len(matched) == 1:
        f = matched[0]
        side = f.laterality if f.laterality != "unspecified" else "none"
        site = body_site(_site_of(f), side)
    if site is not None:
        cond["bodySite"] = [site]
    evidence = [
        {"reference": url}
        for i, f in enumerate(asserted)
        if f in matched
        for url in obs_urls.get(i, [])
    ]
    if evidence:
        cond["evidence"] = [{"detail": evidence}]
    return cond


def _provenance(
    draft: Draft, final: FinalNote | None, targets: list[str], devices: list[Json], when: str
) -> Json:
    prov = draft.provenance
    agents: list[Json] = [
        {
            "type": {"coding": [{"system": _PARTICIPANT, "code": "assembler"}]},
            "who": {"reference": devices[0]["fullUrl"], "display": "scribe"},
        }
    ]
    if len(devices) > 1:
        agents.append(
            {
                "type": {"coding": [{"system": _PARTICIPANT, "code": "author"}]},
                "who": {"reference": devices[1]["fullUrl"], "display": prov.model},
            }
        )
    if final is not None and _final_by(final):
        agents.append(
            {
                "type": {"coding": [{"system": _PARTICIPANT, "code": "verifier"}]},
                "who": {"display": _final_by(final)},
            }
        )
    entities: list[Json] = [
        {
            "role": "source",
            "what": {
                "identifier": {"system": "urn:scribe:transcript-sha256", "value": _tx_hash(draft)},
                "display": "transcript",
            },
        },
        {
            "role": "source",
            "what": {
                "identifier": {
                    "system": "urn:scribe:icd10cm-tabular",
                    "value": prov.tabular_version,
                },
                "display": f"ICD-10-CM tabular {prov.tabular_version}",
            },
        },
        {
            "role": "derivation",
            "what": {
                "identifier": {"system": "urn:scribe:checker", "value": prov.checker_version},
                "display": f"scribe checker {prov.checker_version}",
            },
        },
    ]
    if prov.prompt_id or prov.prompt_hash:
        entities.append(
            {
                "role": "derivation",
                "what": {
                    "identifier": {
                        "system": "urn:scribe:prompt-sha256",
                        "value": prov.prompt_hash or "unknown",
                    },
                    "display": f"prompt {prov.prompt_id or 'unknown'}",
                },
            }
        )
    return {
        "resourceType": "Provenance",
        "target": [{"reference": t} for t in targets],
        "recorded": when,
        "activity": {"text": "finalize" if final is not None else "draft"},
        "agent": agents,
        "entity": entities,
    }


def _tx_hash(draft: Draft) -> str:
    from scribe.pipeline import transcript_sha256

    return transcript_sha256(draft.transcript)
