"""Lexicons as data files (`extract/data/`), compiled once into regexes."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


def _data(name: str) -> str:
    return (resources.files("scribe.extract") / "data" / name).read_text(encoding="utf-8")


def _alternation(terms: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in ordered) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    muscles: dict[str, tuple[str, str]]  # term -> (muscle, region)
    muscle_re: re.Pattern[str]
    regions: dict[str, tuple[str, str]]  # term -> (region, joint)
    region_re: re.Pattern[str]
    etiology: dict[str, str]  # term -> category
    etiology_re: re.Pattern[str]
    priority: tuple[str, ...]
    treatment_re: re.Pattern[str]


@cache
def lexicon() -> Lexicon:
    muscles = {
        r["term"].lower(): (r["muscle"], r["region"])
        for r in csv.DictReader(io.StringIO(_data("muscles.csv")))
    }
    regions = {
        r["term"].lower(): (r["region"], r["joint"])
        for r in csv.DictReader(io.StringIO(_data("regions.csv")))
    }
    raw: dict[str, Any] = yaml.safe_load(_data("etiology.yaml"))
    etiology = {t.lower(): cat for cat, terms in raw["categories"].items() for t in terms}
    return Lexicon(
        muscles=muscles,
        muscle_re=_alternation(list(muscles)),
        regions=regions,
        region_re=_alternation(list(regions)),
        etiology=etiology,
        etiology_re=_alternation(list(etiology)),
        priority=tuple(raw["priority"]),
        treatment_re=_alternation(raw["treatments"]),
    )
