"""Range-of-motion measurements spoken aloud: "knee flexion only to 85 degrees",
"lacks 20 degrees of extension", "minus 10", "0 to 45", "popliteal angle 50".
Words without numbers ("maybe halfway") are not measurements."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scribe.extract.text import Sentence
from scribe.models import Laterality, Rom

_UNITS = {
    "zero": 0,
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_EXTRA = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty-five": 25,
    "forty-five": 45,
    "thirty-five": 35,
    "sixty-five": 65,
}
#: A measure said as a digit or a round number word ("thirty", "ninety"), for callers
#: that must tell a value from other words without rewriting the text.
MEASURE_START = r"(?:\d|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
_WORDNUM = re.compile(
    r"\b("
    + "|".join(sorted({**_UNITS, **_EXTRA}, key=len, reverse=True))
    + r")(?:[\s-](five|one|two|three|four|six|seven|eight|nine))?\b",
    re.IGNORECASE,
)
JOINTS = (
    r"knee|hip|ankle|elbow|wrist|shoulder|finger|fingers|mcp|pip|dip|thumb|neck|toe|toes|"
    r"mtp|knuckle|knuckles"
)
MOTIONS = (
    r"dorsiflexion|plantarflexion|plantar flexion|flexion|extension|abduction|adduction|"
    r"internal rotation|external rotation|rotation|supination|pronation|popliteal angle|"
    r"straight leg raise|elevation|bend|straighten|radial deviation|ulnar deviation|"
    r"lateral bending|side bending|inversion|eversion|opposition"
)
#: A number not glued to letters ("T10" is a vertebra, "C5" a root).
_NUM = r"(?P<neg>minus\s+|negative\s+|-)?(?<![A-Za-z])(?P<num>\d{1,3}(?:\.\d)?)"
_MEASURE = re.compile(
    rf"(?:(?P<lack>lack(?:s|ing)?|short|missing|deficit of)\s+(?:about\s+|only\s+)?)?"
    rf"(?:from\s+(?P<lo>-?\d{{1,3}})\s+(?:to|-)\s+)?{_NUM}\s*(?P<deg>degrees?|°)?",
    re.IGNORECASE,
)
_JOINT = re.compile(rf"\b({JOINTS})\b", re.IGNORECASE)
_MOTION = re.compile(rf"\b({MOTIONS})\b", re.IGNORECASE)
#: "0 to 45 degrees", "abduction 0 to 80": a range is one measurement, its end point.
_RANGE = re.compile(
    r"\b(-?\d{1,3})\s*(?:to|-|through)\s*(-?\d{1,3})\b\s*(degrees?|°)?", re.IGNORECASE
)
#: "moves from 30 to 125", "an arc of 30 to 110": a hinge joint's whole range.
_ARC = re.compile(
    r"\b(?:from|arc(?: of)?|between)\s+(\d{1,3})\s*(?:to|-|and)\s*(\d{2,3})\b(?!\s*(?:%|percent))",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\bpassive(ly)?\b", re.IGNORECASE)
_ACTIVE = re.compile(r"\bactive(ly)?\b", re.IGNORECASE)
_NORMAL = re.compile(
    r"\b(normal|full) (?:is|would be|being)\s+(?:about\s+)?(\d{1,3})", re.IGNORECASE
)


_TENS = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
#: "one thirty", "one twenty-five", "a hundred and ten": past 100, said the way
#: clinicians say them ("arc thirty to one thirty" is 30 to 130, not 1 and 30).
_HUNDREDS = re.compile(
    rf"\b(?:(?:one|a)\s+hundred(?:\s+and)?(?:\s+(?P<rest>{_TENS}(?:[\s-]{_UNIT})?|{_UNIT}))?"
    rf"|one[\s-](?P<tens>{_TENS}(?:[\s-]{_UNIT})?))\b",
    re.IGNORECASE,
)


def words_to_digits(text: str) -> str:
    """ "ninety" -> "90", "forty five" -> "45", "one thirty" -> "130"; same length is
    not kept (quotes come from the original text, offsets from the digit form are
    mapped back)."""

    def sub(m: re.Match[str]) -> str:
        a = {**_UNITS, **_EXTRA}[m.group(1).lower()]
        b = {**_UNITS, **_EXTRA}.get((m.group(2) or "").lower(), 0)
        return str(a + b)

    def hundreds(m: re.Match[str]) -> str:
        rest = m.group("rest") or m.group("tens")
        return str(100 + (int(_WORDNUM.sub(sub, rest).replace(" ", "")) if rest else 0))

    return _WORDNUM.sub(sub, _HUNDREDS.sub(hundreds, text))


@dataclass(frozen=True)
class Measurement:
    rom: Rom
    sentence: Sentence
    #: Where the number is, in the digit form of the sentence (`text`): the side said
    #: next to it ("0 to 60 on the left") tells a comparison from the finding.
    at: int = 0
    text: str = ""
    #: The side the clinician last named in the same turn, for a sentence without one.
    carried: Laterality | None = None


#: "with the knee straight", "knee bent": the joint's position during a test of
#: another joint, not the joint measured.
_POSITION = re.compile(
    r"\b(knee|hip|elbow|wrist|shoulder|fingers?)\s+(?:is\s+|held\s+)?"
    r"(?:straight|straightened|bent|flexed|extended)\b",
    re.IGNORECASE,
)
#: Motions that belong to one joint whatever joint word is near.
_MOTION_JOINT = {
    "dorsiflexion": "ankle",
    "plantarflexion": "ankle",
    "plantar flexion": "ankle",
    # inversion and eversion happen at the subtalar joint: the foot, not the ankle
    "inversion": "foot",
    "eversion": "foot",
    "supination": "elbow",
    "pronation": "elbow",
    "popliteal angle": "knee",
    "straight leg raise": "knee",
}
#: A bare value continuing the previous measurement: "with the knee bent it
#: improves, to about minus 5".
_BARE = re.compile(
    r"(?:\bto\s+(?:about\s+|maybe\s+)?|\b)(?P<neg>minus\s+|negative\s+)(?P<num>\d{1,3})\b"
    r"|\b(?:to\s+(?:about\s+)?)?(?P<num2>\d{1,3})\s*(?:degrees?|°)",
    re.IGNORECASE,
)


def measurements(s: Sentence, previous: Rom | None = None) -> list[Measurement]:
    """ROM measurements in one sentence; each needs a number plus "degrees" or a
    motion word in the sentence, and a joint or motion to name. A sentence with a
    value but neither continues `previous` (the measurement just before it in the
    same turn)."""
    if not re.search(r"\d|\b(" + "|".join(_UNITS) + r")\b", s.text, re.IGNORECASE):
        return []
    text = words_to_digits(s.text)
    motions = [mm for mm in _MOTION.finditer(text) if not _AT_POSITION.search(text[: mm.start()])]
    joints = _joints_measured(text)
    if not motions and not joints:
        return _continued(s, text, previous) if previous is not None else []
    out: list[Measurement] = []
    normals = [(n.start(2), n.end(2)) for n in _NORMAL.finditer(text)]
    ranges: list[tuple[int, int]] = []
    hinge = [j for j in joints if j.group(1).lower() in ("elbow", "knee")]
    if not motions and hinge:
        # "the left elbow moves from 30 to 125": an arc of a hinge joint is its
        # extension limit and its flexion.
        for a in _ARC.finditer(text):
            lo, hi = float(a.group(1)), float(a.group(2))
            ranges.append((a.start(), a.end()))
            if lo > 0:
                out.append(_make(s, text, None, lo, hinge[-1], None, a.start(1), "extension"))
            out.append(_make(s, text, hi, None, hinge[-1], None, a.start(2), "flexion"))
    for m in _RANGE.finditer(text):
        if not m.group(3) and (not motions or _NOT_ANGLE.match(text[m.end(2) :])):
            continue
        ranges.append((m.start(), m.end()))
        out.append(
            _make(
                s, text, float(m.group(2)), None, *_nearest(joints, motions, m.start()), m.start(2)
            )
        )
    for m in _MEASURE.finditer(text):
        if any(a <= m.start("num") < b for a, b in ranges):
            continue
        has_unit = bool(m.group("deg"))
        if not has_unit and not (motions or "angle" in text.lower()):
            continue
        if (
            _NOT_ANGLE.match(text[m.end("num") :])
            or (
                _POSITION_VALUE.match(text[m.end("num") :])
                and re.search(r"\b(?:at|in)\s+$", text[: m.start("num")])
            )
            or _SCORE_BEFORE.search(text[: m.start("num")])
        ):
            continue
        value = float(m.group("num"))
        if not has_unit and not m.group("neg") and value < 5:
            continue  # "assessment one", "two visits": a count, not an angle
        if m.group("neg"):
            value = -value
        if any(a <= m.start("num") < b for a, b in normals):
            continue  # "normal is 90": the reference, not the patient's range
        joint_m, motion_m = _nearest(joints, motions, m.start())
        named = _OF_MOTION.match(text[m.end() :])
        if named:  # "lacks 15 degrees of extension": the motion is said after the number
            motion_m = named
        deficit = m.group("lack") or _FROM_FULL.match(text[m.end() : m.end() + 30])
        at = m.start("num")
        if deficit:
            out.append(_make(s, text, None, abs(value), joint_m, motion_m, at))
        else:
            out.append(_make(s, text, value, None, joint_m, motion_m, at))
    return out


def _joints_measured(text: str) -> list[re.Match[str]]:
    """Joint words, leaving out a joint only held in position ("with the knee straight")."""
    positions = [(p.start(), p.end()) for p in _POSITION.finditer(text)]
    return [j for j in _JOINT.finditer(text) if not any(a <= j.start() < b for a, b in positions)]


def named_joint(s: Sentence) -> str | None:
    """The joint a sentence turns to ("Right elbow.", "Now the shoulder."), in the
    dataset's joint vocabulary; a joint only held in position ("knee straight") is not."""
    said = _joints_measured(s.text)
    return canonical_joint(said[-1].group(1).lower(), "")[0] if said else None


