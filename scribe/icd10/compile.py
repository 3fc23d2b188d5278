"""Compile the FY2026 ICD-10-CM tabular XML (shipped by `simple-icd-10-cm`) into
the compact index the checker uses.

Parsing the XML takes about a second; the compiled index is written once to a
versioned cache file (marshal) and loads in tens of milliseconds. The cache key is
the compiler's format version plus the sha256 of the XML and the code list, so a
new tabular release or a compiler change rebuilds it and nothing stale is read.

Structure notes (verified against the XML, see `shared/domain/icd10cm-notes.md`):
instructional notes apply to the node's whole subtree; "super-block" sections
(M00-M25, M60-M79, ...) are empty siblings in the XML and are attached to their
blocks by code range here; codes with a 7th character are not XML nodes and come
from the code list that ships beside the XML.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import marshal
import re
import xml.etree.ElementTree as ET
from array import array
from pathlib import Path
from typing import Any

from scribe.icd10.axes import derive_axes
from scribe.icd10.refs import ParsedNote, expand_qualifier, norm, parse_note

FORMAT_VERSION = 3
NOTE_KINDS = ("excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso")
TEXT_KINDS = ("inclusionTerm", "includes")


def source_files() -> tuple[Path, Path]:
    """The tabular XML and code list shipped by `simple-icd-10-cm`.

    Located with `find_spec`, which does not execute the package: importing
    `simple_icd_10_cm` parses the whole XML (~1.6 s), which is what the compiled
    cache exists to avoid.
    """
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the simple-icd-10-cm package is not installed")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    xml = next(p for p in sorted(data.iterdir()) if p.name.endswith(".xml"))
    codes = next(p for p in sorted(data.iterdir()) if p.name.startswith("code-list"))
    return xml, codes


def tabular_version(xml: Path) -> str:
    """`icd10c-tabular-April-1-2026.xml` -> `FY2026 (April 1, 2026 update)`."""
    m = re.search(r"([A-Za-z]+)-(\d+)-(\d{4})", xml.name)
    if not m:
        return xml.stem
    month, day, year = m.groups()
    fy = int(year) + (1 if month in ("October", "November", "December") else 0)
    return f"FY{fy} ({month} {day}, {year} update)"


def source_hash(xml: Path, codes: Path) -> str:
    """Cache key: compiler format and source, the data files' names and sizes.
    Cheap to compute on every start (hashing the 10 MB XML would cost ~20 ms)."""
    h = hashlib.sha256()
    h.update(f"format={FORMAT_VERSION}".encode())
    # The compiler's own source, so a change to parsing rebuilds the cache.
    here = Path(__file__).parent
    for name in ("compile.py", "axes.py", "refs.py"):
        h.update((here / name).read_bytes())
    for p in (xml, codes):
        h.update(f";{p.name}:{p.stat().st_size}".encode())
    return h.hexdigest()[:16]


def _texts(el: ET.Element, tag: str) -> list[str]:
    out: list[str] = []
    for child in el.findall(tag):
        out.extend((n.text or "").strip() for n in child.findall("note"))
    return out


def _block_range(block_id: str) -> tuple[str, str]:
    first, _, last = block_id.partition("-")
    return first, last or first


def _resolves(lo: str, hi: str, sorted_codes: list[str]) -> bool:
    """True when at least one tabular code falls in the pattern (stale otherwise)."""
    i = bisect.bisect_left(sorted_codes, lo)
    return i < len(sorted_codes) and sorted_codes[i][: len(hi)] <= hi


def compile_tabular(xml: Path, codes_file: Path) -> dict[str, Any]:
    """Parse the XML and code list into plain Python containers (marshal-safe)."""
    root = ET.parse(xml).getroot()
    desc: dict[str, str] = {}
    parent: dict[str, str] = {}
    raw_notes: dict[str, dict[str, list[str]]] = {}
    seven: dict[str, dict[str, str]] = {}
    chapter_of_block: dict[str, str] = {}

    def node_notes(key: str, el: ET.Element) -> None:
        kinds = {k: _texts(el, k) for k in (*NOTE_KINDS, *TEXT_KINDS)}
        kinds = {k: v for k, v in kinds.items() if v}
        if kinds:
            raw_notes[key] = kinds
        sdef = el.find("sevenChrDef")
        if sdef is not None:
            seven[key] = {
                e.get("char", ""): (e.text or "").strip() for e in sdef.findall("extension")
            }

    def walk_diag(el: ET.Element, parent_key: str) -> None:
        name = norm(el.findtext("name") or "")
        desc[name] = (el.findtext("desc") or "").strip()
        parent[name] = parent_key
        node_notes(name, el)
        for child in el.findall("diag"):
            walk_diag(child, name)

    for chapter in root.findall("chapter"):
        ch = "ch" + (chapter.findtext("name") or "").strip()
        desc[ch] = (chapter.findtext("desc") or "").strip()
        node_notes(ch, chapter)
        sections = chapter.findall("section")
        ids = [s.get("id", "") for s in sections]
        # Super-blocks: sections whose range strictly contains other sections.
        ranges = {i: _block_range(i) for i in ids}

        def container(i: str, ranges: dict[str, tuple[str, str]] = ranges) -> str | None:
            lo, hi = ranges[i]
            best: str | None = None
            for j, (a, b) in ranges.items():
                inside = j != i and a <= lo and hi <= b and (a, b) != (lo, hi)
                if inside and (best is None or (ranges[best][0] <= a and b <= ranges[best][1])):
                    best = j
            return best

        for sec in sections:
            sid = sec.get("id", "")
            desc[sid] = (sec.findtext("desc") or "").strip()
            parent[sid] = container(sid) or ch
            chapter_of_block[sid] = ch
            node_notes(sid, sec)
            for d in sec.findall("diag"):
                walk_diag(d, sid)

    # Codes with a 7th character (and their X placeholders) from the code list.
    all_codes = {
        line.split()[0]
        for line in codes_file.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    for code in sorted(c for c in all_codes if c not in desc and re.match(r"^[A-Z]\d", c)):
        base = code
        while base and base not in desc:
            base = base[:-1]
        if not base:
            continue
        anc = base
        char = code[-1]
        definition = ""
        while anc:
            if anc in seven:
                definition = seven[anc].get(char, "")
                break
            anc = parent.get(anc, "")
        desc[code] = f"{desc[base]}, {definition}" if definition else desc[base]
        parent[code] = base
    children: dict[str, int] = {}
    for p in parent.values():
        children[p] = children.get(p, 0) + 1
    code_keys = [k for k in desc if re.match(r"^[A-Z]\d[0-9A-Z]", k) and "-" not in k]
    billable = frozenset(k for k in code_keys if k not in children and k in all_codes)

    # Parse the code references of every note.
    sorted_codes = sorted(code_keys)

    def expand(lo: str, hi: str, qualifier: str) -> list[str]:
        return expand_qualifier(lo, hi, qualifier, sorted_codes)

    notes: dict[str, dict[str, list[tuple[str, tuple[tuple[str, str], ...]]]]] = {}
    stats = {
        k: {"notes": 0, "notes_without_code": 0, "references": 0, "parsed": 0} for k in NOTE_KINDS
    }
    unparsed: list[tuple[str, str, str]] = []
    stale: set[str] = set()
    for key, kinds in raw_notes.items():
        out: dict[str, list[tuple[str, tuple[tuple[str, str], ...]]]] = {}
        for kind, texts in kinds.items():
            entries: list[tuple[str, tuple[tuple[str, str], ...]]] = []
            for text in texts:
                if kind in TEXT_KINDS:
                    entries.append((text, ()))
                    continue
                parsed: ParsedNote = parse_note(text, expand)
                s = stats[kind]
                s["notes"] += 1
                s["references"] += parsed.candidates
                s["parsed"] += parsed.candidates - len(parsed.unparsed)
                if not parsed.patterns:
                    s["notes_without_code"] += 1
                for frag in parsed.unparsed:
                    unparsed.append((kind, key, frag))
                stale.update(
                    lo for lo, hi in parsed.patterns if not _resolves(lo, hi, sorted_codes)
                )
                entries.append((text, tuple(parsed.patterns)))
            out[kind] = entries
        notes[key] = out

    axes, axis_stats = derive_axes(desc, parent, billable)
    keys = sorted(desc)
    position = {k: i for i, k in enumerate(keys)}
    parents = array("i", (position.get(parent.get(k, ""), -1) for k in keys))
    return {
        "format": FORMAT_VERSION,
        "tabular_version": tabular_version(xml),
        "source": xml.name,
        # Packed for a fast cold load: parallel sequences indexed by sorted key.
        "keys": "\n".join(keys),
        "descs": "\n".join(desc[k] for k in keys),
        "parents": parents.tobytes(),
        "billable": bytes(k in billable for k in keys),
        "notes": {k: marshal.dumps(v) for k, v in notes.items()},
        "seven": seven,
        "axes": axes,
        "stats": {
            "notes": stats,
            "axes": axis_stats,
            "codes": len(code_keys),
            "billable": len(billable),
        },
        "unparsed": sorted(set(unparsed)),
        "stale": sorted(stale),
    }
