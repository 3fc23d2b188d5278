"""The `scribe` command line: draft, check, finalize, schema, kb.

Errors are translated here and only here: a `ScribeError` becomes one line on
stderr and its exit code (2 bad input or usage, 3 blocked by flags, 4 LLM
failure); a usage error from the parser is exit 2. Never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError

from scribe.errors import InputError, ScribeError
from scribe.models import CheckResult, Draft, FinalNote

app = typer.Typer(
    name="scribe",
    help="Ambient AI scribe: draft musculoskeletal notes and check them against ICD-10-CM.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
kb_app = typer.Typer(help="The compiled ICD-10-CM knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


class DraftFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    fhir = "fhir"


class CheckFormat(StrEnum):
    json = "json"
    text = "text"


class BackendOpt(StrEnum):
    auto = "auto"
    rules = "rules"
    openai = "openai"


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write {out}: {e.strerror}") from None


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _load_model(path: Path, model: type[Draft] | type[FinalNote]) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}") from None
    try:
        return model.model_validate_json(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise InputError(
            f"{path} is not a valid {model.__name__} JSON: {where}: {first['msg']}"
        ) from None


@app.command()
def draft(
    transcript: Annotated[
        Path, typer.Argument(help="Transcript file (plain, [doctor], WebVTT, JSON).")
    ],
    backend: Annotated[
        BackendOpt, typer.Option(help="auto = LLM when configured, else offline rules.")
    ] = BackendOpt.auto,
    format: Annotated[
        DraftFormat, typer.Option("--format", help="Output format.")
    ] = DraftFormat.markdown,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
) -> None:
    """Draft a checked encounter note from a transcript."""
    from scribe import pipeline
    from scribe.transcripts import load_transcript

    t = load_transcript(transcript)
    d = pipeline.draft(t, backend=backend.value)
    if format is DraftFormat.json:
        _emit(_json(pipeline.draft_to_json(d)), out)
    elif format is DraftFormat.fhir:
        from scribe.fhir import to_bundle

        _emit(_json(to_bundle(d)), out)
    elif out is not None:
        from scribe.render import draft_markdown

        _emit(draft_markdown(d), out)
    else:
        from scribe.render import print_draft

        print_draft(d)


@app.command()
def check(
    draft_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DRAFT.json]", help="A draft written by `scribe draft --format json`."
        ),
    ] = None,
    transcript: Annotated[
        Path | None, typer.Option(help="Check codes against this transcript instead of a draft.")
    ] = None,
    codes: Annotated[
        str | None, typer.Option(help="Comma-separated ICD-10-CM codes, e.g. M62.40,M24.561.")
    ] = None,
    batch: Annotated[
        Path | None, typer.Option(help="JSONL of {id, codes, transcript?}; one result per line.")
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format")] = CheckFormat.json,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    drg: Annotated[bool, typer.Option(help="Add MS-DRG v43 impact as info flags.")] = False,
) -> None:
    """Run the deterministic checker on a draft, a transcript, or a batch."""
    from scribe import pipeline
    from scribe.transcripts import load_transcript

    given = sum(x is not None for x in (draft_file, transcript, batch))
    if given != 1:
        raise InputError("give exactly one of DRAFT.json, --transcript FILE or --batch CASES.jsonl")
    code_list = pipeline.codes_from_text(codes) if codes is not None else None
    if batch is not None:
        from scribe.batch import run_batch

        run_batch(batch, out, drg=drg)
        return
    if transcript is not None:
        result = pipeline.check_transcript(load_transcript(transcript), code_list, drg=drg)
    else:
        assert draft_file is not None
        result = pipeline.check_draft(_load_model(draft_file, Draft), code_list, drg=drg)
    if format is CheckFormat.json:
        _emit(_json(pipeline.draft_to_json(result)), out)
    else:
        from scribe.render import check_text

        _emit(check_text(result), out)


@app.command()
def finalize(
    draft_file: Annotated[Path, typer.Argument(metavar="DRAFT.json")],
    override: Annotated[
        list[str] | None, typer.Option(help="RULE=REASON; repeat for each error flag overridden.")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Who finalizes (recorded with each override).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the final note here (default: stdout).")
    ] = None,
) -> None:
    """Finalize a draft; exit 3 while an error flag is not overridden."""
    from scribe import pipeline

    d = _load_model(draft_file, Draft)
    final = pipeline.finalize(d, pipeline.parse_overrides(override or []), by=by)
    _emit(_json(pipeline.draft_to_json(final)), out)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="draft, check or final")] = "draft",
) -> None:
    """Print the JSON Schema of the CLI's JSON output."""
    models: dict[str, type[Draft] | type[CheckResult] | type[FinalNote]] = {
        "draft": Draft,
        "check": CheckResult,
        "final": FinalNote,
    }
    if kind not in models:
        raise InputError(f"unknown schema '{kind}': choose draft, check or final")
    _emit(_json(models[kind].model_json_schema(by_alias=True, mode="serialization")), None)


