"""Bearer auth when SCRIBE_API_KEYS is set: every route but /healthz and the API docs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scribe.service.middleware import principal_of
from scribe.service.settings import ServiceSettings

from .conftest import Running, start_server

KEYS = frozenset({"key-one", "key-two"})


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = start_server(tmp_path_factory.mktemp("auth") / "scribe.db", api_keys=KEYS)
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/drafts/x"),
        ("GET", "/v1/drafts/x/audit"),
        ("GET", "/v1/drafts/x/fhir"),
        ("POST", "/v1/drafts"),
        ("POST", "/v1/check"),
        ("POST", "/v1/drafts/x/finalize"),
        ("PUT", "/v1/drafts/x/codes"),
    ],
)
@pytest.mark.parametrize(
    "auth",
    [None, "Bearer wrong", "Basic a2V5LW9uZTo=", "Bearer key-one-x"],
    ids=["none", "wrong", "basic", "prefix"],
)
def test_routes_refuse_missing_or_wrong_token(
    secured: Running, method: str, path: str, auth: str | None
) -> None:
    headers = {"authorization": auth} if auth else {}
    with secured.client() as c:
        r = c.request(method, path, json={"transcript": "Doctor: hi"}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["error"]["type"] == "unauthorized"
    assert secured.rows("drafts") == 0


def test_healthz_and_the_api_docs_need_no_token(secured: Running) -> None:
    with secured.client() as c:
        assert c.get("/healthz").status_code == 200
        assert "/v1/drafts" in c.get("/openapi.json").json()["paths"]
        docs = c.get("/docs")
        assert docs.status_code == 200 and "/openapi.json" in docs.text


def test_any_configured_key_works_and_the_audit_names_it(secured: Running, transcript: str) -> None:
    with secured.client(headers={"authorization": "Bearer key-two"}) as c:
        r = c.post("/v1/drafts", json={"transcript": transcript})
        assert r.status_code == 201
        events = c.get(f"/v1/drafts/{r.json()['id']}/audit").json()["events"]
    with secured.client(headers={"authorization": "Bearer key-one"}) as c:
        assert c.get("/v1/drafts/nope").status_code == 404
    assert events[0]["principal"] == principal_of("key-two")
    assert "key-two" not in str(events)


def test_api_keys_come_from_the_environment() -> None:
    s = ServiceSettings.from_env({"SCRIBE_API_KEYS": " a, b ,,", "SCRIBE_DB": "x.db"})
    assert s.api_keys == frozenset({"a", "b"}) and s.db == "x.db"
    assert ServiceSettings.from_env({}).api_keys == frozenset()


def test_body_limit_is_configurable(tmp_path: Path) -> None:
    running = start_server(tmp_path / "small.db", max_body_bytes=64)
    try:
        with running.client() as c:
            r = c.post("/v1/drafts", json={"transcript": "Doctor: " + "x" * 64})
            small = c.post("/v1/check", json={"transcript": "Doctor: hi", "codes": []})
        assert r.status_code == 413 and r.json()["error"]["limit"] == 64
        assert small.status_code == 200
    finally:
        running.stop()
