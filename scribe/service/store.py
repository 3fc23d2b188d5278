"""Durable store of drafts, their versions, flags, overrides, final notes and audit.

SQLAlchemy 2.0 over a SQLite file by default (WAL, `synchronous=FULL`, so a commit
survives a crash of the process or the machine) or PostgreSQL by URL. Every method
that changes state runs in one write transaction (SQLite: `BEGIN IMMEDIATE`, so two
writers never both read the same version; PostgreSQL: `SELECT ... FOR UPDATE` on the
draft row), writes its audit event in that same transaction, and commits before it
returns: an acknowledged change is on disk. A finalized draft is immutable: every
write path checks the state inside the transaction and raises `ConflictError`.

The whole draft is kept as its JSON (the CLI's contract) per version; flags and
overrides are also rows of their own so they can be queried. Audit events carry
ids, codes, rules and who/why, never transcript or note text.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from scribe.errors import ConflictError, NotFoundError
from scribe.models import Draft, FinalNote

__all__ = ["AuditEvent", "DraftRecord", "Store", "database_url"]

log = logging.getLogger("scribe.service.store")
Status = Literal["draft", "final"]


class Base(DeclarativeBase):
    pass


class DraftRow(Base):
    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    backend: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class VersionRow(Base):
    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(200))
    codes: Mapped[list[str]] = mapped_column(JSON)
    finalizable: Mapped[bool] = mapped_column(Boolean)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class FlagRow(Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    codes: Mapped[list[str]] = mapped_column(JSON)


class OverrideRow(Base):
    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FinalNoteRow(Base):
    __tablename__ = "final_notes"
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    finalized_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finalized_by: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditRow(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(String(200))
    principal: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True)
class DraftRecord:
    """A stored draft at its current version, with its final note once finalized."""

    draft: Draft
    version: int
    status: Status
    created_at: datetime
    updated_at: datetime
    final: FinalNote | None = None


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: datetime
    action: str
    actor: str | None
    principal: str | None
    request_id: str | None
    version: int
    detail: dict[str, Any]


@dataclass(frozen=True)
class Actor:
    """Who asked: `by` as the client states it, `principal` the API key fingerprint."""

    by: str | None = None
    principal: str | None = None
    request_id: str | None = None


def database_url(db: str) -> str:
    """A path is a SQLite file; anything with a scheme is an SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite+pysqlite:///{Path(db).expanduser().resolve()}"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    """SQLite hands back naive datetimes; we only ever store UTC."""
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Take BEGIN away from pysqlite so that we emit our own (SQLAlchemy recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine


class Store:
    """The service's persistence; thread-safe (one session per call)."""

    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        self.sqlite = self.url.startswith("sqlite")
        if self.sqlite:
            self._write_engine = _sqlite_engine(self.url, "BEGIN IMMEDIATE")
            self._read_engine = _sqlite_engine(self.url, "BEGIN")
        else:
            self._write_engine = self._read_engine = create_engine(self.url, pool_pre_ping=True)
        Base.metadata.create_all(self._write_engine)
        self._write_lock: AbstractContextManager[object] = (
            threading.Lock() if self.sqlite else nullcontext()
        )
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self._read_engine, expire_on_commit=False)

    def close(self) -> None:
        self._write_engine.dispose()
        if self._read_engine is not self._write_engine:
            self._read_engine.dispose()

    # -- transactions -------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction, committed (and durable) before the caller returns.

        SQLite: writers of this process queue on a lock instead of on SQLite's busy
        handler, whose sleep-and-retry backoff gives long tail latencies under load;
        `BEGIN IMMEDIATE` with the busy timeout still guards other processes."""
        with self._write_lock, self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def ping(self) -> bool:
        with self._read() as s:
            return s.execute(text("SELECT 1")).scalar() == 1

    # -- writes -------------------------------------------------------------
    def create(self, draft: Draft, actor: Actor) -> DraftRecord:
        now = _now()
        with self._write() as s:
            if s.get(DraftRow, draft.id) is not None:
                raise ConflictError(f"draft {draft.id} already exists")
            s.add(
                DraftRow(
                    id=draft.id,
                    status="draft",
                    version=1,
                    backend=draft.provenance.backend,
                    created_at=now,
                    updated_at=now,
                )
            )
            s.flush()
            self._add_version(s, draft, 1, actor, now)
            self._audit(
                s,
                draft.id,
                "created",
                1,
                actor,
                now,
                {
                    "backend": draft.provenance.backend,
                    "codes": [c.code for c in draft.codes],
                    "flags": sorted({f.rule for f in draft.flags}),
                    "finalizable": draft.finalizable,
                },
            )
        log.info("stored draft id=%s version=1", draft.id)
        return DraftRecord(draft, 1, "draft", now, now)

    def revise(self, draft_id: str, edit: Callable[[Draft], Draft], actor: Actor) -> DraftRecord:
        """A new version from `edit(current)`; refused once the draft is finalized."""
        now = _now()
        with self._write() as s:
            row = self._lock(s, draft_id)
            if row.status == "final":
                raise ConflictError(f"draft {draft_id} is finalized and cannot be edited")
            current = self._current(s, row)
            revised = edit(current)
            version = row.version + 1
            self._add_version(s, revised, version, actor, now)
            row.version = version
            row.updated_at = now
            self._audit(
                s,
                draft_id,
                "codes_revised",
                version,
                actor,
                now,
                {
                    "from_version": version - 1,
                    "codes_before": [c.code for c in current.codes],
                    "codes": [c.code for c in revised.codes],
                    "flags": sorted({f.rule for f in revised.flags}),
                    "finalizable": revised.finalizable,
                },
            )
            created = _aware(row.created_at)
        log.info("stored draft id=%s version=%d", draft_id, version)
        return DraftRecord(revised, version, "draft", created, now)

    def finalize(
        self, draft_id: str, finish: Callable[[Draft], FinalNote], actor: Actor
    ) -> DraftRecord:
        """Finalize the current version with `finish` (which raises `BlockedError`
        while an error flag is not overridden: then nothing is written)."""
        now = _now()
        with self._write() as s:
            row = self._lock(s, draft_id)
            if row.status == "final":
                raise ConflictError(f"draft {draft_id} is already finalized")
            final = finish(self._current(s, row))
            for o in final.overrides:
                s.add(
                    OverrideRow(
                        draft_id=draft_id,
                        version=row.version,
                        rule=o.rule,
                        reason=o.reason,
                        by=o.by,
                        at=now,
                    )
                )
            s.add(
                FinalNoteRow(
                    draft_id=draft_id,
                    version=row.version,
                    finalized_at=_aware(datetime.fromisoformat(final.finalized_at)),
                    finalized_by=final.by,
                    payload=final.model_dump(mode="json", by_alias=True),
                )
            )
            row.status = "final"
            row.updated_at = now
            self._audit(
                s,
                draft_id,
                "finalized",
                row.version,
                actor,
                now,
                {
                    "codes": [c.code for c in final.draft.codes],
                    "overrides": [
                        {"rule": o.rule, "reason": o.reason, "by": o.by} for o in final.overrides
                    ],
                },
            )
            version, created = row.version, _aware(row.created_at)
        log.info(
            "finalized draft id=%s version=%d overrides=%d", draft_id, version, len(final.overrides)
        )
        return DraftRecord(final.draft, version, "final", created, now, final)

    # -- reads --------------------------------------------------------------
    def get(self, draft_id: str) -> DraftRecord:
        with self._read() as s:
            row = s.get(DraftRow, draft_id)
            if row is None:
                raise NotFoundError(f"no draft with id {draft_id}")
            final = None
            if row.status == "final":
                fin = s.get(FinalNoteRow, draft_id)
                assert fin is not None
                final = FinalNote.model_validate(fin.payload)
            draft = final.draft if final is not None else self._current(s, row)
            return DraftRecord(
                draft,
                row.version,
                "final" if row.status == "final" else "draft",
                _aware(row.created_at),
                _aware(row.updated_at),
                final,
            )

    def audit(self, draft_id: str) -> list[AuditEvent]:
        with self._read() as s:
            if s.get(DraftRow, draft_id) is None:
                raise NotFoundError(f"no draft with id {draft_id}")
            rows = s.scalars(
                select(AuditRow).where(AuditRow.draft_id == draft_id).order_by(AuditRow.id)
            ).all()
            return [
                AuditEvent(
                    r.id,
                    _aware(r.at),
                    r.action,
                    r.actor,
                    r.principal,
                    r.request_id,
                    r.version,
                    dict(r.detail),
                )
                for r in rows
            ]

    # -- helpers ------------------------------------------------------------
    def _lock(self, s: Session, draft_id: str) -> DraftRow:
        row = s.scalars(select(DraftRow).where(DraftRow.id == draft_id).with_for_update()).first()
        if row is None:
            raise NotFoundError(f"no draft with id {draft_id}")
        return row

    @staticmethod
    def _current(s: Session, row: DraftRow) -> Draft:
        v = s.scalars(
            select(VersionRow).where(
                VersionRow.draft_id == row.id, VersionRow.version == row.version
            )
        ).one()
        return Draft.model_validate(v.payload)

    @staticmethod
    def _add_version(s: Session, d: Draft, version: int, actor: Actor, now: datetime) -> None:
        s.add(
            VersionRow(
                draft_id=d.id,
                version=version,
                created_at=now,
                created_by=actor.by,
                codes=[c.code for c in d.codes],
                finalizable=d.finalizable,
                payload=d.model_dump(mode="json", by_alias=True),
            )
        )
        for f in d.flags:
            s.add(
                FlagRow(
                    draft_id=d.id,
                    version=version,
                    rule=f.rule,
                    severity=f.severity,
                    codes=list(f.codes),
                )
            )

    @staticmethod
    def _audit(
        s: Session,
        draft_id: str,
        action: str,
        version: int,
        actor: Actor,
        now: datetime,
        detail: dict[str, Any],
    ) -> None:
        s.add(
            AuditRow(
                draft_id=draft_id,
                at=now,
                action=action,
                actor=actor.by,
                principal=actor.principal,
                request_id=actor.request_id,
                version=version,
                detail=detail,
            )
        )
