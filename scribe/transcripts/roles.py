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
#: A clinician named by a role word last: "physical therapist", "Tomás, hand therapist",
#: "Dr. Nguyen (resident)", "orthopedic surgeon".
_CLINICIAN_LAST = re.compile(
    r"\b(?:therapist|physician|surgeon|doctor|attending|resident|clinician|practitioner|"
    r"nurse|physiatrist|orthopedist|neurologist|md|np|pa)\W*$",
    re.IGNORECASE,
)
_PATIENT = re.compile(r"^(patient|pt\b|pt\.|client)$", re.IGNORECASE)


def role_for(speaker: str) -> Role:
    """Map a speaker label ("Dr. Smith", "[doctor]", "Pt", "Mother") to a role."""
    label = speaker.strip().strip("[]").replace("_", " ").strip()
    if _PATIENT.match(label):
        return "patient"
    if _CLINICIAN.match(label) or _CLINICIAN_LAST.search(label):
        return "clinician"
    return "other"
