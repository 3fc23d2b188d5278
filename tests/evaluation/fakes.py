"""Scripted extractors for the harness tests: no network, exact call counts.

`OracleExtractor` answers each transcript with the dataset's gold findings (with
evidence quoted from the transcript), optionally perturbed per case, so a test
knows every expected metric by hand.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from scribe.errors import LLMTimeout
from scribe.evaluation.datasets import Dataset, GoldFindingSpec, load_dataset
from scribe.models import Etiology, Evidence, Extraction, Finding, Rom, Transcript, Usage
from scribe.pipeline import transcript_sha256

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.jsonl"

_ETIOLOGY_WORDS = {
    "immobilization": "immobilization",
    "post-surgical": "post-surgical",
    "trauma": "fracture",
    "unknown": "unknown",
}


def quote(t: Transcript, word: str) -> Evidence:
    """Evidence for `word` from the first turn that holds it (or an ungrounded one)."""
    for i, turn in enumerate(t.turns):
        at = turn.text.lower().find(word.lower())
        if at >= 0:
            return Evidence(
                turn=i, start=at, end=at + len(word), quote=turn.text[at : at + len(word)]
            )
    return Evidence(turn=0, start=0, end=len(word), quote=word)


def grounded(t: Transcript, g: GoldFindingSpec) -> Finding:
    """A gold finding as an extractor would return it, evidence included."""
    ev: dict[str, Evidence] = {"finding": quote(t, g.finding)}
    if g.muscle:
        ev["muscle"] = quote(t, g.muscle)
    if g.region != "unspecified":
        ev["region"] = quote(t, g.region)
    if g.laterality != "unspecified":
        ev["laterality"] = quote(t, g.laterality)
    etiology = None
    if g.etiology:
        e = quote(t, _ETIOLOGY_WORDS[g.etiology])
        ev["etiology"] = e
        etiology = Etiology(category=g.etiology, evidence=e)
    rom = tuple(
        Rom(
            joint=r.joint,
            motion=r.motion,
            degrees=r.degrees,
            lacking=r.lacking,
            evidence=quote(t, r.motion),
        )
        for r in g.rom
    )
    return Finding(
        finding=g.finding,
        muscle=g.muscle,
        region=g.region,
        joint=g.joint,
        laterality=g.laterality,
        tissue=g.tissue,
        rom=rom,
        etiology=etiology,
        negated=g.negated,
        evidence=ev,
    )


Perturb = Callable[[tuple[Finding, ...]], tuple[Finding, ...]]


class OracleExtractor:
    """Gold findings back, per transcript; counts calls; can sleep, fail or perturb."""

    backend = "openai"
    version = "oracle-1"

    def __init__(
        self,
        dataset: Dataset | None = None,
        *,
        perturb: Mapping[str, Perturb] | None = None,
        fail: Mapping[str, int] | None = None,
        delay: float = 0.0,
        model: str = "fake-model",
        prompt_hash: str = "p" * 64,
        tokens: tuple[int, int] = (100, 50),
    ) -> None:
        self.dataset = dataset or load_dataset(MINI)
        self._by_sha = {c.transcript_sha256: c for c in self.dataset.cases}
        self.perturb = dict(perturb or {})
        self.fail = dict(fail or {})
        self.delay = delay
        self.model = model
        self.prompt_id = "extract@1"
        self.prompt_hash = prompt_hash
        self.tokens = tokens
        self.calls = 0
        self.calls_by_id: dict[str, int] = {}
        self._lock = threading.Lock()

    def _answer(self, t: Transcript) -> Extraction:
        case = self._by_sha[transcript_sha256(t)]
        with self._lock:
            self.calls += 1
            self.calls_by_id[case.id] = self.calls_by_id.get(case.id, 0) + 1
            if self.fail.get(case.id, 0) > 0:
                self.fail[case.id] -= 1
                raise LLMTimeout(f"scripted timeout for {case.id}")
        findings = tuple(grounded(t, g) for g in case.case.findings)
        if case.id in self.perturb:
            findings = self.perturb[case.id](findings)
        p, c = self.tokens
        return Extraction(
            findings=findings,
            backend="openai",
            model=self.model,
            prompt_id=self.prompt_id,
            prompt_hash=self.prompt_hash,
            usage=Usage(prompt_tokens=p, completion_tokens=c, http_calls=1, cost_usd=0.001),
        )

    def extract(self, transcript: Transcript) -> Extraction:
        if self.delay:
            time.sleep(self.delay)
        return self._answer(transcript)


class AsyncOracleExtractor(OracleExtractor):
    async def aextract(self, transcript: Transcript) -> Extraction:
        if self.delay:
            await asyncio.sleep(self.delay)
        return self._answer(transcript)


# -- factories for `scribe eval run --extractor tests.evaluation.fakes:NAME` ----------
def _dataset_from_env() -> Dataset:
    return load_dataset(os.environ.get("SCRIBE_FAKE_DATASET", str(MINI)))


def oracle() -> OracleExtractor:
    """Perfect answers, after SCRIBE_FAKE_DELAY seconds (async)."""
    return AsyncOracleExtractor(
        _dataset_from_env(), delay=float(os.environ.get("SCRIBE_FAKE_DELAY", "0"))
    )


def drop_side(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(
        f.model_copy(
            update={
                "laterality": "unspecified",
                "evidence": {k: v for k, v in f.evidence.items() if k != "laterality"},
            }
        )
        for f in findings
    )


def sloppy_oracle() -> OracleExtractor:
    """Forgets the side of the right thigh: codes M62.459 instead of M62.451."""
    return AsyncOracleExtractor(_dataset_from_env(), perturb={"rt-thigh": drop_side})


def many_cases(tmp: Path, n: int) -> Path:
    """The mini dataset repeated under new ids (n cases), written beside its transcripts."""
    rows = [json.loads(x) for x in MINI.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for i in range(n):
        row = dict(rows[i % len(rows)])
        row["id"] = f"{row['id']}-{i}"
        if "transcript_path" in row:
            row["transcript_path"] = str(FIXTURES / row["transcript_path"])
        out.append(json.dumps(row))
    path = tmp / f"many-{n}.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path
