"""Acknowledged means on disk: a draft survives a restart, and a SIGKILL of the
`scribe serve` process right after the 201."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx

from .conftest import start_server
from .process import spawn_serve


def test_restart_on_same_db_keeps_drafts_versions_and_audit(
    tmp_path: Path, transcript: str
) -> None:
    db = tmp_path / "scribe.db"
    first = start_server(db)
    try:
        with first.client() as c:
            d = c.post("/v1/drafts", json={"transcript": transcript}).json()
            c.put(f"/v1/drafts/{d['id']}/codes", json={"codes": ["M62.40"], "by": "dr.kim"})
    finally:
        first.stop()
    second = start_server(db)
    try:
        with second.client() as c:
            got = c.get(f"/v1/drafts/{d['id']}").json()
            audit = c.get(f"/v1/drafts/{d['id']}/audit").json()["events"]
    finally:
        second.stop()
    assert got["version"] == 2 and [x["code"] for x in got["codes"]] == ["M62.40"]
    assert [e["action"] for e in audit] == ["created", "codes_revised"]


def test_acknowledged_draft_survives_sigkill_of_the_server(tmp_path: Path, transcript: str) -> None:
    db = tmp_path / "scribe.db"
    proc, url = spawn_serve(db)
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            d = c.post("/v1/drafts", json={"transcript": transcript}).json()
            r = c.post(f"/v1/drafts/{d['id']}/finalize", json={"by": "dr.kim"})
            assert r.status_code == 200
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
    running = start_server(db)
    try:
        with running.client() as c:
            got = c.get(f"/v1/drafts/{d['id']}").json()
    finally:
        running.stop()
    assert got["status"] == "final" and got["finalized_by"] == "dr.kim"
