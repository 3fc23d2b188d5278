"""LLM chain benchmark against the local fake OpenAI-compatible server (no network).

Prints:
1. HTTP calls per draft under 5 % injected transient faults over 200 drafts
   (target: every draft completes, mean <= 1.1);
2. behaviour under 100 % faults (target: every draft fails with a typed error
   within the deadline);
3. overhead of the chain over the raw HTTP round trip, per draft (target <= 5 ms):
   the same request body POSTed with httpx vs `OpenAIExtractor.extract`;
4. throughput at concurrency 16 against a server with 200 ms latency (target
   >= 90 % of the bound 16 / 0.2 s = 80 drafts/s), as a library caller and as
   `scribe serve` / `scribe eval` run it (startup heap frozen, `scribe.runtime`).

Run: .venv/bin/python benchmarks/chain.py
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import random
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scribe.chain.extractor import OpenAIExtractor  # noqa: E402
from scribe.chain.settings import LLMSettings  # noqa: E402
from scribe.errors import LLMError  # noqa: E402
from scribe.models import Extraction, Transcript  # noqa: E402
from scribe.runtime import freeze_startup_heap  # noqa: E402
from scribe.transcripts import load_transcript  # noqa: E402
from tests.chain.conftest import THIGH, settings_for, thigh_reply  # noqa: E402
from tests.fakellm import Action, FakeLLM, ok, server_error  # noqa: E402


def settings(server: FakeLLM, **overrides: Any) -> LLMSettings:
    """The tests' settings with benchmark-sized timeouts and backoff."""
    bench: dict[str, Any] = {
        "SCRIBE_LLM_TIMEOUT": 5.0,
        "SCRIBE_LLM_DEADLINE": 20.0,
        "SCRIBE_LLM_BACKOFF_BASE": 0.05,
        "SCRIBE_LLM_BACKOFF_MAX": 1.0,
    }
    return settings_for(server, **{**bench, **overrides})


def transient_faults(t: Transcript, n: int = 200, rate: float = 0.05) -> None:
    reply = ok(thigh_reply())
    rng = random.Random(5)
    faults = [0]

    def answer(body: dict[str, Any]) -> Action:
        if rng.random() < rate:
            faults[0] += 1
            return server_error(503)
        return reply

    with FakeLLM(default=answer) as server, OpenAIExtractor(settings=settings(server)) as ex:
        out = ex.extract_batch([t] * n, concurrency=16)
        done = [x for x in out if isinstance(x, Extraction)]
        calls = [x.usage.http_calls for x in done if x.usage is not None]
        print(f"1. {rate:.0%} transient faults, {n} drafts: {len(done)}/{n} complete, "
              f"{server.calls} HTTP calls ({faults[0]} faults injected), "
              f"calls/draft mean {server.calls / n:.3f}, max {max(calls)}")


def all_faults(t: Transcript, n: int = 50, deadline: float = 2.0) -> None:
    with (
        FakeLLM(default=server_error(503)) as server,
        OpenAIExtractor(settings=settings(server, SCRIBE_LLM_DEADLINE=deadline)) as ex,
    ):

        async def timed(t: Transcript) -> tuple[float, Extraction | LLMError]:
            started = time.monotonic()
            try:
                result: Extraction | LLMError = await ex.aextract(t)
            except LLMError as e:
                result = e
            return time.monotonic() - started, result

        async def go() -> list[tuple[float, Extraction | LLMError]]:
            sem = asyncio.Semaphore(16)

            async def one() -> tuple[float, Extraction | LLMError]:
                async with sem:
                    return await timed(t)

            return list(await asyncio.gather(*(one() for _ in range(n))))

        results = asyncio.run(go())
    failed = [r for _, r in results if isinstance(r, LLMError)]
    kinds = sorted({type(r).__name__ for r in failed})
    worst = max(s for s, _ in results)
    print(f"2. 100% faults, {n} drafts: {len(failed)}/{n} failed with {', '.join(kinds)}, "
          f"{server.calls / n:.1f} calls/draft, slowest {worst:.2f} s (deadline {deadline:g} s)")
    print(f"   e.g. '{failed[0].message}'")


def overhead(t: Transcript, n: int = 200) -> None:
    with FakeLLM(default=ok(thigh_reply())) as server:
        with OpenAIExtractor(settings=settings(server)) as ex:
            for _ in range(20):
                ex.extract(t)
            body = server.requests[-1].body
            chain = []
            for _ in range(n):
                s = time.perf_counter()
                ex.extract(t)
                chain.append(time.perf_counter() - s)
        raw = []
        with httpx.Client(base_url=server.base_url) as client:
            for _ in range(20):
                client.post("/chat/completions", json=body).json()
            for _ in range(n):
                s = time.perf_counter()
                client.post("/chat/completions", json=body).json()
                raw.append(time.perf_counter() - s)
    c, r = statistics.median(chain) * 1000, statistics.median(raw) * 1000
    print(f"3. per draft, median of {n}: chain {c:.2f} ms, raw HTTP {r:.2f} ms, "
          f"overhead {c - r:.2f} ms (target <= 5 ms)")


def _serve(conn: Connection, latency: float) -> None:
    # The forked server inherits the client's heap (langchain, openai, pydantic); freeze
    # it, so the server's own full collections do not add ~100 ms pauses to its latency.
    gc.freeze()
    with FakeLLM(default=ok(thigh_reply()), latency=latency) as server:
        conn.send(server.base_url)
        conn.recv()  # until the parent is done


def throughput(t: Transcript, n: int = 640, concurrency: int = 16, latency: float = 0.2) -> None:
    """The server runs in its own process, as a real one would: its JSON work must
    not compete with the client for this process's GIL. Measured twice: as a library
    caller runs it, then as `scribe serve` / `scribe eval` do, with the startup heap
    frozen (`scribe.runtime`); the target applies to the latter."""
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.get_context("fork").Process(target=_serve, args=(child, latency))
    proc.start()
    bound = concurrency / latency
    try:
        base_url = parent.recv()
        s_ = LLMSettings(
            SCRIBE_LLM_BASE_URL=base_url, OPENAI_API_KEY="bench", SCRIBE_MODEL="gpt-4o-mini"
        )
        with OpenAIExtractor(settings=s_) as ex:
            ex.extract_batch([t] * concurrency, concurrency=concurrency)  # warm the pool
            for label in ("library caller", "serve/eval (frozen startup heap)"):
                if label.startswith("serve"):
                    freeze_startup_heap()
                s = time.perf_counter()
                out = ex.extract_batch([t] * n, concurrency=concurrency)
                wall = time.perf_counter() - s
                done = [x for x in out if isinstance(x, Extraction)]
                lat = sorted(x.usage.latency_ms for x in done if x.usage is not None)
                rate = len(done) / wall
                print(f"4. concurrency {concurrency}, {latency * 1000:.0f} ms server latency, "
                      f"{n} drafts, {label}: {rate:.1f} drafts/s = {rate / bound:.1%} of the "
                      f"bound {bound:.0f}/s (target >= 90%); draft latency p50 "
                      f"{lat[len(lat) // 2]:.0f} ms, p99 {lat[int(len(lat) * 0.99)]:.0f} ms")
    finally:
        parent.send("stop")
        proc.join(timeout=10)


def main() -> None:
    t = load_transcript(THIGH)
    transient_faults(t)
    all_faults(t)
    overhead(t)
    throughput(t)


if __name__ == "__main__":
    main()
