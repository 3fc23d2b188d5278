"""The response cache: a re-run with nothing changed makes no LLM call.

An extraction is stored under the hash of everything that determines it: the
prompt (id and sha256 of its text), the model, the transcript (sha256 of its turns),
the output schema (sha256 of `Extraction`'s JSON Schema), the backend and the
extractor version. Change any of them and the key changes, so a stale answer is
never served. SQLite in WAL mode, one file shared by all runs (default
`$SCRIBE_CACHE_DIR/eval-cache.sqlite`), safe for the harness's threads.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scribe.errors import InputError
from scribe.models import Extraction

__all__ = ["ExtractorIdentity", "ResponseCache", "default_cache_path", "schema_sha256"]


@dataclass(frozen=True)
class ExtractorIdentity:
    """What determines an extractor's answer besides the transcript."""

    backend: str
    version: str
    model: str | None = None
    prompt_id: str | None = None
    prompt_hash: str | None = None

    def key(self, transcript_sha256: str) -> str:
        parts = [
            schema_sha256(),
            self.backend,
            self.version,
            self.model,
            self.prompt_id,
            self.prompt_hash,
            transcript_sha256,
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@cache
def schema_sha256() -> str:
    """sha256 of the extraction schema: a schema change invalidates every entry."""
    schema = Extraction.model_json_schema()
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()


def default_cache_path() -> Path:
    from scribe.icd10.kb import cache_dir

    return cache_dir() / "eval-cache.sqlite"


@dataclass(frozen=True)
class CachedResponse:
    extraction: Extraction
    latency_ms: float


class ResponseCache:
    """(prompt hash, model, transcript hash, schema, ...) -> Extraction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses ("
                " key TEXT PRIMARY KEY, extraction TEXT NOT NULL, latency_ms REAL NOT NULL,"
                " model TEXT, prompt_hash TEXT, created TEXT DEFAULT CURRENT_TIMESTAMP)"
            )
        except (OSError, sqlite3.Error) as e:
            raise InputError(f"cannot open the response cache {path}: {e}") from None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT extraction, latency_ms FROM responses WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return CachedResponse(Extraction.model_validate_json(row[0]), float(row[1]))

    def put(self, key: str, extraction: Extraction, latency_ms: float) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, extraction, latency_ms, model, prompt_hash)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    key,
                    extraction.model_dump_json(),
                    latency_ms,
                    extraction.model,
                    extraction.prompt_hash,
                ),
            )

    def __len__(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT COUNT(*) FROM responses").fetchone()
        return int(n)

    def close(self) -> None:
        with self._lock:
            self._db.close()