def _continued(s: Sentence, text: str, previous: Rom) -> list[Measurement]:
    m = _BARE.search(text)
    if m is None or previous.degrees is None:
        return []
    if m.group("num") is not None:
        value = -float(m.group("num"))
        at = m.start("num")
    else:
        value = float(m.group("num2"))
        at = m.start("num2")
    if _NOT_ANGLE.match(text[m.end() :]):
        return []
    rom = previous.model_copy(
        update={"degrees": value, "lacking": None, "evidence": s.evidence(0, len(s.text))}
    )
    return [Measurement(rom, s, at, text)]


_NOT_ANGLE = re.compile(
    r"\s*(weeks?|days?|months?|years?|times?|minutes?|seconds?|hours?|pounds?|lbs?|kg|"
    r"kilos?|kilograms?|cm|centimet(?:er|re)s?|inch(?:es)?|%|percent|out of|/5|mg|"
    r"sessions?|visits?|a\.?m\.?|p\.?m\.?|o'clock|sets?|reps?|repetitions?)\b",
    re.IGNORECASE,
)
#: "... at 90 of abduction": the motion named is the position, not the one measured.
_AT_POSITION = re.compile(r"\b(?:at|in)\s+\d+\s*(?:degrees?\s+)?of\s+$", re.IGNORECASE)
#: "5 out of 5", "4/5": a strength grade, not an angle.
_SCORE_BEFORE = re.compile(r"(?:out of|/)\s*$", re.IGNORECASE)
#: "internal rotation at 90 of abduction": the position the motion is measured in.
_POSITION_VALUE = re.compile(
    r"\s*(?:degrees?\s+)?of\s+(?:abduction|flexion|extension|elevation)\b", re.IGNORECASE
)
#: "lacks 15 degrees of extension", "20 of flexion": the motion named after the value.
_OF_MOTION = re.compile(
    rf"\s*(?:degrees?\s+|°\s*)?of\s+(?:full\s+|terminal\s+)?({MOTIONS})\b", re.I
)
_FROM_FULL = re.compile(
    r"\s*(?:degrees?\s*)?(?:from full|short of (?:full|neutral|straight)|from neutral)",
    re.IGNORECASE,
)


