"""Evaluation-harness throughput: does concurrency keep the LLM slots full?

A fake LLM answers every transcript after a fixed latency (200 ms by default); 500
cases at concurrency 16 should take the ideal 500 x 0.2 / 16 = 6.25 s plus the
harness's own overhead (coding, checking, scoring, writing results). Prints the
ratio to the ideal for the case phase and for the whole run (with bootstrap
summary and reports); the target is <= 1.1.

With `--http` the fake answers over real HTTP through the LLM chain
(`tests/fakellm.py` and `scribe.chain`), when both exist.

Run: .venv/bin/python benchmarks/eval.py [--cases 500] [--concurrency 16] [--latency 0.2]
Prints figures only; nothing here asserts (speed is measured, not tested).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from scribe.evaluation.cache import ExtractorIdentity
from scribe.evaluation.datasets import load_dataset
from scribe.evaluation.runner import RunConfig, run
from scribe.models import Etiology, Evidence, Extraction, Finding, Rom, Transcript, Usage

SIDES = ("right", "left")
SITES = (
    ("quadriceps", "thigh", "knee", "flexion"),
    ("gastrocnemius", "lower leg", "ankle", "dorsiflexion"),
)


def transcript(i: int) -> str:
    side = SIDES[i % 2]
    muscle, region, joint, motion = SITES[i // 2 % 2]
    return (
        f"Doctor: Visit {i}. How is the {side} {region}?\n"
        f"Patient: Stiff since the cast came off.\n"
        f"Doctor: There is a contracture of the {side} {muscle} in the {region} after "
        f"immobilization. {joint.capitalize()} {motion} is {60 + i % 40} degrees.\n"
    )


def write_dataset(dir: Path, n: int) -> Path:
    rows = []
    for i in range(n):
        side = SIDES[i % 2]
        muscle, region, joint, motion = SITES[i // 2 % 2]
        rows.append(
            {
                "id": f"case-{i:04d}",
                "split": "bench",
                "transcript": transcript(i),
                "findings": [
                    {
                        "finding": "contracture",
                        "muscle": muscle,
                        "region": region,
                        "laterality": side,
                        "rom": [{"joint": joint, "motion": motion, "degrees": 60 + i % 40}],
                        "etiology": "immobilization",
                    }
                ],
                "codes": [
                    "M62.451"
                    if region == "thigh" and side == "right"
                    else "M62.452"
                    if region == "thigh"
                    else "M62.461"
                    if side == "right"
                    else "M62.462"
                ],
                "flags": {"must": [], "must_not": ["unspecified-laterality", "missing-site"]},
                "tags": [f"region:{region}", f"side:{side}"],
            }
        )
    path = dir / "bench.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _quote(t: Transcript, word: str) -> Evidence:
    for i, turn in enumerate(t.turns):
        at = turn.text.find(word)
        if at >= 0:
            return Evidence(turn=i, start=at, end=at + len(word), quote=word)
    return Evidence(turn=0, start=0, end=len(word), quote=word)


class FakeLLM:
    """An in-process LLM: reads the transcript back after `latency` seconds."""

    backend = "openai"
    version = "fake-llm"
    model = "fake-200ms"
    prompt_id = "bench@1"
    prompt_hash = "0" * 64

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.calls = 0

    def _answer(self, t: Transcript) -> Extraction:
        text = t.turns[2].text
        side = "right" if " right " in text else "left"
        muscle, region, joint, motion = SITES[0] if "thigh" in text else SITES[1]
        degrees = float(text.split(" is ")[-1].split()[0])
        finding = Finding(
            finding="contracture",
            muscle=muscle,
            region=region,  # type: ignore[arg-type]
            laterality=side,  # type: ignore[arg-type]
            rom=(Rom(joint=joint, motion=motion, degrees=degrees, evidence=_quote(t, motion)),),
            etiology=Etiology(category="immobilization", evidence=_quote(t, "immobilization")),
            evidence={
                "finding": _quote(t, "contracture"),
                "muscle": _quote(t, muscle),
                "region": _quote(t, region),
                "laterality": _quote(t, side),
                "etiology": _quote(t, "immobilization"),
            },
        )
        return Extraction(
            findings=(finding,),
            backend="openai",
            model=self.model,
            prompt_id=self.prompt_id,
            prompt_hash=self.prompt_hash,
            usage=Usage(prompt_tokens=900, completion_tokens=250, http_calls=1, cost_usd=0.0012),
        )

    def extract(self, t: Transcript) -> Extraction:
        time.sleep(self.latency)
        self.calls += 1
        return self._answer(t)

    async def aextract(self, t: Transcript) -> Extraction:
        await asyncio.sleep(self.latency)
        self.calls += 1
        return self._answer(t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--sync", action="store_true", help="use extract() in threads, not aextract")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = write_dataset(Path(tmp), args.cases)
        dataset = load_dataset(path)
        fake = FakeLLM(args.latency)
        if args.sync:
            fake.aextract = None  # type: ignore[assignment,method-assign]
        identity = ExtractorIdentity(
            backend="openai",
            version=fake.version,
            model=fake.model,
            prompt_id=fake.prompt_id,
            prompt_hash=fake.prompt_hash,
        )
        config = RunConfig(out=Path(tmp) / "run", concurrency=args.concurrency)
        started = time.perf_counter()
        outcome = run(dataset, fake, identity, config)
        total = time.perf_counter() - started
    ideal = args.cases * args.latency / args.concurrency
    floor = -(-args.cases // args.concurrency) * args.latency  # whole rounds of calls
    head = outcome.summary["headline"]
    print(
        f"cases {args.cases}, concurrency {args.concurrency}, fake latency "
        f"{args.latency * 1000:.0f} ms, {'sync' if args.sync else 'async'} extractor"
    )
    print(
        f"ideal {ideal:.2f} s; case phase {outcome.wall_s:.2f} s "
        f"(ratio {outcome.wall_s / ideal:.3f}); whole run with summary and reports "
        f"{total:.2f} s (ratio {total / ideal:.3f})"
    )
    print(
        f"(the floor with whole rounds of {args.concurrency} calls is {floor:.2f} s: "
        f"ratio of the case phase to it {outcome.wall_s / floor:.3f})"
    )
    print(
        f"calls {outcome.calls}, errors {outcome.summary['errors']}, code exact match "
        f"{head['code_exact_match']}, field F1 {head['field_f1']}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
