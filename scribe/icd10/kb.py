"""The compiled ICD-10-CM knowledge base: load once, query fast.

`load()` returns a process-wide `KnowledgeBase`, reading the marshal cache when
it matches the installed tabular (building it first otherwise). Queries take
codes with or without dots; everything returned is dotted for display.
"""

from __future__ import annotations

import bisect
import marshal
import os
import re
import threading
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scribe.icd10.axes import axis_key
from scribe.icd10.compile import compile_tabular, source_files, source_hash
from scribe.icd10.refs import Pattern, matches, norm

_CODE_SHAPE = re.compile(r"^[A-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?$")
NoteEntry = tuple[str, tuple[Pattern, ...]]


def dotted(code: str) -> str:
    """`M62451` -> `M62.451`."""
    c = norm(code)
    return c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"


def well_formed(code: str) -> bool:
    """Shape check only (letter, digit, alnum, optional dot and up to 4 more)."""
    return bool(_CODE_SHAPE.match(code.strip().upper()))


@dataclass(frozen=True)
class NoteRef:
    """An instructional note as found on `owner` (the node that carries it)."""

    kind: str
    owner: str
    text: str


class KnowledgeBase:
    """Read-only view over the packed index (see `compile.py` for the layout)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._keys: list[str] = data["keys"].split("\n")
        self._descs_blob: str = data["descs"]
        parents = array("i")
        parents.frombytes(data["parents"])
        self._parents = parents
        self._billable: bytes = data["billable"]
        self._note_blobs: dict[str, bytes] = data["notes"]
        self._note_cache: dict[str, dict[str, list[NoteEntry]]] = {}
        self._seven: dict[str, dict[str, str]] = data["seven"]
        self._axes: dict[str, dict[str, str]] = data["axes"]
        self._axis_position = {
            leaf: tuple(key.split("|"))
            for axis in self._axes.values()
            for key, leaf in axis.items()
        }
        self.stats: dict[str, Any] = data["stats"]
        self.unparsed: list[tuple[str, str, str]] = data["unparsed"]
        self.stale: list[str] = data.get("stale", [])
        self.tabular_version: str = data["tabular_version"]
        self.source: str = data["source"]
        self._ancestor_cache: dict[str, tuple[str, ...]] = {}

    def _index(self, key: str) -> int:
        i = bisect.bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    @cached_property
    def _descs(self) -> list[str]:
        return self._descs_blob.split("\n")

    # -- codes -------------------------------------------------------------
    def exists(self, code: str) -> bool:
        c = norm(code)
        return c[:1].isalpha() and c[1:2].isdigit() and self._index(c) >= 0

    def is_billable(self, code: str) -> bool:
        i = self._index(norm(code))
        return i >= 0 and self._billable[i] == 1

    def description(self, code: str) -> str:
        i = self._index(norm(code))
        return self._descs[i] if i >= 0 else ""

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parents up to the chapter, nearest first (blocks and super-blocks included)."""
        c = norm(code)
        cached = self._ancestor_cache.get(c)
        if cached is not None:
            return cached
        out: list[str] = []
        i = self._index(c)
        i = self._parents[i] if i >= 0 else -1
        while i >= 0:
            out.append(self._keys[i])
            i = self._parents[i]
        result = tuple(out)
        self._ancestor_cache[c] = result
        return result

    def billable_descendants(self, code: str) -> list[str]:
        """Billable codes strictly below `code`, in tabular order."""
        c = norm(code)
        i = bisect.bisect_right(self._keys, c)
        out: list[str] = []
        while i < len(self._keys) and self._keys[i].startswith(c):
            if self._billable[i]:
                out.append(self._keys[i])
            i += 1
        return out

    def _node_notes(self, node: str) -> dict[str, list[NoteEntry]]:
        cached = self._note_cache.get(node)
        if cached is None:
            blob = self._note_blobs.get(node)
            cached = marshal.loads(blob) if blob is not None else {}
            self._note_cache[node] = cached
        return cached

    # -- notes -------------------------------------------------------------
    def _lineage(self, code: str) -> Iterator[str]:
        c = norm(code)
        yield c
        yield from self.ancestors(c)

    def notes(self, code: str, kind: str) -> list[NoteRef]:
        """All notes of `kind` that apply to `code`, own first, then inherited."""
        out: list[NoteRef] = []
        for node in self._lineage(code):
            for text, _ in self._node_notes(node).get(kind, ()):
                out.append(NoteRef(kind=kind, owner=node, text=text))
        return out

    def excludes1_hit(self, code: str, other: str) -> NoteRef | None:
        """The first Excludes1 note on `code` (or an ancestor) that names `other`."""
        o = norm(other)
        for node in self._lineage(code):
            for text, patterns in self._node_notes(node).get("excludes1", ()):
                if any(matches(p, o) for p in patterns):
                    return NoteRef(kind="excludes1", owner=node, text=text)
        return None

    def excludes1_conflict(self, a: str, b: str) -> NoteRef | None:
        """Excludes1 between two codes in either direction (guideline I.A.12.a)."""
        return self.excludes1_hit(a, b) or self.excludes1_hit(b, a)

    def seventh_characters(self, code: str) -> dict[str, str]:
        for node in self._lineage(code):
            if node in self._seven:
                return dict(self._seven[node])
        return {}

    # -- site axes ----------------------------------------------------------
    def axis_root(self, code: str) -> str | None:
        """The site-axis subcategory a code belongs to (M62.451 -> M624)."""
        c = norm(code)
        return c[:4] if c[:4] in self._axes else None

    def axis_lookup(self, root: str, site: str, side: str) -> str | None:
        return self._axes.get(norm(root), {}).get(axis_key(site, side))

    def axis_position(self, code: str) -> tuple[str, str] | None:
        """(site, side) of a billable code within its axis, e.g. M62451 -> (thigh, right)."""
        pos = self._axis_position.get(norm(code))
        return (pos[0], pos[1]) if pos else None

    def axis_sites(self, root: str) -> list[str]:
        """Sites of an axis in tabular order (shoulder, upper arm, ... for M62.4)."""
        return list(dict.fromkeys(k.split("|")[0] for k in self._axes.get(norm(root), {})))

    @cached_property
    def axis_count(self) -> int:
        return len(self._axes)


_LOCK = threading.Lock()
_KB: KnowledgeBase | None = None


def cache_dir() -> Path:
    env = os.environ.get("SCRIBE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scribe"


def cache_path() -> Path:
    xml, codes = source_files()
    return cache_dir() / f"icd10cm-{source_hash(xml, codes)}.marshal"


def build(path: Path | None = None) -> Path:
    """Compile the tabular and write the cache atomically; returns its path."""
    xml, codes = source_files()
    target = path or cache_path()
    data = compile_tabular(xml, codes)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(marshal.dumps(data))
    tmp.replace(target)
    return target


def load(path: Path | None = None) -> KnowledgeBase:
    """The process-wide knowledge base (compiled on first use, then cached)."""
    global _KB
    if _KB is not None and path is None:
        return _KB
    with _LOCK:
        if _KB is not None and path is None:
            return _KB
        target = path or cache_path()
        if not target.exists():
            build(target)
        kb = KnowledgeBase(marshal.loads(target.read_bytes()))
        if path is None:
            _KB = kb
        return kb
