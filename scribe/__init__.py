"""scribe: ambient AI scribe prompt-and-check service.

Drafts musculoskeletal encounter notes from transcripts (offline extractor or an
LLM chain), checks them against the FY2026 ICD-10-CM tabular list, and finalizes
them only when no error flag remains unless overridden with a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scribe.errors import BlockedError, InputError, LLMError, ScribeError
from scribe.models import CheckResult, Draft, FinalNote, Finding, Flag, Transcript

if TYPE_CHECKING:
    from scribe.sdk import Scribe

__all__ = [
    "BlockedError",
    "CheckResult",
    "Draft",
    "FinalNote",
    "Finding",
    "Flag",
    "InputError",
    "LLMError",
    "Scribe",
    "ScribeError",
    "Transcript",
]


def __getattr__(name: str) -> Any:
    """`Scribe` is imported lazily so that `import scribe` stays cheap."""
    if name == "Scribe":
        from scribe.sdk import Scribe

        return Scribe
    raise AttributeError(f"module 'scribe' has no attribute {name!r}")
