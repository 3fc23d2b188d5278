"""Runs: drive an extractor over a dataset, concurrently, resumably, cached.

Each case goes through the same composition as `scribe draft`
(`pipeline.build_draft`), so the harness measures what users get. LLM calls run
concurrently up to `concurrency`, started no faster than `rate_limit` per second;
checking and scoring run beside them in a worker thread so the slots stay full.

Every finished case is appended to `results.jsonl` at once, so an interrupted run
loses nothing: `resume=True` keeps the finished cases and runs only the rest
(cases that failed are retried). `run.json` records the configuration and the
provenance at the start; a resume refuses to mix a changed dataset, backend, model
or prompt into the same run.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import platform
import time
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scribe.errors import InputError, ScribeError
from scribe.evaluation.cache import ExtractorIdentity, ResponseCache, schema_sha256
from scribe.evaluation.datasets import Dataset, LoadedCase
from scribe.evaluation.metrics import (
    CaseResult,
    CaseScores,
    Prediction,
    aggregate,
    grounding_counts,
    score_case,
)
from scribe.extract.protocol import Extractor
from scribe.models import Extraction

__all__ = [
    "RESULTS",
    "RUN_INFO",
    "SUMMARY",
    "RateLimiter",
    "RunConfig",
    "RunOutcome",
    "load_results",
    "run",
    "summarize",
]

RESULTS = "results.jsonl"
RUN_INFO = "run.json"
SUMMARY = "summary.json"
#: run.json keys that must match for `--resume` to continue a run.
_RESUME_KEYS = ("dataset_sha256", "backend", "model", "prompt_id", "prompt_hash", "version")


@dataclass(frozen=True)
class RunConfig:
    out: Path
    concurrency: int = 4
    rate_limit: float | None = None
    resume: bool = False
    cache_path: Path | None = None
    progress: bool = False
    bootstrap: int = 1000
    seed: int = 0


@dataclass
class RunOutcome:
    out: Path
    summary: dict[str, Any]
    ran: int = 0
    skipped: int = 0
    calls: int = 0
    cache_hits: int = 0
    wall_s: float = 0.0
    errors: list[str] = field(default_factory=list)


class RateLimiter:
    """Start at most `rate` calls per second, evenly spaced (a leaky bucket)."""

    def __init__(self, rate: float | None) -> None:
        if rate is not None and rate <= 0:
            raise InputError("--rate-limit must be positive")
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        if not self._interval:
            return
        async with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self._interval
        if wait > 0:
            await asyncio.sleep(wait)


# -- result records ----------------------------------------------------------------
def load_results(out: Path) -> dict[str, dict[str, Any]]:
    """Finished records by case id (the last record of an id wins). A torn last
    line left by a killed run is ignored."""
    path = out / RESULTS
    records: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return records
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("id"), str):
            records[rec["id"]] = rec
    return records


def _rewrite_results(out: Path, records: dict[str, dict[str, Any]]) -> None:
    """Drop torn lines before appending again, atomically."""
    path = out / RESULTS
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r) + "\n" for r in records.values()), encoding="utf-8")
    tmp.replace(path)


def _case_result(rec: dict[str, Any], tags: tuple[str, ...]) -> CaseResult:
    usage = rec.get("usage") or {}
    return CaseResult(
        id=rec["id"],
        scores=CaseScores.model_validate(rec["scores"]),
        tags=tags,
        ok=rec.get("status") == "ok",
        cached=bool(rec.get("cached")),
        latency_ms=float(rec.get("latency_ms") or 0.0),
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        cost_usd=float(usage.get("cost_usd") or 0.0),
    )


def summarize(
    dataset: Dataset,
    records: dict[str, dict[str, Any]],
    provenance: dict[str, Any],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """summary.json: metrics over the dataset's cases in dataset order, so the same
    results give the same summary however the run was interrupted and resumed."""
    results = [_case_result(records[c.id], _tags(c)) for c in dataset.cases if c.id in records]
    missing = [c.id for c in dataset.cases if c.id not in records]
    return {
        "provenance": provenance,
        **aggregate(results, resamples=bootstrap, seed=seed),
        "missing": missing,
    }


def _tags(c: LoadedCase) -> tuple[str, ...]:
    """The case's own tags plus `format:<transcript format>`."""
    fmt = f"format:{c.transcript.format}"
    return tuple(dict.fromkeys((*c.case.tags, fmt)))


# -- provenance --------------------------------------------------------------------
def provenance(dataset: Dataset, identity: ExtractorIdentity) -> dict[str, Any]:
    from scribe.checker.engine import CHECKER_VERSION
    from scribe.icd10.kb import load as load_kb
    from scribe.pipeline import scribe_version

    return {
        "dataset": str(dataset.path),
        "dataset_sha256": dataset.sha256,
        "cases": len(dataset),
        "backend": identity.backend,
        "model": identity.model,
        "prompt_id": identity.prompt_id,
        "prompt_hash": identity.prompt_hash,
        "version": identity.version,
        "schema_sha256": schema_sha256(),
        "scribe_version": scribe_version(),
        "checker_version": CHECKER_VERSION,
        "tabular_version": load_kb().tabular_version,
        "python": platform.python_version(),
    }


