"""scribe: ambient AI scribe prompt-and-check service.

Drafts musculoskeletal encounter notes from transcripts (offline extractor or an
LLM chain), checks them against the FY2026 ICD-10-CM tabular list, and finalizes
them only when no error flag remains unless overridden with a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scribe.errors import BlockedError, InputError, LLMError, ScribeError

if TYPE_CHECKING:
    from scribe.models import CheckResult, Draft, FinalNote, Finding, Flag, Transcript
    from scribe.sdk import Scribe

#: Exported lazily (PEP 562): `import scribe.icd10.kb` must not pay for pydantic and
#: the models (~85 ms), so the knowledge base loads within its 100 ms budget.
_LAZY = {
    "CheckResult": "scribe.models",
    "Draft": "scribe.models",
    "FinalNote": "scribe.models",
    "Finding": "scribe.models",
    "Flag": "scribe.models",
    "Transcript": "scribe.models",
    "Scribe": "scribe.sdk",
}

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
    """Models and the SDK are imported on first use so that `import scribe` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'scribe' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
