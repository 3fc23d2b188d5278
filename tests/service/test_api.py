"""Every route against a real uvicorn: the draft -> edit -> finalize workflow, the
audit trail, typed errors that write nothing, request ids, and PHI-free logs."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import httpx
import pytest
from fhir.resources.R4B.bundle import Bundle

from scribe.errors import LLMBadOutput, LLMTimeout
from scribe.extract.rules import RulesExtractor
from scribe.models import Extraction, Transcript
from scribe.sdk import Scribe

from .conftest import Running, start_server

TABLES = ("drafts", "draft_versions", "flags", "overrides", "final_notes", "audit_events")


def counts(service: Running) -> dict[str, int]:
    return {t: service.rows(t) for t in TABLES}


def create(client: httpx.Client, transcript: str, **extra: Any) -> dict[str, Any]:
    r = client.post("/v1/drafts", json={"transcript": transcript, **extra})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def assert_error(r: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err: dict[str, Any] = r.json()["error"]
    assert err["type"] == kind
    assert err["message"]
    assert err["request_id"] == r.headers["x-request-id"]
    assert "Traceback" not in r.text
    return err


# -- happy paths ------------------------------------------------------------------
def test_healthz_reports_ok(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "db": "ok"}


def test_post_draft_returns_cli_contract_and_stores_version_one(
    client: httpx.Client, service: Running, transcript: str
) -> None:
    d = create(client, transcript, by="dr.kim")
    for key in ("id", "note", "findings", "codes", "flags", "finalizable", "provenance"):
        assert key in d
    assert [c["code"] for c in d["codes"]] == ["M62.451"]
    assert d["finalizable"] is True and d["version"] == 1 and d["status"] == "draft"
    assert service.rows("draft_versions", f"WHERE draft_id = '{d['id']}'") == 1
    got = client.get(f"/v1/drafts/{d['id']}").json()
    assert got["codes"] == d["codes"] and got["note"] == d["note"]


def test_check_transcript_with_codes_has_flags_and_finalizable(
    client: httpx.Client, service: Running, transcript: str
) -> None:
    before = counts(service)
    r = client.post("/v1/check", json={"transcript": transcript, "codes": ["M62.40"]})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"codes", "flags", "finalizable"}
    assert body["finalizable"] is False
    flag = next(f for f in body["flags"] if f["rule"] == "unspecified-site")
    assert flag["suggestion"] == {"replace": ["M62.40"], "with": ["M62.451"]}
    assert counts(service) == before  # check is stateless


def test_check_a_draft_rechecks_it_with_other_codes(client: httpx.Client, transcript: str) -> None:
    d = create(client, transcript)
    for key in (
        "version",
        "status",
        "created_at",
        "updated_at",
        "finalized_at",
        "finalized_by",
        "overrides",
    ):
        d.pop(key)
    r = client.post("/v1/check", json={"draft": d, "codes": ["M62.40"]})
    assert r.status_code == 200
    assert "unspecified-site" in {f["rule"] for f in r.json()["flags"]}
    assert client.post("/v1/check", json={"draft": d}).json()["finalizable"] is True


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_editing_codes_creates_a_new_version(
    client: httpx.Client, service: Running, transcript: str, method: str
) -> None:
    d = create(client, transcript)
    r = client.request(method, f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"]})
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["version"] == 2 and edited["id"] == d["id"]
    assert [c["code"] for c in edited["codes"]] == ["M62.40"]
    assert edited["finalizable"] is False
    assert service.rows("draft_versions", f"WHERE draft_id = '{d['id']}'") == 2
    assert client.get(f"/v1/drafts/{d['id']}").json()["version"] == 2


def test_finalize_with_error_flag_is_409_with_flags_and_nothing_finalized(
    client: httpx.Client, service: Running, transcript: str
) -> None:
    d = create(client, transcript)
    client.put(f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"]})
    before = counts(service)
    r = client.post(f"/v1/drafts/{d['id']}/finalize", json={"by": "dr.kim"})
    err = assert_error(r, 409, "blocked_by_flags")
    assert err["rules"] == ["unspecified-site"]
    assert [f["rule"] for f in err["flags"]] == ["unspecified-site"]
    assert err["flags"][0]["severity"] == "error"
    assert counts(service) == before
    assert service.rows("final_notes", f"WHERE draft_id = '{d['id']}'") == 0
    assert client.get(f"/v1/drafts/{d['id']}").json()["status"] == "draft"


def test_finalize_with_override_succeeds_and_audit_shows_who_and_why(
    client: httpx.Client, service: Running, transcript: str
) -> None:
    d = create(client, transcript, by="scribe-app")
    client.put(f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"], "by": "coder.lee"})
    r = client.post(
        f"/v1/drafts/{d['id']}/finalize",
        json={
            "by": "dr.kim",
            "overrides": [{"rule": "unspecified-site", "reason": "payer policy"}],
        },
    )
    assert r.status_code == 200, r.text
    final = r.json()
    assert final["by"] == "dr.kim"
    assert final["overrides"] == [
        {"rule": "unspecified-site", "reason": "payer policy", "by": "dr.kim"}
    ]
    got = client.get(f"/v1/drafts/{d['id']}").json()
    assert got["status"] == "final" and got["finalized_by"] == "dr.kim"
    assert service.rows("overrides", f"WHERE draft_id = '{d['id']}' AND by = 'dr.kim'") == 1

    events = client.get(f"/v1/drafts/{d['id']}/audit").json()["events"]
    assert [e["action"] for e in events] == ["created", "codes_revised", "finalized"]
    assert [e["actor"] for e in events] == ["scribe-app", "coder.lee", "dr.kim"]
    assert events[1]["detail"]["codes_before"] == ["M62.451"]
    assert events[2]["detail"]["overrides"] == [
        {"rule": "unspecified-site", "reason": "payer policy", "by": "dr.kim"}
    ]
    assert all(e["request_id"] for e in events)


def test_finalized_note_is_immutable(
    client: httpx.Client, service: Running, transcript: str
) -> None:
    d = create(client, transcript)
    assert client.post(f"/v1/drafts/{d['id']}/finalize", json={"by": "dr.kim"}).status_code == 200
    before = counts(service)
    assert_error(
        client.put(f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"]}), 409, "conflict"
    )
    assert_error(client.post(f"/v1/drafts/{d['id']}/finalize", json={"by": "x"}), 409, "conflict")
    assert counts(service) == before
    assert [c["code"] for c in client.get(f"/v1/drafts/{d['id']}").json()["codes"]] == ["M62.451"]


def test_override_without_reason_is_422_and_nothing_written(
    client: httpx.Client, service: Running, transcript: str
) -> None:
    d = create(client, transcript)
    client.put(f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"]})
    before = counts(service)
    r = client.post(
        f"/v1/drafts/{d['id']}/finalize",
        json={"by": "dr.kim", "overrides": [{"rule": "unspecified-site", "reason": "  "}]},
    )
    err = assert_error(r, 422, "validation_error")
    assert "reason" in err["message"]
    assert counts(service) == before


def test_fhir_bundle_is_valid_r4_and_follows_the_state(
    client: httpx.Client, transcript: str
) -> None:
    d = create(client, transcript)
    r = client.get(f"/v1/drafts/{d['id']}/fhir")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/fhir+json")
    Bundle.model_validate(r.json())
    comp = r.json()["entry"][0]["resource"]
    assert comp["resourceType"] == "Composition" and comp["status"] == "preliminary"
    client.post(f"/v1/drafts/{d['id']}/finalize", json={"by": "dr.kim"})
    final = client.get(f"/v1/drafts/{d['id']}/fhir").json()
    Bundle.model_validate(final)
    comp = final["entry"][0]["resource"]
    assert comp["status"] == "final"
    assert comp["attester"][0]["party"]["display"] == "dr.kim"


def test_openapi_document_lists_every_route(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/healthz",
        "/v1/drafts",
        "/v1/check",
        "/v1/drafts/{draft_id}",
        "/v1/drafts/{draft_id}/codes",
        "/v1/drafts/{draft_id}/finalize",
        "/v1/drafts/{draft_id}/fhir",
        "/v1/drafts/{draft_id}/audit",
    } <= set(paths)
    assert {"put", "post"} <= set(paths["/v1/drafts/{draft_id}/codes"])


# -- bad input: typed 4xx, nothing written ---------------------------------------------
BAD_DRAFT_REQUESTS = [
    pytest.param({"content": b""}, 422, "validation_error", id="empty-body"),
    pytest.param(
        {"content": b"Doctor: hi", "headers": {"content-type": "text/plain"}},
        415,
        "unsupported_media_type",
        id="wrong-content-type",
    ),
    pytest.param(
        {"content": b'{"transcript": "Doctor: hi"}'},
        415,
        "unsupported_media_type",
        id="no-content-type",
    ),
    pytest.param(
        {"content": b'{"transcript": ', "headers": {"content-type": "application/json"}},
        400,
        "malformed_json",
        id="malformed-json",
    ),
    pytest.param({"json": {"transcript": "   "}}, 422, "validation_error", id="blank-transcript"),
    pytest.param({"json": {"text": "Doctor: hi"}}, 422, "validation_error", id="unknown-key"),
    pytest.param({"json": {"transcript": "no speakers here"}}, 422, "bad_input", id="unparseable"),
    pytest.param(
        {"json": {"transcript": "Doctor: hi", "backend": "gpt"}},
        422,
        "validation_error",
        id="bad-backend",
    ),
    pytest.param(
        {"json": {"transcript": "Doctor: " + "x" * (1 << 20)}},
        413,
        "payload_too_large",
        id="oversized",
    ),
    pytest.param(
        {
            "content": iter([b'{"transcript": "Doctor: ', b"x" * (1 << 20), b'"}']),
            "headers": {"content-type": "application/json"},
        },
        413,
        "payload_too_large",
        id="oversized-chunked",
    ),
]


@pytest.mark.parametrize(("request_kw", "status", "kind"), BAD_DRAFT_REQUESTS)
def test_bad_draft_request_is_typed_4xx_and_writes_nothing(
    client: httpx.Client, service: Running, request_kw: dict[str, Any], status: int, kind: str
) -> None:
    before = counts(service)
    r = client.post("/v1/drafts", **request_kw)
    err = assert_error(r, status, kind)
    assert all(set(d) == {"loc", "msg", "type"} for d in err.get("details", []))
    assert "Doctor" not in r.text and "speakers here" not in r.text  # never echoes input
    assert counts(service) == before


def test_unknown_draft_id_is_404_on_every_route(client: httpx.Client, service: Running) -> None:
    before = counts(service)
    assert_error(client.get("/v1/drafts/nope"), 404, "not_found")
    assert_error(client.get("/v1/drafts/nope/fhir"), 404, "not_found")
    assert_error(client.get("/v1/drafts/nope/audit"), 404, "not_found")
    assert_error(client.put("/v1/drafts/nope/codes", json={"codes": ["M62.40"]}), 404, "not_found")
    assert_error(client.post("/v1/drafts/nope/finalize", json={"by": "x"}), 404, "not_found")
    assert counts(service) == before


def test_unknown_route_and_wrong_method_are_typed(client: httpx.Client) -> None:
    assert_error(client.get("/v1/nothing"), 404, "not_found")
    assert_error(client.delete("/v1/drafts/x"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "body",
    [{}, {"transcript": "Doctor: hi", "draft": {}}, {"codes": ["M62.40"]}],
    ids=["neither", "both", "codes-only"],
)
def test_check_needs_exactly_one_source(client: httpx.Client, body: dict[str, Any]) -> None:
    assert_error(client.post("/v1/check", json=body), 422, "validation_error")


def test_finalize_requires_who(client: httpx.Client, service: Running, transcript: str) -> None:
    d = create(client, transcript)
    before = counts(service)
    assert_error(client.post(f"/v1/drafts/{d['id']}/finalize", json={}), 422, "validation_error")
    assert counts(service) == before


# -- request ids and logs -----------------------------------------------------------
def test_request_id_is_echoed_or_generated(client: httpx.Client) -> None:
    assert (
        client.get("/healthz", headers={"x-request-id": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    generated = client.get("/healthz", headers={"x-request-id": "bad id\twith junk"})
    assert generated.headers["x-request-id"] != "bad id\twith junk"
    assert len(generated.headers["x-request-id"]) == 32


def test_logs_carry_ids_and_sizes_never_transcript_or_note_text(
    client: httpx.Client, caplog: pytest.LogCaptureFixture, transcript: str
) -> None:
    secret = "Philomena Quistgaard"
    text = transcript.replace("Patient:", f"Patient: My name is {secret}.", 1)
    caplog.set_level(logging.INFO, logger="scribe")
    r = client.post("/v1/drafts", json={"transcript": text})
    d = r.json()
    client.put(f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"]})
    client.post(f"/v1/drafts/{d['id']}/finalize", json={"by": "dr.kim"})
    client.post(
        "/v1/drafts",
        content=json.dumps({"transcript": secret}),
        headers={"content-type": "application/json"},
    )
    messages = [r.getMessage() for r in caplog.records]
    rid = r.headers["x-request-id"]
    assert any(rid in m and "status=201" in m and "in=" in m and "ms=" in m for m in messages)
    assert any(d["id"] in m for m in messages)
    for m in messages:
        assert "Quistgaard" not in m
        assert "quadriceps" not in m.lower()
        assert "stiff" not in m.lower()


# -- concurrency: drafting does not block the event loop ------------------------------
class _GatedExtractor:
    """Blocks inside extract() until released: a stand-in for a slow LLM call."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self._inner = RulesExtractor()

    def extract(self, transcript: Transcript) -> Extraction:
        self.entered.set()
        self.release.wait(timeout=60)
        return self._inner.extract(transcript)