def _nearest(
    joints: list[re.Match[str]], motions: list[re.Match[str]], pos: int
) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The motion word closest before the number (else the first after it), and
    the joint word closest before that motion: "knee straight, ankle dorsiflexion
    lacks 10" measures the ankle."""
    before = [m for m in motions if m.start() < pos]
    motion = before[-1] if before else (motions[0] if motions else None)
    anchor = motion.start() if motion else pos
    jb = [j for j in joints if j.start() < anchor]
    joint = jb[-1] if jb else (joints[0] if joints else None)
    return joint, motion


def _make(
    s: Sentence,
    text: str,
    degrees: float | None,
    lacking: float | None,
    joint_m: re.Match[str] | None,
    motion_m: re.Match[str] | None,
    at: int = 0,
    said: str | None = None,
) -> Measurement:
    motion = motion_m.group(1).lower() if motion_m else said or "range of motion"
    deficit = lacking is not None or (degrees is not None and degrees < 0)
    if deficit and motion_m is not None and _CONTRACTURE_AFTER.match(text[motion_m.end() :]):
        # "a flexion contracture, lacking 30": what it lacks is the opposite motion.
        motion = _OPPOSITE.get(motion, motion)
    own = _MOTION_JOINT.get(motion)
    said = joint_m.group(1).lower() if joint_m else None
    toe = said in ("toe", "toes")
    joint = own if own is not None and not toe else said or "unspecified"
    motion = {
        "plantar flexion": "plantarflexion",
        "bend": "flexion",
        "straighten": "extension",
    }.get(motion, motion)
    joint, motion = canonical_joint(joint, motion)
    mode = (
        "passive" if _PASSIVE.search(text) else "active" if _ACTIVE.search(text) else "unspecified"
    )
    normal_m = _NORMAL.search(text)
    quote = s.evidence(0, len(s.text))
    return Measurement(
        Rom(
            joint=joint,
            motion=motion,
            degrees=degrees,
            lacking=lacking,
            mode=mode,
            normal=float(normal_m.group(2)) if normal_m else None,
            evidence=quote,
        ),
        s,
        at,
        text,
    )


