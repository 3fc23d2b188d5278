"""`scribe serve` as a separate process on 127.0.0.1 (offline backend), for the tests
that kill it and for `benchmarks/service.py`, which must not share its GIL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx


def spawn_serve(db: Path) -> tuple[subprocess.Popen[str], str]:
    """Start `scribe serve --port 0` on `db`; return the process and its base URL once
    /healthz answers. No LLM endpoint and no API keys reach the child."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SCRIBE_LLM_"))}
    env["SCRIBE_BACKEND"] = "rules"
    env.pop("SCRIBE_API_KEYS", None)
    args = ["--host", "127.0.0.1", "--port", "0", "--db", str(db), "--log-level", "warning"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "scribe", "serve", *args],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if m is None:
        proc.kill()
        raise RuntimeError(f"scribe serve did not start: {line.strip()}")
    url = f"http://127.0.0.1:{m.group(1)}"
    for _ in range(600):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("scribe serve did not answer /healthz")
