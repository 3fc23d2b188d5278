"""The CLI contract: JSON keys, schema, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples" / "transcripts").iterdir())
THIGH = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"
OFFLINE = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}


def scribe(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scribe", *args],
        capture_output=True,
        text=True,
        env=OFFLINE,
        cwd=ROOT,
        input=None if stdin is None else stdin.decode(),
        timeout=120,
    )


def ok_json(*args: str) -> Any:
    r = scribe(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def assert_one_line_error(r: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert text in lines[0], lines[0]


@pytest.fixture(scope="module")
def draft_schema() -> Any:
    return ok_json("schema", "draft")


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_draft_json_validates_against_published_schema(example: Path, draft_schema: Any) -> None:
    data = ok_json("draft", str(example), "--format", "json")
    jsonschema.validate(data, draft_schema)
    assert {"codes", "flags", "finalizable", "note", "findings", "provenance"} <= data.keys()
    assert data["provenance"]["backend"] == "rules"
    assert data["provenance"]["tabular_version"].startswith("FY2026")


def test_check_transcript_m62_40_suggests_m62_451() -> None:
    data = ok_json("check", "--transcript", str(THIGH), "--codes", "M62.40")
    flags = [f for f in data["flags"] if f["rule"] == "unspecified-site"]
    assert len(flags) == 1
    assert flags[0]["suggestion"] == {"replace": ["M62.40"], "with": ["M62.451"]}
    assert data["finalizable"] is False
    schema = ok_json("schema", "check")
    jsonschema.validate(data, schema)


def test_check_excludes1_and_header() -> None:
    data = ok_json("check", "--transcript", str(THIGH), "--codes", "E10.9,E11.9")
    assert any(f["rule"] == "excludes1-conflict" for f in data["flags"])
    data = ok_json("check", "--transcript", str(THIGH), "--codes", "M62.4")
    assert any(f["rule"] == "invalid-code" for f in data["flags"])


def test_check_derives_codes_from_documentation_when_absent() -> None:
    data = ok_json("check", "--transcript", str(THIGH))
    assert [c["code"] for c in data["codes"]] == ["M62.451"]


def test_malformed_code_exits_2() -> None:
    r = scribe("check", "--transcript", str(THIGH), "--codes", "M62.40,banana")
    assert_one_line_error(r, 2, "malformed ICD-10-CM code 'banana'")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "transcript is empty"),
        (b"\x00\x00binary", "transcript looks binary"),
        (b"Doctor: \xff\xfe", "not valid UTF-8"),
        (b"no speakers at all here", "unrecognised transcript"),
    ],
)
def test_bad_transcripts_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert_one_line_error(scribe("draft", str(bad)), 2, message)


def test_missing_file_and_usage_errors_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(scribe("draft", str(tmp_path / "none.txt")), 2, "transcript not found")
    assert_one_line_error(scribe("draft", str(THIGH), "--format", "pdf"), 2, "Invalid value")
    assert_one_line_error(scribe("check"), 2, "give exactly one of")
    assert_one_line_error(scribe("schema", "nope"), 2, "unknown schema")


def test_finalize_blocks_with_exit_3_then_succeeds_with_overrides(tmp_path: Path) -> None:
    draft = tmp_path / "draft.json"
    data = ok_json("draft", str(THIGH), "--format", "json")
    # Swap in an unspecified code: an error flag the clinician must resolve.
    data["codes"] = [{"code": "M62.40", "description": "", "source": "user"}]
    draft.write_text(json.dumps(data))
    r = scribe("finalize", str(draft))
    assert_one_line_error(r, 3, "unspecified-site")
    assert r.stdout == ""
    r = scribe("finalize", str(draft), "--override", "unspecified-site=")
    assert_one_line_error(r, 2, "must be RULE=REASON")
    out = tmp_path / "final.json"
    r = scribe(
        "finalize",
        str(draft),
        "--override",
        "unspecified-site=site confirmed later by MD",
        "--by",
        "dr.alvarez",
        "--out",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    final = json.loads(out.read_text())
    assert final["overrides"] == [
        {"rule": "unspecified-site", "reason": "site confirmed later by MD", "by": "dr.alvarez"}
    ]
    jsonschema.validate(final, ok_json("schema", "final"))


def test_finalize_rejects_invalid_draft_json(tmp_path: Path) -> None:
    bad = tmp_path / "d.json"
    bad.write_text('{"id": 1}')
    assert_one_line_error(scribe("finalize", str(bad)), 2, "is not a valid Draft JSON")


def test_batch_keeps_order_and_isolates_bad_lines(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = [
        json.dumps({"id": "a", "codes": ["E10.9", "E11.9"]}),
        "{not json",
        json.dumps({"id": "c", "codes": ["M62.4"]}),
        json.dumps({"id": "d", "codes": ["xx!"]}),
        json.dumps({"id": "e", "codes": ["M62.40"], "transcript": THIGH.read_text()}),
    ]
    cases.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    r = scribe("check", "--batch", str(cases), "--out", str(out))
    assert r.returncode == 0, r.stderr
    results = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x.get("id") for x in results] == ["a", None, "c", "d", "e"]
    assert results[0]["finalizable"] is False
    assert results[1]["error"]["type"] == "bad_input" and results[1]["line"] == 2
    assert [f["rule"] for f in results[2]["flags"]] == ["invalid-code"]
    assert results[3]["error"]["message"].startswith("malformed ICD-10-CM code")
    single = ok_json("check", "--transcript", str(THIGH), "--codes", "M62.40")
    assert results[4]["flags"] == single["flags"]


def test_markdown_output_shows_note_fields_and_flags() -> None:
    r = scribe("draft", str(THIGH))
    assert r.returncode == 0, r.stderr
    for text in ("Subjective", "Structured findings", "M62.451", "quadriceps"):
        assert text in r.stdout
