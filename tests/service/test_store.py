"""The store on its own: versions, immutability, atomic refusal, concurrent writers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scribe.errors import BlockedError, ConflictError, NotFoundError
from scribe.models import Draft, FinalNote
from scribe.sdk import Scribe, revise
from scribe.service.store import Actor, Store, database_url

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def draft() -> Draft:
    return Scribe(backend="rules").draft(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(str(tmp_path / "s.db"))
    yield s
    s.close()


def test_database_url_takes_paths_and_urls(tmp_path: Path) -> None:
    assert database_url(str(tmp_path / "a.db")) == f"sqlite+pysqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_sqlite_file_is_in_wal_mode(store: Store, tmp_path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(tmp_path / "s.db")
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_blocked_finalize_leaves_the_draft_as_it_was(store: Store, draft: Draft) -> None:
    store.create(draft, Actor(by="app"))
    store.revise(draft.id, lambda d: revise(d, ["M62.40"]), Actor(by="coder"))

    def blocked(d: Draft) -> FinalNote:
        raise BlockedError("blocked", ("unspecified-site",))

    with pytest.raises(BlockedError):
        store.finalize(draft.id, blocked, Actor(by="dr.kim"))
    rec = store.get(draft.id)
    assert rec.status == "draft" and rec.final is None and rec.version == 2
    assert [e.action for e in store.audit(draft.id)] == ["created", "codes_revised"]


def test_final_is_immutable_in_the_store(store: Store, draft: Draft) -> None:
    s = Scribe(backend="rules")
    store.create(draft, Actor())
    store.finalize(draft.id, lambda d: s.finalize(d, by="dr.kim"), Actor(by="dr.kim"))
    with pytest.raises(ConflictError):
        store.revise(draft.id, lambda d: revise(d, ["M62.40"]), Actor())
    with pytest.raises(ConflictError):
        store.finalize(draft.id, lambda d: s.finalize(d, by="x"), Actor())
    rec = store.get(draft.id)
    assert rec.final is not None and rec.final.by == "dr.kim"


def test_unknown_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.get("nope")
    with pytest.raises(NotFoundError):
        store.audit("nope")


def test_concurrent_edits_get_distinct_consecutive_versions(store: Store, draft: Draft) -> None:
    store.create(draft, Actor())
    errors: list[BaseException] = []

    def edit(i: int) -> None:
        try:
            code = "M62.40" if i % 2 else "M62.451"
            store.revise(draft.id, lambda d: revise(d, [code]), Actor(by=f"user{i}"))
        except BaseException as e:  # collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    events = store.audit(draft.id)
    assert [e.version for e in events] == list(range(1, 10))
    assert [e.detail.get("from_version") for e in events[1:]] == list(range(1, 9))
    assert store.get(draft.id).version == 9
