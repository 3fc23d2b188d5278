"""Evaluation datasets: the JSONL case schema and its validator.

One case per line: the transcript (inline, or a path relative to the JSONL file),
the gold findings, the gold codes and the flags the checker must / must not raise.
The schema is pydantic, like the rest of scribe's contracts, so a typo in a field
name or a closed vocabulary is a validation error. `load_dataset` reads and checks
every line before anything runs: a run never starts on an invalid dataset, and
each problem is reported with its line number (`scribe eval validate`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scribe.errors import InputError, ScribeError
from scribe.models import (
    EtiologyCategory,
    Finding,
    FindingType,
    Joint,
    Laterality,
    Region,
    Rom,
    Tissue,
    Transcript,
)

__all__ = [
    "Case",
    "Dataset",
    "DatasetIssue",
    "GoldFindingSpec",
    "GoldFlags",
    "GoldRom",
    "InvalidDataset",
    "load_dataset",
    "validate_dataset",
]


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldRom(_Gold):
    """One gold range-of-motion measurement: the end position (`degrees`) or the
    deficit from full (`lacking`), as the clinician stated it."""

    joint: str = Field(min_length=1)
    motion: str = Field(min_length=1)
    degrees: float | None = None
    lacking: float | None = None
    mode: str | None = Field(default=None, description="active / passive, if stated.")

    @model_validator(mode="after")
    def _one_measure(self) -> GoldRom:
        if self.degrees is None and self.lacking is None:
            raise ValueError("a gold ROM needs 'degrees' or 'lacking'")
        return self


class GoldFindingSpec(_Gold):
    """A gold finding. Defaults mean "not documented" (region and laterality
    `unspecified`, etiology null), exactly as the extractor would leave them."""

    finding: FindingType
    tissue: Tissue = "muscle"
    muscle: str | None = None
    region: Region = "unspecified"
    joint: Joint | None = None
    laterality: Laterality = "unspecified"
    rom: tuple[GoldRom, ...] = ()
    etiology: EtiologyCategory | None = None
    negated: bool = False

    @field_validator("etiology", mode="before")
    @classmethod
    def _etiology_category(cls, v: Any) -> Any:
        """Accept `{"category": ...}` as written by some tools, keep the category."""
        if isinstance(v, dict) and "category" in v:
            return v["category"]
        return v

    def to_finding(self) -> Finding:
        """The gold finding as a domain `Finding` (for the offline coder)."""
        from scribe.models import Etiology

        return Finding(
            finding=self.finding,
            muscle=self.muscle,
            region=self.region,
            joint=self.joint,
            laterality=self.laterality,
            tissue=self.tissue,
            rom=tuple(
                Rom(joint=r.joint, motion=r.motion, degrees=r.degrees, lacking=r.lacking)
                for r in self.rom
            ),
            etiology=Etiology(category=self.etiology) if self.etiology else None,
            negated=self.negated,
        )


class GoldFlags(_Gold):
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _disjoint(self) -> GoldFlags:
        both = sorted(set(self.must) & set(self.must_not))
        if both:
            raise ValueError(f"rule(s) in both must and must_not: {', '.join(both)}")
        return self


class Case(_Gold):
    """One evaluation case (one JSONL line)."""

    id: str = Field(min_length=1)
    split: str | None = None
    transcript: str | None = Field(default=None, description="Inline transcript text.")
    transcript_path: str | None = Field(
        default=None, description="Transcript file, relative to the JSONL file."
    )
    findings: tuple[GoldFindingSpec, ...] = ()
    codes: tuple[str, ...] = ()
    flags: GoldFlags = GoldFlags()
    finalizable: bool | None = Field(
        default=None,
        description="Expected verdict; when absent: finalizable unless a `must` flag is an error.",
    )
    tags: tuple[str, ...] = ()
    notes: str | None = None
    source: str | None = None
    source_record: str | None = Field(
        default=None, description="Which record of the source dataset the case copies."
    )

    @model_validator(mode="after")
    def _one_transcript(self) -> Case:
        if (self.transcript is None) == (self.transcript_path is None):
            raise ValueError("give exactly one of 'transcript' and 'transcript_path'")
        return self

    @field_validator("codes")
    @classmethod
    def _codes_shape(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        from scribe.icd10.kb import dotted, well_formed
        from scribe.icd10.refs import norm

        out = []
        for code in v:
            if not well_formed(code.strip()):
                raise ValueError(f"malformed ICD-10-CM code '{code}'")
            out.append(dotted(norm(code.strip())))
        return tuple(out)


@dataclass(frozen=True)
class DatasetIssue:
    line: int
    message: str
    case_id: str | None = None

    def __str__(self) -> str:
        who = f" (case {self.case_id})" if self.case_id else ""
        return f"line {self.line}{who}: {self.message}"


class InvalidDataset(InputError):
    """The dataset has invalid lines; `issues` lists them all (exit 2)."""

    def __init__(self, path: Path, issues: list[DatasetIssue]) -> None:
        first = issues[0]
        more = (
            f" (and {len(issues) - 1} more; run `scribe eval validate`)" if len(issues) > 1 else ""
        )
        super().__init__(f"{path}: invalid dataset: {first}{more}")
        self.path = path
        self.issues = issues


@dataclass(frozen=True)
class LoadedCase:
    """A validated case with its parsed transcript and line number."""

    case: Case
    line: int
    transcript: Transcript

    @property
    def id(self) -> str:
        return self.case.id

    @cached_property
    def transcript_sha256(self) -> str:
        from scribe.pipeline import transcript_sha256

        return transcript_sha256(self.transcript)

    @cached_property
    def transcript_format(self) -> str:
        return self.transcript.format


@dataclass(frozen=True)
class Dataset:
    path: Path
    sha256: str
    cases: tuple[LoadedCase, ...]

    def __iter__(self) -> Iterator[LoadedCase]:
        return iter(self.cases)

    def __len__(self) -> int:
        return len(self.cases)

    def by_id(self) -> dict[str, LoadedCase]:
        return {c.id: c for c in self.cases}


def _pydantic_message(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    more = f" (+{len(e.errors()) - 3} more)" if len(e.errors()) > 3 else ""
    return "; ".join(parts) + more


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"dataset not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"dataset path is a directory: {path}") from None
    except OSError as e:
        raise InputError(f"cannot read dataset {path}: {e.strerror}") from None


def _scan(path: Path) -> tuple[str, list[LoadedCase], list[DatasetIssue]]:
    from scribe.transcripts import load_transcript, parse_transcript

    data = _read(path)
    sha = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return sha, [], [DatasetIssue(1, f"not valid UTF-8 (byte offset {e.start})")]
    cases: list[LoadedCase] = []
    issues: list[DatasetIssue] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            issues.append(DatasetIssue(n, f"invalid JSON: {e.msg} (column {e.colno})"))
            continue
        if not isinstance(raw, dict):
            issues.append(DatasetIssue(n, "each line must be a JSON object"))
            continue
        cid = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            case = Case.model_validate(raw)
        except ValidationError as e:
            issues.append(DatasetIssue(n, _pydantic_message(e), cid))
            continue
        if case.id in seen:
            issues.append(DatasetIssue(n, f"duplicate id (first on line {seen[case.id]})", cid))
            continue
        seen[case.id] = n
        try:
            if case.transcript_path is not None:
                transcript = load_transcript(path.parent / case.transcript_path)
            else:
                assert case.transcript is not None
                transcript = parse_transcript(case.transcript)
        except ScribeError as e:
            issues.append(DatasetIssue(n, e.message, cid))
            continue
        cases.append(LoadedCase(case=case, line=n, transcript=transcript))
    if not cases and not issues:
        issues.append(DatasetIssue(1, "dataset has no cases"))
    return sha, cases, issues


def validate_dataset(path: str | Path) -> list[DatasetIssue]:
    """Every problem of a dataset, with line numbers; empty when it is valid."""
    return _scan(Path(path))[2]


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate a dataset; raises `InvalidDataset` (exit 2) on any bad line."""
    p = Path(path)
    sha, cases, issues = _scan(p)
    if issues:
        raise InvalidDataset(p, issues)
    return Dataset(path=p, sha256=sha, cases=tuple(cases))
