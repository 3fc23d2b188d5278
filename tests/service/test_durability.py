"""Acknowledged means on disk: a draft survives a restart, and a SIGKILL of the
`scribe serve` process right after the 201."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from .conftest import start_server


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
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SCRIBE_LLM_"))}
    env["SCRIBE_BACKEND"] = "rules"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scribe",
            "serve",
            "--port",
            "0",
            "--db",
            str(db),
            "--log-level",
            "warning",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert m, line
        url = f"http://127.0.0.1:{m.group(1)}"
        with httpx.Client(base_url=url, timeout=30) as c:
            for _ in range(300):
                try:
                    c.get("/healthz")
                    break
                except httpx.TransportError:
                    import time

                    time.sleep(0.05)
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
