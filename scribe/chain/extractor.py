"""`OpenAIExtractor`: the LLM drafting chain, one structured call per note.

The chain is langchain-core runnables: a prompt step (the Jinja prompt files
rendered into system / user messages, the transcript delimited as data) ->
`ChatOpenAI(max_retries=0).with_structured_output(ExtractionReply,
method="json_schema", strict=True)` -> validation -> grounding of every quote in
the transcript -> `Extraction`. Token usage and the raw reply (for the re-ask) are
read from the HTTP body by a response hook on the chain's own httpx client. The
codes the model proposes go to the checker like any others: checked, never trusted.

Failures are typed once, in `classify`: transport faults are retried by the one
policy (`scribe.chain.retry`); a reply that fails schema validation is re-asked
once with the validation errors, then `LLMBadOutput`; finish_reason=length,
refusals and empty replies are `LLMTruncated`, `LLMRefused`, `LLMBadOutput` at once.

Every call runs on one event loop owned by the extractor (a daemon thread started
on first use), so the sync `extract`, the async `aextract` from any other loop and
`extract_batch` share one HTTP connection pool and one code path. Only ids, sizes,
counts and timings are logged: never transcript, reply or note text.

This is the only module that imports langchain and openai; the CLI never loads it
unless the LLM backend is used.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import Context, ContextVar
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from typing import Any, TypeVar

import httpx
import openai
import yaml
from langchain_core.exceptions import ModelRefusalError
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import SecretStr, ValidationError

from scribe.chain.grounding import to_extraction_parts
from scribe.chain.prompts import Prompt, combined_sha256, load_prompt
from scribe.chain.retry import Attempts, RetryPolicy, parse_retry_after
from scribe.chain.schema import ExtractionReply
from scribe.chain.settings import LLMSettings
from scribe.errors import (
    ConfigError,
    LLMBadOutput,
    LLMConnectionError,
    LLMError,
    LLMRateLimited,
    LLMRefused,
    LLMServerError,
    LLMTimeout,
    LLMTruncated,
)
from scribe.models import Extraction, Transcript, Usage

__all__ = ["EXTRACTOR_VERSION", "OpenAIExtractor", "classify"]

EXTRACTOR_VERSION = "chain-1"
AZURE_API_VERSION = "2024-10-21"
log = logging.getLogger("scribe.chain")
T = TypeVar("T")
#: The transcript's own delimiters, neutralised inside it so it cannot close the data block.
_DELIMITER = re.compile(r"<\s*(/?)\s*(transcript)", re.IGNORECASE)


# -- errors ------------------------------------------------------------------------
class _SchemaInvalid(Exception):
    """Internal: a reply that failed validation; the chain re-asks once."""

    def __init__(self, errors: list[str], raw: str | None) -> None:
        super().__init__(errors[0] if errors else "invalid reply")
        self.errors = errors
        self.raw = raw


def classify(e: BaseException) -> LLMError | None:
    """Provider exceptions -> the typed `LLMError` family (None: not an LLM fault).
    Messages carry status codes and types only, never request or reply text."""
    if isinstance(e, LLMError):
        return e
    if isinstance(e, openai.LengthFinishReasonError):
        return LLMTruncated("the reply was cut off at the token limit (finish_reason=length)")
    if isinstance(e, openai.ContentFilterFinishReasonError):
        return LLMRefused("the reply was stopped by the provider's content filter")
    if isinstance(e, openai.APITimeoutError):
        return LLMTimeout("the LLM request timed out")
    if isinstance(e, openai.APIConnectionError):
        return LLMConnectionError("cannot connect to the LLM endpoint")
    if isinstance(e, openai.RateLimitError):
        return LLMRateLimited(
            "the LLM endpoint is rate limiting (HTTP 429)",
            retry_after=parse_retry_after(e.response.headers),
        )
    if isinstance(e, openai.APIStatusError):
        status = e.status_code
        if status == 408:
            return LLMTimeout("the LLM endpoint timed out (HTTP 408)")
        if status >= 500 or status == 409:
            return LLMServerError(f"the LLM endpoint failed (HTTP {status})")
        return LLMError(f"the LLM endpoint rejected the request (HTTP {status}): {e.message}"[:300])
    if isinstance(e, httpx.TimeoutException):
        return LLMTimeout("the LLM request timed out")
    if isinstance(e, httpx.TransportError):
        return LLMConnectionError("cannot connect to the LLM endpoint")
    if isinstance(getattr(e, "response", None), httpx.Response):
        # e.g. a 200 whose body is an HTML page from a proxy: a transport fault
        return LLMServerError("the LLM endpoint returned a body that is not a chat completion")
    return None


def _unparsed(tally: _Tally, errors: list[str]) -> Exception:
    """An empty reply is final (`LLMBadOutput`); anything else is re-asked once."""
    if tally.replied and not (tally.content or "").strip():
        return LLMBadOutput("the model returned an empty reply", raw=tally.content)
    return _SchemaInvalid(errors, tally.content)


def _validation_errors(e: ValidationError) -> list[str]:
    """`loc: msg` lines without the input values (they are PHI-bearing reply text)."""
    out = []
    for err in e.errors(include_url=False, include_input=False)[:20]:
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        out.append(f"{loc}: {err['msg']}")
    return out or ["the reply does not match the schema"]


# -- accounting --------------------------------------------------------------------
@dataclass
class _Tally:
    """One draft's token usage over all its HTTP attempts, and the last reply's content
    (for the re-ask and the empty-reply check). Filled by `_read_reply`."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    #: a 200 completion body was read during the current call
    replied: bool = False
    content: str | None = None

    def add(self, prompt: object, completion: object) -> None:
        self.prompt_tokens += prompt if isinstance(prompt, int) else 0
        self.completion_tokens += completion if isinstance(completion, int) else 0


