"""Checker rules, one class per rule id, grouped by family.

`FAMILIES` is the run order: validity first, then specificity, concept
agreement, Excludes1, documentation completeness, grounding, info. Adding a rule
= a class in its family module (or a new module listed here) + a case file.
"""

from importlib import import_module

FAMILIES = (
    "validity",
    "specificity",
    "concept",
    "excludes",
    "documentation",
    "grounding",
    "drg",
)

for _family in FAMILIES:
    import_module(f"{__name__}.{_family}")
