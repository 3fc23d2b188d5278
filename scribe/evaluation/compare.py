"""Compare two runs: headline deltas, paired significance, and the cases that changed.

Both runs are scored on the cases they share (matched by id), so the comparison is
paired: each case is its own control. Two tests, both exact or resampling-based and
free of distributional assumptions:

- McNemar's exact test on per-case code exact match (McNemar 1947; the exact
  binomial form for small discordant counts, Fagerland et al., BMC Med Res Methodol
  2013): only the cases where the runs disagree carry information.
- A paired bootstrap of every headline metric's delta (Koehn, EMNLP 2004; Berg-
  Kirkpatrick et al., EMNLP 2012): 95 % CI of B - A and a two-sided p-value.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

from scribe.errors import InputError
from scribe.evaluation.metrics import (
    HEADLINE,
    CaseScores,
    ResampledSums,
    case_vector,
    headline_from_sums,
)
from scribe.evaluation.runner import RESULTS, SUMMARY, load_results

__all__ = ["compare_runs", "mcnemar_exact", "paired_bootstrap", "render_comparison"]


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value from the discordant counts b and c."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return float(min(1.0, 2 * tail))


def paired_bootstrap(
    a: list[tuple[int, ...]],
    b: list[tuple[int, ...]],
    *,
    resamples: int = 2000,
    seed: int = 0,
) -> dict[str, dict[str, float | list[float] | None]]:
    """Per headline metric: delta (B - A), its 95 % CI and a two-sided p-value."""
    n = len(a)
    point_a = headline_from_sums(_sums(a))
    point_b = headline_from_sums(_sums(b))
    deltas: dict[str, list[float]] = {m: [] for m in HEADLINE}
    rng = random.Random(seed)
    packed_a, packed_b = ResampledSums(a), ResampledSums(b)
    for _ in range(resamples if n else 0):
        idx = rng.choices(range(n), k=n)
        ha = headline_from_sums(packed_a.sums(idx))
        hb = headline_from_sums(packed_b.sums(idx))
        for m in HEADLINE:
            va, vb = ha[m], hb[m]
            if va is not None and vb is not None:
                deltas[m].append(vb - va)
    out: dict[str, dict[str, float | list[float] | None]] = {}
    for m in HEADLINE:
        va, vb, ds = point_a[m], point_b[m], sorted(deltas[m])
        delta = None if va is None or vb is None else round(vb - va, 6)
        if ds and delta is not None:
            lo = ds[int(0.025 * (len(ds) - 1))]
            hi = ds[int(math.ceil(0.975 * (len(ds) - 1)))]
            le = sum(1 for d in ds if d <= 0) / len(ds)
            ge = sum(1 for d in ds if d >= 0) / len(ds)
            p: float | None = round(min(1.0, 2 * min(le, ge)), 4)
            ci: list[float] | None = [round(lo, 6), round(hi, 6)]
        else:
            p, ci = None, None
        out[m] = {"a": va, "b": vb, "delta": delta, "ci95": ci, "p": p}
    return out


def _sums(vectors: list[tuple[int, ...]]) -> list[float]:
    if not vectors:
        return [0.0] * 16
    return [float(sum(col)) for col in zip(*vectors, strict=True)]


def _load(run: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    summary_path = run / SUMMARY
    if not (run / RESULTS).exists():
        raise InputError(f"{run} is not a run directory (no {RESULTS})")
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{run} has no {SUMMARY}; finish it with --resume first") from None
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read {summary_path}: {e}") from None
    return summary, load_results(run)


def _changes(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out: list[str] = []
    pa, pb = a.get("predicted") or {}, b.get("predicted") or {}
    if a.get("status") != b.get("status"):
        out.append(f"status {a.get('status')} -> {b.get('status')}")
    sa, sb = a["scores"], b["scores"]
    if sa["code_exact"] != sb["code_exact"]:
        out.append("codes now right" if sb["code_exact"] else "codes now wrong")
    ca, cb = set(pa.get("codes", [])), set(pb.get("codes", []))
    if ca != cb:
        plus = ", ".join(sorted(cb - ca))
        minus = ", ".join(sorted(ca - cb))
        out.append(
            "codes "
            + " ".join(
                x for x in (f"+[{plus}]" if plus else "", f"-[{minus}]" if minus else "") if x
            )
        )
    fa = {f["rule"] for f in pa.get("flags", [])}
    fb = {f["rule"] for f in pb.get("flags", [])}
    if fa != fb:
        plus = ", ".join(sorted(fb - fa))
        minus = ", ".join(sorted(fa - fb))
        out.append(
            "flags "
            + " ".join(
                x for x in (f"+[{plus}]" if plus else "", f"-[{minus}]" if minus else "") if x
            )
        )
    if sa["finalizable_correct"] != sb["finalizable_correct"]:
        out.append("verdict now right" if sb["finalizable_correct"] else "verdict now wrong")
    ea = sum(v["fp"] + v["fn"] for v in sa["fields"].values())
    eb = sum(v["fp"] + v["fn"] for v in sb["fields"].values())
    if ea != eb:
        out.append(f"field errors {ea} -> {eb}")
    return out


def compare_runs(
    run_a: Path, run_b: Path, *, resamples: int = 2000, seed: int = 0
) -> dict[str, Any]:
    """The comparison as data (what `render_comparison` prints)."""
    summary_a, rec_a = _load(run_a)
    summary_b, rec_b = _load(run_b)
    common = [i for i in rec_a if i in rec_b]
    if not common:
        raise InputError(f"{run_a} and {run_b} share no case ids")
    va = [case_vector(CaseScores.model_validate(rec_a[i]["scores"])) for i in common]
    vb = [case_vector(CaseScores.model_validate(rec_b[i]["scores"])) for i in common]
    exact_a = [bool(rec_a[i]["scores"]["code_exact"]) for i in common]
    exact_b = [bool(rec_b[i]["scores"]["code_exact"]) for i in common]
    b_only_wrong = sum(x and not y for x, y in zip(exact_a, exact_b, strict=True))
    b_only_right = sum(y and not x for x, y in zip(exact_a, exact_b, strict=True))
    changed = []
    for i in common:
        what = _changes(rec_a[i], rec_b[i])
        if what:
            changed.append({"id": i, "changes": what})
    prov_a, prov_b = summary_a.get("provenance", {}), summary_b.get("provenance", {})
    keys = (
        "dataset_sha256",
        "backend",
        "model",
        "prompt_id",
        "prompt_hash",
        "scribe_version",
        "tabular_version",
        "checker_version",
        "version",
    )
    return {
        "a": str(run_a),
        "b": str(run_b),
        "common_cases": len(common),
        "only_a": sorted(set(rec_a) - set(rec_b)),
        "only_b": sorted(set(rec_b) - set(rec_a)),
        "same_dataset": prov_a.get("dataset_sha256") == prov_b.get("dataset_sha256"),
        "provenance": {k: [prov_a.get(k), prov_b.get(k)] for k in keys},
        "metrics": paired_bootstrap(va, vb, resamples=resamples, seed=seed),
        "latency_p95_ms": [
            summary_a.get("latency", {}).get("p95_ms"),
            summary_b.get("latency", {}).get("p95_ms"),
        ],
        "cost_per_note_usd": [
            summary_a.get("cost", {}).get("per_note_usd"),
            summary_b.get("cost", {}).get("per_note_usd"),
        ],
        "mcnemar_code_exact": {
            "a_right_b_wrong": b_only_wrong,
            "a_wrong_b_right": b_only_right,
            "p": round(mcnemar_exact(b_only_wrong, b_only_right), 6),
        },
        "changed": changed,
    }


def _fmt(x: object) -> str:
    return "–" if not isinstance(x, int | float) else f"{100 * x:.1f}%"


def _signed(x: object) -> str:
    return "–" if not isinstance(x, int | float) else f"{100 * x:+.1f} pp"


def render_comparison(c: dict[str, Any]) -> str:
    """Markdown: readable in a terminal, pasteable into a pull request."""
    lines = [
        f"# Compare A = {c['a']}  vs  B = {c['b']}",
        "",
        f"{c['common_cases']} paired cases"
        + ("" if c["same_dataset"] else " (WARNING: the runs used different datasets)")
        + (f"; {len(c['only_a'])} only in A" if c["only_a"] else "")
        + (f"; {len(c['only_b'])} only in B" if c["only_b"] else "")
        + ".",
        "",
        "| metric | A | B | delta (B - A) | 95 % CI of delta | p (paired bootstrap) |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for m, v in c["metrics"].items():
        ci = v["ci95"]
        ci_text = f"{_signed(ci[0])} … {_signed(ci[1])}" if ci else "–"
        p = v["p"] if v["p"] is not None else "–"
        lines.append(
            f"| {m} | {_fmt(v['a'])} | {_fmt(v['b'])} | {_signed(v['delta'])} | {ci_text} | {p} |"
        )
    mc = c["mcnemar_code_exact"]
    lines += [
        "",
        f"McNemar (code exact match): A right / B wrong {mc['a_right_b_wrong']}, "
        f"A wrong / B right {mc['a_wrong_b_right']}, exact p = {mc['p']:.4g}.",
        f"Latency p95: {c['latency_p95_ms'][0]} -> {c['latency_p95_ms'][1]} ms; "
        f"cost per note: {c['cost_per_note_usd'][0]} -> {c['cost_per_note_usd'][1]} USD.",
        "",
        "## Provenance",
        "",
    ]
    for k, (va, vb) in c["provenance"].items():
        mark = "" if va == vb else "  <- differs"
        lines.append(f"- {k}: {va} | {vb}{mark}")
    lines += ["", f"## Changed cases ({len(c['changed'])})", ""]
    for item in c["changed"]:
        lines.append(f"- {item['id']}: " + "; ".join(item["changes"]))
    if not c["changed"]:
        lines.append("None.")
    return "\n".join(lines) + "\n"