#: the draft whose HTTP replies `_read_reply` accounts to (set for the span of one call)
_DRAFT: ContextVar[_Tally | None] = ContextVar("scribe_llm_draft", default=None)


async def _read_reply(response: httpx.Response) -> None:
    """httpx response hook on the chain's own client: usage and content of every
    completion, read from the HTTP body. This is what lets the chain run without
    `include_raw=True`, whose extra runnables cost about 1 ms of CPU per call
    (benchmarks/chain.py), and it sees replies that fail parsing as well."""
    tally = _DRAFT.get()
    if tally is None or response.status_code != 200:
        return
    await response.aread()
    try:
        body = json.loads(response.content)
        usage = body.get("usage") or {}
        content = body["choices"][0]["message"].get("content")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return  # not a chat completion: openai's own parse reports it
    tally.replied = True
    tally.content = content if isinstance(content, str) else None
    if isinstance(usage, dict):
        tally.add(usage.get("prompt_tokens"), usage.get("completion_tokens"))


@cache
def _price_table() -> dict[str, tuple[float, float]]:
    raw = yaml.safe_load(
        (resources.files("scribe.chain") / "data" / "prices.yaml").read_text(encoding="utf-8")
    )
    return {str(k): (float(v["input"]), float(v["output"])) for k, v in raw.items()}


def prices(model: str, settings: LLMSettings) -> tuple[float, float]:
    """USD per million (prompt, completion) tokens: settings override, else the longest
    matching prefix of the price table, else 0 (a local server)."""
    table = _price_table()
    match = max((k for k in table if model.startswith(k)), key=len, default=None)
    base = table[match] if match else (0.0, 0.0)
    return (
        settings.price_input if settings.price_input is not None else base[0],
        settings.price_output if settings.price_output is not None else base[1],
    )


