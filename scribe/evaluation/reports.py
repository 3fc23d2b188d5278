"""Reports of a run: results.jsonl, summary.json, summary.md and report.html.

The HTML report is one self-contained file (inline CSS, inline SVG charts, a few
lines of inline JS for filtering; no CDN, no network), so it can be attached to a
pull request or opened from CI artifacts offline. Templates are package data
(`evaluation/templates/`), rendered with `StrictUndefined`; HTML is autoescaped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from scribe.evaluation.datasets import Dataset, GoldFindingSpec
from scribe.evaluation.metrics import FIELDS, HEADLINE, align
from scribe.models import Finding

__all__ = ["render_html", "render_markdown", "write_reports"]


@cache
def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scribe.evaluation", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    return env


def _pct(x: object) -> str:
    return "–" if not isinstance(x, int | float) else f"{100 * x:.1f}%"


def _num(x: object, nd: int = 1) -> str:
    if not isinstance(x, int | float):
        return "–"
    return f"{x:,.{nd}f}"


# -- inline SVG charts -------------------------------------------------------------
_W = 560


def _bars(rows: Sequence[tuple[str, Sequence[float | None]]], series: Sequence[str]) -> Markup:
    """Horizontal bars in [0, 1], one group per row and one bar per series."""
    colors = ("#3b6fb6", "#e08a2c", "#4b9b5d")
    label_w, bar_h, gap = 170, 12, 8
    group_h = bar_h * len(series) + gap
    height = group_h * len(rows) + 30
    scale = _W - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_W}" height="{height}" '
        f'viewBox="0 0 {_W} {height}">'
    ]
    for i, (label, values) in enumerate(rows):
        y = 20 + i * group_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + group_h / 2}" text-anchor="end" '
            f'dominant-baseline="middle" class="lbl">{escape(label)}</text>'
        )
        for j, v in enumerate(values):
            yy = y + j * bar_h
            w = 0 if v is None else max(0.0, min(1.0, v)) * scale
            text = "n/a" if v is None else f"{100 * v:.1f}%"
            parts.append(
                f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{colors[j % 3]}"><title>{escape(label)} {escape(series[j])}: {text}'
                f"</title></rect>"
                f'<text x="{label_w + w + 4:.1f}" y="{yy + bar_h / 2}" '
                f'dominant-baseline="middle" class="val">{text}</text>'
            )
    for j, name in enumerate(series):
        x = label_w + j * 110
        parts.append(
            f'<rect x="{x}" y="2" width="10" height="10" fill="{colors[j % 3]}"/>'
            f'<text x="{x + 14}" y="11" class="val">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _heatmap(confusion: Mapping[str, Mapping[str, int]]) -> Markup:
    labels = sorted({*confusion, *(p for row in confusion.values() for p in row)})
    if not labels:
        return Markup("<p>No findings to compare.</p>")
    cell, left, top = 34, 120, 110
    size_w, size_h = left + cell * len(labels) + 10, top + cell * len(labels) + 10
    peak = max((n for row in confusion.values() for n in row.values()), default=1) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{size_w}" '
        f'height="{size_h}" viewBox="0 0 {size_w} {size_h}">',
        f'<text x="{left}" y="12" class="val">predicted &#8594;</text>',
        f'<text x="4" y="{top - 6}" class="val">gold &#8595;</text>',
    ]
    for j, lab in enumerate(labels):
        x = left + j * cell + cell / 2
        parts.append(
            f'<text transform="translate({x},{top - 6}) rotate(-55)" class="val">'
            f"{escape(lab)}</text>"
        )
    for i, g in enumerate(labels):
        y = top + i * cell
        parts.append(
            f'<text x="{left - 6}" y="{y + cell / 2}" text-anchor="end" '
            f'dominant-baseline="middle" class="val">{escape(g)}</text>'
        )
        for j, p in enumerate(labels):
            n = confusion.get(g, {}).get(p, 0)
            shade = 0.08 + 0.92 * n / peak if n else 0.0
            hue = "59,111,182" if g == p else "200,70,50"
            parts.append(
                f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="rgba({hue},{shade:.2f})" stroke="#ddd"><title>gold {escape(g)}, '
                f"predicted {escape(p)}: {n}</title></rect>"
            )
            if n:
                parts.append(
                    f'<text x="{left + j * cell + cell / 2 - 1}" y="{y + cell / 2}" '
                    f'text-anchor="middle" dominant-baseline="middle" class="val">{n}</text>'
                )
    parts.append("</svg>")
    return Markup("".join(parts))


def _histogram(values: Sequence[float], bins: int = 20) -> Markup:
    if not values:
        return Markup("<p>No latencies.</p>")
    lo, hi = min(values), max(values)
    width = (hi - lo) / bins or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / width))] += 1
    peak = max(counts)
    h, left, bottom = 160, 40, 30
    bw = (_W - left - 10) / bins
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_W}" '
        f'height="{h + bottom + 10}" viewBox="0 0 {_W} {h + bottom + 10}">'
    ]
    for i, n in enumerate(counts):
        bh = h * n / peak
        x = left + i * bw
        parts.append(
            f'<rect x="{x:.1f}" y="{10 + h - bh:.1f}" width="{bw - 1:.1f}" height="{bh:.1f}" '
            f'fill="#3b6fb6"><title>{lo + i * width:.0f}–{lo + (i + 1) * width:.0f} ms: {n}'
            f"</title></rect>"
        )
    parts.append(
        f'<text x="{left}" y="{h + 28}" class="val">{lo:.0f} ms</text>'
        f'<text x="{_W - 10}" y="{h + 28}" text-anchor="end" class="val">{hi:.0f} ms</text>'
        f'<text x="{left - 4}" y="16" text-anchor="end" class="val">{peak}</text>'
        "</svg>"
    )
    return Markup("".join(parts))


# -- per-case diffs ----------------------------------------------------------------
def _describe(f: GoldFindingSpec | Finding) -> dict[str, str]:
    if isinstance(f, GoldFindingSpec):
        etiology = f.etiology or "–"
        rom = "; ".join(f"{r.joint} {r.motion} {_rom_value(r.degrees, r.lacking)}" for r in f.rom)
    else:
        etiology = f.etiology.category if f.etiology else "–"
        rom = "; ".join(f"{r.joint} {r.motion} {_rom_value(r.degrees, r.lacking)}" for r in f.rom)
    return {
        "finding": ("no " if f.negated else "") + f.finding,
        "tissue": f.tissue,
        "muscle": f.muscle or "–",
        "region": f.region,
        "laterality": f.laterality,
        "etiology": etiology,
        "rom": rom or "–",
    }


def _rom_value(degrees: float | None, lacking: float | None) -> str:
    if degrees is not None:
        return f"{degrees:g}°"
    if lacking is not None:
        return f"lacking {lacking:g}°"
    return "?"


def _case_rows(dataset: Dataset, records: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for c in dataset.cases:
        rec = records.get(c.id)
        if rec is None:
            continue
        pred = rec.get("predicted") or {}
        pfind = [Finding.model_validate(f) for f in pred.get("findings", [])]
        pairs = []
        for gi, pi in align(c.case.findings, pfind):
            g = _describe(c.case.findings[gi]) if gi is not None else None
            p = _describe(pfind[pi]) if pi is not None else None
            pairs.append({"gold": g, "pred": p})
        gold_codes = list(c.case.codes)
        pred_codes = list(pred.get("codes", []))
        fired = [f["rule"] for f in pred.get("flags", [])]
        scores = rec["scores"]
        field_errors = sum(v["fp"] + v["fn"] for v in scores["fields"].values())
        flag_errors = sum(v["fp"] + v["fn"] for v in scores["flags"].values())
        ok = (
            rec["status"] == "ok"
            and scores["code_exact"]
            and field_errors == 0
            and flag_errors == 0
            and scores["finalizable_correct"]
        )
        rows.append(
            {
                "id": c.id,
                "line": c.line,
                "status": rec["status"],
                "error": rec.get("error"),
                "ok": ok,
                "cached": rec.get("cached", False),
                "latency_ms": rec.get("latency_ms"),
                "tags": list(c.case.tags),
                "pairs": pairs,
                "codes": {
                    "both": [x for x in pred_codes if x in gold_codes],
                    "missing": [x for x in gold_codes if x not in pred_codes],
                    "extra": [x for x in pred_codes if x not in gold_codes],
                    "hallucinated": scores["hallucinated_codes"],
                },
                "flags": {
                    "must": [(r, r in fired) for r in c.case.flags.must],
                    "must_not": [(r, r in fired) for r in c.case.flags.must_not],
                    "fired": fired,
                },
                "finalizable": {
                    "expected": scores["finalizable_expected"],
                    "predicted": pred.get("finalizable"),
                },
                "field_errors": field_errors,
                "notes": c.case.notes or "",
            }
        )
    return rows


def render_html(
    dataset: Dataset, records: Mapping[str, Mapping[str, Any]], summary: Mapping[str, Any]
) -> str:
    fields = summary["fields"]
    rules = summary["flags"]["rules"]
    latencies = [float(r["latency_ms"]) for r in records.values() if r.get("status") == "ok"]
    charts = {
        "fields": _bars(
            [
                (name, [fields[name]["precision"], fields[name]["recall"], fields[name]["f1"]])
                for name in FIELDS
            ],
            ("precision", "recall", "F1"),
        ),
        "rules": _bars(
            [(rule, [v["precision"], v["recall"]]) for rule, v in rules.items()],
            ("precision", "recall"),
        )
        if rules
        else Markup("<p>The dataset states no flag expectations.</p>"),
        "regions": _heatmap(summary["region_confusion"]),
        "latency": _histogram(latencies),
    }
    return (
        _env(True)
        .get_template("report.html.j2")
        .render(
            summary=summary,
            headline=HEADLINE,
            charts=charts,
            cases=_case_rows(dataset, records),
            provenance=summary["provenance"],
        )
    )


def render_markdown(summary: Mapping[str, Any]) -> str:
    return (
        _env(False)
        .get_template("summary.md.j2")
        .render(summary=summary, headline=HEADLINE, fields=FIELDS, provenance=summary["provenance"])
    )


def write_reports(
    out: Path,
    dataset: Dataset,
    records: Mapping[str, Mapping[str, Any]],
    summary: Mapping[str, Any],
) -> None:
    """Write the four artefacts; results.jsonl is rewritten in dataset order."""
    order = [c.id for c in dataset.cases if c.id in records]
    _atomic(out / "results.jsonl", "".join(json.dumps(records[i]) + "\n" for i in order))
    _atomic(out / "summary.json", json.dumps(summary, indent=2, allow_nan=False) + "\n")
    _atomic(out / "summary.md", render_markdown(summary))
    _atomic(out / "report.html", render_html(dataset, records, summary))


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
