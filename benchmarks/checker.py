"""Checker benchmark: knowledge-base cold load, per-note latency, parse coverage.

Run: .venv/bin/python benchmarks/checker.py [--notes 10000]
Prints figures only; nothing here asserts (speed is measured, not tested).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scribe.checker.engine import check
from scribe.icd10.kb import dotted, load
from scribe.models import REGIONS, Finding


def cold_load_ms(runs: int = 5) -> list[float]:
    """Fresh interpreter each time: import + load of the compiled cache."""
    code = (
        "import time;t=time.perf_counter();from scribe.icd10.kb import load;k=load();"
        "k.is_billable('M62.451');print((time.perf_counter()-t)*1000)"
    )
    return [
        float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(runs)
    ]


def generated_notes(n: int, seed: int = 7) -> list[tuple[list[Finding], list[str]]]:
    kb = load()
    rng = random.Random(seed)
    pool = [dotted(c) for c in kb.billable_descendants("M62") + kb.billable_descendants("M24.5")]
    pool += ["R25.2", "E10.9", "E11.9", "I69.354", "M62.4", "M62.99", "G80.0"]
    notes = []
    for _ in range(n):
        findings = [
            Finding(
                finding=rng.choice(["contracture", "contracture", "spasm", "weakness"]),
                region=rng.choice([*REGIONS, "unspecified"]),
                laterality=rng.choice(["right", "left", "bilateral", "unspecified"]),
                tissue=rng.choice(["muscle", "muscle", "joint capsule"]),
                joint=rng.choice([None, "knee", "shoulder"]),
            )
            for _ in range(rng.randint(1, 2))
        ]
        notes.append((findings, rng.sample(pool, rng.randint(1, 3))))
    return notes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=10_000)
    args = ap.parse_args()
    cold = cold_load_ms()
    print(
        f"kb cold load (fresh process, import+load): median {statistics.median(cold):.1f} ms, "
        f"runs {[round(x, 1) for x in cold]}"
    )
    kb = load()
    notes = generated_notes(args.notes)
    for f, c in notes[:200]:  # warm caches (ancestors, notes)
        check(f, c, kb=kb)
    times = []
    for f, c in notes:
        t = time.perf_counter_ns()
        check(f, c, kb=kb)
        times.append((time.perf_counter_ns() - t) / 1000)
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[int(len(times) * 0.99)]
    print(f"checker per note over {len(times)} generated notes: p50 {p50:.0f} us, p99 {p99:.0f} us")
    s = kb.stats["notes"]["excludes1"]
    print(
        f"Excludes1 parse coverage: {s['parsed']}/{s['references']} references "
        f"({100 * s['parsed'] / s['references']:.2f} %) in {s['notes']} notes "
        f"({s['notes_without_code']} notes carry no code); unparsed fragments: {len(kb.unparsed)}"
    )
    for kind, st in kb.stats["notes"].items():
        print(
            f"  {kind}: {st['parsed']}/{st['references']} references parsed in {st['notes']} notes"
        )
    print(f"site axes derived from titles: {json.dumps(kb.stats['axes'])}")
    # Batch mode: 1,000 code pairs through the CLI (one process, KB loaded once).
    rng = random.Random(3)
    pool = [dotted(c) for c in kb.billable_descendants("M62") + kb.billable_descendants("M24")] + [
        "R25.2",
        "E10.9",
        "E11.9",
    ]
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "cases.jsonl"
        src.write_text(
            "".join(json.dumps({"id": i, "codes": rng.sample(pool, 2)}) + "\n" for i in range(1000))
        )
        scribe = Path(sys.executable).with_name("scribe")
        t = time.perf_counter()
        subprocess.run(
            [str(scribe), "check", "--batch", str(src), "--out", str(Path(d) / "out.jsonl")],
            check=True,
        )
        print(
            f"scribe check --batch over 1,000 code pairs: {time.perf_counter() - t:.2f} s "
            "end to end"
        )


if __name__ == "__main__":
    main()