def test_health_answers_while_a_draft_is_being_made(tmp_path: Any, transcript: str) -> None:
    gated = _GatedExtractor()
    running = start_server(tmp_path / "gated.db", scribe=Scribe(backend="rules", extractor=gated))
    result: dict[str, int] = {}

    def post() -> None:
        with running.client() as c:
            result["status"] = c.post("/v1/drafts", json={"transcript": transcript}).status_code

    worker = threading.Thread(target=post)
    try:
        worker.start()
        assert gated.entered.wait(timeout=30)
        with running.client(timeout=10) as c:
            assert c.get("/healthz").status_code == 200  # would time out if the loop were blocked
        assert running.rows("drafts") == 0  # the draft is still in progress
    finally:
        gated.release.set()
        worker.join(timeout=60)
        running.stop()
    assert result["status"] == 201
    assert running.rows("drafts") == 1


class _FailingExtractor:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def extract(self, transcript: Transcript) -> Extraction:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "status", "kind"),
    [
        (RuntimeError("boom: Philomena Quistgaard"), 500, "internal_error"),
        (LLMTimeout("the LLM did not answer in 30 s"), 504, "llm_timeout"),
        (
            LLMBadOutput("reply failed validation", raw="Philomena Quistgaard"),
            502,
            "llm_bad_output",
        ),
    ],
    ids=["unexpected", "llm-timeout", "llm-bad-output"],
)
def test_failures_while_drafting_are_typed_unlogged_and_store_nothing(
    tmp_path: Any,
    caplog: pytest.LogCaptureFixture,
    transcript: str,
    exc: Exception,
    status: int,
    kind: str,
) -> None:
    caplog.set_level(logging.INFO, logger="scribe")
    running = start_server(
        tmp_path / "fail.db", scribe=Scribe(backend="rules", extractor=_FailingExtractor(exc))
    )
    try:
        with running.client() as c:
            r = c.post("/v1/drafts", json={"transcript": transcript})
        assert_error(r, status, kind)
        assert "Quistgaard" not in r.text
        assert running.rows("drafts") == 0 and running.rows("audit_events") == 0
    finally:
        running.stop()
    assert all("Quistgaard" not in rec.getMessage() for rec in caplog.records)
    assert any(f"status={status}" in rec.getMessage() for rec in caplog.records)


def test_asking_for_an_unconfigured_llm_backend_is_422(
    client: httpx.Client, service: Running, transcript: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SCRIBE_LLM_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    before = counts(service)
    r = client.post("/v1/drafts", json={"transcript": transcript, "backend": "openai"})
    err = assert_error(r, 422, "bad_input")
    assert "openai" in err["message"]
    assert counts(service) == before
