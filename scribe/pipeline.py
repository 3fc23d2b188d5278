"""The drafting pipeline: transcript -> extract -> code -> check -> note.

This is the one place that composes the steps, used by the CLI, the SDK, the
HTTP service and the evaluation harness alike, so they cannot drift apart.
Codes proposed by an LLM are checked like any others: the offline coder's codes
are used when the extractor proposes none.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from importlib.metadata import version
from typing import Any, Literal

import jinja2
import yaml

from scribe.checker.engine import CHECKER_VERSION
from scribe.checker.engine import check as run_checker
from scribe.coding import code_findings
from scribe.errors import BlockedError, ConfigError, InputError
from scribe.extract.protocol import Extractor
from scribe.icd10.kb import KnowledgeBase
from scribe.icd10.kb import load as load_kb
from scribe.models import (
    CheckResult,
    CodeRef,
    Draft,
    Extraction,
    FinalNote,
    Finding,
    Flag,
    NoteSections,
    Override,
    Provenance,
    Transcript,
)

log = logging.getLogger("scribe")
_SENTENCE = re.compile(r"[^.?!]+[.?!]?")
#: Patient sentences that describe a musculoskeletal complaint go to Subjective.
_COMPLAINT = re.compile(
    r"\b(stiff|tight|pull|pulls|pain|hurts?|cramps?|spasms?|weak|can't|cannot|bend|"
    r"straighten|reach|walk|stairs)\b",
    re.IGNORECASE,
)
BackendChoice = Literal["auto", "rules", "openai"]


def scribe_version() -> str:
    try:
        return version("scribe")
    except Exception:  # running from a source tree without metadata
        return "0+unknown"


def transcript_sha256(t: Transcript) -> str:
    h = hashlib.sha256()
    for turn in t.turns:
        h.update(f"{turn.speaker}\x1f{turn.text}\x1e".encode())
    return h.hexdigest()


def select_extractor(backend: BackendChoice = "auto") -> Extractor:
    """`auto` = the LLM chain when an endpoint is configured, else the offline rules."""
    from scribe.extract.rules import RulesExtractor

    if backend == "rules":
        return RulesExtractor()
    try:
        from scribe.chain.extractor import OpenAIExtractor
        from scribe.chain.settings import llm_configured
    except ImportError as e:  # pragma: no cover - the chain ships with the package
        if backend == "openai":
            raise ConfigError(f"the LLM chain is not available: {e}") from None
        return RulesExtractor()
    if backend == "openai":
        if not llm_configured():
            raise ConfigError(
                "backend 'openai' needs OPENAI_API_KEY or an OpenAI-compatible base URL "
                "(OPENAI_BASE_URL / SCRIBE_LLM_BASE_URL)"
            )
        return OpenAIExtractor()
    return OpenAIExtractor() if llm_configured() else RulesExtractor()


# -- note rendering -------------------------------------------------------------
@cache
def _templates() -> dict[str, jinja2.Template]:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True)
    raw = yaml.safe_load(
        (resources.files("scribe") / "templates" / "soap.yaml").read_text(encoding="utf-8")
    )
    return {name: env.from_string(src) for name, src in raw.items()}


def _rom_text(f: Finding) -> str:
    parts = []
    for r in f.rom:
        if r.degrees is not None:
            parts.append(f"{r.joint} {r.motion} {r.degrees:g} degrees")
        elif r.lacking is not None:
            parts.append(f"{r.joint} {r.motion} lacking {r.lacking:g} degrees")
    return ", ".join(parts)


def _summary(f: Finding) -> str:
    side = f.laterality if f.laterality != "unspecified" else ""
    where = f.muscle or (f.joint and f"{f.joint} joint") or ""
    region = f.region if f.region not in ("unspecified",) else ""
    head = f"{f.finding.capitalize()} of {f.tissue}"
    loc = " ".join(x for x in (side, where) if x)
    if region and region not in loc:
        loc = f"{loc} ({region})" if loc else region
    return f"{head}, {loc}" if loc else head


def render_note(
    findings: Iterable[Finding],
    codes: Iterable[CodeRef],
    flags: Iterable[Flag],
    transcript: Transcript,
) -> NoteSections:
    """SOAP sections from the structured fields through `templates/soap.yaml`."""
    asserted = [f for f in findings if not f.negated]
    rows: list[dict[str, Any]] = []
    for f in asserted:
        cause = ""
        if f.etiology is not None:
            cause = f", {f.etiology.category}"
            if f.etiology.condition and f.etiology.condition != f.etiology.category:
                cause += f" ({f.etiology.condition})"
        rows.append(
            {
                "summary": _summary(f),
                "rom_text": _rom_text(f),
                "assessment": f"{_summary(f)}{cause}.",
                "prior_treatment": f.prior_treatment or "",
            }
        )
    quotes = [
        sentence
        for turn in transcript.turns
        if turn.role == "patient"
        for sentence in _SENTENCE.findall(turn.text)
        if _COMPLAINT.search(sentence)
    ]
    queries = [fl.query.question for fl in flags if fl.query is not None]
    ctx = {
        "findings": rows,
        "codes": [c.model_dump() for c in codes],
        "queries": list(dict.fromkeys(queries)),
        "treatments": list(dict.fromkeys(f.prior_treatment for f in asserted if f.prior_treatment)),
        "subjective_quotes": [q.strip() for q in dict.fromkeys(quotes)][:4],
    }
    t = _templates()
    return NoteSections(
        **{k: t[k].render(**ctx).strip() for k in ("subjective", "objective", "assessment", "plan")}
    )


# -- the pipeline ---------------------------------------------------------------
def witness(transcript: Transcript) -> tuple[Finding, ...]:
    """The offline extractor's reading of a transcript: the checker's witness."""
    from scribe.extract.rules import RulesExtractor

    return RulesExtractor().extract(transcript).findings


def check_transcript(
    transcript: Transcript, codes: Iterable[str] | None = None, *, drg: bool = False
) -> CheckResult:
    """`scribe check --transcript`: facts from the offline extractor; codes given,
    or derived from the documentation when `codes` is None."""
    kb = load_kb()
    findings = witness(transcript)
    use = list(codes) if codes is not None else code_findings(kb, findings)
    return run_checker(findings, use, transcript=transcript, kb=kb, drg=drg)


def _witness_for(backend: str, transcript: Transcript) -> tuple[Finding, ...] | None:
    """The offline reading to check an LLM's findings against; the offline extractor
    is not its own witness."""
    return None if backend == "rules" else witness(transcript)


def check_draft(
    draft: Draft, codes: Iterable[str] | None = None, *, drg: bool = False
) -> CheckResult:
    use = list(codes) if codes is not None else [c.code for c in draft.codes]
    return run_checker(
        draft.findings,
        use,
        transcript=draft.transcript,
        drg=drg,
        witness=_witness_for(draft.provenance.backend, draft.transcript),
    )


def build_draft(
    transcript: Transcript, extraction: Extraction, kb: KnowledgeBase | None = None
) -> Draft:
    """Code, check and render one extraction into a Draft.

    An LLM extraction is checked with the offline extractor's reading of the same
    transcript as witness (rule `witness-disagreement`): two independent readings
    must agree on region, laterality and tissue before a field is trusted."""
    kb = kb or load_kb()
    proposed = [c for c in extraction.proposed_codes if c.strip()]
    derived = code_findings(kb, extraction.findings)
    codes = proposed or derived
    source: Literal["coder", "llm"] = "llm" if proposed else "coder"
    result = run_checker(
        extraction.findings,
        codes,
        transcript=transcript,
        kb=kb,
        witness=_witness_for(extraction.backend, transcript),
    )
    refs = tuple(
        CodeRef(code=c.code, description=c.description, source=source) for c in result.codes
    )
    note = extraction.note or render_note(extraction.findings, refs, result.flags, transcript)
    provenance = Provenance(
        backend=extraction.backend,
        model=extraction.model,
        prompt_id=extraction.prompt_id,
        prompt_hash=extraction.prompt_hash,
        extractor_version=_extractor_version(extraction),
        checker_version=CHECKER_VERSION,
        tabular_version=kb.tabular_version,
        scribe_version=scribe_version(),
        usage=extraction.usage,
    )
    return Draft(
        id=uuid.uuid4().hex,
        note=note,
        findings=extraction.findings,
        codes=refs,
        flags=result.flags,
        finalizable=result.finalizable,
        provenance=provenance,
        transcript=transcript,
    )


def _extractor_version(extraction: Extraction) -> str:
    if extraction.backend == "rules":
        from scribe.extract.rules import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION
    return f"chain:{extraction.prompt_id or 'unknown'}"


def draft(
    transcript: Transcript, backend: BackendChoice = "auto", extractor: Extractor | None = None
) -> Draft:
    """Draft one note. LLM failures raise `LLMError`; nothing half-drafted is returned."""
    started = time.perf_counter()
    chosen = extractor or select_extractor(backend)
    try:
        extraction = chosen.extract(transcript)
    finally:
        if extractor is None:
            close = getattr(chosen, "close", None)
            if callable(close):
                close()
    result = build_draft(transcript, extraction)
    log.info(
        "drafted id=%s backend=%s turns=%d chars=%d findings=%d flags=%d ms=%.1f",
        result.id,
        extraction.backend,
        len(transcript.turns),
        transcript.char_count,
        len(result.findings),
        len(result.flags),
        (time.perf_counter() - started) * 1000,
    )
    return result


def parse_overrides(items: Iterable[str]) -> list[Override]:
    """`RULE=REASON` strings (CLI) -> overrides; a reason is required."""
    out: list[Override] = []
    for item in items:
        rule, sep, reason = item.partition("=")
        if not sep or not rule.strip() or not reason.strip():
            raise InputError(f"override '{item}' must be RULE=REASON with a non-empty reason")
        out.append(Override(rule=rule.strip(), reason=reason.strip()))
    return out


def finalize(draft: Draft, overrides: Iterable[Override] = (), by: str | None = None) -> FinalNote:
    """Re-check the draft (never trust a stored verdict) and finalize it only when
    every error flag is overridden with a reason."""
    result = check_draft(draft)
    given = {o.rule: o for o in overrides}
    blocking = sorted(
        {f.rule for f in result.flags if f.severity == "error" and f.rule not in given}
    )
    if blocking:
        raise BlockedError(
            f"cannot finalize: {len(blocking)} error flag(s) not overridden: {', '.join(blocking)}",
            rules=tuple(blocking),
        )
    used = [
        Override(rule=o.rule, reason=o.reason, by=o.by or by)
        for o in given.values()
        if any(f.rule == o.rule for f in result.flags)
    ]
    checked = draft.model_copy(update={"flags": result.flags, "finalizable": True})
    return FinalNote(
        draft=checked,
        overrides=tuple(used),
        finalized_at=datetime.now(UTC).isoformat(),
        by=by,
    )


def codes_from_text(text: str) -> list[str]:
    """`M62.40, M24.5` -> ["M62.40", "M24.5"] (shape validated by the checker)."""
    return [c.strip() for c in text.split(",") if c.strip()]


def draft_to_json(d: Draft | CheckResult | FinalNote | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(d, Mapping):
        return dict(d)
    out: dict[str, Any] = d.model_dump(mode="json", by_alias=True)
    return out
