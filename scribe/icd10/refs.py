"""Parse the code references inside tabular notes into matchable patterns.

The CMS text is messy (see `shared/domain/icd10cm-notes.md`): single codes
(`G72.1`), dash codes (`M24.5-`, `M33.-`, `G35-`), ranges (`G72.0-G72.1`,
`E08-E13`, `(I70.2--I70.7-)`, `(M05.00 to M05.8A)`), `X` placeholders
(`S06.0X-`), malformed dots (`R40.24.-`, `F98.2.-F98.3`), a stray brace
(`(E87.8}`) and qualifiers (`E08-E13 with .21`, `A37 with fifth-character 1`,
`I69. with final characters -23`).

A *pattern* is a pair `(lo, hi)` of dot-less code prefixes: code `c` matches when
`lo <= c` and `c[:len(hi)] <= hi`, so `("M245", "M245")` is the whole M24.5
subtree and `("E08", "E13")` every code from E08 to E13.9. Qualified references
are expanded against the tabular at compile time into explicit single-code
patterns, so matching stays one comparison pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Pattern = tuple[str, str]

# A code token: letter, digit, alnum, optional dot + up to 4 alnum, optional dash forms.
_CODE = r"[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{0,4})?"
_TOKEN = re.compile(rf"(?<![A-Za-z0-9])(?P<code>{_CODE})(?P<dash>\.?-+)?(?![A-Za-z0-9])")
# Loose detector for anything that looks like a code reference, to measure coverage.
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d[0-9A-Z][0-9A-Za-z.\-]*")
_PAREN = re.compile(r"\(([^()]*)[)}]")
_RANGE_SEP = re.compile(r"^\s*(?:-+|to)?\s*$")
_LIST_SEP = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or)?\s*$")
_QUALIFIER = re.compile(
    r"^\s*,?\s*with\s+(?P<body>(?:(?:fifth|5th|sixth|6th|final|fifth to sixth)[\s-]*"
    r"(?:to\s+sixth\s+)?characters?\s+)?[-.0-9A-Z]+(?:\s*(?:,|\.|or|-)\s*[-.0-9A-Z]+)*)"
)


def norm(code: str) -> str:
    """`m62.40` -> `M6240`; strips dots, dashes and spaces."""
    return re.sub(r"[.\-\s]", "", code.upper())


def matches(pattern: Pattern, code: str) -> bool:
    lo, hi = pattern
    return lo <= code and code[: len(hi)] <= hi


@dataclass
class ParsedNote:
    text: str
    patterns: list[Pattern] = field(default_factory=list)
    candidates: int = 0
    unparsed: list[str] = field(default_factory=list)


def _fix(text: str) -> str:
    """Normalise the malformed forms seen in FY2026 before tokenising."""
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"(\d)\.(\d)\.-", r"\1.\2-", text)  # F98.2.- -> F98.2-
    text = re.sub(r"(\.\d{1,4})\.-", r"\1-", text)  # R40.24.- -> R40.24-
    return text


def _codeish(fragment: str) -> bool:
    """Outside parentheses only dotted, dashed or ranged tokens are references."""
    return "." in fragment or "-" in fragment


Expander = Callable[[str, str, str], list[str]]


def _groups(text: str) -> Iterable[str]:
    """Parenthesised groups first (the usual home of references), then the rest of
    the text, where only dotted or dashed tokens count (so "vitamin B12" is prose)."""
    for m in _PAREN.finditer(text):
        yield m.group(1)
    outside = _PAREN.sub(" ", text)
    yield "\x00" + outside


def parse_note(text: str, expand: Expander | None = None) -> ParsedNote:
    """Parse one note; `expand(lo, hi, qualifier)` resolves qualified ranges."""
    result = ParsedNote(text=text)
    fixed = _fix(text)
    for group in _groups(fixed):
        strict_outside = group.startswith("\x00")
        body = group.lstrip("\x00")
        tokens = list(_TOKEN.finditer(body))
        consumed: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            lo = hi = norm(t["code"])
            span_end = t.end()
            j = i + 1
            if j < len(tokens):
                sep = body[t.end() : tokens[j].start()]
                dashed_join = bool(t["dash"]) and not sep.strip(" -")
                if (
                    _RANGE_SEP.match(sep)
                    and (sep.strip() or dashed_join)
                    and not _LIST_SEP.match(sep)
                ):
                    hi = norm(tokens[j]["code"])
                    span_end = tokens[j].end()
                    j += 1
                elif dashed_join and t["code"][:3] == tokens[j]["code"][:3]:
                    hi = norm(tokens[j]["code"])  # "(I69.81- I69.91-)"
                    span_end = tokens[j].end()
                    j += 1
            if strict_outside and not _codeish(body[t.start() : span_end]):
                i = j
                continue  # prose such as "vitamin B12" outside parentheses
            q = _QUALIFIER.match(body[span_end:])
            if q and expand is not None:
                codes = expand(lo, hi, q["body"])
                result.patterns.extend((c, c) for c in codes)
                span_end += q.end()
                result.candidates += 1 if lo == hi else 2
            else:
                result.patterns.append((lo, hi) if lo <= hi else (hi, lo))
                result.candidates += 1 if j == i + 1 else 2
            consumed.append((t.start(), span_end))
            i = j
        # Anything code-like that the grammar did not consume is reported.
        for c in _CANDIDATE.finditer(body):
            if strict_outside and not _codeish(c.group()):
                continue
            if not any(a <= c.start() < b for a, b in consumed):
                result.unparsed.append(c.group())
                result.candidates += 1
    return result


def expand_qualifier(lo: str, hi: str, qualifier: str, codes: Iterable[str]) -> list[str]:
    """Resolve "E08-E13 with .21", "A37 with fifth-character 1", "F11-F19 with
    fifth to sixth characters 51" or "I69. with final characters -23" against the
    code set. Returns the matching codes (dot-less)."""
    q = qualifier.lower()
    suffixes = [
        s.strip(".-")
        for s in re.findall(r"[-.]?[0-9a-z]+", qualifier)
        if any(ch.isdigit() for ch in s)
    ]
    suffixes = [s.upper() for s in suffixes if s]
    if not suffixes:
        return []
    in_range = [c for c in codes if lo <= c and c[: len(hi)] <= hi]
    out: set[str] = set()
    for c in in_range:
        for s in suffixes:
            if "fifth" in q or "5th" in q:
                if c[4 : 4 + len(s)] == s:
                    out.add(c)
            elif "final" in q:
                if len(c) > 3 and c.endswith(s):
                    out.add(c)
            elif c[3 : 3 + len(s)] == s and len(c) >= 3 + len(s):
                out.add(c)
    # Keep only the top-most matches: a matched header covers its subtree.
    ordered = sorted(out)
    tops: list[str] = []
    for c in ordered:
        if not tops or not c.startswith(tops[-1]):
            tops.append(c)
    return tops
