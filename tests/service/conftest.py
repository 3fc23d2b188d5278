"""A real uvicorn on 127.0.0.1 (a free port) over a temporary SQLite file."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from scribe.sdk import Scribe
from scribe.service import create_app
from scribe.service.settings import ServiceSettings

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"


@dataclass
class Running:
    url: str
    db: Path
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, timeout: float = 30, headers: dict[str, str] | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=timeout, headers=headers)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "server did not stop"

    def rows(self, table: str, where: str = "") -> int:
        """Count rows straight from the SQLite file (not through the service)."""
        con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            return int(con.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0])
        finally:
            con.close()


def start_server(
    db: Path,
    *,
    api_keys: frozenset[str] = frozenset(),
    max_body_bytes: int = 1 << 20,
    scribe: Scribe | None = None,
) -> Running:
    settings = ServiceSettings(
        db=str(db), api_keys=api_keys, max_body_bytes=max_body_bytes, backend="rules"
    )
    app = create_app(settings, scribe=scribe)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    return Running(f"http://127.0.0.1:{port}", db, server, thread)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = start_server(tmp_path_factory.mktemp("svc") / "scribe.db")
    yield running
    running.stop()


@pytest.fixture()
def client(service: Running) -> Iterator[httpx.Client]:
    with service.client() as c:
        yield c


@pytest.fixture(scope="module")
def transcript() -> str:
    return EXAMPLE.read_text(encoding="utf-8")
