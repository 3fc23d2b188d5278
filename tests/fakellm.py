"""A real OpenAI-compatible HTTP server on 127.0.0.1 for the LLM-path tests.

It serves `POST /v1/chat/completions` (and the Azure deployment path) over real
HTTP/1.1 with keep-alive, so the tests and benchmarks exercise the same client,
transport, retry and parsing code as production. Replies are scripted: a queue
of actions consumed one per request, then a default (an action or a function of
the request body). Faults: delay (client timeout), 429 with Retry-After, 5xx, a
body that is not JSON, content that is not JSON, JSON that violates the schema,
finish_reason=length, a refusal, empty content. Every request is recorded with
its arrival time, so tests assert the number of HTTP attempts and the gaps
between them (the backoff) instead of patching anything.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """A 200 chat completion."""

    content: str | None = None
    finish_reason: str = "stop"
    refusal: str | None = None
    prompt_tokens: int = 1200
    completion_tokens: int = 300
    delay: float = 0.0


@dataclass(frozen=True)
class Fault:
    """A non-completion answer: an HTTP error status, or a raw body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None
    delay: float = 0.0


Action = Reply | Fault


@dataclass(frozen=True)
class Request:
    body: dict[str, Any]
    at: float
    path: str

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))


# -- reply builders ---------------------------------------------------------------
def finding(
    finding: str = "contracture",
    *,
    muscle: str | None = None,
    region: str = "unspecified",
    laterality: str = "unspecified",
    tissue: str = "muscle",
    joint: str | None = None,
    rom: Sequence[Mapping[str, Any]] = (),
    etiology: Mapping[str, Any] | None = None,
    prior_treatment: str | None = None,
    negated: bool = False,
    quotes: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """One finding as the schema wants it; `quotes` fills `evidence` per field."""
    q = {
        "finding": finding,
        "muscle": None,
        "region": None,
        "laterality": None,
        "tissue": None,
        "prior_treatment": None,
    }
    q.update(quotes or {})
    return {
        "finding": finding,
        "muscle": muscle,
        "region": region,
        "joint": joint,
        "laterality": laterality,
        "tissue": tissue,
        "rom": [{"mode": "unspecified", "degrees": None, "lacking": None, **dict(r)} for r in rom],
        "etiology": dict(etiology) if etiology is not None else None,
        "prior_treatment": prior_treatment,
        "negated": negated,
        "evidence": q,
    }


def extraction_json(
    findings: Sequence[Mapping[str, Any]] = (),
    codes: Sequence[str] = (),
    note: Mapping[str, str] | None = None,
) -> str:
    return json.dumps(
        {
            "findings": list(findings),
            "proposed_codes": list(codes),
            "note": dict(
                note
                or {
                    "subjective": "Tightness reported.",
                    "objective": "Examined.",
                    "assessment": "See findings.",
                    "plan": "Stretching.",
                }
            ),
        }
    )


def ok(content: str, **kw: Any) -> Reply:
    return Reply(content=content, **kw)


def rate_limited(retry_after: float | None = None, *, ms: float | None = None) -> Fault:
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = f"{retry_after:g}"
    if ms is not None:
        headers["retry-after-ms"] = f"{ms:g}"
    return Fault(429, headers, json.dumps({"error": {"message": "Rate limit reached"}}))


def server_error(status: int = 500) -> Fault:
    return Fault(status, {}, json.dumps({"error": {"message": "The server had an error"}}))


def not_json_body() -> Fault:
    return Fault(200, {"Content-Type": "text/html"}, "<html>bad gateway</html>")


def malformed_json() -> Reply:
    return Reply(content='{"findings": [{"finding": "contracture", "musc')


def schema_violation() -> Reply:
    return Reply(content=json.dumps({"findings": "none", "proposed_codes": [], "note": {}}))


def truncated() -> Reply:
    return Reply(content='{"findings": [{"finding": "contr', finish_reason="length")


def refusal() -> Reply:
    return Reply(content=None, refusal="I'm sorry, I cannot help with that request.")


def empty() -> Reply:
    return Reply(content="")


# -- the server -------------------------------------------------------------------
class FakeLLM:
    """`with FakeLLM(default=...) as llm:` -> `llm.base_url` is http://127.0.0.1:PORT/v1."""

    def __init__(
        self,
        default: Action | Callable[[dict[str, Any]], Action] | None = None,
        *,
        latency: float = 0.0,
        model: str = "fake-model",
    ) -> None:
        self.default = default if default is not None else ok(extraction_json())
        self.latency = latency
        self.model = model
        self.script: deque[Action] = deque()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._seq = 0
        self.inflight = 0
        #: the most requests the server held at once (the client's concurrency)
        self.max_inflight = 0

    # scripting
    def push(self, *actions: Action) -> FakeLLM:
        with self._lock:
            self.script.extend(actions)
        return self

    def reset(self) -> None:
        with self._lock:
            self.script.clear()
            self.requests.clear()
            self.max_inflight = 0

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.requests)

    def gaps(self) -> list[float]:
        """Seconds between consecutive request arrivals."""
        with self._lock:
            at = [r.at for r in self.requests]
        return [b - a for a, b in zip(at, at[1:], strict=False)]

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def endpoint(self) -> str:
        """Root URL, for Azure (`AZURE_OPENAI_ENDPOINT`)."""
        return self.base_url.removesuffix("/v1")

    def _next(self, body: dict[str, Any], path: str) -> Action:
        with self._lock:
            self.requests.append(Request(body=body, at=time.monotonic(), path=path))
            self._seq += 1
            if self.script:
                return self.script.popleft()
        return self.default(body) if callable(self.default) else self.default

    def _enter(self) -> None:
        with self._lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)

    def _leave(self) -> None:
        with self._lock:
            self.inflight -= 1

    def completion(self, reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.refusal is not None:
            message["refusal"] = reply.refusal
        with self._lock:
            seq = self._seq
        return {
            "id": f"chatcmpl-fake-{seq}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            },
        }

    def sleep(self, seconds: float) -> None:
        """Interruptible by `stop()`, so a hung request never delays teardown."""
        if seconds > 0:
            self._stopping.wait(seconds)

    # lifecycle
    def start(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in separate writes

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {}
                if not self.path.split("?")[0].rstrip("/").endswith("/chat/completions"):
                    self._send(404, {}, json.dumps({"error": {"message": "not found"}}))
                    return
                action = fake._next(body, self.path)
                fake._enter()
                try:
                    fake.sleep(fake.latency + action.delay)
                    if isinstance(action, Fault):
                        self._send(action.status, action.headers, action.body or "")
                    else:
                        self._send(200, {}, json.dumps(fake.completion(action)))
                finally:
                    fake._leave()

            def _send(self, status: int, headers: Mapping[str, str], text: str) -> None:
                data = text.encode()
                try:
                    self.send_response(status)
                    if not any(k.lower() == "content-type" for k in headers):
                        self.send_header("Content-Type", "application/json")
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False
            request_queue_size = 128

            def handle_error(self, request: Any, client_address: Any) -> None:
                return  # a client that timed out and hung up is expected here

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def iter_user_text(req: Request) -> Iterator[str]:
    for m in req.messages:
        if m.get("role") == "user" and isinstance(m.get("content"), str):
            yield m["content"]