def _start(out: Path, prov: dict[str, Any], config: RunConfig) -> dict[str, dict[str, Any]]:
    """Create or reopen the run directory; return the finished records to keep."""
    info_path = out / RUN_INFO
    existing = (out / RESULTS).exists() or info_path.exists()
    if existing and not config.resume:
        raise InputError(
            f"{out} already holds a run; pass --resume to continue it or choose another --out"
        )
    kept: dict[str, dict[str, Any]] = {}
    if config.resume and info_path.exists():
        try:
            before = json.loads(info_path.read_text(encoding="utf-8"))["provenance"]
        except (OSError, ValueError, KeyError, TypeError):
            raise InputError(f"cannot resume: {info_path} is unreadable") from None
        for key in _RESUME_KEYS:
            if before.get(key) != prov.get(key):
                raise InputError(
                    f"cannot resume {out}: {key} changed "
                    f"({before.get(key)!r} -> {prov.get(key)!r}); use another --out"
                )
        kept = {k: r for k, r in load_results(out).items() if r.get("status") == "ok"}
        _rewrite_results(out, kept)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create {out}: {e.strerror}") from None
    info = {
        "provenance": prov,
        "config": {
            "concurrency": config.concurrency,
            "rate_limit": config.rate_limit,
            "cache": str(config.cache_path) if config.cache_path else None,
        },
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    info_path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return kept


# -- one case ----------------------------------------------------------------------
def _caller(
    extractor: Extractor,
) -> Callable[[LoadedCase, ThreadPoolExecutor], Awaitable[Extraction]]:
    """Use the extractor's `aextract` when it has one, else `extract` in a thread."""
    aextract = getattr(extractor, "aextract", None)
    if aextract is not None and inspect.iscoroutinefunction(aextract):

        async def call_async(case: LoadedCase, pool: ThreadPoolExecutor) -> Extraction:
            result: Extraction = await aextract(case.transcript)
            return result

        return call_async

    async def call_sync(case: LoadedCase, pool: ThreadPoolExecutor) -> Extraction:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, extractor.extract, case.transcript)

    return call_sync


def _finish(
    case: LoadedCase,
    extraction: Extraction | None,
    error: ScribeError | None,
    *,
    extract_ms: float,
    cached: bool,
    severities: Mapping[str, str],
) -> dict[str, Any]:
    """Code, check and score one case into its results.jsonl record."""
    from scribe.coding import code_findings
    from scribe.icd10.kb import load as load_kb
    from scribe.pipeline import build_draft

    kb = load_kb()
    started = time.perf_counter()
    gold = case.case
    supported = code_findings(kb, [g.to_finding() for g in gold.findings])
    pred: Prediction | None = None
    draft_json: dict[str, Any] | None = None
    grounding = (0, 0)
    if extraction is not None and error is None:
        try:
            d = build_draft(case.transcript, extraction, kb)
        except ScribeError as e:
            error = e
        else:
            pred = Prediction(
                findings=d.findings,
                codes=tuple(c.code for c in d.codes),
                flags=tuple((f.rule, f.severity) for f in d.flags),
                finalizable=d.finalizable,
            )
            grounding = grounding_counts(d.findings, case.transcript)
            draft_json = {
                "findings": [f.model_dump(mode="json") for f in d.findings],
                "codes": [c.code for c in d.codes],
                "flags": [
                    {"rule": f.rule, "severity": f.severity, "message": f.message} for f in d.flags
                ],
                "finalizable": d.finalizable,
                "note": d.note.model_dump(mode="json"),
            }
    scores = score_case(
        gold, pred, severities=severities, supported_codes=supported, grounding=grounding
    )
    usage = extraction.usage if extraction is not None else None
    return {
        "id": gold.id,
        "line": case.line,
        "status": "ok" if error is None else "error",
        "error": None if error is None else {"type": error.code, "message": error.message},
        "cached": cached,
        "latency_ms": round(extract_ms + (time.perf_counter() - started) * 1000, 3),
        "extract_ms": round(extract_ms, 3),
        "usage": usage.model_dump(mode="json") if usage is not None else None,
        "backend": extraction.backend if extraction is not None else None,
        "model": extraction.model if extraction is not None else None,
        "prompt_id": extraction.prompt_id if extraction is not None else None,
        "prompt_hash": extraction.prompt_hash if extraction is not None else None,
        "transcript_sha256": case.transcript_sha256,
        "predicted": draft_json,
        "scores": scores.model_dump(mode="json"),
    }


