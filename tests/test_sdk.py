"""The in-process SDK: the documented example runs offline; sync and async agree."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re

import pytest

from scribe import BlockedError, InputError, Scribe
from scribe.errors import ConfigError
from scribe.models import CheckResult, Draft, FinalNote, Override

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "transcripts" / "right-thigh-quadriceps-contracture.txt"


@pytest.fixture(scope="module")
def scribe() -> Scribe:
    return Scribe(backend="rules")


@pytest.fixture(scope="module")
def draft(scribe: Scribe) -> Draft:
    return scribe.draft(EXAMPLE.read_text(encoding="utf-8"))


def test_documented_example_runs_offline_and_prints_what_the_comments_say() -> None:
    doc = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", doc, re.DOTALL)
    assert block is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "docs/embedding.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "['M62.451'] True"
    assert lines[1] == "blocked by ('unspecified-site',)"
    assert lines[2].startswith("dr.alvarez ")


def test_draft_from_text_is_a_typed_checked_draft(draft: Draft) -> None:
    assert isinstance(draft, Draft)
    assert [c.code for c in draft.codes] == ["M62.451"]
    assert draft.finalizable is True
    assert draft.provenance.backend == "rules"


def test_check_transcript_with_codes_flags_unspecified_site(scribe: Scribe) -> None:
    result = scribe.check(transcript=EXAMPLE.read_text(encoding="utf-8"), codes=["M62.40"])
    assert isinstance(result, CheckResult)
    assert "unspecified-site" in {f.rule for f in result.flags if f.severity == "error"}
    assert result.finalizable is False


def test_check_transcript_without_codes_codes_the_documentation(scribe: Scribe) -> None:
    result = scribe.check(transcript=EXAMPLE.read_text(encoding="utf-8"))
    assert [c.code for c in result.codes] == ["M62.451"]
    assert result.finalizable is True


def test_check_needs_exactly_one_of_transcript_or_draft(scribe: Scribe, draft: Draft) -> None:
    with pytest.raises(InputError):
        scribe.check()
    with pytest.raises(InputError):
        scribe.check(transcript="Doctor: hi", draft=draft)


def test_empty_transcript_is_input_error(scribe: Scribe) -> None:
    with pytest.raises(InputError, match="empty"):
        scribe.draft("   \n")


def test_finalize_blocks_on_error_flag_and_names_the_rules(scribe: Scribe, draft: Draft) -> None:
    edited = scribe.revise(draft, ["M62.40"])
    assert edited.id == draft.id and edited.finalizable is False
    with pytest.raises(BlockedError) as info:
        scribe.finalize(edited)
    assert info.value.rules == ("unspecified-site",)


def test_finalize_with_reasoned_override_records_who_and_why(scribe: Scribe, draft: Draft) -> None:
    edited = scribe.revise(draft, ["M62.40"])
    final = scribe.finalize(edited, overrides={"unspecified-site": "payer policy"}, by="dr.kim")
    assert isinstance(final, FinalNote)
    assert final.overrides == (
        Override(rule="unspecified-site", reason="payer policy", by="dr.kim"),
    )


def test_override_without_reason_is_input_error(scribe: Scribe, draft: Draft) -> None:
    with pytest.raises(InputError, match="reason"):
        scribe.finalize(scribe.revise(draft, ["M62.40"]), overrides={"unspecified-site": " "})


def test_unknown_backend_is_config_error() -> None:
    with pytest.raises(ConfigError):
        Scribe(backend="gpt")  # type: ignore[arg-type]


def test_backend_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRIBE_BACKEND", "rules")
    assert Scribe().backend == "rules"


def test_async_twins_match_sync_results(scribe: Scribe, draft: Draft) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")

    async def run() -> tuple[Draft, CheckResult, FinalNote]:
        d = await scribe.adraft(text)
        c = await scribe.acheck(transcript=text, codes=["M62.451"])
        f = await scribe.afinalize(d, by="dr.kim")
        return d, c, f

    d, c, f = asyncio.run(run())
    assert d.codes == draft.codes and d.flags == draft.flags and d.note == draft.note
    assert c.finalizable is True
    assert f.draft.id == d.id


def test_readme_sdk_example_runs_offline_and_prints_what_the_comments_say(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python SDK") :]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block is not None
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "README.md", "exec"), {})
    expected = [
        line.split("# ", 1)[1]
        for line in block.group(1).splitlines()
        if line.startswith("print(") and "# " in line
    ]
    assert out.getvalue().splitlines() == expected
