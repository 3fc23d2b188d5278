"""Speaker label -> role. Clinician statements outrank the patient's in extraction,
so the mapping is conservative: only labels that name a clinician are clinicians."""

from __future__ import annotations

import re

from scribe.models import Role

_CLINICIAN = re.compile(
    r"^(dr\b|dr\.|doctor|clinician|physician|provider|attending|resident|surgeon|"
    r"nurse|rn\b|np\b|pa\b|therapist|physio|md\b|do\b|practitioner)",
    re.IGNORECASE,
)
_PATIENT = re.compile(r"^(patient|pt\b|pt\.|client)$", re.IGNORECASE)


def role_for(speaker: str) -> Role:
    """Map a speaker label ("Dr. Smith", "[doctor]", "Pt", "Mother") to a role."""
    label = speaker.strip().strip("[]").replace("_", " ").strip()
    if _PATIENT.match(label):
        return "patient"
    if _CLINICIAN.match(label):
        return "clinician"
    return "other"
