"""FHIR R4 output: valid R4(B) document bundles whose Conditions, body sites,
Observations and Provenance say what the draft says, and nothing it does not."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from scribe.fhir import ICD10CM, LATERALITY_URL, SNOMED, to_bundle
from scribe.models import Draft, NoteSections
from scribe.pipeline import finalize, parse_overrides, transcript_sha256
from scribe.sdk import Scribe, revise

from .conftest import ROOT

EXAMPLES = sorted((ROOT / "examples" / "transcripts").iterdir())
WHEN = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def scribe() -> Scribe:
    return Scribe(backend="rules")


def draft_of(scribe: Scribe, name: str) -> Draft:
    return scribe.draft((ROOT / "examples" / "transcripts" / name).read_text(encoding="utf-8"))


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def snomed(concept: dict[str, Any]) -> str | None:
    return next((c["code"] for c in concept.get("coding", []) if c["system"] == SNOMED), None)


def laterality(concept: dict[str, Any]) -> str | None:
    ext = [e for e in concept.get("extension", []) if e["url"] == LATERALITY_URL]
    return snomed(ext[0]["valueCodeableConcept"]) if ext else None


def references(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return own + [r for v in node.values() for r in references(v)]
    if isinstance(node, list):
        return [r for v in node for r in references(v)]
    return []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_gives_a_valid_r4_document_bundle(scribe: Scribe, path: Path) -> None:
    bundle = to_bundle(scribe.draft(path.read_text(encoding="utf-8")), timestamp=WHEN)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "document" and bundle["timestamp"] == WHEN.isoformat()
    assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))
    assert set(references(bundle)) <= set(urls)  # the document is self-contained


def test_draft_is_preliminary_with_one_icd10cm_condition_per_code(scribe: Scribe) -> None:
    d = draft_of(scribe, "bilateral-hamstrings.txt")
    bundle = to_bundle(d, timestamp=WHEN)
    comp = resources(bundle, "Composition")[0]
    assert comp["status"] == "preliminary"
    assert {s["title"] for s in comp["section"]} >= {"Subjective", "Objective", "Assessment"}
    conditions = resources(bundle, "Condition")
    assert [c["code"]["coding"][0] for c in conditions] == [
        {"system": ICD10CM, "code": c.code, "display": c.description} for c in d.codes
    ]
    assert {c["verificationStatus"]["coding"][0]["code"] for c in conditions} == {"provisional"}


def test_condition_body_site_is_snomed_region_with_laterality(scribe: Scribe) -> None:
    bundle = to_bundle(draft_of(scribe, "bilateral-hamstrings.txt"), timestamp=WHEN)
    sites = {
        c["code"]["coding"][0]["code"]: c["bodySite"][0] for c in resources(bundle, "Condition")
    }
    assert snomed(sites["M62.451"]) == "68367000"  # thigh structure
    assert laterality(sites["M62.451"]) == "24028007"  # right
    assert laterality(sites["M62.452"]) == "7771000"  # left
    assert sites["M62.452"]["text"] == "left thigh"


def test_site_without_a_sure_snomed_concept_is_text_only(scribe: Scribe) -> None:
    d = revise(draft_of(scribe, "post-stroke-calf-contracture.vtt"), ["M62.472"])
    cond = resources(to_bundle(d, timestamp=WHEN), "Condition")[0]
    site = cond["bodySite"][0]
    assert "coding" not in site and site["text"] == "left ankle and foot"
    assert laterality(site) == "7771000"


def test_unspecified_site_code_states_no_body_site(scribe: Scribe) -> None:
    d = revise(draft_of(scribe, "right-thigh-quadriceps-contracture.txt"), ["M62.40"])
    cond = resources(to_bundle(d, timestamp=WHEN), "Condition")[0]
    assert "bodySite" not in cond  # the code does not say where; neither does the bundle


def test_rom_measurements_are_observations_in_degrees(scribe: Scribe) -> None:
    bundle = to_bundle(draft_of(scribe, "shoulder-capsule-vs-muscle.json"), timestamp=WHEN)
    obs = resources(bundle, "Observation")
    assert sorted(o["valueQuantity"]["value"] for o in obs) == [15.0, 80.0]
    for o in obs:
        assert o["valueQuantity"]["system"] == "http://unitsofmeasure.org"
        assert o["valueQuantity"]["code"] == "deg"
        assert snomed(o["bodySite"]) == "16982005" and laterality(o["bodySite"]) == "24028007"
    cond = resources(bundle, "Condition")[0]
    linked = {d["reference"] for d in cond["evidence"][0]["detail"]}
    obs_urls = {
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    }
    assert linked == obs_urls


def test_rom_deficit_is_an_observation_of_the_deficit(scribe: Scribe) -> None:
    obs = resources(to_bundle(draft_of(scribe, "post-stroke-calf-contracture.vtt")), "Observation")
    assert len(obs) == 1 and obs[0]["valueQuantity"]["value"] == 10.0
    assert "deficit" in obs[0]["code"]["text"]


def test_provenance_names_model_prompt_checker_and_tabular(scribe: Scribe) -> None:
    d = draft_of(scribe, "right-thigh-quadriceps-contracture.txt")
    llm = d.model_copy(
        update={
            "provenance": d.provenance.model_copy(
                update={"model": "gpt-4o-mini", "prompt_id": "extract-v3", "prompt_hash": "ab" * 32}
            )
        }
    )
    bundle = to_bundle(llm, timestamp=WHEN)
    prov = resources(bundle, "Provenance")[0]
    targets = {t["reference"] for t in prov["target"]}
    clinical = {
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] in ("Composition", "Condition", "Observation")
    }
    assert targets == clinical
    ids = {
        e["what"]["identifier"]["system"]: e["what"]["identifier"]["value"] for e in prov["entity"]
    }
    assert ids["urn:scribe:prompt-sha256"] == "ab" * 32
    assert ids["urn:scribe:checker"] == d.provenance.checker_version
    assert ids["urn:scribe:icd10cm-tabular"] == d.provenance.tabular_version
    assert any(e["what"]["display"] == "prompt extract-v3" for e in prov["entity"])
    devices = {r["deviceName"][0]["name"]: r for r in resources(bundle, "Device")}
    assert "gpt-4o-mini" in devices
    versions = {v["type"]["text"]: v["value"] for v in devices["scribe"]["version"]}
    assert versions["checker"] == d.provenance.checker_version
    assert ids["urn:scribe:transcript-sha256"] == transcript_sha256(d.transcript)
    assert "stiff" not in json.dumps(prov)  # the transcript is identified, not copied


def test_final_note_is_final_attested_with_overrides(scribe: Scribe) -> None:
    d = revise(draft_of(scribe, "right-thigh-quadriceps-contracture.txt"), ["M62.40"])
    final = finalize(d, parse_overrides(["unspecified-site=payer policy"]), by="dr.kim")
    bundle = to_bundle(final)
    Bundle.model_validate(bundle)
    comp = resources(bundle, "Composition")[0]
    assert comp["status"] == "final" and comp["date"] == final.finalized_at
    assert comp["attester"][0]["party"]["display"] == "dr.kim"
    overrides = next(s for s in comp["section"] if s["title"] == "Checker overrides")
    assert "unspecified-site: payer policy (dr.kim)" in overrides["text"]["div"]
    assert (
        resources(bundle, "Condition")[0]["verificationStatus"]["coding"][0]["code"] == "confirmed"
    )
    agents = resources(bundle, "Provenance")[0]["agent"]
    assert {"display": "dr.kim"} in [a["who"] for a in agents]


def test_narrative_is_escaped_xhtml(scribe: Scribe) -> None:
    d = draft_of(scribe, "right-thigh-quadriceps-contracture.txt")
    d = d.model_copy(update={"note": NoteSections(subjective="a <b> & c", plan="x")})
    comp = resources(to_bundle(d, timestamp=WHEN), "Composition")[0]
    div = comp["section"][0]["text"]["div"]
    assert div == '<div xmlns="http://www.w3.org/1999/xhtml"><p>a &lt;b&gt; &amp; c</p></div>'
    assert [s["title"] for s in comp["section"]] == ["Subjective", "Plan"]  # empty ones left out


def test_same_note_gives_the_same_bundle_and_an_edit_a_new_one(scribe: Scribe) -> None:
    d = draft_of(scribe, "right-thigh-quadriceps-contracture.txt")
    assert to_bundle(d, timestamp=WHEN) == to_bundle(d, timestamp=WHEN)
    edited = revise(d, ["M62.40"])
    assert (
        to_bundle(edited, timestamp=WHEN)["identifier"]
        != to_bundle(d, timestamp=WHEN)["identifier"]
    )


def test_caller_patient_reference_replaces_the_placeholder(scribe: Scribe) -> None:
    bundle = to_bundle(
        draft_of(scribe, "right-thigh-quadriceps-contracture.txt"), patient="Patient/42"
    )
    assert resources(bundle, "Patient") == []
    assert {c["subject"]["reference"] for c in resources(bundle, "Condition")} == {"Patient/42"}


def test_cli_draft_format_fhir_validates() -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "scribe",
            "draft",
            str(ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"),
            "--backend",
            "rules",
            "--format",
            "fhir",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    bundle = json.loads(r.stdout)
    Bundle.model_validate(bundle)
    assert [c["code"]["coding"][0]["code"] for c in resources(bundle, "Condition")] == ["M62.451"]
