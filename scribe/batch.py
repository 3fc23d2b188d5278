"""`scribe check --batch`: one JSON case per line in, one result per line out.

The knowledge base loads once; a bad line yields an error result for that line
and the run goes on. Results keep input order.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from scribe.checker.engine import check
from scribe.errors import InputError, ScribeError
from scribe.icd10.kb import load as load_kb
from scribe.models import Finding


def check_case(case: Any, drg: bool = False) -> dict[str, Any]:
    """One batch case -> `{"id", "codes", "flags", "finalizable"}` (or `"error"`)."""
    if not isinstance(case, dict):
        raise InputError("each line must be a JSON object")
    cid = case.get("id")
    codes = case.get("codes")
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise InputError("'codes' must be a list of strings")
    findings: tuple[Finding, ...] = ()
    transcript = None
    text = case.get("transcript")
    if text is not None:
        if not isinstance(text, str):
            raise InputError("'transcript' must be a string")
        from scribe.pipeline import witness
        from scribe.transcripts import parse_transcript

        transcript = parse_transcript(text)
        findings = witness(transcript)
    result = check(findings, codes, transcript=transcript, kb=load_kb(), drg=drg)
    data: dict[str, Any] = result.model_dump(mode="json", by_alias=True)
    return {"id": cid, **data}


def iter_results(lines: Iterator[str], drg: bool = False) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cid: Any = None
        try:
            case = json.loads(line)
            cid = case.get("id") if isinstance(case, dict) else None
            yield check_case(case, drg)
        except json.JSONDecodeError as e:
            yield {
                "id": None,
                "line": n,
                "error": {"type": "bad_input", "message": f"invalid JSON: {e.msg}"},
            }
        except ScribeError as e:
            yield {"id": cid, "line": n, "error": {"type": e.code, "message": e.message}}


def run_batch(path: Path, out: Path | None, drg: bool = False) -> None:
    try:
        src: TextIO = path.open(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    load_kb()
    with src:
        sink: TextIO = out.open("w", encoding="utf-8") if out else sys.stdout
        try:
            for result in iter_results(iter(src), drg):
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        finally:
            if out:
                sink.close()
