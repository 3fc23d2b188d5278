"""Service configuration: arguments first, then the environment.

`SCRIBE_DB` (a SQLite file path or an SQLAlchemy URL such as
`postgresql+psycopg://...`), `SCRIBE_API_KEYS` (comma-separated bearer tokens; unset =
no auth), `SCRIBE_MAX_BODY_BYTES` (default 1 MiB), `SCRIBE_BACKEND` (auto, rules,
openai).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from scribe.errors import ConfigError
from scribe.pipeline import BackendChoice

__all__ = ["DEFAULT_MAX_BODY_BYTES", "ServiceSettings"]

DEFAULT_MAX_BODY_BYTES = 1 << 20
_BACKENDS: dict[str, BackendChoice] = {"auto": "auto", "rules": "rules", "openai": "openai"}


@dataclass(frozen=True)
class ServiceSettings:
    db: str = "scribe.db"
    api_keys: frozenset[str] = field(default_factory=frozenset)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    backend: BackendChoice = "auto"

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        db: str | None = None,
        api_keys: frozenset[str] | None = None,
        max_body_bytes: int | None = None,
        backend: BackendChoice | None = None,
    ) -> ServiceSettings:
        env = os.environ if env is None else env
        keys = api_keys
        if keys is None:
            keys = frozenset(
                k.strip() for k in env.get("SCRIBE_API_KEYS", "").split(",") if k.strip()
            )
        size = max_body_bytes
        if size is None:
            raw = env.get("SCRIBE_MAX_BODY_BYTES", "").strip()
            try:
                size = int(raw) if raw else DEFAULT_MAX_BODY_BYTES
            except ValueError:
                raise ConfigError(
                    f"SCRIBE_MAX_BODY_BYTES must be an integer (got {raw!r})"
                ) from None
        if size <= 0:
            raise ConfigError("the request size limit must be positive")
        chosen = backend
        if chosen is None:
            raw_backend = env.get("SCRIBE_BACKEND", "auto").strip() or "auto"
            if raw_backend not in _BACKENDS:
                raise ConfigError(
                    f"SCRIBE_BACKEND must be auto, rules or openai (got {raw_backend!r})"
                )
            chosen = _BACKENDS[raw_backend]
        return cls(
            db=db or env.get("SCRIBE_DB", "").strip() or "scribe.db",
            api_keys=keys,
            max_body_bytes=size,
            backend=chosen,
        )