class _Progress:
    """A rich progress bar with ETA on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int, done: int) -> None:
        self._progress: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("eval"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = self._progress.add_task("eval", total=total, completed=done, status="")

    def __enter__(self) -> _Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, status: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=1, status=status)


async def _run_cases(
    todo: list[LoadedCase],
    extractor: Extractor,
    identity: ExtractorIdentity,
    config: RunConfig,
    cache: ResponseCache | None,
    outcome: RunOutcome,
    done: int,
    total: int,
) -> None:
    from scribe.checker.engine import rules

    severities = {r.id: r.severity for r in rules()}
    call = _caller(extractor)
    sem = asyncio.Semaphore(config.concurrency)
    limiter = RateLimiter(config.rate_limit)
    io_pool = ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="eval-io")
    results = (config.out / RESULTS).open("a", encoding="utf-8")
    errors = 0
    failure: list[Exception] = []

    async def one(case: LoadedCase, bar: _Progress) -> None:
        nonlocal errors
        key = identity.key(case.transcript_sha256) if cache is not None else ""
        hit = cache.get(key) if cache is not None else None
        extraction: Extraction | None = None
        error: ScribeError | None = None
        if hit is not None:
            extraction, extract_ms, cached = hit.extraction, hit.latency_ms, True
            outcome.cache_hits += 1
        else:
            cached = False
            async with sem:
                if failure:
                    return  # a bug stopped the run: start no new call
                await limiter.acquire()
                started = time.perf_counter()
                outcome.calls += 1
                try:
                    extraction = await call(case, io_pool)
                except ScribeError as e:
                    error = e
                extract_ms = (time.perf_counter() - started) * 1000
            if cache is not None and extraction is not None:
                cache.put(key, extraction, extract_ms)
        # Code, check and score here, in the loop, while the calls in flight wait on
        # I/O; but first yield twice, so that when a burst of calls completes together
        # every task waiting for a freed slot starts its call before any scoring runs.
        # (A worker thread would fight the event loop for the GIL exactly when the
        # next calls should start.)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        rec = _finish(
            case, extraction, error, extract_ms=extract_ms, cached=cached, severities=severities
        )
        results.write(json.dumps(rec) + "\n")
        results.flush()
        outcome.ran += 1
        if rec["status"] != "ok":
            errors += 1
            outcome.errors.append(f"{case.id}: {rec['error']['type']}: {rec['error']['message']}")
        bar.advance(f"errors {errors}" if errors else "")

    async def guarded(case: LoadedCase, bar: _Progress) -> None:
        """A bug (not a ScribeError) stops new calls, lets the calls in flight finish
        and be recorded, then surfaces as itself: nothing paid for is thrown away."""
        try:
            await one(case, bar)
        except Exception as e:
            if not failure:
                failure.append(e)

    try:
        with _Progress(config.progress, total, done) as bar:
            async with asyncio.TaskGroup() as tg:
                for case in todo:
                    tg.create_task(guarded(case, bar))
    finally:
        results.close()
        io_pool.shutdown(wait=False, cancel_futures=True)
    if failure:
        raise failure[0]


def run(
    dataset: Dataset,
    extractor: Extractor,
    identity: ExtractorIdentity,
    config: RunConfig,
) -> RunOutcome:
    """Run (or resume) an evaluation and write results.jsonl, summary.json,
    summary.md and report.html into `config.out`."""
    from scribe.evaluation.reports import write_reports
    from scribe.icd10.kb import load as load_kb

    if config.concurrency < 1:
        raise InputError("--concurrency must be at least 1")
    RateLimiter(config.rate_limit)  # validate before the run directory is created
    load_kb()  # once, before the threads start
    prov = provenance(dataset, identity)
    kept = _start(config.out, prov, config)
    todo = [c for c in dataset.cases if c.id not in kept]
    outcome = RunOutcome(out=config.out, summary={}, skipped=len(dataset) - len(todo))
    cache = ResponseCache(config.cache_path) if config.cache_path is not None else None
    started = time.perf_counter()
    try:
        asyncio.run(
            _run_cases(todo, extractor, identity, config, cache, outcome, len(kept), len(dataset))
        )
    finally:
        if cache is not None:
            cache.close()
    outcome.wall_s = time.perf_counter() - started
    records = load_results(config.out)
    outcome.summary = summarize(
        dataset, records, prov, bootstrap=config.bootstrap, seed=config.seed
    )
    _finish_info(config.out, outcome)
    write_reports(config.out, dataset, records, outcome.summary)
    return outcome


def _finish_info(out: Path, outcome: RunOutcome) -> None:
    path = out / RUN_INFO
    info = json.loads(path.read_text(encoding="utf-8"))
    info.update(
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        wall_s=round(outcome.wall_s, 3),
        ran=outcome.ran,
        skipped=outcome.skipped,
        llm_calls=outcome.calls,
        cache_hits=outcome.cache_hits,
    )
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
