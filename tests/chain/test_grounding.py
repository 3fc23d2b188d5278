"""Quotes to evidence spans: normalised like the checker, mapped to the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scribe.chain.grounding import Locator, checkable_codes
from scribe.checker.engine import normalise
from scribe.models import Transcript, Turn


def transcript(*texts: str) -> Transcript:
    return Transcript(turns=tuple(Turn(speaker="A", role="clinician", text=t) for t in texts))


def test_quote_is_found_across_case_and_whitespace() -> None:
    t = transcript("Hello.", "The  RIGHT\tquadriceps is   contracted.")
    ev = Locator(t).find("right quadriceps\nis contracted")
    assert ev is not None
    assert (ev.turn, ev.quote) == (1, "RIGHT\tquadriceps is   contracted")
    assert t.turns[1].text[ev.start : ev.end] == ev.quote


def test_missing_quote_is_kept_ungrounded() -> None:
    ev = Locator(transcript("Nothing here.")).find("left hamstrings")
    assert ev is not None and ev.quote == "left hamstrings" and ev.end == 0


def test_no_quote_gives_no_evidence() -> None:
    loc = Locator(transcript("x"))
    assert loc.find(None) is None and loc.find("   ") is None


@given(
    st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
    st.data(),
)
def test_any_span_of_a_turn_is_located_to_an_equivalent_span(
    texts: list[str], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(texts) - 1))
    text = texts[i]
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    quote = text[a:b]
    if not normalise(quote):
        return
    ev = Locator(transcript(*texts)).find(quote.upper() if quote.isascii() else quote)
    assert ev is not None and ev.end > ev.start
    found = texts[ev.turn][ev.start : ev.end]
    assert found == ev.quote
    assert normalise(found) == normalise(quote)


def test_only_codes_the_checker_can_verify_are_kept() -> None:
    assert checkable_codes(["M62.451", "F32.9", "bill this", "M24.561", "M62.451"]) == (
        "M62.451",
        "M24.561",
    )


@given(st.text(max_size=80))
def test_fast_search_text_folds_exactly_like_the_offset_map(text: str) -> None:
    from scribe.chain.grounding import _fold, _search_text

    if len(text.lower()) == len(text):
        assert _search_text(text) == _fold(text).text
