"""The note-reference parser on the messy forms seen in the FY2026 text."""

from __future__ import annotations

import pytest

from scribe.icd10.refs import matches, parse_note


@pytest.mark.parametrize(
    ("text", "patterns"),
    [
        ("alcoholic myopathy (G72.1)", [("G721", "G721")]),
        ("contracture of joint (M24.5-)", [("M245", "M245")]),
        ("dermatopolymyositis (M33.-)", [("M33", "M33")]),
        ("multiple sclerosis (G35-)", [("G35", "G35")]),
        ("drug-induced myopathy (G72.0-G72.1)", [("G720", "G721")]),
        ("diabetes (E08-E13)", [("E08", "E13")]),
        ("injury (S06.0X-)", [("S060X", "S060X")]),
        ("atherosclerosis (I70.2--I70.7-)", [("I702", "I707")]),
        ("newborn (P28.3- - P28.4-)", [("P283", "P284")]),
        ("sequelae (I69.81- I69.91-)", [("I6981", "I6991")]),
        ("alcohol (F10.-F19.-)", [("F10", "F19")]),
        ("tic (F98.2.-F98.3)", [("F982", "F983")]),
        ("coma (R40.24.-)", [("R4024", "R4024")]),
        ("hyponatremia (E87.8}", [("E878", "E878")]),
        ("rheumatoid (M05.00 to M05.8A)", [("M0500", "M058A")]),
        ("A00-B99, J09, J10.-", []),  # outside parentheses, no dot on A00: still a range
    ],
)
def test_reference_forms(text: str, patterns: list[tuple[str, str]]) -> None:
    parsed = parse_note(text)
    if patterns:
        assert parsed.patterns == patterns
    assert parsed.unparsed == []


def test_list_of_codes_and_ranges() -> None:
    parsed = parse_note("(C00-C75, C81-C96)")
    assert parsed.patterns == [("C00", "C75"), ("C81", "C96")]


def test_prose_outside_parentheses_is_not_a_code() -> None:
    parsed = parse_note("vitamin B12 deficiency anemia (D51.-)")
    assert parsed.patterns == [("D51", "D51")]


def test_codes_outside_parentheses_with_dots_are_references() -> None:
    parsed = parse_note("tendinitis as classified in M75-M77")
    assert parsed.patterns == [("M75", "M77")]


def test_note_without_code() -> None:
    parsed = parse_note("current injury - see injury of joint by body region")
    assert parsed.patterns == [] and parsed.unparsed == [] and parsed.candidates == 0


def test_qualifier_expands_through_expander() -> None:
    calls = []

    def expand(lo: str, hi: str, q: str) -> list[str]:
        calls.append((lo, hi, q))
        return ["E0821", "E1121"]

    parsed = parse_note("diabetic nephropathy (E08-E13 with .21)", expand)
    assert calls == [("E08", "E13", ".21")]
    assert parsed.patterns == [("E0821", "E0821"), ("E1121", "E1121")]


@pytest.mark.parametrize(
    ("pattern", "code", "expected"),
    [
        (("M245", "M245"), "M24561", True),
        (("M245", "M245"), "M2456", True),
        (("M245", "M245"), "M246", False),
        (("M245", "M245"), "M24", False),
        (("E08", "E13"), "E119", True),
        (("E08", "E13"), "E139", True),
        (("E08", "E13"), "E140", False),
        (("E08", "E13"), "E079", False),
    ],
)
def test_pattern_matching(pattern: tuple[str, str], code: str, expected: bool) -> None:
    assert matches(pattern, code) is expected