# -- the loop the HTTP client lives on ----------------------------------------------
class _InlineContextCalls(ThreadPoolExecutor):
    """The owned loop's default executor. langchain's `ainvoke` hands each sync step
    of a chain (the structured-output parser) to `loop.run_in_executor` wrapped as
    `partial(Context.run, ...)`: a ~0.1 ms parse that then costs two thread switches
    and GIL hand-offs, which at concurrency 16 stretched drafts' latency and cost ~2
    points of throughput (benchmarks/chain.py). Such context-carrying calls run inline
    on the loop thread; everything else (the resolver's `getaddrinfo`) still gets a
    thread, so a slow DNS lookup never stalls the loop."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        if isinstance(fn, partial) and isinstance(getattr(fn.func, "__self__", None), Context):
            done: Future[T] = Future()
            try:
                done.set_result(fn(*args, **kwargs))
            except BaseException as e:  # delivered to the awaiting coroutine
                done.set_exception(e)
            return done
        return super().submit(fn, *args, **kwargs)


class _Loop:
    """A daemon thread running one asyncio loop, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def get(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self.loop is None:
                loop = asyncio.new_event_loop()
                loop.set_default_executor(_InlineContextCalls(thread_name_prefix="scribe-llm-io"))
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=run, name="scribe-llm", daemon=True)
                self._thread.start()
                ready.wait()
                self.loop = loop
            return self.loop

    def submit(self, coro: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Schedule on the owned loop; awaitable from any other loop."""
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.get()))

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.get()).result()

    def close(self, final: Coroutine[Any, Any, None]) -> None:
        with self._lock:
            loop, thread = self.loop, self._thread
            self.loop = self._thread = None
        if loop is None or thread is None:
            final.close()
            return
        try:
            asyncio.run_coroutine_threadsafe(final, loop).result(timeout=5)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            loop.close()


# -- the extractor -----------------------------------------------------------------
class OpenAIExtractor:
    """The LLM chain behind `--backend openai`. Satisfies `scribe.extract.Extractor`.

    `model` overrides `SCRIBE_MODEL`; `prompt` is the extraction prompt as `ID` or
    `ID@VERSION`. `model`, `prompt_id`, `prompt_hash` and `version` identify the
    answers (evaluation cache, provenance).
    """

    backend = "openai"
    version = EXTRACTOR_VERSION

    def __init__(
        self,
        model: str | None = None,
        prompt: str | None = None,
        settings: LLMSettings | None = None,
    ) -> None:
        self.settings = settings or LLMSettings()
        self.model = model or self.settings.model
        self.prompt: Prompt = load_prompt(prompt or self.settings.prompt)
        self._system = load_prompt("system")
        self._note = load_prompt("note")
        self._reask = load_prompt("reask")
        self.prompt_id = self.prompt.ref
        #: one hash over every prompt file the chain sends (system, note, extraction, reask)
        self.prompt_hash = combined_sha256([self._system, self._note, self.prompt, self._reask])
        s = self.settings
        self.policy = RetryPolicy(
            max_attempts=s.max_attempts,
            deadline=s.deadline,
            timeout=s.timeout,
            backoff_base=s.backoff_base,
            backoff_max=s.backoff_max,
        )
        self._prices = prices(self.model, s)
        self._system_text = self._system.render() + "\n\n" + self._note.render()
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(s.timeout, connect=min(s.timeout, 10.0)),
            limits=httpx.Limits(max_connections=1000, max_keepalive_connections=100),
            event_hooks={"response": [_read_reply]},
        )
        structured = self._chat_model().with_structured_output(
            ExtractionReply, method="json_schema", strict=True
        )
        # An async twin, so langchain runs the prompt step on the loop rather than
        # handing it to a thread pool (a sync RunnableLambda's `ainvoke` does that).
        prompt_step = RunnableLambda(self._messages, afunc=self._amessages)
        self._chain: Runnable[dict[str, Any], Any] = prompt_step | structured
        self._loop = _Loop()

    def _chat_model(self) -> BaseChatModel:
        s = self.settings
        common: dict[str, Any] = {
            "temperature": s.temperature,
            "max_tokens": s.max_tokens,
            "timeout": s.timeout,
            "max_retries": 0,  # tenacity is the only retry layer
            "http_async_client": self._http,
        }
        if s.is_azure:
            from langchain_openai import AzureChatOpenAI

            key = s.azure_api_key or s.api_key
            if key is None:
                raise ConfigError("Azure OpenAI needs AZURE_OPENAI_API_KEY (or OPENAI_API_KEY)")
            return AzureChatOpenAI(
                azure_endpoint=s.azure_endpoint,
                azure_deployment=self.model,
                api_version=s.api_version or AZURE_API_VERSION,
                api_key=key,
                **common,
            )
        from langchain_openai import ChatOpenAI

        # Local OpenAI-compatible servers (vLLM, Ollama, llama.cpp) need no key.
        key = s.api_key or SecretStr("not-needed")
        return ChatOpenAI(model=self.model, api_key=key, base_url=s.base_url, **common)

    # -- the prompt step -----------------------------------------------------------
    def _messages(self, payload: Mapping[str, Any]) -> list[BaseMessage]:
        t: Transcript = payload["transcript"]
        turns = [
            {"speaker": _as_data(turn.speaker), "role": turn.role, "text": _as_data(turn.text)}
            for turn in t.turns
        ]
        messages: list[BaseMessage] = [
            SystemMessage(self._system_text),
            HumanMessage(self.prompt.render(turns=turns)),
        ]
        for raw, errors in payload.get("reask", ()):
            messages.append(AIMessage(raw))
            messages.append(HumanMessage(self._reask.render(errors=errors)))
        return messages

    async def _amessages(self, payload: Mapping[str, Any]) -> list[BaseMessage]:
        return self._messages(payload)

    # -- one HTTP call ---------------------------------------------------------------
    async def _call(self, payload: Mapping[str, Any], tally: _Tally) -> ExtractionReply:
        tally.replied, tally.content = False, None
        token = _DRAFT.set(tally)
        try:
            out = await self._chain.ainvoke(dict(payload))
        except ModelRefusalError as e:
            raise LLMRefused("the model refused to draft this note", raw=str(e)) from None
        except ValidationError as e:  # content that is not JSON of the schema
            raise _unparsed(tally, _validation_errors(e)) from None
        except ValueError:  # langchain's parser: a reply with nothing parsed
            if not tally.replied:
                raise
            raise _unparsed(tally, ["(root): the reply is not the schema's JSON"]) from None
        finally:
            _DRAFT.reset(token)
        if not isinstance(out, ExtractionReply):
            raise _unparsed(tally, ["(root): the reply is not the schema's JSON"])
        return out

    # -- one draft -------------------------------------------------------------------
    async def _arun(self, transcript: Transcript) -> Extraction:
        started = time.monotonic()
        attempts, tally = Attempts(), _Tally()
        payload: dict[str, Any] = {"transcript": transcript, "reask": []}
        reasked = False
        try:
            try:
                reply = await self._policy_call(payload, tally, attempts, started)
            except _SchemaInvalid as bad:
                # STYLE: re-asking is not retrying - once, with the validation errors
                reasked = True
                payload["reask"] = [(bad.raw or "", bad.errors)]
                try:
                    reply = await self._policy_call(payload, tally, attempts, started)
                except _SchemaInvalid as again:
                    raise LLMBadOutput(
                        "the reply failed schema validation after one re-ask "
                        f"({len(again.errors)} error(s), first: {again.errors[0]})",
                        raw=again.raw,
                    ) from None
        except LLMError as e:
            log.info(
                "llm extract failed error=%s turns=%d chars=%d calls=%d ms=%.1f",
                e.code,
                len(transcript.turns),
                transcript.char_count,
                attempts.count,
                (time.monotonic() - started) * 1000,
            )
            raise
        findings, codes, note = to_extraction_parts(reply, transcript)
        latency_ms = (time.monotonic() - started) * 1000
        p_in, p_out = self._prices
        usage = Usage(
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            http_calls=attempts.count,
            latency_ms=round(latency_ms, 3),
            cost_usd=round((tally.prompt_tokens * p_in + tally.completion_tokens * p_out) / 1e6, 8),
        )
        log.info(
            "llm extract turns=%d chars=%d findings=%d calls=%d reask=%s tokens=%d/%d ms=%.1f",
            len(transcript.turns),
            transcript.char_count,
            len(findings),
            attempts.count,
            reasked,
            tally.prompt_tokens,
            tally.completion_tokens,
            latency_ms,
        )
        return Extraction(
            findings=findings,
            proposed_codes=codes,
            note=note,
            backend="openai",
            model=self.model,
            prompt_id=self.prompt_id,
            prompt_hash=self.prompt_hash,
            usage=usage,
        )

    def _policy_call(
        self, payload: Mapping[str, Any], tally: _Tally, attempts: Attempts, started: float
    ) -> Awaitable[ExtractionReply]:
        return self.policy.call(
            lambda: self._call(payload, tally), classify, started=started, attempts=attempts
        )

    # -- public API ------------------------------------------------------------------
    def extract(self, transcript: Transcript) -> Extraction:
        """Draft one transcript's structured findings; raises `LLMError` on failure."""
        return self._loop.run(self._arun(transcript))

    async def aextract(self, transcript: Transcript) -> Extraction:
        """`extract` for asyncio callers, from any event loop."""
        if self._loop.loop is not None and asyncio.get_running_loop() is self._loop.loop:
            return await self._arun(transcript)
        return await self._loop.submit(self._arun(transcript))

    async def aextract_batch(
        self, transcripts: Sequence[Transcript], concurrency: int | None = None
    ) -> list[Extraction | LLMError]:
        """Many transcripts, at most `concurrency` (default SCRIBE_LLM_CONCURRENCY) in
        flight, results in input order; a failed draft is its `LLMError`, the rest go on."""
        limit = asyncio.Semaphore(concurrency or self.settings.concurrency)

        async def one(t: Transcript) -> Extraction | LLMError:
            async with limit:
                try:
                    return await self.aextract(t)
                except LLMError as e:
                    return e

        return list(await asyncio.gather(*(one(t) for t in transcripts)))

    def extract_batch(
        self, transcripts: Sequence[Transcript], concurrency: int | None = None
    ) -> list[Extraction | LLMError]:
        return self._loop.run(self.aextract_batch(transcripts, concurrency))

    def close(self) -> None:
        """Close the HTTP connections and stop the loop thread (idempotent)."""
        self._loop.close(self._http.aclose())

    def __enter__(self) -> OpenAIExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_data(text: str) -> str:
    """One line, and no `<transcript>` / `</transcript>` of its own: a speaker cannot
    end the data block or fake another turn."""
    return _DELIMITER.sub(r"‹\1\2", " ".join(text.split()))