@kb_app.command("build")
def kb_build(quiet: Annotated[bool, typer.Option("--quiet")] = False) -> None:
    """Compile the FY2026 tabular into the cache (done once; later loads are fast)."""
    from scribe.icd10 import kb

    started = time.perf_counter()
    path = kb.cache_path()
    if not path.exists():
        kb.build(path)
    if not quiet:
        typer.echo(f"{path} ({path.stat().st_size} bytes, {time.perf_counter() - started:.2f} s)")


@kb_app.command("stats")
def kb_stats() -> None:
    """Coverage of the note-reference parser and of the site axes."""
    from scribe.icd10.kb import load

    k = load()
    data = {
        "tabular_version": k.tabular_version,
        "source": k.source,
        **k.stats,
        "unparsed_fragments": [list(u) for u in k.unparsed],
        "stale_references": k.stale,
    }
    _emit(_json(data), None)


@kb_app.command("show")
def kb_show(code: Annotated[str, typer.Argument(help="An ICD-10-CM code, e.g. M62.451")]) -> None:
    """A code's description, billable status, ancestors and every note that applies."""
    from scribe.icd10.kb import dotted, load, well_formed

    k = load()
    if not well_formed(code) or not k.exists(code):
        raise InputError(f"'{code}' is not a code in the {k.tabular_version} tabular list")
    notes: dict[str, list[dict[str, str]]] = {}
    for kind in ("excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso"):
        found = k.notes(code, kind)
        if found:
            notes[kind] = [{"at": n.owner, "text": n.text} for n in found]  # owner as in tabular
    data = {
        "code": dotted(code),
        "description": k.description(code),
        "billable": k.is_billable(code),
        "ancestors": [
            dotted(a) if a[1:2].isdigit() and "-" not in a else a for a in k.ancestors(code)
        ],
        "inclusion_terms": [n.text for n in k.notes(code, "inclusionTerm")],
        "seventh_characters": k.seventh_characters(code),
        "axis_position": k.axis_position(code),
        "notes": notes,
    }
    _emit(_json(data), None)


def _register_extensions() -> None:
    """Commands contributed by optional subpackages (evaluation, service)."""
    for module in ("scribe.evaluation.cli", "scribe.service.cli", "scribe.chain.cli"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ImportError:
            continue
        mod.register(app)


_register_extensions()


def main(argv: list[str] | None = None) -> None:
    """Entry point. Parser errors are matched by shape, not by class: typer >= 0.29
    vendors its own click, so `click.UsageError` is not what it raises."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    try:
        rv = app(args=argv, prog_name="scribe", standalone_mode=False)
    except ScribeError as e:
        _fail(e.message, e.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as e:
        name = type(e).__name__
        if name == "NoArgsIsHelpError":
            ctx = getattr(e, "ctx", None)
            sys.stdout.write((ctx.get_help() if ctx is not None else "") + "\n")
            sys.exit(2)
        if name == "Exit":
            sys.exit(int(getattr(e, "exit_code", 0)))
        if name == "Abort":
            _fail("aborted", 130)
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):
            _fail(" ".join(str(e.format_message()).split()), int(e.exit_code) or 2)
        if os.environ.get("SCRIBE_DEBUG"):
            raise
        _fail(f"internal error: {name}: {e} (set SCRIBE_DEBUG=1 for the traceback)", 1)
    sys.exit(rv if isinstance(rv, int) else 0)


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"scribe: error: {message}\n")
    sys.exit(code)
