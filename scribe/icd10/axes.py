"""Derive the chapter-13 site and laterality axes from the tabular titles.

Guideline I.C.13.a codes a musculoskeletal condition by the site involved; the
tabular encodes site and side in each leaf's title ("Contracture of muscle, right
thigh"). Character positions are *not* reliable (M86.8X and M89.8X use 0 for
multiple sites and 9 for unspecified), so this module reads the titles: every
billable leaf under a 4-character subcategory of chapter 13 is parsed into
`(site, side)`; a subcategory whose leaves all parse, with no two leaves on the
same pair, is an axis. "M62.40 + documented right thigh" then resolves to M62.451
by lookup in the M62.4 axis, with no table of codes written by hand.
"""

from __future__ import annotations

import re

SITE_AXIS = (
    "shoulder",
    "upper arm",
    "forearm",
    "hand",
    "thigh",
    "lower leg",
    "ankle and foot",
    "other site",
    "multiple sites",
    "unspecified",
)
JOINT_SITES = ("shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "foot")
_SITE_WORDS = (
    "ankle and foot|ankle and toes|upper arm|lower leg|forearm|shoulder|thigh|hand|"
    "elbow|wrist|hip|knee|ankle|foot|finger\\(s\\)|fingers?|toe\\(s\\)|toes?|"
    "humerus|radius|ulna|femur|tibia|fibula|radius and ulna|tibia and fibula|"
    "pelvic region and thigh|pelvis|clavicle|scapula|upper limb|lower limb|arm|leg"
)
_SIDED = re.compile(rf"\b(?P<side>right|left|bilateral|unspecified)\s+(?P<site>{_SITE_WORDS})\b")
_BARE_SITE = re.compile(rf"(?:{_SITE_WORDS})")
_SPECIAL = re.compile(
    r"\b(?P<site>multiple sites|other specified site|other sites|other site|unspecified sites|"
    r"unspecified site|other specified joint|unspecified joint|multiple joints|vertebrae|"
    r"site unspecified)\b"
)
_NORMAL_SITE = {
    "unspecified site": "unspecified",
    "unspecified sites": "unspecified",
    "other specified site": "other site",
    "other sites": "other site",
    "site unspecified": "unspecified",
    "unspecified joint": "unspecified",
    "other specified joint": "other",
    "finger(s)": "fingers",
    "finger": "fingers",
    "toe(s)": "toes",
    "toe": "toes",
}

Axis = dict[str, str]  # "site|side" -> code


def parse_site(title: str) -> tuple[str, str] | None:
    """("Contracture of muscle, right thigh") -> ("thigh", "right")."""
    t = title.lower()
    sided = list(_SIDED.finditer(t))
    if sided:
        m = sided[-1]
        site = _NORMAL_SITE.get(m["site"], m["site"])
        return site, m["side"]
    special = list(_SPECIAL.finditer(t))
    if special:
        site = special[-1]["site"]
        return _NORMAL_SITE.get(site, site), "none"
    last = t.rsplit(",", 1)[-1].strip()
    if _BARE_SITE.fullmatch(last):
        return _NORMAL_SITE.get(last, last), "none"  # M89.8X: "..., shoulder"
    return None


def _chapter13(code: str) -> bool:
    return code.startswith("M")


def derive_axes(
    desc: dict[str, str], parent: dict[str, str], billable: frozenset[str]
) -> tuple[dict[str, Axis], dict[str, object]]:
    """Return {subcategory: {"site|side": leaf}} and coverage statistics."""
    leaves_by_sub: dict[str, list[str]] = {}
    for code in billable:
        if _chapter13(code) and len(code) >= 5:
            sub = code[:4]
            if sub in desc:
                leaves_by_sub.setdefault(sub, []).append(code)
    axes: dict[str, Axis] = {}
    kinds = {"site": 0, "joint": 0, "other": 0}
    for sub, leaves in sorted(leaves_by_sub.items()):
        axis: Axis = {}
        ok = True
        for leaf in sorted(leaves):
            parsed = parse_site(desc[leaf])
            if parsed is None:
                ok = False
                break
            key = f"{parsed[0]}|{parsed[1]}"
            if key in axis:
                ok = False
                break
            axis[key] = leaf
        sites = {k.split("|")[0] for k in axis}
        if not ok or len(sites) < 3:
            continue
        axes[sub] = axis
        if {"thigh", "lower leg", "forearm"} <= sites:
            kinds["site"] += 1
        elif {"knee", "hip", "elbow"} <= sites:
            kinds["joint"] += 1
        else:
            kinds["other"] += 1
    ten_way = sum(1 for a in axes.values() if {k.split("|")[0] for k in a} == set(SITE_AXIS))
    stats: dict[str, object] = {
        "axes": len(axes),
        "region_axes": kinds["site"],
        "ten_way_region_axes": ten_way,
        "joint_axes": kinds["joint"],
        "other_axes": kinds["other"],
    }
    return axes, stats


def axis_key(site: str, side: str) -> str:
    return f"{site}|{side}"
