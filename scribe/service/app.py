"""The FastAPI application: routes over the pipeline (through the SDK) and the store.

Errors are translated here and only here, into the one body shape
`{"error": {"type", "message", "request_id", ...}}`: `ScribeError`s by their
`http_status` (422 bad input, 404 unknown draft, 409 blocked or finalized), FastAPI's
validation errors (422; malformed JSON is 400) and routing errors (404, 405).
Validation details keep location and message only, never the offending input.

Route handlers are plain `def`: FastAPI runs them in its worker threadpool, so
drafting (CPU-bound offline, blocking I/O with the LLM chain) and the SQLite writes
never block the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from scribe import pipeline
from scribe.errors import BlockedError, ConfigError, InputError, ScribeError
from scribe.fhir import to_bundle
from scribe.models import CheckResult, Draft, FinalNote, Flag
from scribe.pipeline import BackendChoice
from scribe.sdk import Scribe
from scribe.service.middleware import Gate, error_body
from scribe.service.schemas import (
    AuditEventResponse,
    AuditResponse,
    CheckRequest,
    CodesRequest,
    DraftRequest,
    DraftResponse,
    ErrorResponse,
    FinalizeRequest,
    Health,
)
from scribe.service.settings import ServiceSettings
from scribe.service.store import Actor, DraftRecord, Store
from scribe.transcripts import parse_transcript

__all__ = ["create_app"]

log = logging.getLogger("scribe.service")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Malformed JSON"),
        (401, "Missing or wrong bearer token"),
        (404, "Unknown draft"),
        (409, "Blocked by error flags, or the draft is finalized"),
        (413, "Request body over the size limit"),
        (415, "Request body is not JSON"),
        (422, "Invalid request or transcript"),
    )
}


class BlockedByFlags(BlockedError):
    """`BlockedError` with the blocking flags, for the 409 body."""

    def __init__(self, message: str, rules: tuple[str, ...], flags: tuple[Flag, ...]) -> None:
        super().__init__(message, rules)
        self.flags = flags


def _request_id(request: Request) -> str | None:
    rid = getattr(request.state, "request_id", None)
    return rid if isinstance(rid, str) else None


def _actor(request: Request, by: str | None) -> Actor:
    principal = getattr(request.state, "principal", None)
    return Actor(
        by=by,
        principal=principal if isinstance(principal, str) else None,
        request_id=_request_id(request),
    )


def _response(rec: DraftRecord) -> DraftResponse:
    return DraftResponse(
        **dict(rec.draft),
        version=rec.version,
        status=rec.status,
        created_at=rec.created_at,
        updated_at=rec.updated_at,
        finalized_at=rec.final.finalized_at if rec.final else None,
        finalized_by=rec.final.by if rec.final else None,
        overrides=rec.final.overrides if rec.final else (),
    )


def create_app(
    settings: ServiceSettings | None = None,
    *,
    scribe: Scribe | None = None,
    store: Store | None = None,
) -> FastAPI:
    """The app. `scribe` and `store` default to ones built from `settings`
    (tests pass their own, e.g. a Scribe with a custom extractor)."""
    settings = settings or ServiceSettings.from_env()
    engine = scribe or Scribe(backend=settings.backend)
    db = store or Store(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        log.info(
            "service up db=%s auth=%s",
            "sqlite" if db.sqlite else "url",
            "on" if settings.api_keys else "off",
        )
        yield
        db.close()

    app = FastAPI(
        title="scribe",
        summary="Draft musculoskeletal notes, check them against ICD-10-CM, finalize with audit.",
        version="1",
        lifespan=lifespan,
        responses=_ERRORS,
    )
    app.state.store = db
    app.state.scribe = engine
    _install_error_handlers(app)
    app.add_middleware(Gate, api_keys=settings.api_keys, max_body_bytes=settings.max_body_bytes)

    def scribe_for(backend: BackendChoice | None) -> Scribe:
        if backend is None or backend == engine.backend:
            return engine
        return Scribe(backend=backend)

    def draft_with(backend: BackendChoice | None, transcript: str) -> Draft:
        try:
            return scribe_for(backend).draft(transcript)
        except ConfigError as e:
            if backend is None:
                raise  # the server's own configuration: a 500
            raise InputError(f"backend '{backend}' is not available here: {e.message}") from None

    @app.get("/healthz", response_model=Health, tags=["ops"])
    def healthz() -> Health:
        db.ping()
        return Health(status="ok", db="ok")

    @app.post("/v1/drafts", status_code=201, response_model=DraftResponse, tags=["drafts"])
    def create_draft(body: DraftRequest, request: Request) -> DraftResponse:
        """Draft a checked note from a transcript and store it as version 1."""
        draft = draft_with(body.backend, body.transcript)
        return _response(db.create(draft, _actor(request, body.by)))

    @app.get("/v1/drafts/{draft_id}", response_model=DraftResponse, tags=["drafts"])
    def get_draft(draft_id: str) -> DraftResponse:
        return _response(db.get(draft_id))

    def edit_codes(draft_id: str, body: CodesRequest, request: Request) -> DraftResponse:
        """Replace the codes: a new version, re-checked and re-rendered; 409 once finalized."""
        rec = db.revise(draft_id, lambda d: engine.revise(d, body.codes), _actor(request, body.by))
        return _response(rec)

    for method in ("PUT", "POST"):
        app.add_api_route(
            "/v1/drafts/{draft_id}/codes",
            edit_codes,
            methods=[method],
            response_model=DraftResponse,
            tags=["drafts"],
            name=f"edit_codes_{method.lower()}",
            summary="Edit the codes (new version)",
        )

    @app.post("/v1/drafts/{draft_id}/finalize", response_model=FinalNote, tags=["drafts"])
    def finalize(draft_id: str, body: FinalizeRequest, request: Request) -> FinalNote:
        """Finalize the current version; 409 with the blocking flags while an error
        flag is not overridden with a reason. Nothing is written on refusal."""
        overrides = {o.rule: o.reason for o in body.overrides}

        def finish(d: Draft) -> FinalNote:
            try:
                return engine.finalize(d, overrides=overrides, by=body.by)
            except BlockedError as e:
                flags = engine.check(draft=d).flags
                blocking = tuple(f for f in flags if f.severity == "error" and f.rule in e.rules)
                raise BlockedByFlags(e.message, e.rules, blocking) from None

        rec = db.finalize(draft_id, finish, _actor(request, body.by))
        assert rec.final is not None
        return rec.final

    @app.get(
        "/v1/drafts/{draft_id}/fhir",
        tags=["drafts"],
        response_class=JSONResponse,
        responses={200: {"content": {"application/fhir+json": {}}}},
    )
    def fhir(draft_id: str) -> JSONResponse:
        """FHIR R4 document Bundle (preliminary for a draft, final once finalized)."""
        rec = db.get(draft_id)
        if rec.final is not None:
            bundle = to_bundle(rec.final)  # dated by the finalization
        else:
            bundle = to_bundle(rec.draft, timestamp=rec.updated_at)
        return JSONResponse(bundle, media_type="application/fhir+json")

    @app.get("/v1/drafts/{draft_id}/audit", response_model=AuditResponse, tags=["drafts"])
    def audit(draft_id: str) -> AuditResponse:
        events = [
            AuditEventResponse(
                seq=e.seq,
                at=e.at,
                action=e.action,
                actor=e.actor,
                principal=e.principal,
                request_id=e.request_id,
                version=e.version,
                detail=e.detail,
            )
            for e in db.audit(draft_id)
        ]
        return AuditResponse(draft_id=draft_id, events=events)

    @app.post("/v1/check", response_model=CheckResult, tags=["check"])
    def check(body: CheckRequest) -> CheckResult:
        """Check codes against a transcript (codes from the documentation when absent),
        or re-check a draft. Stateless: nothing is stored."""
        if body.draft is not None:
            return pipeline.check_draft(body.draft, body.codes, drg=body.drg)
        assert body.transcript is not None
        return pipeline.check_transcript(
            parse_transcript(body.transcript), body.codes, drg=body.drg
        )

    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ScribeError)
    async def scribe_error(request: Request, exc: ScribeError) -> JSONResponse:
        extra: dict[str, Any] = {}
        if isinstance(exc, BlockedError):
            extra["rules"] = list(exc.rules)
        if isinstance(exc, BlockedByFlags):
            extra["flags"] = [f.model_dump(mode="json", by_alias=True) for f in exc.flags]
        if exc.http_status >= 500:
            log.warning("failed id=%s error=%s", _request_id(request), exc.code)
        return JSONResponse(
            error_body(exc.code, exc.message, _request_id(request), **extra),
            status_code=exc.http_status,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse(
                error_body(
                    "malformed_json", "request body is not valid JSON", _request_id(request)
                ),
                status_code=400,
            )
        details = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": e.get("msg", ""),
                "type": e.get("type"),
            }
            for e in errors
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"]) or "(body)"
        return JSONResponse(
            error_body(
                "validation_error",
                f"{where}: {first['msg']}",
                _request_id(request),
                details=details,
            ),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kinds = {404: "not_found", 405: "method_not_allowed"}
        return JSONResponse(
            error_body(
                kinds.get(exc.status_code, "http_error"), str(exc.detail), _request_id(request)
            ),
            status_code=exc.status_code,
            headers=dict(exc.headers) if exc.headers else None,
        )
