"""Compliant, non-leading clinician queries for documentation gaps.

Style of the AHIMA/ACDIS "Guidelines for Achieving a Compliant Query Practice"
(2022 update): an open or multiple-choice question, the clinical indicators
quoted from the record, options that always include "other" and "clinically
undetermined", no leading wording and no mention of reimbursement or codes'
financial impact. Options are drawn from the tabular's own axis.
"""

from __future__ import annotations

from collections.abc import Iterable

from scribe.icd10.kb import dotted
from scribe.models import ClinicianQuery, Evidence, QueryOption

OTHER = QueryOption(label="Other (please specify)")
UNDETERMINED = QueryOption(label="Clinically undetermined")


def query(
    question: str, indicators: Iterable[Evidence], options: Iterable[tuple[str, Iterable[str]]]
) -> ClinicianQuery:
    opts = tuple(
        QueryOption(label=label, codes=tuple(dotted(c) for c in codes)) for label, codes in options
    )
    quotes = tuple(dict.fromkeys(f'"{e.quote}"' for e in indicators))
    return ClinicianQuery(
        question=question, indicators=quotes, options=(*opts, OTHER, UNDETERMINED)
    )
