"""The in-process Python SDK: `Scribe().draft(text)`, `.check(...)`, `.finalize(...)`.

A thin, typed façade over `scribe.pipeline` (the one place the steps are composed),
so the SDK, the CLI and the HTTP service cannot drift apart. Results are the frozen
pydantic models of `scribe.models`; errors are the `scribe.errors` hierarchy
(`InputError`, `BlockedError`, `LLMError`). The async twins run the synchronous
pipeline in a worker thread (`asyncio.to_thread`): drafting is CPU-bound offline and
blocking-I/O-bound with the LLM chain, and neither must stall an event loop.

Configuration: arguments first, then the environment (`SCRIBE_BACKEND`; the LLM
chain reads its own `OPENAI_*` / `SCRIBE_LLM_*` variables).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Mapping

from scribe import pipeline
from scribe.errors import ConfigError, InputError
from scribe.extract.protocol import Extractor
from scribe.icd10.kb import load as load_kb
from scribe.models import CheckResult, CodeRef, Draft, FinalNote, Override, Transcript
from scribe.pipeline import BackendChoice
from scribe.transcripts import parse_transcript

__all__ = ["OverridesArg", "Scribe", "revise"]

#: `{rule: reason}` or `Override` values; a reason is always required.
OverridesArg = Mapping[str, str] | Iterable[Override]
_BACKENDS: dict[str, BackendChoice] = {"auto": "auto", "rules": "rules", "openai": "openai"}


def _backend_from_env() -> BackendChoice:
    raw = os.environ.get("SCRIBE_BACKEND", "auto").strip() or "auto"
    if raw in _BACKENDS:
        return _BACKENDS[raw]
    raise ConfigError(f"SCRIBE_BACKEND must be one of auto, rules, openai (got {raw!r})")


def _as_transcript(transcript: str | Transcript) -> Transcript:
    if isinstance(transcript, Transcript):
        return transcript
    if not isinstance(transcript, str):
        raise InputError("transcript must be text or a scribe.Transcript")
    return parse_transcript(transcript)


def _as_overrides(overrides: OverridesArg | None) -> list[Override]:
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        out: list[Override] = []
        for rule, reason in overrides.items():
            if not str(rule).strip() or not str(reason).strip():
                raise InputError(f"override of '{rule}' needs a rule and a non-empty reason")
            out.append(Override(rule=str(rule).strip(), reason=str(reason).strip()))
        return out
    return list(overrides)


def revise(draft: Draft, codes: Iterable[str]) -> Draft:
    """A new version of `draft` with the clinician's `codes` (source "user"):
    re-checked and re-rendered; the id is kept, the findings and transcript too."""
    use = [c.strip() for c in codes if c.strip()]
    if not use:
        raise InputError("revise needs at least one code")
    kb = load_kb()
    result = pipeline.check_draft(draft, use)
    described = {c.code: c.description for c in result.codes}
    refs = tuple(
        CodeRef(code=c, description=described.get(c) or kb.description(c) or "", source="user")
        for c in dict.fromkeys(use)
    )
    note = pipeline.render_note(draft.findings, refs, result.flags, draft.transcript)
    return draft.model_copy(
        update={
            "codes": refs,
            "flags": result.flags,
            "finalizable": result.finalizable,
            "note": note,
        }
    )


class Scribe:
    """Draft, check and finalize notes in-process.

    >>> s = Scribe(backend="rules")            # offline: no key, no network
    >>> d = s.draft("Doctor: ...\\nPatient: ...")
    >>> s.finalize(d, overrides={"unspecified-site": "site not examined"}, by="dr.kim")
    """

    def __init__(
        self,
        backend: BackendChoice | None = None,
        *,
        extractor: Extractor | None = None,
        by: str | None = None,
    ) -> None:
        if backend is not None and backend not in _BACKENDS:
            raise ConfigError(f"backend must be one of auto, rules, openai (got {backend!r})")
        self.backend: BackendChoice = backend if backend is not None else _backend_from_env()
        self.by = by
        self._extractor = extractor

    def __repr__(self) -> str:
        return f"Scribe(backend={self.backend!r})"

    # -- sync -------------------------------------------------------------------
    def draft(self, transcript: str | Transcript) -> Draft:
        """Draft a checked note from transcript text (any supported format)."""
        return pipeline.draft(
            _as_transcript(transcript), backend=self.backend, extractor=self._extractor
        )

    def check(
        self,
        *,
        transcript: str | Transcript | None = None,
        codes: Iterable[str] | None = None,
        draft: Draft | None = None,
    ) -> CheckResult:
        """Check `codes` against a transcript (codes from the documentation when None),
        or re-check a draft (optionally with other `codes`)."""
        if (transcript is None) == (draft is None):
            raise InputError("check needs exactly one of transcript= or draft=")
        use = None if codes is None else [c.strip() for c in codes if c.strip()]
        if draft is not None:
            return pipeline.check_draft(draft, use)
        assert transcript is not None
        return pipeline.check_transcript(_as_transcript(transcript), use)

    def finalize(
        self,
        draft: Draft,
        overrides: OverridesArg | None = None,
        by: str | None = None,
    ) -> FinalNote:
        """Finalize a draft; raises `BlockedError` (with `.rules`) while an error flag
        is not overridden with a reason."""
        return pipeline.finalize(draft, _as_overrides(overrides), by=by or self.by)

    def revise(self, draft: Draft, codes: Iterable[str]) -> Draft:
        """Replace the draft's codes (a new version): re-checked, note re-rendered."""
        return revise(draft, codes)

    # -- async twins ------------------------------------------------------------
    async def adraft(self, transcript: str | Transcript) -> Draft:
        return await asyncio.to_thread(self.draft, transcript)

    async def acheck(
        self,
        *,
        transcript: str | Transcript | None = None,
        codes: Iterable[str] | None = None,
        draft: Draft | None = None,
    ) -> CheckResult:
        codes_list = None if codes is None else list(codes)
        return await asyncio.to_thread(
            lambda: self.check(transcript=transcript, codes=codes_list, draft=draft)
        )

    async def afinalize(
        self,
        draft: Draft,
        overrides: OverridesArg | None = None,
        by: str | None = None,
    ) -> FinalNote:
        ov = _as_overrides(overrides)
        return await asyncio.to_thread(self.finalize, draft, ov, by)
