"""Shared fixtures. Tests are hermetic: pytest-socket allows loopback only."""

from __future__ import annotations

from pathlib import Path

import pytest

from scribe.icd10.kb import KnowledgeBase, load

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load()
