"""Speaker label -> role. Clinician statements outrank the patient's in extraction,
so the mapping is conservative: only labels that name a clinician are clinicians."""

from __future__ import annotations

import re

from scribe.models import Role, Turn

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
#: A therapist's title before a name, in capitals: "PT Alvarez", "OT Kim" ("Pt" alone
#: is the patient's shorthand).
_TITLED_THERAPIST = re.compile(r"^(?:PT|DPT|PTA|OT|OTR|COTA)\.?\s+[A-Z]")


def role_for(speaker: str) -> Role:
    """Map a speaker label ("Dr. Smith", "[doctor]", "Pt", "Mother") to a role."""
    label = speaker.strip().strip("[]").replace("_", " ").strip()
    if _PATIENT.match(label):
        return "patient"
    if _CLINICIAN.match(label) or _CLINICIAN_LAST.search(label) or _TITLED_THERAPIST.match(label):
        return "clinician"
    return "other"


#: "PT" in capitals is both the patient ("Pt") and the physical therapist.
_PT = re.compile(r"^P\.?T\.?$")


def settle_roles(turns: list[Turn]) -> list[Turn]:
    """Read "PT" as the physical therapist when another speaker is the patient.

    A visit with "Patient:" and "PT:" speakers has one patient already, and "PT" in
    capitals is the usual shorthand for a physical therapist; alone, "PT" stays the
    patient. Mixed-case "Pt" is always the patient's shorthand.
    """
    labels = {t.speaker.strip().strip("[]") for t in turns}
    if not any(_PT.match(x) for x in labels):
        return turns
    if not any(role_for(x) == "patient" and not _PT.match(x) for x in labels):
        return turns
    return [
        t.model_copy(update={"role": "clinician"})
        if _PT.match(t.speaker.strip().strip("[]"))
        else t
        for t in turns
    ]
