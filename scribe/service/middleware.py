"""The gate every HTTP request passes: request id, bearer auth, size and content
type limits, the last-resort 500, and one access-log line.

A pure ASGI middleware (no `BaseHTTPMiddleware`), so that it sees the raw body
stream: a body over the limit is refused with 413 before it is buffered whole, and
the application below only ever sees a complete, bounded body. An unexpected
exception becomes a typed 500 here and is logged by type and code location only:
exception messages may quote input (pydantic's do), so they never reach the log.
The access line carries the request id, method, path (ids only), status, sizes and
time, never a header value, query or body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["Gate", "error_body", "principal_of"]

log = logging.getLogger("scribe.service")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_RID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_JSON_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json\s*(?:;.*)?$", re.IGNORECASE)
#: Open without a token: the health probe, and the API's own description (the schema
#: of an open-source API, no PHI), so the interactive /docs page works with auth on.
_OPEN = frozenset({"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def error_body(kind: str, message: str, request_id: str | None, **extra: Any) -> dict[str, Any]:
    """The one error shape: {"error": {"type", "message", "request_id", ...}}."""
    return {"error": {"type": kind, "message": message, "request_id": request_id, **extra}}


def principal_of(key: str) -> str:
    """A stable, non-secret name for an API key (recorded in the audit trail)."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k.lower() == name:
            return bytes(v).decode("latin-1")
    return None


class Gate:
    def __init__(self, app: ASGIApp, *, api_keys: frozenset[str], max_body_bytes: int) -> None:
        self.app = app
        self.keys = tuple(k.encode() for k in api_keys)
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        rid = given if given is not None and _RID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        started = time.perf_counter()
        meta = {"status": 0, "out": 0, "in": 0, "started": False}

        async def send_wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                meta["status"] = message["status"]
                meta["started"] = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode()))
                message["headers"] = headers
            elif message["type"] == "http.response.body":
                meta["out"] = int(meta["out"]) + len(message.get("body", b""))
            await send(message)

        async def reply(status: int, body: dict[str, Any], headers: tuple[Any, ...] = ()) -> None:
            data = json.dumps(body).encode()
            await send_wrapped(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(data)).encode()),
                        *headers,
                    ],
                }
            )
            await send_wrapped({"type": "http.response.body", "body": data})

        try:
            path = scope.get("path", "")
            if self.keys and path not in _OPEN:
                principal = self._authenticate(_header(scope, b"authorization"))
                if principal is None:
                    await reply(
                        401,
                        error_body("unauthorized", "a valid bearer token is required", rid),
                        ((b"www-authenticate", b'Bearer realm="scribe"'),),
                    )
                    return
                state["principal"] = principal
            app_receive = receive
            if scope.get("method") in _WITH_BODY:
                declared = _header(scope, b"content-length")
                if declared is not None and declared.isdigit() and int(declared) > self.max_body:
                    await reply(413, self._too_large(rid))
                    return
                body = await self._read_body(receive)
                if body is None:
                    await reply(413, self._too_large(rid))
                    return
                meta["in"] = len(body)
                ctype = _header(scope, b"content-type") or ""
                if body and not _JSON_TYPE.match(ctype.strip()):
                    await reply(
                        415,
                        error_body(
                            "unsupported_media_type",
                            "request bodies must be JSON (Content-Type: application/json)",
                            rid,
                        ),
                    )
                    return
                app_receive = _replay(body, receive)
            await self.app(scope, app_receive, send_wrapped)
        except Exception as e:
            frames = "; ".join(
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}"
                for f in traceback.extract_tb(e.__traceback__)[-5:]
            )
            log.error("unhandled id=%s error=%s at %s", rid, type(e).__name__, frames)
            if not meta["started"]:
                await reply(500, error_body("internal_error", "internal server error", rid))
        finally:
            log.info(
                "request id=%s method=%s path=%s status=%s in=%d out=%d ms=%.1f",
                rid,
                scope.get("method"),
                scope.get("path"),
                meta["status"],
                meta["in"],
                meta["out"],
                (time.perf_counter() - started) * 1000,
            )

    def _authenticate(self, header: str | None) -> str | None:
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        given = token.strip().encode()
        match = None
        for key in self.keys:  # compare against every key: no early exit on a hit
            if hmac.compare_digest(given, key):
                match = key
        return principal_of(match.decode()) if match is not None else None

    def _too_large(self, rid: str) -> dict[str, Any]:
        return error_body(
            "payload_too_large",
            f"request body exceeds the limit of {self.max_body} bytes",
            rid,
            limit=self.max_body,
        )

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it exceeds the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The buffered body once, then the real channel (which reports disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
