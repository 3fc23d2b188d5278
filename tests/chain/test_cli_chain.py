"""`scribe draft --backend openai` and `scribe eval --backend openai` as a user runs
them: a subprocess pointed at the fake server by SCRIBE_LLM_BASE_URL."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scribe.chain.prompts import combined_sha256, load_prompt
from scribe.evaluation.datasets import load_dataset
from tests.chain.conftest import THIGH, thigh_reply
from tests.conftest import ROOT
from tests.evaluation.fakes import MINI
from tests.fakellm import FakeLLM, ok, refusal, server_error


def run(server: FakeLLM, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scribe", *args],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(Path.home()),
            "SCRIBE_LLM_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "test",
            "SCRIBE_LLM_BACKOFF_BASE": "0.001",
            "SCRIBE_LLM_BACKOFF_MAX": "0.01",
            **env,
        },
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def server() -> Iterator[FakeLLM]:
    with FakeLLM(default=ok(thigh_reply())) as s:
        yield s


def test_draft_with_openai_backend_is_checked_with_provenance(server: FakeLLM) -> None:
    r = run(server, "draft", str(THIGH), "--backend", "openai", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    d = json.loads(r.stdout)
    prov = d["provenance"]
    assert prov["backend"] == "openai" and prov["model"] == "gpt-4o-mini"
    assert prov["prompt_id"] == "extraction@1"
    files = [load_prompt(x) for x in ("system", "note", "extraction", "reask")]
    assert prov["prompt_hash"] == combined_sha256(files)
    assert prov["usage"]["http_calls"] == 1
    assert [c["code"] for c in d["codes"]] == ["M62.451"]
    assert d["codes"][0]["source"] == "llm"
    assert d["finalizable"] is True
    assert server.calls == 1


def test_the_offline_extractor_is_the_witness(server: FakeLLM) -> None:
    """The LLM says left; the offline extractor reads right: a warning, not silence."""
    server.default = ok(thigh_reply().replace('"laterality": "right"', '"laterality": "left"'))
    r = run(server, "draft", str(THIGH), "--backend", "openai", "--format", "json")
    assert r.returncode == 0, r.stderr
    flags = json.loads(r.stdout)["flags"]
    witness = [f for f in flags if f["rule"] == "witness-disagreement"]
    assert witness and "laterality left vs right" in witness[0]["message"]


def test_llm_failure_after_retries_is_exit_4_one_line_no_draft(
    server: FakeLLM, tmp_path: Path
) -> None:
    server.default = server_error(503)
    out = tmp_path / "draft.json"
    r = run(
        server,
        "draft",
        str(THIGH),
        "--backend",
        "openai",
        "--format",
        "json",
        "--out",
        str(out),
        SCRIBE_LLM_MAX_ATTEMPTS="3",
    )
    assert r.returncode == 4, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert lines[0].startswith("scribe: error: ") and "HTTP 503" in lines[0]
    assert "3 attempt(s)" in lines[0]
    assert not out.exists() and r.stdout == ""
    assert server.calls == 3


def test_refusal_is_exit_4(server: FakeLLM) -> None:
    server.default = refusal()
    r = run(server, "draft", str(THIGH), "--backend", "openai")
    assert r.returncode == 4
    assert r.stderr.strip() == "scribe: error: the model refused to draft this note"


def test_eval_second_run_is_served_from_the_cache(server: FakeLLM, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    common = ["--backend", "openai", "--cache-path", str(cache), "--bootstrap", "0"]
    first = run(server, "eval", "run", str(MINI), "--out", str(tmp_path / "a"), *common)
    assert first.returncode == 0, first.stderr
    n = len(load_dataset(MINI))
    assert server.calls == n  # one per case
    second = run(server, "eval", "run", str(MINI), "--out", str(tmp_path / "b"), *common)
    assert second.returncode == 0, second.stderr
    assert server.calls == n  # nothing new: every answer came from the cache
    assert f"{n} cases, 0 errors, {n} cached" in second.stdout
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert summary["provenance"]["prompt_id"] == "extraction@1"


def test_eval_fail_under_gates_the_run(server: FakeLLM, tmp_path: Path) -> None:
    """The fake answers every case with the right-thigh reply: 1 of 4 codes exact."""
    common = ["--backend", "openai", "--no-cache", "--bootstrap", "0"]
    low = run(
        server,
        "eval",
        str(MINI),
        "--out",
        str(tmp_path / "a"),
        *common,
        "--fail-under",
        "code_exact_match=0.9",
    )
    assert low.returncode == 5, low.stderr
    assert "quality gate not met: code_exact_match" in low.stderr
    met = run(
        server,
        "eval",
        str(MINI),
        "--out",
        str(tmp_path / "b"),
        *common,
        "--fail-under",
        "code_exact_match=0.2",
    )
    assert met.returncode == 0, met.stderr


def test_eval_killed_mid_run_resumes_without_redoing_and_matches_a_clean_run(
    tmp_path: Path,
) -> None:
    """Against real HTTP: SIGKILL the run once some cases are recorded, resume it with
    the response cache off, and every case is asked exactly once (the one in flight at
    the kill at most twice); the summary equals an uninterrupted run's."""
    import os
    import signal
    import time

    dataset = ROOT / "evals" / "datasets" / "aci-real.jsonl"
    n = len(load_dataset(dataset))
    common = ["--backend", "openai", "--no-cache", "--bootstrap", "0", "--concurrency", "1"]
    with FakeLLM(default=ok(thigh_reply()), latency=0.15) as server:
        env = {
            **os.environ,
            "SCRIBE_LLM_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "test",
        }
        out = tmp_path / "killed"
        proc = subprocess.Popen(
            [sys.executable, "-m", "scribe", "eval", str(dataset), "--out", str(out), *common],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        results = out / "results.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if results.exists() and len(results.read_text().splitlines()) >= 3:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        # a line cut by the kill is not a finished case: only whole lines count
        done = results.read_text().count("\n")
        assert 3 <= done < n
        before = server.calls
        resumed = run(server, "eval", str(dataset), "--out", str(out), "--resume", *common)
        assert resumed.returncode == 0, resumed.stderr
        assert server.calls - before == n - done  # finished cases were not asked again
        assert server.calls <= n + 1
        clean = run(server, "eval", str(dataset), "--out", str(tmp_path / "clean"), *common)
        assert clean.returncode == 0, clean.stderr

    def headline(d: Path) -> object:
        return json.loads((d / "summary.json").read_text())["headline"]

    assert len(results.read_text().splitlines()) == n
    assert headline(out) == headline(tmp_path / "clean")
