"""`scribe eval`: run / compare / validate, the shorthand, exit codes 0, 2 and 5."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scribe.cli import main
from tests.evaluation.fakes import MINI

ORACLE = "tests.evaluation.fakes:oracle"
SLOPPY = "tests.evaluation.fakes:sloppy_oracle"


def scribe(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out, err = capsys.readouterr()
    code = e.value.code
    return (code if isinstance(code, int) else 1), out, err


def one_line_error(err: str, text: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert text in lines[0], lines[0]


def run_args(out: Path, extractor: str = ORACLE, *more: str) -> list[str]:
    return [
        "eval",
        "run",
        str(MINI),
        "--extractor",
        extractor,
        "--out",
        str(out),
        "--no-cache",
        "--bootstrap",
        "100",
        *more,
    ]


def test_run_prints_headline_and_writes_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = scribe(capsys, *run_args(tmp_path / "r"))
    assert code == 0, err
    assert "4 cases, 0 errors, 0 cached" in out
    assert "code_exact_match" in out and "100.0%" in out
    assert (tmp_path / "r" / "report.html").exists()


def test_eval_dataset_is_shorthand_for_eval_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = run_args(tmp_path / "r")
    args.remove("run")
    code, out, err = scribe(capsys, *args)
    assert code == 0, err
    assert json.loads((tmp_path / "r" / "summary.json").read_text())["n"] == 4


@pytest.mark.parametrize(
    ("gate", "code", "message"),
    [
        (["--fail-under", "code_exact_match=0.7"], 0, ""),
        (
            ["--fail-under", "code_exact_match=0.9", "--fail-under", "field_f1=50%"],
            5,
            "quality gate not met: code_exact_match = 0.75 < 0.9",
        ),
        (
            ["--fail-under", "fields.laterality.recall=1"],
            5,
            "fields.laterality.recall = 0.6667 < 1",
        ),
        (["--fail-over", "hallucinated_code_rate=0.1"], 5, "hallucinated_code_rate = 0.25 > 0.1"),
        (["--fail-under", "flags.rules.nope.recall=1"], 5, "flags.rules.nope.recall has no value"),
    ],
)
def test_fail_under_exit_code(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    gate: list[str],
    code: int,
    message: str,
) -> None:
    got, _, err = scribe(capsys, *run_args(tmp_path / "r", SLOPPY, *gate))
    assert got == code, err
    if message:
        one_line_error(err, message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail-under", "code_f1"], "must be METRIC=VALUE"),
        (["--fail-under", "code_f1=high"], "'high' is not a number"),
        (["--fail-under", "bogus=1"], "unknown metric 'bogus'"),
        (["--fail-under", "hallucinated_code_rate=0.1"], "lower-is-better; use --fail-over"),
        (["--resume"], "--resume needs --out"),
        (["--concurrency", "0", "--out", "/nonexistent/x"], "--concurrency must be at least 1"),
        (["--rate-limit", "-1", "--extractor", ORACLE, "--out", "/nonexistent/r"], "positive"),
        (["--extractor", "nosuchmodule:x"], "cannot import nosuchmodule"),
        (["--extractor", "tests.evaluation.fakes"], "must be MODULE:ATTR"),
        (["--model", "gpt-x"], "--model and --prompt apply to the openai backend only"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = scribe(capsys, "eval", "run", str(MINI), *args)
    assert code == 2
    one_line_error(err, message)


def test_run_does_not_start_on_an_invalid_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(MINI.read_text().splitlines()[-1] + "\n{oops\n", encoding="utf-8")
    code, _, err = scribe(capsys, "eval", "run", str(bad), "--out", str(tmp_path / "r"))
    assert code == 2
    one_line_error(err, "invalid dataset: line 2: invalid JSON")
    assert not (tmp_path / "r").exists()


def test_validate_lists_every_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = scribe(capsys, "eval", "validate", str(MINI))
    assert code == 0 and "OK, 4 cases" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n\n[]\n', encoding="utf-8")
    code, _, err = scribe(capsys, "eval", "validate", str(bad))
    assert code == 2
    lines = err.strip().splitlines()
    assert "line 1 (case x): give exactly one of 'transcript' and 'transcript_path'" in lines[0]
    assert "line 3: each line must be a JSON object" in lines[1]
    assert lines[-1].endswith("2 invalid line(s)")


def test_compare_shows_deltas_significance_and_changed_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert scribe(capsys, *run_args(tmp_path / "a"))[0] == 0
    assert scribe(capsys, *run_args(tmp_path / "b", SLOPPY))[0] == 0
    code, out, err = scribe(capsys, "eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 0, err
    assert "4 paired cases." in out
    assert "| code_exact_match | 100.0% | 75.0% | -25.0 pp |" in out
    assert (
        "McNemar (code exact match): A right / B wrong 1, A wrong / B right 0, exact p = 1." in out
    )
    assert "- rt-thigh: codes now wrong; codes +[M62.459] -[M62.451]" in out
    assert "lt-calf" not in out.split("## Changed cases")[1]
    code, out, _ = scribe(
        capsys, "eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "json"
    )
    data: dict[str, Any] = json.loads(out)
    assert data["metrics"]["code_exact_match"]["delta"] == -0.25
    assert [c["id"] for c in data["changed"]] == ["rt-thigh"]


def test_compare_rejects_a_directory_that_is_not_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = scribe(capsys, "eval", "compare", str(tmp_path), str(tmp_path))
    assert code == 2
    one_line_error(err, "is not a run directory")


def _relabel(tmp_path: Path, edit: Any) -> Path:
    """MINI's labels, edited per case by `edit(case) -> case`, beside MINI's transcripts."""
    lines = [json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines()]
    out = tmp_path / "other.jsonl"
    edited = [edit(c) for c in lines]
    for c in edited:
        if "transcript_path" in c:
            c["transcript_path"] = str(MINI.parent / c["transcript_path"])
    out.write_text("".join(json.dumps(c) + "\n" for c in edited), encoding="utf-8")
    return out


def test_agree_scores_a_second_annotator_like_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(c: dict[str, Any]) -> dict[str, Any]:
        if c["id"] == "lt-calf":  # the other annotator heard the right calf
            f = {**c["findings"][0], "laterality": "right"}
            return {**c, "findings": [f], "codes": ["M62.461"]}
        if c["id"] == "knee-capsule":  # and did not list the ruled-out spasm
            return {**c, "findings": [f for f in c["findings"] if not f.get("negated")]}
        return c

    other = _relabel(tmp_path, edit)
    code, out, err = scribe(capsys, "eval", "agree", str(MINI), str(other), "--format", "json")
    assert code == 0, err
    a = json.loads(out)
    assert (a["n"], a["code_exact_match"], a["cases_with_other_codes"]) == (4, 0.75, 1)
    # sides: rt-thigh and knee-capsule agree, lt-calf is one wrong side (fp + fn)
    lat = a["fields"]["laterality"]
    assert (lat["tp"], lat["fp"], lat["fn"]) == (2, 1, 1)
    # the unlisted rule-out costs negation recall only, never an asserted field
    neg = a["fields"]["negation"]
    assert (neg["tp"], neg["fp"], neg["fn"]) == (0, 0, 1)
    assert a["fields_asserted"]["finding"]["f1"] == 1.0
    code, out, _ = scribe(capsys, "eval", "agree", str(MINI), str(other))
    assert "4 cases. Code exact match 75.0 %" in out
    assert "| laterality | 66.7 % | 66.7 % | 66.7 % | 66.7 % | 66.7 % | 66.7 % |" in out


def test_agree_refuses_label_sets_of_different_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _relabel(tmp_path, lambda c: {**c, "id": c["id"] + "-b"} if c["id"] == "lt-calf" else c)
    code, _, err = scribe(capsys, "eval", "agree", str(MINI), str(other))
    assert code == 2
    one_line_error(err, "the label sets differ: 1 case(s) missing from")
    swapped = _relabel(
        tmp_path,
        lambda c: (
            {**c, "transcript_path": "transcripts/rt-thigh.txt"} if c["id"] == "lt-calf" else c
        ),
    )
    code, _, err = scribe(capsys, "eval", "agree", str(MINI), str(swapped))
    assert code == 2
    one_line_error(err, "case lt-calf: the two label sets point at different transcripts")
