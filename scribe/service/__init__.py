"""The HTTP service: `scribe serve` (FastAPI + uvicorn) over the same pipeline as the
CLI and the SDK, with a durable store and an audit trail.

`create_app` is imported lazily so that `import scribe.service` (done by the CLI to
register `scribe serve`) does not import FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scribe.service.app import create_app
    from scribe.service.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from scribe.service.app import create_app

        return create_app
    if name == "ServiceSettings":
        from scribe.service.settings import ServiceSettings

        return ServiceSettings
    raise AttributeError(f"module 'scribe.service' has no attribute {name!r}")
