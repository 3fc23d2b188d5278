"""Runs: artefacts, the response cache, resume after a kill, failures, the CLI gates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scribe.errors import InputError
from scribe.evaluation.backends import identity_of
from scribe.evaluation.datasets import load_dataset
from scribe.evaluation.runner import RateLimiter, RunConfig, load_results, run
from tests.conftest import ROOT
from tests.evaluation.fakes import MINI, AsyncOracleExtractor, OracleExtractor, many_cases


def run_with(ext: OracleExtractor, out: Path, **kw: Any) -> Any:
    config = RunConfig(out=out, bootstrap=200, **kw)
    return run(ext.dataset, ext, identity_of(ext, "openai"), config)


def quality(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary without wall-clock latencies (they differ between any two runs)."""
    return {k: v for k, v in summary.items() if k != "latency"}


def test_a_run_writes_every_report_and_scores_the_oracle_perfectly(tmp_path: Path) -> None:
    ext = OracleExtractor()
    outcome = run_with(ext, tmp_path / "run", concurrency=3)
    names = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert names == ["report.html", "results.jsonl", "run.json", "summary.json", "summary.md"]
    s = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert s == outcome.summary
    assert s["headline"]["code_exact_match"] == 1.0 and s["headline"]["field_f1"] == 1.0
    assert s["headline"]["flag_f1"] == 1.0 and s["headline"]["finalizable_accuracy"] == 1.0
    assert s["tokens"]["total_per_note"] == 150.0 and s["cost"]["per_note_usd"] == 0.001
    prov = s["provenance"]
    assert prov["dataset_sha256"] == ext.dataset.sha256
    assert (prov["backend"], prov["model"], prov["prompt_id"]) == (
        "openai",
        "fake-model",
        "extract@1",
    )
    assert prov["prompt_hash"] == "p" * 64 and prov["tabular_version"].startswith("FY2026")
    ids = [
        json.loads(x)["id"]
        for x in (tmp_path / "run" / "results.jsonl").read_text().split("\n")
        if x
    ]
    assert ids == [c.id for c in ext.dataset.cases]  # dataset order, whatever finished first
    md = (tmp_path / "run" / "summary.md").read_text()
    assert "| code_exact_match | 100.0% |" in md
    assert ext.calls == 4


