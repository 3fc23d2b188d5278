"""The seam both drafters satisfy: the offline extractor and the LLM chain."""

from __future__ import annotations

from typing import Protocol

from scribe.models import Extraction, Transcript


class Extractor(Protocol):
    def extract(self, transcript: Transcript) -> Extraction:
        """Read the structured findings (with evidence) from one transcript."""
        ...