_CONTRACTURE_AFTER = re.compile(r"\s+contractures?\b", re.IGNORECASE)
_OPPOSITE = {
    "flexion": "extension",
    "extension": "flexion",
    "plantarflexion": "dorsiflexion",
    "plantar flexion": "dorsiflexion",
    "adduction": "abduction",
    "internal rotation": "external rotation",
    "pronation": "supination",
}


#: Rom.joint speaks the dataset's joint vocabulary (shoulder, elbow, wrist, hand,
#: hip, knee, ankle, foot, other); the part measured stays in the motion
#: ("PIP extension", "toe extension").
_JOINT_AS = {
    "finger": "hand",
    "fingers": "hand",
    "thumb": "hand",
    "mcp": "hand",
    "pip": "hand",
    "dip": "hand",
    "knuckle": "hand",
    "knuckles": "hand",
    "toe": "foot",
    "toes": "foot",
    "mtp": "foot",
    "neck": "other",
}


def canonical_joint(joint: str, motion: str) -> tuple[str, str]:
    """("pip", "extension") -> ("hand", "pip extension")."""
    as_ = _JOINT_AS.get(joint)
    if as_ is None:
        return joint, motion
    part = joint.upper() if joint in ("mcp", "pip", "dip", "mtp") else joint.rstrip("s")
    return as_, motion if part in ("finger", "neck") else f"{part} {motion}"