def test_second_run_with_nothing_changed_makes_no_call(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    first = OracleExtractor()
    a = run_with(first, tmp_path / "a", cache_path=cache)
    second = OracleExtractor()
    b = run_with(second, tmp_path / "b", cache_path=cache)
    assert (first.calls, second.calls) == (4, 0)
    assert (b.calls, b.cache_hits, b.summary["cached"]) == (0, 4, 4)
    assert quality(a.summary) | {"cached": 4} == quality(b.summary)


def test_a_changed_prompt_or_model_misses_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    run_with(OracleExtractor(), tmp_path / "a", cache_path=cache)
    new_prompt = OracleExtractor(prompt_hash="q" * 64)
    run_with(new_prompt, tmp_path / "b", cache_path=cache)
    new_model = OracleExtractor(model="other-model")
    run_with(new_model, tmp_path / "c", cache_path=cache)
    assert (new_prompt.calls, new_model.calls) == (4, 4)


def test_failed_cases_are_recorded_and_retried_on_resume(tmp_path: Path) -> None:
    ext = OracleExtractor(fail={"lt-calf": 1})
    out = tmp_path / "run"
    first = run_with(ext, out)
    assert first.summary["errors"] == 1
    rec = load_results(out)["lt-calf"]
    assert rec["status"] == "error" and rec["error"]["type"] == "llm_timeout"
    assert first.summary["headline"]["code_exact_match"] == 0.75
    second = run_with(ext, out, resume=True)
    assert ext.calls_by_id == {"rt-thigh": 1, "lt-calf": 2, "unspecified": 1, "knee-capsule": 1}
    assert second.summary["errors"] == 0 and second.skipped == 3


class Crash(Exception):
    pass


def test_a_crash_mid_run_keeps_finished_cases_and_resume_finishes(tmp_path: Path) -> None:
    def boom(_: Any) -> Any:
        raise Crash("bug in a perturbation")

    out = tmp_path / "run"
    crashing = OracleExtractor(perturb={"unspecified": boom})
    with pytest.raises(Crash):
        run_with(crashing, out, concurrency=1)
    finished = set(load_results(out))
    assert finished == {"rt-thigh", "lt-calf"}
    healthy = OracleExtractor()
    resumed = run_with(healthy, out, resume=True, concurrency=1)
    assert healthy.calls == 2
    clean = run_with(OracleExtractor(), tmp_path / "clean")
    assert quality(resumed.summary) == quality(clean.summary)


def test_killed_run_resumes_without_redoing_cases_and_gives_the_same_summary(
    tmp_path: Path,
) -> None:
    dataset = many_cases(tmp_path, 12)
    out = tmp_path / "run"
    env = {**os.environ, "SCRIBE_FAKE_DATASET": str(dataset), "SCRIBE_FAKE_DELAY": "0.25"}
    code = "import sys; from scribe.cli import main; main(sys.argv[1:])"
    args = [
        "eval",
        "run",
        str(dataset),
        "--extractor",
        "tests.evaluation.fakes:oracle",
        "--out",
        str(out),
        "--concurrency",
        "1",
        "--no-cache",
    ]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    results = out / "results.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if results.exists() and results.read_text().count("\n") >= 3:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.stderr is not None
    proc.stderr.close()
    done = set(load_results(out))
    assert 3 <= len(done) < 12, "the run finished before it could be killed"
    assert not (out / "summary.json").exists()

    ds = load_dataset(dataset)
    resumed_ext = AsyncOracleExtractor(ds)
    resumed = run(
        ds,
        resumed_ext,
        identity_of(resumed_ext, "openai"),
        RunConfig(out=out, resume=True, bootstrap=200),
    )
    assert resumed_ext.calls == 12 - len(done)
    assert resumed.skipped == len(done)
    lines = [json.loads(x) for x in results.read_text().splitlines()]
    assert sorted(r["id"] for r in lines) == sorted(c.id for c in ds.cases)  # each once
    clean_ext = AsyncOracleExtractor(ds)
    clean = run(
        ds,
        clean_ext,
        identity_of(clean_ext, "openai"),
        RunConfig(out=tmp_path / "clean", bootstrap=200),
    )
    assert quality(resumed.summary) == quality(clean.summary)


def test_an_existing_run_is_never_overwritten_and_resume_checks_provenance(
    tmp_path: Path,
) -> None:
    out = tmp_path / "run"
    run_with(OracleExtractor(), out)
    with pytest.raises(InputError, match="already holds a run; pass --resume"):
        run_with(OracleExtractor(), out)
    with pytest.raises(InputError, match="cannot resume .*prompt_hash changed"):
        run_with(OracleExtractor(prompt_hash="z" * 64), out, resume=True)


def test_concurrency_overlaps_calls(tmp_path: Path) -> None:
    ext = AsyncOracleExtractor(load_dataset(many_cases(tmp_path, 16)), delay=0.2)
    started = time.perf_counter()
    run_with(ext, tmp_path / "run", concurrency=16)
    assert time.perf_counter() - started < 0.2 * 16 / 2


def test_rate_limit_spaces_starts(tmp_path: Path) -> None:
    import asyncio

    async def starts() -> list[float]:
        limiter = RateLimiter(20.0)
        out = []
        for _ in range(5):
            await limiter.acquire()
            out.append(time.monotonic())
        return out

    ts = asyncio.run(starts())
    gaps = [b - a for a, b in zip(ts, ts[1:], strict=False)]
    assert min(gaps) >= 0.045
    with pytest.raises(InputError):
        RateLimiter(0)


def test_dataset_sha_is_of_the_file_bytes() -> None:
    import hashlib

    assert load_dataset(MINI).sha256 == hashlib.sha256(MINI.read_bytes()).hexdigest()
