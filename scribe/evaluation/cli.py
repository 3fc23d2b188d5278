"""`scribe eval`: run, compare and validate evaluations from the command line.

`scribe eval DATASET ...` is a shorthand for `scribe eval run DATASET ...`.
Errors are `ScribeError`s, translated once by `scribe.cli.main`: bad input is
exit 2; a `--fail-under` / `--fail-over` gate not met is exit 5.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer
from typer.core import TyperGroup

from scribe.errors import InputError, ScribeError

__all__ = ["GateFailed", "parse_gates", "register"]


class GateFailed(ScribeError):
    """A `--fail-under` / `--fail-over` quality gate was not met (exit 5)."""

    code: ClassVar[str] = "eval_gate_failed"
    exit_code: ClassVar[int] = 5


class _RunByDefault(TyperGroup):
    """`scribe eval DATASET ...` = `scribe eval run DATASET ...`."""

    # Typed loosely on purpose: typer >= 0.20 vendors its own click, and the
    # override only looks at `args`.
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().resolve_command(ctx, args)


class BackendOpt(StrEnum):
    rules = "rules"
    openai = "openai"


class CompareFormat(StrEnum):
    markdown = "markdown"
    json = "json"


_ROOTS = ("fields", "codes", "flags", "latency", "tokens", "cost", "errors", "n", "cached")


def parse_gates(items: list[str], *, over: bool) -> list[tuple[str, float]]:
    """`METRIC=VALUE` (VALUE as 0.8 or 80%) -> (metric, threshold)."""
    from scribe.evaluation.metrics import HEADLINE, lower_is_better

    flag = "--fail-over" if over else "--fail-under"
    out = []
    for item in items:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name or not raw:
            raise InputError(f"{flag} '{item}' must be METRIC=VALUE, e.g. code_f1=0.8")
        try:
            value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
        except ValueError:
            raise InputError(f"{flag} '{item}': '{raw}' is not a number") from None
        if name not in HEADLINE and name.split(".")[0] not in _ROOTS:
            raise InputError(
                f"{flag}: unknown metric '{name}'; use {', '.join(HEADLINE)} "
                "or a dotted summary path such as fields.region.f1"
            )
        if lower_is_better(name) != over:
            better = "lower" if lower_is_better(name) else "higher"
            other = "--fail-over" if not over else "--fail-under"
            raise InputError(f"{flag}: {name} is {better}-is-better; use {other}")
        out.append((name, value))
    return out


def check_gates(
    summary: dict[str, Any], under: list[tuple[str, float]], over: list[tuple[str, float]]
) -> list[str]:
    """The gates not met, as `name = value < threshold` lines."""
    from scribe.evaluation.metrics import flatten

    flat = flatten(summary)
    failed = []
    for name, threshold in under:
        value = flat.get(name)
        if value is None:
            failed.append(f"{name} has no value in this run")
        elif value < threshold:
            failed.append(f"{name} = {value:.4g} < {threshold:.4g}")
    for name, threshold in over:
        value = flat.get(name)
        if value is None:
            failed.append(f"{name} has no value in this run")
        elif value > threshold:
            failed.append(f"{name} = {value:.4g} > {threshold:.4g}")
    return failed


def _default_out(dataset: Path, backend: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("evals") / "runs" / f"{dataset.stem}-{backend}-{stamp}"


def _print_summary(summary: dict[str, Any], out: Path) -> None:
    from scribe.evaluation.metrics import HEADLINE

    lines = [f"{summary['n']} cases, {summary['errors']} errors, {summary['cached']} cached"]
    for m in HEADLINE:
        v, ci = summary["headline"][m], summary["ci95"][m]
        value = "n/a" if v is None else f"{100 * v:5.1f}%"
        interval = f"  [{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]" if ci else ""
        lines.append(f"  {m:<24}{value}{interval}")
    lat = summary["latency"]
    if lat["p50_ms"] is not None:
        lines.append(f"  {'latency p50 / p95':<24}{lat['p50_ms']:.0f} / {lat['p95_ms']:.0f} ms")
    lines.append(f"reports: {out}/summary.md, {out}/report.html")
    sys.stdout.write("\n".join(lines) + "\n")


def register(app: typer.Typer) -> None:
    """Add the `eval` command group to the main CLI."""
    eval_app = typer.Typer(
        cls=_RunByDefault,
        help="Evaluate extractors, prompts and models on a dataset; compare runs.",
        no_args_is_help=True,
    )

    @eval_app.command("run")
    def run_cmd(
        dataset: Annotated[Path, typer.Argument(help="Dataset JSONL (see evals/datasets).")],
        backend: Annotated[BackendOpt, typer.Option(help="Extractor to evaluate.")] = (
            BackendOpt.rules
        ),
        model: Annotated[str | None, typer.Option(help="LLM model (openai backend).")] = None,
        prompt: Annotated[
            str | None, typer.Option(help="Prompt as ID@VERSION (openai backend).")
        ] = None,
        extractor: Annotated[
            str | None,
            typer.Option(help="MODULE:ATTR of a custom Extractor (overrides --backend)."),
        ] = None,
        concurrency: Annotated[int, typer.Option(help="Concurrent LLM calls (>= 1).")] = 8,
        rate_limit: Annotated[
            float | None, typer.Option(help="At most this many calls started per second.")
        ] = None,
        out: Annotated[
            Path | None, typer.Option(help="Run directory (default evals/runs/NAME-TIME).")
        ] = None,
        resume: Annotated[
            bool, typer.Option(help="Continue the run in --out, skipping finished cases.")
        ] = False,
        cache: Annotated[bool, typer.Option(help="Use the response cache (LLM backends).")] = True,
        cache_path: Annotated[
            Path | None, typer.Option(help="SQLite cache file (default in the scribe cache dir).")
        ] = None,
        fail_under: Annotated[
            list[str] | None, typer.Option(help="METRIC=VALUE; exit 5 if below. Repeatable.")
        ] = None,
        fail_over: Annotated[
            list[str] | None,
            typer.Option(help="METRIC=VALUE for lower-is-better metrics; exit 5 if above."),
        ] = None,
        progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
        bootstrap: Annotated[int, typer.Option(help="Bootstrap resamples for CIs (0 = none).")] = (
            1000
        ),
        seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
    ) -> None:
        """Run an evaluation and write results.jsonl, summary.json/.md and report.html."""
        from scribe.evaluation.backends import identity_of, load_custom, make_extractor
        from scribe.evaluation.cache import default_cache_path
        from scribe.evaluation.datasets import load_dataset
        from scribe.evaluation.runner import RunConfig, run
        from scribe.icd10.kb import load as load_kb
        from scribe.runtime import freeze_startup_heap

        under = parse_gates(fail_under or [], over=False)
        over = parse_gates(fail_over or [], over=True)
        if concurrency < 1:
            raise InputError("--concurrency must be at least 1")
        if bootstrap < 0:
            raise InputError("--bootstrap must be 0 or more")
        if resume and out is None:
            raise InputError("--resume needs --out DIR (the run to continue)")
        data = load_dataset(dataset)
        if extractor is not None:
            ext = load_custom(extractor)
            identity = identity_of(ext, "custom")
        else:
            ext, identity = make_extractor(backend.value, model, prompt)
        # The offline extractor makes no LLM call: nothing worth caching, and a cache
        # would hide a change to its lexicons.
        use_cache = cache and identity.backend != "rules"
        config = RunConfig(
            out=out or _default_out(dataset, identity.backend),
            concurrency=concurrency,
            rate_limit=rate_limit,
            resume=resume,
            cache_path=(cache_path or default_cache_path()) if use_cache else None,
            progress=progress and sys.stderr.isatty(),
            bootstrap=bootstrap,
            seed=seed,
        )
        load_kb()
        freeze_startup_heap()  # a long concurrent run: see scribe.runtime
        outcome = run(data, ext, identity, config)
        _print_summary(outcome.summary, config.out)
        if outcome.errors:
            sys.stderr.write(
                f"scribe: warning: {len(outcome.errors)} case(s) failed, first: "
                f"{outcome.errors[0]}\n"
            )
        failed = check_gates(outcome.summary, under, over)
        if failed:
            raise GateFailed("quality gate not met: " + "; ".join(failed))

    @eval_app.command("compare")
    def compare_cmd(
        run_a: Annotated[Path, typer.Argument(help="Baseline run directory.")],
        run_b: Annotated[Path, typer.Argument(help="Candidate run directory.")],
        format: Annotated[CompareFormat, typer.Option("--format")] = CompareFormat.markdown,
        out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
        seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
    ) -> None:
        """Two runs side by side: deltas, paired significance, changed cases."""
        from scribe.evaluation.compare import compare_runs, render_comparison

        result = compare_runs(run_a, run_b, seed=seed)
        text = (
            json.dumps(result, indent=2) + "\n"
            if format is CompareFormat.json
            else render_comparison(result)
        )
        if out is None:
            sys.stdout.write(text)
        else:
            try:
                out.write_text(text, encoding="utf-8")
            except OSError as e:
                raise InputError(f"cannot write {out}: {e.strerror}") from None

    @eval_app.command("agree")
    def agree_cmd(
        reference: Annotated[Path, typer.Argument(help="Reference labels (dataset JSONL).")],
        other: Annotated[
            Path, typer.Argument(help="Another annotator's labels of the same transcripts.")
        ],
        format: Annotated[CompareFormat, typer.Option("--format")] = CompareFormat.markdown,
        bootstrap: Annotated[int, typer.Option(help="Bootstrap resamples for CIs (0 = none).")] = (
            1000
        ),
        seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
    ) -> None:
        """Inter-annotator agreement: OTHER's labels scored against REFERENCE's, field by
        field, as a run's predictions are."""
        from scribe.evaluation.agreement import agreement, render_agreement
        from scribe.evaluation.datasets import load_dataset

        if bootstrap < 0:
            raise InputError("--bootstrap must be 0 or more")
        result = agreement(
            load_dataset(reference), load_dataset(other), resamples=bootstrap, seed=seed
        )
        sys.stdout.write(
            json.dumps(result, indent=2) + "\n"
            if format is CompareFormat.json
            else render_agreement(result)
        )

    @eval_app.command("validate")
    def validate_cmd(
        dataset: Annotated[Path, typer.Argument(help="Dataset JSONL to check.")],
    ) -> None:
        """Check a dataset against the schema; every bad line with its number."""
        from scribe.evaluation.datasets import InvalidDataset, load_dataset

        try:
            data = load_dataset(dataset)
        except InvalidDataset as e:
            for issue in e.issues:
                sys.stderr.write(f"{dataset}: {issue}\n")
            raise InputError(f"{dataset}: {len(e.issues)} invalid line(s)") from None
        tags = sorted({t for c in data.cases for t in c.case.tags})
        sys.stdout.write(
            f"{dataset}: OK, {len(data)} cases, sha256 {data.sha256[:12]}"
            + (f", tags: {', '.join(tags[:12])}{' ...' if len(tags) > 12 else ''}" if tags else "")
            + "\n"
        )

    app.add_typer(eval_app, name="eval")
