"""HTTP service load test: requests/s and latency percentiles at fixed concurrency.

Starts its own `scribe serve` (offline backend, temporary SQLite file) on
127.0.0.1 and a free port, and drives it with httpx from this process only; no
other host is ever contacted. Bounded twice: a request count per route and a
wall-clock cap. Prints figures only; nothing here asserts (speed is measured, not
tested).

Run: .venv/bin/python benchmarks/service.py [--concurrency 32] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.service.process import spawn_serve  # noqa: E402

EXAMPLE = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"


async def load(
    url: str, path: str, body: dict[str, Any], n: int, concurrency: int, cap_s: float
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    issued = 0
    deadline = time.perf_counter() + cap_s
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal issued
            while issued < n and time.perf_counter() < deadline:
                issued += 1
                t = time.perf_counter()
                r = await client.post(path, json=body)
                latencies.append(time.perf_counter() - t)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {
        "route": f"POST {path}",
        "concurrency": concurrency,
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(0.50), 1),
        "p99_ms": round(pct(0.99), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
        "statuses": statuses,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--requests", type=int, default=2000, help="per route")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per route, at most")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args()
    transcript = EXAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = spawn_serve(Path(tmp) / "bench.db")
        try:
            warm = {"transcript": transcript, "codes": ["M62.40"]}
            asyncio.run(load(url, "/v1/check", warm, 50, 4, 30))
            results = [
                asyncio.run(
                    load(url, "/v1/check", warm, args.requests, args.concurrency, args.cap)
                ),
                asyncio.run(
                    load(
                        url,
                        "/v1/drafts",
                        {"transcript": transcript},
                        args.requests,
                        args.concurrency,
                        args.cap,
                    )
                ),
            ]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"machine: {os.cpu_count()} cores; server: 1 uvicorn process, SQLite WAL (sync FULL)")
    for r in results:
        print(
            f"{r['route']:<16} c={r['concurrency']:<3} n={r['requests']:<5} "
            f"{r['requests_per_s']:>7.1f} req/s  p50 {r['p50_ms']:>6.1f} ms  "
            f"p99 {r['p99_ms']:>6.1f} ms  max {r['max_ms']:>6.1f} ms  statuses {r['statuses']}"
        )


if __name__ == "__main__":
    main()
