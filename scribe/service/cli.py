"""`scribe serve`: run the HTTP service under uvicorn.

Registered by `scribe.cli` when importable; FastAPI and uvicorn are imported only
when the command runs, so the rest of the CLI does not pay for them and works
without the `service` extra installed.
"""

from __future__ import annotations

import logging
import socket
import sys
from typing import Annotated

import typer

from scribe.errors import ConfigError

__all__ = ["register"]


def _bind(host: str, port: int) -> socket.socket:
    """Bind ourselves so that `--port 0` works and the real port can be printed."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
    except OSError as e:
        raise ConfigError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 = any free port).")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(help="SQLite file or SQLAlchemy URL (default $SCRIBE_DB or ./scribe.db)."),
    ] = None,
    max_body_bytes: Annotated[
        int | None, typer.Option(help="Request size limit (default $SCRIBE_MAX_BODY_BYTES, 1 MiB).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
) -> None:
    """Serve the HTTP API (bearer auth when SCRIBE_API_KEYS is set)."""
    try:
        import uvicorn

        from scribe.icd10.kb import load as load_kb
        from scribe.runtime import freeze_startup_heap
        from scribe.service.app import create_app
        from scribe.service.settings import ServiceSettings
    except ImportError as e:
        raise ConfigError(
            f"the HTTP service needs the 'service' extra (pip install 'scribe[service]'): {e}"
        ) from None
    level = getattr(logging, log_level.upper(), None)
    if not isinstance(level, int):
        raise ConfigError(f"unknown log level '{log_level}'")
    logging.getLogger("scribe").setLevel(level)
    settings = ServiceSettings.from_env(db=db, max_body_bytes=max_body_bytes)
    app = create_app(settings)
    load_kb()  # at startup, not on the first request, and before the heap is frozen
    freeze_startup_heap()
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    sys.stderr.write(f"scribe: serving on http://{host}:{bound}\n")
    sys.stderr.flush()
    config = uvicorn.Config(app, log_level=log_level.lower(), access_log=False, server_header=False)
    uvicorn.Server(config).run(sockets=[sock])


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
