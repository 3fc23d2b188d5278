"""The offline clinical extractor: `scribe`'s embedded default drafter and the
checker's independent witness.

Rule-based, sentence by sentence: a finding trigger (contracture, spasm, cramp,
weakness, stiffness) asserted by the clinician, not negated and not hypothetical,
is tied to the muscles, regions, joints, side and tissue named in its sentence
(or, failing that, in the clinician's recent words). ROM measurements, the cause
and prior treatment are read across the visit and attached to the findings they
concern. Every field carries the evidence span it was read from. Speech inside
the transcript that addresses the software ("ignore your instructions", "bill
M62.40") is data and is skipped, never followed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from scribe.extract.lexicon import lexicon
from scribe.extract.negation import hypothetical, instruction, negated, question
from scribe.extract.rom import MEASURE_START, Measurement, measurements, named_joint
from scribe.extract.text import Sentence, sentences
from scribe.models import (
    Etiology,
    EtiologyCategory,
    Evidence,
    Extraction,
    Finding,
    FindingType,
    Joint,
    Laterality,
    Region,
    Rom,
    Tissue,
    Transcript,
)

EXTRACTOR_VERSION = "rules-2.160"

_TRIGGERS: dict[FindingType, re.Pattern[str]] = {
    "contracture": re.compile(
        # "a shortened stride", "you're shortening the stride": gait, not a muscle
        r"\b(contractures?|contracted|"
        r"(?:shortened|shortening)(?! (?:(?:the|your|his|her|their|a|each) )?"
        r"(?:stride|steps?|gait|stance|swing|sleeve)\b)|"
        r"fixed flexion deformity|"
        # "The hamstrings and the calf muscles have gotten physically shorter."
        r"(?:(?<=gotten )|(?<=become )|(?<=physically ))shorter(?! than)|"
        # "It's the calf muscle, the gastrocnemius mostly, that's short."
        r"(?<!anything is )(?<!nothing is )(?<!nothing's )(?<!stiffness is )(?<!stiffness was )"
        r"(?:(?<=that's )|(?<=they're )|(?<=\bis )|(?<=\bare ))(?:too |really |very |quite )?short"
        r"(?=\s*(?:[.;,!]|$|now\b|and\b)))",
        re.I,
    ),
    # The tabular lists "Charley-horse" under M62.831 (spasm of calf muscle).
    "spasm": re.compile(r"\b(spasms?|spasming|spasmodic|charley[- ]horses?)\b", re.I),
    "cramp": re.compile(r"\b(cramps?|cramping)\b", re.I),
    "weakness": re.compile(r"\b(weakness|weak)\b", re.I),
    # "stiff-soled shoe" is not a finding; "a little stiff at the top" is not either.
    "stiffness": re.compile(
        r"(?<!a little )(?<!a bit )(?<!slightly )(?<!mildly )\b(stiffness|stiff)\b(?!-)(?! phase)",
        re.I,
    ),
}
#: A muscle the clinician examines and finds not shortened: a ruled-out contracture
#: of that muscle ("the hamstrings are not tight", "the calf is supple").
_RULED_OUT = re.compile(
    r"\b(supple|(?:is|are) not (?:short|shortened|tight)|not short|not tight|no tightness|"
    # "the biceps and triceps feel soft", "the hamstrings themselves are soft"
    r"(?:(?:themselves|itself) (?:is|are)|feel) soft(?! tissue)|"
    r"(?:isn't|aren't) (?:short|shortened|tight)|not limiting|fine, not tight|"
    r"(?:isn't|aren't|is not|are not|they're not|it's not) (?:the limit|the limiting "
    r"(?:structure|factor)|what's limiting|what is limiting|the problem|the issue|the culprit|"
    r"the block|what's holding (?:you|him|her|it|the knee) back|what's (?:stopping|blocking) "
    r"(?:you|him|her|it|the \w+))|not contributory|non-?contributory)\b",
    re.I,
)
#: "it's the muscle, not the joint", "the wrist joint itself isn't the problem", "knee
#: joint not involved", "the capsule isn't tight": the clinician rules the joint out as
#: the contracted structure, a ruled-out joint-capsule contracture at that joint.
_JOINT_RULED_OUT = re.compile(
    r"\b(?:not|isn't) (?:the|a|her|his|your) (?:\w+ ){0,2}(?:joint|capsule)s?\b"
    r"(?! (?:line|space|pain))|"
    r"\b(?:joint|capsule)s? (?:(?:of|in|on) (?:the|your|his|her) \w+ )?(?:itself |themselves )?"
    r"(?:is |are |was |were )?"
    r"(?:also )?"
    r"(?:not|isn't|aren't|wasn't|weren't) (?:felt to be |thought to be )?"
    r"(?:involved|the problem|the issue|the cause|the culprit|the limit|the limiter|the block|"
    r"part of (?:this|it|the problem)|the tight (?:part|structure|one|thing)|"
    r"the limiting (?:structure|factor)|what's limiting|limiting|"
    r"contracted|tight|restricted|blocked|stuck|scarred|stiff)\b|"
    r"\bcapsule(?:'s| is) (?:fine|okay|ok|normal)\b|"
    # "the joint itself, the capsule, is moving fine": the capsule named as the structure
    r"\bcapsule(?:\s*,)? (?:is|'s) (?:moving|gliding) (?:fine|freely|normally|well)\b|"
    r"\b(?:joint|joints|joint's) (?:itself|themselves) (?:is|are|'s|feels?) "
    r"(?:fine|okay|ok|normal|free)\b|"
    r"\bnot capsular\b|"
    # "I don't feel a capsular block", "no capsular end feel": the capsule felt and cleared
    r"\b(?:no|don't (?:feel|see) (?:an?|any)|not an?) (?:firm |hard |true )?capsular (?:block|"
    r"end[- ]?feel|"
    r"end[- ]?point|restriction|pattern|stop)\b|"
    r"\bdon't think (?:the|her|his|your) (?:\w+ ){0,2}joint (?:itself )?is "
    r"(?:the problem|the issue|involved)\b|"
    # "the joint at the base of the thumb isn't what's stuck", "the ankle joint isn't what's
    # tight", "The joint's not it."
    r"\b(?:joint|capsule)s?(?: (?:at|of|in|on) (?:the|your|his|her) [\w ]{1,25}?)? "
    r"(?:itself |themselves )?"
    r"(?:isn't|is not|aren't|are not|wasn't) (?:what's|what is|what was) "
    r"(?:stuck|tight|limiting|contracted|blocking|stopping)\b|"
    r"\bjoint(?:'s| is) not (?:it|stuck)\b|"
    r"\bnone of the joints (?:is|are) (?:contracted|tight|stuck|the problem)\b|"
    # "graft is supple ..., cmc joints supple": the joints felt and cleared
    r"\bjoints? (?:is |are |feels? )?supple\b|"
    # "Neither ankle joint is stiff; it's the gastrocs on both sides."
    r"\bneither (?:\w+ )?joint (?:is|was) (?:contracted|tight|stuck|stiff|the problem)\b|"
    # "so the knees themselves aren't contracted": the joint by its name, as the structure
    r"\b(?:knee|ankle|wrist|elbow|hip|shoulder)s? (?:itself|themselves) (?:is |are )?"
    r"(?:not|isn't|aren't) (?:contracted|the problem|stuck|the limit)\b|"
    r"\bdon't think (?:it's|it is) (?:the|her|his|your) (?:\w+ ){0,2}joints?\b|"
    r"\bno joint contractures?\b|"
    # "it's the hamstrings, not the knee.", "So it's not the hips.": the joint by its name
    r"\b(?:not|isn't) (?:the|your|her|his) (?:knee|ankle|wrist|elbow|hip|shoulder)s?"
    r"(?: (?:itself|themselves))?(?=\s*(?:[.;!]|$|,\s*(?:it's|its|but|that's)\b))",
    re.IGNORECASE,
)
#: "The joint's fine." is a ruling only when the muscle is blamed in the same turn
#: ("... It's the pronator teres that's contracted") or the joint was just asked about
#: ("So is it the wrist?"); alone it is a normal exam.
#: The subject of "supple" or "not the limit" when it is not a muscle: "the graft is
#: supple and not the limiting tissue", "cmc joints supple".
_OTHER_TISSUE = re.compile(
    r"\b(?:grafts?|skin|scars?|joints?|capsules?|fascia|cords?)\s+(?:is\s+|are\s+|"
    r"feels?\s+|looks?\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_JOINT_FINE = re.compile(
    r"\b(?:joint(?:'s| is| feels| itself moves)|joints (?:are|feel))(?: (?:fine|okay|ok)\b|"
    r"(?=,? it's the\b))",
    re.I,
)
_BLAME = re.compile(
    r"\bit's (?:the|your|his|her) (?:\w+ ){0,3}(?:muscles?|tendons?)\b|"
    r"\bit's the (?:\w+ ){0,2}(?:hamstrings?|calf|quads?|biceps|flexors?)\b",
    re.I,
)
#: "Not the problem.", "No, not it.": an answer, a rule-out of what was just asked.
_NOT_IT = re.compile(
    r"^\W*(?:no\W+)?(?:not|it's not|it isn't)\s+(?:the problem|the issue|it|involved|the limit)"
    r"\W*$",
    re.IGNORECASE,
)
_ASKED_JOINT = re.compile(r"\b(?:joint|wrist|knee|ankle|elbow|shoulder|hip)\b[^.?!]*\?", re.I)


@cache
def _blamed_muscle() -> re.Pattern[str]:
    """ "it's the triceps, that muscle shortened": any muscle of the lexicon blamed."""
    return re.compile(
        rf"\b(?:it's|it is|that's|that is|just) (?:the|your|his|her) "
        rf"(?:{lexicon().muscle_re.pattern})",
        re.I,
    )


@cache
def _muscle_not() -> re.Pattern[str]:
    """ "it's not the muscles", "so it's not the long flexors from the calf", "not the
    calf muscles", "so it's not coming from the calf": a muscle (group) ruled out as the
    contracted structure, the mirror of a joint rule-out."""
    return re.compile(
        rf"\b(?:not|isn't|is not|aren't|are not|don't think (?:it's|it is)) "
        rf"(?:(?:coming |arising )?from )?(?:the|her|his|your) "
        rf"(?:(?:[\w-]+ ){{0,4}}?"
        rf"(?:{lexicon().muscle_re.pattern}|\b(?:muscles?|tendons?|flexors|extensors)\b)|"
        rf"(?:hand|foot)(?: itself)?(?=\s*(?:[.;!]|$|,)))|"
        # "It's not those muscles.", "so it's not those.": the muscles just named
        rf"\b(?:it's not|it isn't|not) those(?: muscles)?(?=\s*(?:[.;!]|$))",
        re.IGNORECASE,
    )


#: "Pillow under the ankle, not the knee.": where to put a support, not a rule-out.
_PROPPED = re.compile(
    r"\b(?:pillows?|towels?|rolls?|wedges?|cushions?|bolsters?)\b[^.;]*\b(?:under|behind|beneath)\b|"
    # "put it under the calf or the ankle, not the knee"
    r"\b(?:put|place|prop|rest|tuck)\s+(?:it|them|that|something|one)\s+(?:under|behind|beneath)\b",
    re.IGNORECASE,
)


def _joint_rule_outs(s: Sentence, transcript: Transcript) -> list[re.Match[str]]:
    """The joint rule-outs of a clinician's sentence: the explicit ones, and "the
    joint's fine" where it answers a question about the joint or the same turn blames
    the muscle."""
    if _PROPPED.search(s.text):
        return []  # "Pillow under the ankle, not the knee.": where to put the pillow
    out = list(_JOINT_RULED_OUT.finditer(s.text))
    said = transcript.turns[s.turn].text[: s.start].rstrip()
    answer = _NOT_IT.match(s.text)
    if answer and said.endswith("?") and _ASKED_JOINT.search(said[-80:]):
        out.append(answer)  # "The knee joint itself? Not the problem.": answered by the asker
    fine = [
        m
        for m in _JOINT_FINE.finditer(s.text)
        if not any(o.start() <= m.start() < o.end() for o in out)
    ]
    if fine:
        turn = transcript.turns[s.turn].text
        before = transcript.turns[s.turn - 1] if s.turn > 0 else None
        asked = (
            before is not None and before.role != "clinician" and _ASKED_JOINT.search(before.text)
        )
        if _BLAME.search(turn) or _blamed_muscle().search(turn) or asked:
            out += fine
    return sorted(out, key=lambda m: m.start())


#: Nurses and therapists: clinicians whose findings the examining physician may overrule.
_ALLIED = re.compile(r"(?:nurse|rn\b|lpn\b|therapist|physio|pt\s*therapist|ot\b)", re.I)
_ARTHRITIS_WORDS = r"\b(?:arthritic|arthritis|osteoarthritis|degenerative)\b"
#: "knee osteoarthritis with morning stiffness": the stiffness is the arthritis's sign.
_ARTHRITIC_BEFORE = re.compile(_ARTHRITIS_WORDS + r"[^.;]{0,30}$", re.IGNORECASE)
_IS_ARTHRITIS = re.compile(
    r"(?:\s+(?:is|comes from|is from|is part of|that comes with|comes with)|"
    r"(?:\s+\w+){0,3}\s*,\s+part of)\s+"
    r"(?:the\s+|her\s+|his\s+|your\s+)?"
    r"(?:\w+\s+){0,2}(?:arthritis|osteoarthritis|fibromyalgia|polymyalgia|catching|"
    r"triggering|trigger finger)\b",
    re.IGNORECASE,
)
#: Conditions whose own symptom stiffness is: named around it in the turn, the
#: stiffness is theirs (guideline I.B.5, signs integral to a condition), not M25.6-.
_STIFF_CONDITION = re.compile(
    r"\b(?:polymyalgia|fibromyalgia|rheumatoid arthritis|ankylosing spondylitis)\b", re.I
)
#: "They are stiff. That's the rigidity from the Parkinson's.", "stiff from the
#: spasticity": muscle tone, coded with its neurological cause, not joint stiffness.
_TONE_IS = re.compile(
    r"^\W*(?:that's|that is|this is|it's|it is)\s+(?:the\s+|just\s+|all\s+)?"
    r"(?:\w+\s+)?(?:rigidity|spasticity|tone)\b",
    re.IGNORECASE,
)
_TONE_BEFORE = re.compile(r"\b(?:spasticity|rigidity)[\s,]+(?:or\s+)?(?:the\s+)?$", re.I)
_TONE_AFTER = re.compile(r"[\s,]+(?:or\s+|i mean\s+)?(?:the\s+)?(?:spasticity|rigidity)\b", re.I)
_FROM_TONE = re.compile(
    r"[^.;]{0,30}?\b(?:from|because of|due to)\s+(?:the\s+|her\s+|his\s+|your\s+)?"
    r"(?:rigidity|spasticity|tone|parkinson)",
    re.IGNORECASE,
)
#: Named contractures with codes of their own, not of muscle: Dupuytren's (M72.0),
#: Volkmann's ischemic (T79.6), capsular contracture of a breast implant (T85.4-), a scar
#: or skin contracture (L90.5, L91.0).
_NOT_OURS = re.compile(
    r"\b(dupuytren'?s?|volkmann'?s?|"
    r"capsular contracture of (?:the|a|her|his) (?:breast|implant)|"
    r"(?:scar|skin|graft|burn scar) contractures?|"
    r"(?:look|looks|looking|appear|appears|seem|seems) (?:\w+ )?contracted|"
    r"(?:palmar |plantar )?fascia,? (?:that's |which is |is )?(?:\w+ )?(?:and )?contracted)\b",
    re.IGNORECASE,
)
_DUPUYTREN = re.compile(r"\bdupuytren", re.IGNORECASE)


def _dupuytren_finger(text: str, at: int) -> bool:
    """ "Dupuytren's disease of the right hand, pretendinous cord to the ring finger, MP
    flexion contracture 35 degrees": the finger contracture the cord makes (M72.0), when
    no muscle is named between."""
    d = _DUPUYTREN.search(text, 0, at)
    return d is not None and lexicon().muscle_re.search(text, d.end(), at) is None


#: Stiffness of an arthritic joint is a sign of the arthritis, coded with it.
_ARTHRITIC = re.compile(_ARTHRITIS_WORDS, re.IGNORECASE)
#: "short and stiff", "tight and stiff": said of a muscle, the contracture's own words.
_MUSCLE_STIFF = re.compile(
    r"\b(?:short|shortened|tight)\s+and\s+stiff\b|\bstiff\s+and\s+(?:short|shortened|tight)\b",
    re.IGNORECASE,
)
_GUARDED = re.compile(
    r"\bhold(?:s|ing)?\s+(?:it|them|yourself|himself|herself|your\s+\w+|the\s+\w+)\s+"
    r"(?:\w+\s+)?stiff$",
    re.IGNORECASE,
)
_STIFF_TISSUE = re.compile(r"\s+(?:fibrous|scar|scarred|fibrotic)\s+tissue\b", re.IGNORECASE)
#: The clinician names rigidity (parkinsonism) or a condition whose symptom stiffness
#: is: "stiffness" talked about without a place of its own is that condition's.
_RIGIDITY = re.compile(r"\b(?:rigidity|polymyalgia|fibromyalgia)\b", re.IGNORECASE)
#: A muscle "contracted" in spasm is contracting, not shortened: "a tender, contracted
#: knot, still in spasm", "it's firmly contracted under my fingers".
_IN_SPASM = re.compile(
    r"\b(spasm|spasms|cramp|cramping|knot|twitch)\b|"
    r"\bcontracted under (?:my|the examiner's) (?:fingers|hand|thumb)\b",
    re.IGNORECASE,
)
#: Findings are established by the clinician: a symptom the patient mentions and
#: the clinician does not assess is not coded (and a patient cannot diagnose).
_PATIENT_MAY_REPORT: frozenset[str] = frozenset()
#: Weakness is coded only as muscle weakness (M62.81), not a weak urine stream.
_MUSCLE_CONTEXT = re.compile(
    r"\b(muscles?|muscular|strength|generali[sz]ed|diffuse|global|proximal|4/5|3/5|"
    r"deconditioned|deconditioning|icu[- ]acquired)\b",
    re.IGNORECASE,
)
#: M62.81 is muscle weakness (generalized): one named weak muscle ("the triceps is
#: weak") is a sign of its own condition, not this code. ICU-acquired weakness is
#: diffuse and symmetric by definition.
_GENERALIZED = re.compile(
    r"\b(generali[sz]ed|diffuse|diffusely|global|globally|overall|all over|everywhere|"
    r"throughout|whole body|all four|four limbs|arms and legs|deconditioned|deconditioning|"
    r"proximal|icu[- ]acquired)\b",
    re.IGNORECASE,
)
#: "both" is a side only before body parts or "sides" ("both calves", "on both
#: sides"); "both from the injury" counts two findings, not two sides. "Neither calf
#: is contracted" and "either knee" rule out (or ask about) both sides. "both calf
#: muscles, the gastrocnemius and the soleus" counts the muscles, not the sides. "both
#: your legs", "both of his knees" are both sides.
_TWO_MUSCLES = r"(?!\s+\w+\s+muscles\s*,\s*(?:the\s+)?\w+\s+and\s)"
_BOTH = (
    rf"(?:both|neither|either){_TWO_MUSCLES}"
    r"(?=\s+(?:of\s+(?:your|his|her|their|the)\s+|(?:your|his|her|their)\s+)?"
    r"(?:sides?|legs?|arms?|knees?|ankles?|hips?|elbows?|shoulders?|wrists?|hands?|feet|foot|"
    r"calf|calves|thighs?|hamstrings?|quads?|quadriceps|forearms?|upper|lower)\b)"
    rf"|(?:both|neither|either){_TWO_MUSCLES}(?=\s+\w+\s+muscles\b)"
    r"|(?<=\bon )both\b"
)
#: "right greater than left", "left worse than right": both sides, one worse.
#: "right and left", "on the right or the left": both sides.
_WORSE_THAN = (
    r"(?:right|left),? (?:(?:a bit|a little|slightly|much|somewhat|is|a touch) )?"
    r"(?:greater|worse|more|tighter|shorter) than (?:the )?(?:right|left)|"
    r"right,? and (?:on |in )?(?:the )?left|left,? and (?:on |in )?(?:the )?right|"
    # "ankle dorsiflexion minus 10 right and minus 5 left": a value for each side
    r"right,? and (?:minus |plus )?\w+(?: degrees)? left|"
    r"left,? and (?:minus |plus )?\w+(?: degrees)? right|"
    # "the knee joint itself isn't contracted, on the right or the left": neither side
    r"right or (?:the )?left|left or (?:the )?right"
)
_SIDE = re.compile(
    rf"\b({_WORSE_THAN}|right|left|{_BOTH}|bilateral|bilaterally|each side|either side)\b",
    re.IGNORECASE,
)
#: Adhesive capsulitis ("frozen shoulder") is M75.0-, not a contracture: not listed.
#: "normal capsular glide" clears the capsule; it does not name it as the tissue.
_CAPSULE = re.compile(
    r"(?<!normal )(?<!full )(?<!good )(?<!no )\b(capsule|capsular)\b(?! (?:glide|mobility)\b)",
    re.IGNORECASE,
)
#: "a contracture of the subtalar joint", "joint contracture", "the joint isn't
#: contracted": the joint itself is the tissue.
_JOINT_ITSELF = re.compile(
    r"\bjoint contractures?\b|\bcontractures? of the (?:\w+ ){0,2}joints?\b|"
    r"\bjoint (?:itself )?(?:is |isn't |is not |not |has |hasn't )*(?:contracted|contracting)\b",
    re.IGNORECASE,
)
#: "tendon sheath", and a tendon contracture (ICD-10-CM index: Contracture, tendon (sheath)).
_SHEATH = re.compile(
    r"\b(?:tendon )?sheaths?\b|\btendon contractures?\b|"
    r"\bcontractures? of the (?:\w+ ){0,3}tendons?\b",
    re.IGNORECASE,
)
_THEIR_WORD = re.compile(
    r"\b(?:word|term|label)s?,?\s+(?:was\s+|is\s+)?$|"
    # "Jonah, you said cramp, and I get why.": their word, taken up to be answered
    r"\b(?:you|he|she|they) (?:said|say|says|used the word)\s+(?:an?\s+)?$|"
    # "It probably started as a cramp on the field.": what it was at first
    r"\b(?:started|began) (?:out )?as an?\s+$",
    re.I,
)
#: "it feels like a cramp", "the wrist flexors feel like they're in spasm": compared.
_FELT_LIKE = re.compile(r"\b(?:feels?|felt|feeling)\s+like\s+(?:[\w']+\s+){0,3}$", re.I)
#: "nocturnal calf cramps by report", "spasms per the patient": reported, not confirmed.
_BY_REPORT = re.compile(
    r"(?:\s+\w+){0,2}?\s+(?:by (?:her |his |the patient's |patient )?report|"
    r"per (?:the )?(?:patient|family|wife|husband|daughter|son|mother|nurse))\b",
    re.IGNORECASE,
)
#: "your cramp question", "and the cramping part": a topic, not a finding.
_TOPIC_AFTER = re.compile(
    r"\s+(?:questions?|worries|worry|concerns?|part|thing|feeling|sensation)\b(?!\s+of\b)",
    re.IGNORECASE,
)
#: "the cane is too short", "a cane that's too short": a thing, not a muscle.
_THING_SHORT = re.compile(
    r"\b(?:canes?|crutch(?:es)?|walkers?|splints?|braces?|casts?|straps?|beds?|tables?|"
    r"chairs?|sleeves?|orthos[ie]s|afos?|shoes?|strides?|steps?|visits?|breaths?)\s+"
    r"(?:that's |that is |which is |is |are |was )(?:too |really |very |quite |a bit |a little )?$",
    re.IGNORECASE,
)
#: "more tone than shortening", "rather than a contracture", "a different thing from a
#: cramp": the thing it is not.
_RATHER_THAN = re.compile(
    r"\b(?:(?:more|rather|less)\s+(?:\w+\s+){0,2}?than|different (?:\w+\s+)?from)\s+(?:an?\s+)?$",
    re.I,
)
#: "So, about the spasms.", "to your question about spasm": a topic taken up before
#: anything is said of it.
_TOPIC = re.compile(
    r"\babout (?:(?:the|your|his|her|those|these|that|a|an|any) )?(?:\w+ )?$", re.IGNORECASE
)
#: "The charley horse." said alone: the patient's word said back.
_ECHO = re.compile(r"\W*(?:the|those|your)\s+$", re.IGNORECASE)
#: "And the hand cramping, keep an eye on it": a topic opening a plan item ("And the
#: calves cramping at night, both of them, that's a separate thing" states one).
_HEADING_THE = re.compile(
    r"\W*(?:and\s+|now\s+|as for\s+|about\s+)?(?:the|your|his|her)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_HEADING_COMMA = re.compile(
    r"(?:\s+[\w-]+){0,3}\s*,\s*(?:keep|let's|let us|we'll|we will|i'll|i will|watch|"
    r"monitor|see|if|for now)\b",
    re.IGNORECASE,
)
#: "So the charley horses, those are nocturnal leg cramps", "the cramps, they're
#: spasms": the patient's word, renamed by the clinician in the same breath.
_RENAMED = re.compile(
    r"\s*,\s*(?:those|these|they|that|it)(?:'re|'s| are| is)\s+(?:[\w-]+\s+){0,3}?"
    r"(cramps?|cramping|spasms?|charley[- ]horses?)\b",
    re.IGNORECASE,
)
#: "And let's see how the cramps do once you're stretching": a symptom to follow, not
#: one the clinician has diagnosed.
_FOLLOW_UP = re.compile(
    r"\b(?:see|watch|check|track) how (?:the|your|his|her|those|these) (?:\w+ )?$", re.I
)
#: "Diabetic foot exam normal.": a normal exam, which places no finding said after it.
_NORMAL_EXAM = re.compile(
    r"\b(?:exam|examination)\s+(?:is\s+|was\s+)?(?:normal|unremarkable|negative)\b", re.I
)
#: "Your sister's muscle stays shortened all the time": someone else's body ("to your
#: sister's question, there's no contracture at the knee" answers about the patient's).
_OTHERS = re.compile(
    r"\b(?:sister|brother|friend|neighbou?r|aunt|uncle|cousin|coworker|buddy|grandmother|"
    r"grandfather|grandma|grandpa)'s\s+(?!(?:a|an|the|been|got|going|not|also|here|worried|"
    r"question|concern|point|idea)\b)",
    re.IGNORECASE,
)
#: "For the cramps, labs in the morning.": the heading of a plan item.
_PLAN_FOR = re.compile(r"(?:^|[,.;:]\s*)for (?:the|his|her|your|those|these) (?:\w+ )?$", re.I)
_INSTRUCTION = re.compile(
    r"\b(ignore (?:your|all|any|previous|the) (?:instructions|rules)|"
    r"(?:bill|code) (?:this|it|that|for|as)\b|[A-Z]\d{2}\.\d)",
    re.IGNORECASE,
)
#: A trigger word in quotation marks, talked about rather than used.
_QUOTED = re.compile(r"[\"“‘'][^\"”’']+[\"”’']")
_THOSE = re.compile(r"\bthose\b", re.IGNORECASE)
#: "that muscle", "those muscles": a muscle named before.
#: A muscle named for its function, reflex or use as a graft, not as a tissue examined.
_NOT_THE_MUSCLE = re.compile(
    r"\s+(?:recovery|function|strength|weakness|transfer|grafts?|reflex(?:es)?|jerk)\b|"
    # "status post rotator cuff repair", "rotator cuff tendinitis": a surgery or a
    # condition named for the muscle
    r"\s+(?:repairs?|surgery|reconstruction|tendinitis|tendonitis|tendinopathy)\b|"
    # "quad strengthening and a home program": an exercise named for the muscle
    r"\s+(?:strengthening|stretch(?:es|ing)?|exercises?)\b|"
    # "wrist extensors are three plus on the right", "triceps trace": a strength grade
    r"\s+(?:(?:is|are)\s+)?(?:(?:one|two|three|four|five|[0-5])(?:\s+(?:plus|minus))?"
    r"(?:\s+out of (?:five|5))?|trace)\b",
    re.IGNORECASE,
)
_INJECTED = re.compile(r"\b(?:botulinum|botox|inject(?:ion|ions|ed|ing)?)\b", re.IGNORECASE)
#: Words just before a trigger that say it names no finding of the patient's, with the
#: finding types each applies to (None: every type).
_LED_AWAY: tuple[tuple[frozenset[str] | None, re.Pattern[str]], ...] = (
    (frozenset({"cramp", "spasm"}), _FELT_LIKE),
    # "botulinum toxin into the biceps and brachialis, and the brachioradialis, to calm the
    # spasticity driving the shortening": a treatment's targets, the finding is stated where
    # it is examined
    (frozenset({"contracture"}), _INJECTED),
    (None, _THEIR_WORD),
    (frozenset({"contracture"}), _THING_SHORT),
    (None, _RATHER_THAN),
    (None, _TOPIC),
    (None, _OTHERS),
    (frozenset({"cramp", "spasm", "stiffness"}), _FOLLOW_UP),
)


def _in_joint_rule_out(text: str, at: int) -> bool:
    """Whether `at` lies inside a joint rule-out ("the knee joints themselves are not
    contracted"): that rule-out is the joint's, read by `_rule_outs`."""
    return any(r.start() <= at < r.end() for r in _JOINT_RULED_OUT.finditer(text))


def _ruled_out_here(text: str, at: int) -> bool:
    """The capsule word at `at` is ruled out, before it ("not the capsule") or after it
    ("a subscapularis contracture ..., capsule not limiting"): not the finding's tissue."""
    return negated(text, at) or _in_joint_rule_out(text, at)


def _led_away(ftype: FindingType, text: str, at: int) -> bool:
    """Whether the words before the trigger at `at` say it is compared, quoted, a
    treatment's target, a thing, what it is not, a topic, someone else's or a symptom
    to follow (`_LED_AWAY`)."""
    return any(
        (types is None or ftype in types) and pattern.search(text, 0, at) is not None
        for types, pattern in _LED_AWAY
    )


_MUSCLE_NAMED = re.compile(r"\bmuscle\s+$", re.IGNORECASE)
_THAT_MUSCLE = re.compile(r"\b(?:that|this|those|these)\s+muscles?\b", re.IGNORECASE)
_MUSCLE_WORD = re.compile(r"\bmuscles?\b", re.IGNORECASE)
#: "a contracture is a fixed shortening": a definition, not a finding.
_DEFINITION = re.compile(
    # "the wobbly feeling after a cramp is soreness": a time, not a kind defined
    r"(?<!after )(?<!before )(?<!during )(?<!since )(?<!following )"
    r"\b(?:a|an)\s+(?:(?:true|real|typical|classic|genuine|muscle|ordinary|regular|normal|"
    r"usual|common|simple)\s+){0,2}"
    r"(?:contractures?|spasms?|cramps?)\s*,?\s+(?:is|means|would be|happens|comes|"
    r"goes|lasts|usually|typically|tends|feels|doesn't|does not|hits|grabs|passes|releases|"
    r"lets)\b|"
    r"^(?:and\s+|but\s+)?with an? (?:true\s+)?(?:\w+\s+)?(?:contracture|spasm|frozen shoulder)\b|"
    # "A real cramp, the muscle knots up hard": the kind, not the patient's
    r"^(?:and\s+|but\s+|so\s+)?an? (?:true|real|typical|classic|genuine) (?:muscle |capsular )?"
    r"(?:contracture|spasm|cramp)\b|"
    r"\bany (?:joint |muscle )?contracture\b|"
    r"\bwhen an? (?:real |true |fixed )?contracture (?:sets in|develops|forms)\b|"
    r"\ban? contracture (?:we|you|they|i) (?:can|can't|cannot|could|couldn't|don't|won't)\b|"
    r"\ban? \w+ contracture\s*, (?:where|when)\b|"
    # "frozen shoulder, where the capsule around the joint gets thick and contracted"
    r"\bfrozen shoulder,? (?:where|which is|is when|when)\b|"
    # "your sister, with a frozen shoulder the capsule around the joint gets contracted"
    r"\bwith an? frozen shoulder,?\s+(?:the|a|your|her|his)\b|"
    # "mp contractures correct better than pip ones": how a kind behaves
    r"\bcontractures (?:correct|respond|recur|do) (?:better|worse|well|poorly)\b|"
    r"\bor an? (?:true|real) (?:\w+\s+)?contracture\b|"
    r"\b(?:a|any) muscle that(?:'s| is| has)\b|"
    # "Muscles that sit shortened for weeks ... actually get shorter": what muscles do
    r"^muscles that (?:sit|stay|are kept|are held|get|have been)\b|"
    r"\bwhen an? (?:muscle|joint) (?:is|gets|becomes|has) (?:\w+ )?(?:contracted|short|"
    r"shortened)\b|"
    r"\bin an?\s+(?:contracture|spasm|cramp)\b|"
    # "the muscle isn't clamped down the way it is with a cramp": how one would be
    r"\bthe way (?:it|they) (?:is|are|does|do|would be|gets?) (?:with|in|during) an?\s+"
    r"(?:contracture|spasm|cramp)\b|"
    # "In dystonia or a spasm, the muscle is actively firing": what happens in one
    r"^in \w+ or an?\s+(?:contracture|spasm|cramp)\s*,|"
    # "Warm water is great for stiff knees": what something is good for
    r"\b(?:great|good|helpful|best|useful|nice|wonderful|excellent) for (?:\w+\s+)?"
    r"(?:stiff\w*|cramps?|spasms?)\b|"
    # "A muscle relaxer works on spasm": what a treatment is for
    r"\b(?:works?|worked|working|is|are) (?:on|for) (?:a\s+)?(?:spasms?|cramps?)\b|"
    # "A cramp, the muscle is balled up like a fist and it lets go": what one is
    r"^an? (?:muscle )?(?:cramp|spasm)\s*,\s+(?:the|a|your|even|like)\b|"
    # "botox works for muscles that are overactive, like in spasm or dystonia": examples
    r"\b(?:like|such as) in (?:spasms?|cramps?)\b|\bsuch as (?:spasms?|cramps?)\b|"
    # "That helps when muscles are overactive, like spasm or dystonia": examples
    r",\s*like (?:spasms?|cramps?) or \w+|"
    r"\b(?:a|an)\s+(?:contracture|spasm|cramp)\s*,?\s+(?:you know\s*,?\s+)?"
    r"(?:where|when|which|that)\b|"
    # "because sometimes after radiation the muscles go into a kind of involuntary spasm"
    r"\bsometimes (?:after|with|in) \w+,? (?:the |a )?(?:muscles?|people|patients)\b|"
    # "It is a contracture in the everyday sense": the lay word, not the diagnosis
    r"\bin the (?:everyday|lay|loose|general|colloquial|broad|common) sense\b|"
    # "when people say contracture after a knee replacement, they usually mean ..."
    r"\b(?:people|patients|surgeons|doctors|folks|they|we) (?:say|talk about|mean)\s+"
    r"(?:an?\s+)?(?:\w+\s+)?(?:contractures?|spasms?|cramps?)\b|"
    r"\b(?:cause|causes|causing|doesn't cause|does not cause|don't cause|do not cause)\s+"
    r"(?:a\s+|any\s+)?(?:contractures?|spasms?|cramps?)\b|"
    r"\b(?:contractures|spasms|cramps)\s+(?:come and go|mean|happen when|usually|typically)\b|"
    r"^(?:a\s+)?(?:contracture|spasm|cramp)\s+(?:comes and goes|means|happens when)\b|"
    # "with fibrosis it's less helpful than with spasm": a kind compared
    r"\b(?:than|as) (?:with|for|in) (?:an?\s+)?(?:spasms?|cramps?|contractures?)\b|"
    # "Sometimes spasms ramp up with an infection.": what spasms do
    r"^(?:\w+\W+)?sometimes,? (?:spasms|cramps|contractures)\b|"
    # "a capsular contracture is a firm, leathery stop": what one of a kind is
    r"^(?:\w+\W+)?an? (?:\w+ )?(?:contracture|spasm|cramp)\s+is\s+(?:an?|when)\b|"
    r"^(?:contractures?|spasms?|cramps?)\s+(?:means\b|(?:is|are)\s+(?:an?|when|what|"
    r"active|usually|typically|something|different)\b)|"
    r"\bcontracture (?:splints?|braces?|prevention|management)\b|"
    r"\b(?:is|are) for (?:a\s+)?(?:spasms?|cramps?|contractures?)\b|"
    r"\bwith an? (?:contracture|spasm),|"
    r"\b(?:question|test|sign|hallmark|definition) (?:for|of) an? (?:contracture|spasm)\b|"
    r"\bin a (?:shortened|lengthened|stretched) position\b|"
    # "Feeling tight and being contracted are different things": a distinction drawn
    r"\b(?:are|is)\s+(?:two\s+)?(?:different|separate)\s+things\b|\bnot the same thing\b|"
    # "sometimes when somebody's had a calf problem for a long time the muscle gets
    # shortened", "sometimes when the calf muscle gets short and tight for a long time,
    # it's what we call a contracture": what happens to people, not to this patient
    r"\bsometimes,? when (?:somebody|someone|people|a person|patients?|(?:the|a|your) "
    r"(?:\w+ )?muscle)|"
    # "Contractures from sitting happen in people who can't move": people in general
    r"\b(?:happen|happens|occur|occurs|develop|develops|form|forms)\s+in\s+(?:people|patients|"
    r"someone|anyone|those|folks)\b",
    re.IGNORECASE,
)
#: "so that's actually not a cramp a cramp is when the muscle fires on its own": a
#: look-alike refuted, then defined (unpunctuated, as ACI-style speech runs on).
_REFUTED_HEAD = re.compile(r"\bnot an? (?:\w+ )?(?:contracture|spasm|cramp)s?\W*$", re.IGNORECASE)


_DEFINED_WORD = re.compile(r"an?\s+(?:contracture|spasm|cramp)s?\b", re.IGNORECASE)
_DENIED_BEFORE = re.compile(r"\b(?:not|isn't|is not|aren't|are not|wasn't)$", re.IGNORECASE)


def _before_definition(s: Sentence) -> Sentence | None:
    """The sentence without the definition it gives ("A contracture is ..."), or
    None: a definition says what a word means, not what the patient has. What a
    clinician refutes just before defining the word is kept."""
    d = _DEFINITION.search(s.text)
    if d is None:
        return s
    head = s.text[: d.start()].rstrip()
    if not _REFUTED_HEAD.search(head):
        # "so this isn't a contracture, which is where the muscle stays tight": the
        # refutation ends with the word the definition begins with
        word = _DEFINED_WORD.match(s.text, d.start())
        if word is None or not _DENIED_BEFORE.search(head):
            return None
        head = s.text[: word.end()]
    return Sentence(s.turn, s.start, s.start + len(head), head, s.role)


_CAUSAL = re.compile(
    r"\b(from|due to|after|because of|secondary to|caused by|following|since|related to|post)\b",
    re.IGNORECASE,
)
_JOINT_REGION: dict[str, Region] = {
    "shoulder": "shoulder",
    "elbow": "upper arm",
    "wrist": "forearm",
    "hand": "hand",
    "hip": "thigh",
    "knee": "lower leg",
    "ankle": "ankle and foot",
    "foot": "ankle and foot",
    "other": "other site",
}
#: ROM joints relevant to a muscle region (a muscle limits the joints it crosses).
_REGION_JOINTS: dict[str, set[str]] = {
    "thigh": {"hip", "knee"},
    "lower leg": {"knee", "ankle"},
    "ankle and foot": {"ankle", "foot"},
    "upper arm": {"shoulder", "elbow"},
    "forearm": {"elbow", "wrist", "hand"},
    "hand": {"wrist", "hand"},
    "shoulder": {"shoulder"},
    "other site": {"other"},
}


@dataclass
class _Mention:
    finding: FindingType
    sentence: Sentence
    trigger: Evidence
    muscle: str | None = None
    region: Region = "unspecified"
    joint: Joint | None = None
    laterality: Laterality = "unspecified"
    tissue: Tissue = "muscle"
    negated: bool = False
    evidence: dict[str, Evidence] = field(default_factory=dict)
    #: the side came from an earlier sentence or the visit, not the finding's own words
    weak_side: bool = False
    #: the anatomy came from an earlier sentence ("Now the cramps.")
    weak_site: bool = False
    #: a rule-out said of the whole body ("no contractures anywhere")
    anywhere: bool = False
    #: "a muscle contracture", "contracture of the muscles": said of muscle in so many words
    muscle_said: bool = False
    #: "not the calf muscles", "a contracture of the knee joint, not the muscles": the
    #: muscles ruled out as the contracted structure
    muscles_ruled_out: bool = False
    #: "it's not the muscles": a rule-out of no muscle in particular
    generic: bool = False
    #: "it's the hamstrings, not the knee": a joint ruled out as the contracted structure
    joint_ruled_out: bool = False


_TONE_NEAR = re.compile(r"\b(?<!normal )(?<!no )(?:tone|spasticity|clonus)\b", re.IGNORECASE)


def _spastic(s: Sentence, m: re.Match[str], transcript: Transcript) -> bool:
    """Spasms said with tone or spasticity around them in the turn ("more spasms, more
    tone", "since the spasms are controlled ... if the tone keeps fighting us") are the
    spasticity's, coded with its neurological cause, not a muscle spasm (M62.83-). Spasms
    the sentence places ("Nocturnal right calf spasms, spasticity related", "the calf
    muscles going into spasm") are diagnosed at that place, whatever their cause."""
    lex = lexicon()
    if lex.muscle_re.search(s.text) or lex.region_re.search(s.text):
        return False
    at = s.start + m.start()
    return bool(_TONE_NEAR.search(transcript.turns[s.turn].text, max(0, at - 120), at + 120))


#: "And a stiff knee in a twenty-two-year-old puts stress on the hip": any stiff knee,
#: the subject of a general statement ("you have a stiff knee" is the patient's).
_A_STIFF = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?an?\s+stiff$", re.IGNORECASE)
_FEELS = re.compile(r"\bfeels?\s+(?:\w+\s+)?$", re.IGNORECASE)
_MOVES_FULLY = re.compile(
    r"\b(?:(?:the joint(?: itself)?|it) (?:moves|goes)|(?:they're|they are|the joints are) "
    r"moving|(?:they|the joints) (?:move|go)) (?:fully|all the way)\b",
    re.IGNORECASE,
)


def _not_joint_stiffness(
    s: Sentence,
    m: re.Match[str],
    after: list[Sentence],
    transcript: Transcript,
    *,
    rigid: bool,
) -> bool:
    """A "stiff" or "stiffness" that is not the joint's own finding (M25.6-)."""
    text, start, end = s.text, m.start(), m.end()
    if _MUSCLE_STIFF.search(text, max(0, start - 15), end + 15):
        return True  # "the muscle healed short and stiff": the contracture
    if _ARTHRITIC_BEFORE.search(text[:start]) or _IS_ARTHRITIS.match(text, end):
        # "knee osteoarthritis with morning stiffness", "the morning stiffness is the
        # osteoarthritis": the arthritis's own sign
        return True
    if _tone(s, m, after):
        return True
    if _A_STIFF.match(text[:end]):
        return True  # "And a stiff knee in a twenty-two-year-old puts stress on the hip"
    turn = transcript.turns[s.turn].text
    if _STIFF_CONDITION.search(turn, max(0, s.start + start - 200), s.start + end + 200):
        return True  # "polymyalgia ... it causes aching and stiffness"
    if _STIFF_TISSUE.match(text, end) or _GUARDED.search(text[:end]):
        return True  # "stiff fibrous tissue"; "you're holding it stiff": guarding
    if rigid and not lexicon().region_re.search(text):
        return True  # "she's seeing something real, the stiffness" (rigidity named)
    if _FEELS.search(text[:start]) and _MOVES_FULLY.search(turn, s.start + end):
        # "It feels stiff because it hurts. But the joint itself moves fully.": the
        # feeling explained; "It's stiffness of the shoulder ... it moves fully when I
        # move it" is the diagnosis, passive range full.
        return True
    # "the hip is stiff because it's arthritic": a sign integral to the arthritis
    # (guideline I.B.5); "stiffness of the knee" is the clinician's diagnosis and stays.
    return m.group(1).lower() == "stiff" and _ARTHRITIC.search(text) is not None


def _tone(s: Sentence, m: re.Match[str], after: list[Sentence]) -> bool:
    """Stiffness the clinician puts down to muscle tone, in its sentence or the next,
    or names beside it ("the spasticity, the stiffness and jumping in the leg")."""
    if _FROM_TONE.match(s.text, m.end()) or _TONE_BEFORE.search(s.text[: m.start()]):
        return True
    if _TONE_AFTER.match(s.text, m.end()):
        return True
    nxt = after[0] if after else None
    return nxt is not None and nxt.turn == s.turn and bool(_TONE_IS.match(nxt.text))


def _side(word: str) -> Laterality:
    w = word.lower()
    if w in ("right", "left"):
        return w  # type: ignore[return-value]
    return "bilateral"


#: "same as the left", "compared with your right side": the reference side.
_REFERENCE_SIDE = re.compile(
    r"\b(?:same as|compared (?:to|with)|than|versus|vs\.?|like|equal to|symmetric with|"
    r"matching|match)\s+(?:on\s+)?(?:the\s+|your\s+|his\s+|her\s+|their\s+|my\s+)?$|"
    # "plantarflexion zero to twenty-five versus fifty on the right": the other side's value
    r"\b(?:versus|vs\.?|compared (?:to|with))\s+(?:[\w-]+\s+){1,3}(?:on|for)\s+(?:the\s+)?$|"
    # "thumb abduction limited to about half of the left side": a share of the other side
    r"\b(?:half|quarter|third|thirds|percent|fraction) of (?:the|your|his|her|their)\s+$",
    re.IGNORECASE,
)
#: "rotation to the left", "tilts right", "deviates toward the right": a direction of
#: movement, not a side of the body.
_DIRECTION_SIDE = re.compile(
    r"\b(?:rotat\w*|turn\w*|tilt\w*|bend\w*|flexion|deviat\w*|lean\w*|look\w*|shift\w*|"
    r"glance\w*|drift\w*)\s+(?:to\s+|toward\s+|towards\s+)?(?:the\s+|your\s+|his\s+|her\s+)?$"
    r"|\b(?:head|neck|chin|face)\s+(?:to|toward|towards)\s+(?:the\s+)?$"
    r"|^\W*(?:now\s+|and\s+)?(?:to|toward|towards)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


#: "I'm bending the left knee": the part moved, not a direction of movement.
_PART_NEXT = re.compile(
    r"\s+(?:knees?|legs?|arms?|elbows?|wrists?|ankles?|hips?|shoulders?|feet|foot|hands?|"
    r"thighs?|calf|calves|fingers?|toes?|thumbs?)\b",
    re.IGNORECASE,
)


def _body_sides(text: str, *, ruled_out: bool = False) -> list[re.Match[str]]:
    """Side words of `text` that say where a finding may be: not a reference or a
    direction, nor a side said to be sound, denied or put to use. A sound side is
    where a rule-out is (`ruled_out`): "left hamstrings normal, no contracture"."""
    return [
        m
        for m in _SIDE.finditer(text)
        if not _elsewhere(text, m.start(), m.end(), sound_counts=ruled_out)
    ]


#: "that's right", "all right", "right here", "right where the plate goes": the word,
#: not a side.
_AFFIRMED = re.compile(r"\b(?:that's|that is|thats|all|yeah|yes|exactly)\W*$", re.IGNORECASE)
#: "He's right.", "you're right,": someone is correct, not a side.
_CORRECT_SUBJECT = re.compile(
    r"\b(?:you're|you are|he's|he is|she's|she is|they're|they are|you were|he was|she was)\s+$",
    re.IGNORECASE,
)
_SAID_ALONE = re.compile(r"\s*(?:[.!?,;]|$)")
#: The words after "right" that make it no side: an adverb ("right here", though "on
#: the right after six weeks" is a side, see `_ON_THE`) or the noun it qualifies ("the
#: right thing").
_RIGHT_ADVERB = re.compile(
    r"\s+(?:here|there|now|away|where|when|after|before|at|on|in|into|through|around|"
    r"next|below|above|under|over|behind|along|about|back|up|down|off|across|against|"
    r"underneath|beneath|beside|onto|inside|outside|between|toward|towards|past)\b",
    re.IGNORECASE,
)
#: "short of a right angle", "the right thing", "on the right track"
_RIGHT_NOUN = re.compile(
    r"\s+(?:angles?|thing|things|way|direction|track|idea|word|words|spot|person|answer|"
    r"amount|size|fit|choice|call|decision)\b",
    re.IGNORECASE,
)


#: "Three, chronic contracture, unchanged": a new problem in a dictated list, whose
#: place is not the previous item's ("Two, ... mild bilateral ankle edema").
_NEW_ITEM = re.compile(
    r"^\W*(?:one|two|three|four|five|six|seven|eight|first|second|third|fourth|fifth|next|"
    r"number \w+|#?\d{1,2})\s*[,.:)]\s",
    re.IGNORECASE,
)
#: A sentence about what is normal or ruled out: its sides are not a finding's.
_SOUND_REMARK = re.compile(
    r"\b(?:no|not|normal|fine|full|fully|all the way|neither|either)\b", re.IGNORECASE
)
#: "rotation right thirty, left thirty-five": a side followed by its measure is a
#: direction of movement when the finding is in the neck or trunk.
_MEASURED = re.compile(rf"\W+(?:about\s+|maybe\s+|only\s+)?{MEASURE_START}", re.IGNORECASE)


def _of_trunk(text: str) -> bool:
    """Whether `text` names a neck or trunk muscle or region: the only sentences whose
    side words can be an other-site finding's."""
    lex = lexicon()
    return any(
        lex.muscles[m.group(1).lower()][1] == "other site" for m in lex.muscle_re.finditer(text)
    ) or any(
        lex.regions[m.group(1).lower()][0] == "other site" for m in lex.region_re.finditer(text)
    )


#: "the right elbow, sorry, left", "the left, sorry, the right ankle": a side taken back
#: and corrected in the same breath.
_RETRACTED = re.compile(
    r"(?:\W+\w+){0,2}?\W+(?:sorry|i mean|correction|rather|make that|strike that|scratch that)"
    r"\W+(?:the\s+|no\W+)?(?:right|left)\b",
    re.IGNORECASE,
)
#: "No contracture at the left elbow": the side of a rule-out, sound.
_NONE_AT = re.compile(
    r"\bno (?:\w+ )?(?:contractures?|spasms?|cramps?|tightness|stiffness|shortening)\s+"
    r"(?:at|in|of|on)\s+(?:the\s+|his\s+|her\s+|your\s+)?$",
    re.IGNORECASE,
)
#: "Right." said alone: an acknowledgement ("Right. Now I'm feeling the neck muscles").
_RIGHT_ALONE = re.compile(r"\W*right\W*", re.IGNORECASE)
#: "Right, so the basal joint ...", "Right, okay.": an acknowledgement opening a sentence.
_RIGHT_ACK = re.compile(
    r"\s*,\s*(?:so|okay|ok|yes|yeah|good|well|now|and|i|we|let's|that's|then|exactly|the|"
    r"you|your|it's|he|she|they|a|an|sure|got)\b",
    re.IGNORECASE,
)
#: "What's left is the capsule": what remains.
_WHATS = re.compile(r"\bwhat(?:'s| is| was)\s+$", re.IGNORECASE)
#: "Kim's right, it doesn't change with the knee": someone named is correct.
_NAME_IS = re.compile(
    r"\b(?!(?:Patient|Pt|Mom|Dad|Mother|Father|Son|Daughter|Wife|Husband|Doctor)'s)"
    r"[A-Z][a-z]+'s\s+$"
)
_REMAINING = re.compile(r"\b(?:no|any|some|nothing|slack|room|time|much|little)\s+$", re.I)
_LEFT_FOR = re.compile(r"\s+(?:for|over|behind|alone|to)\b", re.IGNORECASE)


def _not_a_side(text: str, start: int, end: int) -> bool:
    if text[start:end].lower() == "left":
        # "there's no slack left for the knee", "What's left is the capsule": what
        # remains, not a side
        return bool(
            _REMAINING.search(text[max(0, start - 12) : start]) and _LEFT_FOR.match(text, end)
        ) or bool(_WHATS.search(text[max(0, start - 12) : start]))
    if text[start:end].lower() != "right":
        return False
    return bool(
        _AFFIRMED.search(text[max(0, start - 12) : start])
        or (
            (
                _CORRECT_SUBJECT.search(text[max(0, start - 12) : start])
                or _NAME_IS.search(text[max(0, start - 16) : start])
            )
            and _SAID_ALONE.match(text, end)
        )
        or _RIGHT_NOUN.match(text, end)
        or (_RIGHT_ADVERB.match(text, end) and not _ON_THE.search(text, 0, start))
        or _RIGHT_ALONE.fullmatch(text)
        or (not text[:start].strip() and _RIGHT_ACK.match(text, end) is not None)
    )


def _elsewhere(text: str, start: int, end: int, *, sound_counts: bool = False) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(
        _not_a_side(text, start, end)
        or _RETRACTED.match(text, end)
        or _REFERENCE_SIDE.search(before)
        or (_DIRECTION_SIDE.search(before) and not _PART_NEXT.match(text, end))
        or _NOT_THIS_SIDE.search(before)
        or (not sound_counts and (_SOUND_SIDE.match(text, end) or _NONE_AT.search(before)))
        or _BRAIN_SIDE.match(text, end)
        # "right-hand dominant", "put your right hand on your biceps"
        or _HANDED.match(text, end) is not None
        or _HELD.search(text, 0, start) is not None
    )


def _nearest_side(
    s: Sentence, pos: int, end: int, *, ruled_out: bool = False
) -> tuple[Laterality, Evidence] | None:
    """The side word closest before `pos` (or right after `end`) in the sentence,
    skipping reference sides ("same as the left") and directions ("rotation to the
    left")."""
    sides = _body_sides(s.text, ruled_out=ruled_out)
    before = [m for m in sides if m.end() <= pos]
    after = next((m for m in sides if m.start() >= end), None)
    if after is not None and before and _VALUE_SIDE.match(s.text, after.end()):
        # "Bilateral ankle plantarflexion contractures, gastrocnemius and soleus, right
        # dorsiflexion minus 10, left minus 5": the side of a value, not of the finding
        after = None
    if (
        ruled_out
        and after
        and after.start() - end < 20
        and _side(after.group(1)) == "bilateral"
        and not (before and _BOTH_PARTS.match(s.text, after.start()))
    ):
        # "right fifteen, no calf contracture on either side": the rule-out's own quantifier
        return "bilateral", s.evidence(after.start(), after.end())
    if before:
        m = before[-1]
        if not re.search(r"\b(?:and|but)\b|[,;]", s.text[m.end() : pos]) or pos - m.end() < 12:
            return _side(m.group(1)), s.evidence(m.start(), m.end())
    if after and after.start() - end < 20:
        return _side(after.group(1)), s.evidence(after.start(), after.end())
    if before:
        m = before[-1]
        return _side(m.group(1)), s.evidence(m.start(), m.end())
    return None


#: "Left shoulder and both knees without contracture": "both" of other parts, not the
#: quantifier of a rule-out whose own side was said before it.
_BOTH_PARTS = re.compile(r"(?:both|either|neither)\s+(?!sides?\b)\w+", re.IGNORECASE)
_VALUE_SIDE = re.compile(
    r"\s+(?:dorsiflexion|plantarflexion|flexion|extension|abduction|adduction|rotation|"
    r"supination|pronation|popliteal angle|lacks|lacking|minus)\b",
    re.IGNORECASE,
)
#: "I didn't find a contracture anywhere else": no place in particular.
_ANYWHERE = re.compile(r"\b(?:anywhere|elsewhere|everywhere)\b", re.IGNORECASE)
_SPLIT_NT = re.compile(r" (?=n't\b)")


def _joined_contractions(transcript: Transcript) -> tuple[Transcript, dict[int, list[int]]]:
    """ACI-style transcripts split contractions ("it is n't the joint", "do n't"): joined
    here so every rule reads "isn't". Returns the joined transcript and, per turn, where
    in the joined text a space was taken out, to map evidence back (`_verbatim`)."""
    removed: dict[int, list[int]] = {}
    turns = []
    for i, t in enumerate(transcript.turns):
        at = [m.start() - k for k, m in enumerate(_SPLIT_NT.finditer(t.text))]
        if at:
            removed[i] = at
            t = t.model_copy(update={"text": _SPLIT_NT.sub("", t.text)})
        turns.append(t)
    if not removed:
        return transcript, removed
    return transcript.model_copy(update={"turns": tuple(turns)}), removed


def _verbatim(
    found: Extraction, transcript: Transcript, removed: dict[int, list[int]]
) -> Extraction:
    """Evidence offsets and quotes of the transcript as written (`_joined_contractions`)."""

    def quote(ev: Evidence | None) -> Evidence | None:
        if ev is None or ev.turn not in removed:
            return ev
        at = removed[ev.turn]
        start = ev.start + bisect_right(at, ev.start)
        end = ev.end + bisect_left(at, ev.end)
        said = transcript.turns[ev.turn].text[start:end]
        return ev.model_copy(update={"start": start, "end": end, "quote": said})

    findings = []
    for f in found.findings:
        update: dict[str, object] = {
            "evidence": {k: quote(v) for k, v in f.evidence.items()},
            "rom": tuple(r.model_copy(update={"evidence": quote(r.evidence)}) for r in f.rom),
        }
        if f.etiology is not None:
            update["etiology"] = f.etiology.model_copy(
                update={"evidence": quote(f.etiology.evidence)}
            )
        findings.append(f.model_copy(update=update))
    return found.model_copy(update={"findings": tuple(findings)})


class RulesExtractor:
    """Deterministic offline extractor (satisfies `scribe.extract.protocol.Extractor`).

    Stateless: one instance is shared by the eval runner's and the service's threads,
    so per-transcript facts (the visit's side) are locals, never attributes."""

    backend = "rules"

    def extract(self, transcript: Transcript) -> Extraction:
        spoken, removed = _joined_contractions(transcript)
        found = self._extract(spoken)
        return _verbatim(found, transcript, removed) if removed else found

    def _extract(self, transcript: Transcript) -> Extraction:
        all_sents = sentences(transcript.turns)
        visit_side = _visit_side(all_sents)
        region_sides = _region_sides(all_sents)
        sents = [
            d
            for s in all_sents
            if not _INSTRUCTION.search(s.text) and (d := _before_definition(s)) is not None
        ]
        mentions: list[_Mention] = []
        rigid = any(s.role == "clinician" and _RIGIDITY.search(s.text) for s in sents)
        for i, s in enumerate(sents):
            for ftype, trigger in _TRIGGERS.items():
                for m in trigger.finditer(s.text):
                    if s.role != "clinician" and ftype not in _PATIENT_MAY_REPORT:
                        continue
                    if hypothetical(s.text, m.start()) or question(s.text, m.start()):
                        continue
                    spoken = transcript.turns[s.turn].text
                    at = s.start + m.start()
                    if spoken.count('"', 0, at) % 2 or spoken.count("“", 0, at) > spoken.count(
                        "”", 0, at
                    ):
                        # 'your primary care sent you over for, let me see, "right ring
                        # finger contracture."': a referral read aloud, not a finding
                        continue
                    around = (max(0, m.start() - 1), min(len(s.text), m.end() + 1))
                    if _QUOTED.fullmatch(s.text, *around):
                        continue  # '"Tight" is the right word. "Contracture" isn't.': the word
                    if _led_away(ftype, s.text, m.start()):
                        continue  # "it feels like a cramp", "your sister's muscle", ...
                    if (
                        ftype in ("cramp", "spasm", "stiffness")
                        and m.group(1).lower() not in ("cramp", "spasm", "stiff")
                        and _HEADING_THE.match(s.text[: m.start()])
                        and _HEADING_COMMA.match(s.text, m.end())
                    ):
                        continue  # "And the cramps at night, let's see ...": a topic
                    if _ECHO.match(s.text[: m.start()]) and re.fullmatch(r"\W*", s.text[m.end() :]):
                        continue  # "The charley horse.": the patient's word said back
                    renamed = _RENAMED.match(s.text, m.end())
                    if (
                        ftype in ("cramp", "spasm")
                        and renamed is not None
                        and not _TRIGGERS[ftype].fullmatch(renamed.group(1))
                        and not negated(s.text, m.start())
                    ):
                        continue  # "the charley horses, those are leg cramps": renamed
                    if _TOPIC_AFTER.match(s.text, m.end()):
                        continue  # "So I can answer your cramp question.": a topic
                    if _BY_REPORT.match(s.text, m.end()):
                        continue  # "labs for nocturnal calf cramps by report": not confirmed
                    if (
                        ftype in ("cramp", "spasm")
                        and _PLAN_FOR.search(s.text, 0, m.start())
                        and re.match(r"\s*,", s.text[m.end() :])
                    ):
                        continue  # "for the cramps, labs in the morning": a plan's heading
                    if ftype == "contracture" and (
                        _NOT_OURS.search(s.text[max(0, m.start() - 30) : m.end() + 10])
                        or _dupuytren_finger(s.text, m.start())
                    ):
                        continue
                    if (
                        ftype == "contracture"
                        and m.group(1).lower() == "contracted"
                        and _IN_SPASM.search(s.text)
                        and not negated(s.text, m.start())
                    ):
                        continue  # "a tender, contracted knot, still in spasm"
                    if ftype == "contracture" and _in_joint_rule_out(s.text, m.start()):
                        # "So it's the hamstrings on both sides, the knee joints themselves
                        # are not contracted": the joint's rule-out, not the hamstrings'
                        continue
                    if ftype in ("weakness", "stiffness") and instruction(s.text):
                        continue
                    if ftype == "stiffness" and _not_joint_stiffness(
                        s, m, sents[i + 1 : i + 2], transcript, rigid=rigid
                    ):
                        continue
                    if (
                        ftype == "spasm"
                        and not negated(s.text, m.start())
                        and _spastic(s, m, transcript)
                    ):
                        continue  # "more spasms, more tone": spasticity, not M62.83
                    refuted = ftype == "weakness" and _refuted_weakness(
                        s, m, sents[max(0, i - 60) : i]
                    )
                    if (
                        ftype == "weakness"
                        and not refuted
                        and not (
                            _MUSCLE_CONTEXT.search(s.text) or lexicon().muscle_re.search(s.text)
                        )
                    ):
                        continue
                    if ftype == "weakness" and not refuted and not _GENERALIZED.search(s.text):
                        continue
                    said = _with_list(s, m, sents[i + 1 :], transcript)
                    mentions.extend(
                        self._mentions(
                            ftype,
                            said,
                            m,
                            sents[max(0, i - 2) : i],
                            visit_side,
                            earlier=sents[max(0, i - 8) : max(0, i - 2)],
                            region_sides=region_sides,
                        )
                    )
            if s.role == "clinician":
                ruled = self._rule_outs(s, sents[max(0, i - 2) : i], visit_side, transcript)
                mentions.extend(ruled)
                blamed = _blamed_muscle().search(s.text)
                near = [*sents[max(0, i - 2) : i], *sents[i + 1 : i + 3]]
                if blamed and _differential(s, ruled, near, transcript):
                    # "so the knees themselves aren't contracted, on either side. it's the
                    # hamstrings.": the muscle named as the answer is the contracture.
                    mentions.extend(
                        self._mentions(
                            "contracture", s, blamed, sents[max(0, i - 2) : i], visit_side
                        )
                    )
        allied = frozenset(
            i for i, t in enumerate(transcript.turns) if _ALLIED.match(t.speaker.strip("[] "))
        )
        physician_spoke = any(s.role == "clinician" and s.turn not in allied for s in sents)
        findings = _merge(
            _unplaced_stiffness(
                _at_reported_place(
                    _one_refuted_lookalike(_site_rule_outs(_corrected(mentions, sents))), sents
                )
            ),
            allied,
            physician_spoke=physician_spoke,
        )
        findings = _attach_rom(findings, _carry_joint(_measurements(sents)))
        visit_etiology = _etiology(sents)
        treatment = _treatment(sents)
        out: list[Finding] = []
        for f in findings:
            update: dict[str, object] = {}
            if f.negated:
                # Stiffness is a symptom, not a diagnosis one rules out: "the elbow was
                # stiff, and that's gone" leaves nothing to list; but a stiffness refuted
                # as the diagnosis ("This isn't stiffness, it's a contracture") is listed.
                if f.finding != "stiffness":
                    out.append(f)
                elif _refuted_stiffness(f, transcript) and not any(
                    g.negated and g.tissue == "joint capsule" and g.region == f.region
                    for g in findings
                    if g.finding == "contracture"
                ):
                    # "it moves well, it's not stiff. so it's not the ankle joint": the
                    # denial is part of the joint's rule-out, listed once as that
                    out.append(f)
                continue
            # A contracture takes the visit's cause (the clinician's causal statement
            # anywhere); a look-alike only a cause said with it ("stiffness of the
            # wrist following a sprain"), since the visit's cause is the contracture's.
            if f.finding == "contracture":
                etiology = visit_etiology
            else:
                etiology = _etiology(_own_sentences(f, sents), causal_only=True)
            if etiology is not None:
                update["etiology"] = etiology
                ev = dict(f.evidence)
                if etiology.evidence is not None:
                    ev["etiology"] = etiology.evidence
                update["evidence"] = ev
            if f.finding == "contracture" and treatment:
                update["prior_treatment"] = treatment
            out.append(f.model_copy(update=update) if update else f)
        return Extraction(findings=tuple(out), backend="rules")

    def _rule_outs(
        self,
        s: Sentence,
        context: list[Sentence],
        visit_side: tuple[Laterality, Evidence] | None,
        transcript: Transcript,
    ) -> list[_Mention]:
        """The clinician's rule-outs said without a finding word: a muscle examined and
        found not short ("the calf is supple"), muscles ruled out as the contracted
        structure ("it's not the muscles"), and joints ruled out ("not capsular")."""
        out: list[_Mention] = []
        for m in _RULED_OUT.finditer(s.text):
            if _OTHER_TISSUE.search(s.text, max(0, m.start() - 30), m.start()):
                continue  # "the graft is supple", "cmc joints supple": not a muscle
            found = self._mentions(
                "contracture", s, m, context, visit_side, negate=True, muscle_rule_out=True
            )
            out.extend(x for x in found if x.muscle or x.muscle_said)
        for m in _muscle_not().finditer(s.text):
            if not question(s.text, m.start()):
                out.extend(
                    self._mentions(
                        "contracture", s, m, context, visit_side, negate=True, muscle_rule_out=True
                    )
                )
        for m in _joint_rule_outs(s, transcript):
            if not question(s.text, m.start()):
                found = self._mentions(
                    "contracture", s, m, context, visit_side, negate=True, joint_rule_out=True
                )
                if found and all(x.weak_site or x.joint is None for x in found):
                    found = _joint_named_ahead(found[0], s, transcript) or found
                out.extend(found)
        return out

    def _mentions(
        self,
        ftype: FindingType,
        s: Sentence,
        m: re.Match[str],
        context: list[Sentence],
        visit_side: tuple[Laterality, Evidence] | None,
        *,
        negate: bool = False,
        joint_rule_out: bool = False,
        muscle_rule_out: bool = False,
        earlier: list[Sentence] | None = None,
        region_sides: Mapping[str, tuple[Laterality, Evidence]] | None = None,
    ) -> list[_Mention]:
        lex = lexicon()
        trigger = s.evidence(m.start(), m.end())
        is_neg = negate or negated(s.text, m.start())
        # Spasm, cramp and weakness are a muscle's, whatever joint the sentence names.
        capsule = (
            None
            if muscle_rule_out or ftype in ("spasm", "cramp", "weakness")
            else (
                (m if joint_rule_out else None)
                or _CAPSULE.search(s.text)
                or _JOINT_ITSELF.search(
                    s.text, max(0, m.start() - 40), min(len(s.text), m.end() + 40)
                )
            )
        )
        if capsule and not is_neg and _ruled_out_here(s.text, capsule.start()):
            capsule = None  # "a contracture of the cuff muscles, not the capsule"
        if capsule and not joint_rule_out and _MUSCLE_NAMED.search(s.text, 0, m.start()):
            # "it's not a capsular contracture, and it's not a muscle contracture either":
            # each trigger has its own tissue word
            capsule = None
        sheath = None if muscle_rule_out else _SHEATH.search(s.text)
        tissue: Tissue = "joint capsule" if capsule else "tendon sheath" if sheath else "muscle"
        base = _Mention(ftype, s, trigger, tissue=tissue, negated=is_neg)
        said = _MUSCLE_WORD.search(s.text, max(0, m.start() - 20), m.end() + 20)
        base.muscle_said = said is not None
        base.joint_ruled_out = joint_rule_out
        muscles_out = m.re is _muscle_not()
        if muscles_out:
            base.muscles_ruled_out = base.muscle_said = True
        base.evidence["finding"] = trigger
        if muscle_rule_out:
            base.evidence["tissue"] = trigger
        elif capsule:
            base.evidence["tissue"] = s.evidence(capsule.start(), capsule.end())
        elif sheath:
            base.evidence["tissue"] = s.evidence(sheath.start(), sheath.end())
        clause = _clause(s, m.start(), m.end())
        if muscle_rule_out:
            clause = _conclusion(clause, m.start() - (clause.start - s.start))
        found = self._anatomy(base, clause)
        if (
            is_neg
            and _HAND_AND_WRIST.search(clause.text)
            and any(x.region == "hand" for x in found)
        ):
            # "Hand and wrist, no contracture.": the hand, said with the wrist it hangs from
            found = [x for x in found if x.joint != "wrist"]
        if not found and joint_rule_out and clause.text != s.text:
            # "The knee joint itself feels fine, and the end feel is muscular, not
            # capsular": the joint of its own sentence before the sentences before.
            found = [x for x in self._sites(base, s) if x.joint]
            for x in found:
                x.weak_site = True
        elif not found and clause.text != s.text and (is_neg or _ITEM.match(s.text)):
            # "the forearm muscles, the ones that bend the wrist, are tight from tone, but
            # they haven't shortened", "Right ring finger: contracture of the flexor tendon
            # sheath": the anatomy of its own sentence, before earlier ones.
            found = self._anatomy(base, s)
            for x in found:
                x.weak_site = True
        if not found and not _NEW_ITEM.match(s.text):
            for c in reversed(context):
                # "Is it the knee joint?" "The joint feels fine.": the joint asked about
                asked = (joint_rule_out and c.text.rstrip().endswith("?")) or (
                    ftype == "weakness" and is_neg and _WEAK.search(c.text) is not None
                )
                if not is_neg and _another_finding(c, ftype):
                    # "Acute low back muscle spasm, bilateral lumbar paraspinals. Chronic
                    # muscle contracture since the accident.": that place is the spasm's.
                    continue
                if not is_neg and _NORMAL_EXAM.search(c.text):
                    # "Diabetic foot exam normal. Muscle contracture, secondary to ...": a
                    # normal exam of another part does not place the finding
                    continue
                if ftype == "weakness" and is_neg and not asked:
                    # "Calves are soft. No weakness on exam.": a weakness ruled out with
                    # no place is placed only by a sentence about weakness
                    continue
                if c.role == "clinician" or c.turn == s.turn or asked:
                    found = self._anatomy(base, c)
                    if found:
                        # "... the subscapularis and the cuff. Those have shortened too.":
                        # one more finding, placed by the sentence before it
                        more = not is_neg and c.turn == s.turn and _ALSO.search(s.text)
                        for x in found:
                            x.weak_site = not more
                        break
        if not found and base.tissue == "tendon sheath" and earlier:
            # "what you've got is a contracture of the flexor tendon sheath" after the
            # exam of the "right ring finger": a sheath lies in the digit examined.
            for c in reversed(earlier):
                if c.role == "clinician":
                    found = [
                        x for x in self._sites(base, c) if x.region in ("hand", "ankle and foot")
                    ]
                    if found:
                        for x in found:
                            x.weak_site = True
                        break
        if not found and earlier and any(_THAT_MUSCLE.search(c.text) for c in (*context, s)):
            # "That's the subscapularis." ... "that muscle was held short ... It's
            # shortened. We call that a contracture of the muscle.": the muscle last named.
            for c in reversed(earlier):
                if c.role == "clinician" and lex.muscle_re.search(c.text):
                    found = [x for x in self._anatomy(base, c) if x.muscle]
                    for x in found:
                        x.weak_site = True
                    break
        if (
            is_neg
            and _ANYWHERE.search(s.text)
            and (len({x.region for x in found}) >= 3 or any(x.weak_site for x in found))
        ):
            # "full range of the shoulders, elbows, hips and knees, no contractures
            # anywhere" rules out one thing, not six, and no place in particular; without
            # "anywhere" each place listed is ruled out ("Ankles, knees and hips: none of
            # the joints is contracted").
            base.anywhere = True
            found = [base]
        elif not found:
            found = [base]
        if muscles_out and not lex.muscle_re.search(m.group(0)) and not _THOSE.search(m.group(0)):
            for x in found:
                x.generic = True
        general = _generalized(ftype, s, context, is_neg)
        for x in found:
            if general is not None:
                # Generalized weakness (M62.81) is of both sides and no one site by
                # definition, whatever muscle group is weaker ("except that left ankle").
                x.laterality, x.region, x.joint, x.muscle = "bilateral", "unspecified", None, None
                for k in ("region", "joint", "muscle"):
                    x.evidence.pop(k, None)
                x.evidence["laterality"] = general
            if x.laterality == "unspecified":
                side = own = _nearest_side(s, m.start(), m.end(), ruled_out=x.negated)
                if side is None and not _NEW_ITEM.match(s.text):
                    for c in reversed(context):
                        if not x.negated and _SOUND_REMARK.search(c.text):
                            continue  # "Both sides go all the way, no contracture in either"
                        hit = next(
                            (
                                h
                                for h in _body_sides(c.text, ruled_out=x.negated)
                                if x.region != "other site"
                                or (_of_trunk(c.text) and not _MEASURED.match(c.text, h.end()))
                            ),
                            None,
                        )
                        if hit and c.role == "clinician":
                            side = (_side(hit.group(1)), c.evidence(hit.start(), hit.end()))
                            break
                far = side is None
                if side is None and region_sides and x.region in region_sides:
                    side, far = region_sides[x.region], False
                if side is None:
                    side = visit_side
                if side is not None and (x.region != "other site" or not far):
                    x.laterality, x.evidence["laterality"] = side
                    x.weak_side = x.laterality != "unspecified" and side is not own
        del lex
        return found

    def _anatomy(self, base: _Mention, s: Sentence) -> list[_Mention]:
        """One mention per muscle (or region/joint word) named in the sentence."""
        lex = lexicon()
        out: list[_Mention] = []
        if base.tissue == "joint capsule" or base.finding == "stiffness":
            # A capsular contracture is placed by the joint said with it ("a capsular
            # contracture of the knee joint, hamstrings supple"), not by the muscles, and
            # so is a stiff joint ("stiffness of the right knee ... the quads are weak").
            sites = self._sites(base, s)
            joints = [x for x in sites if x.joint]
            if joints:
                return joints
            if base.finding == "stiffness":
                # "stiffness with pain, probably some irritation of the rotator cuff
                # tendons": a muscle named beside stiffness is not where it is
                return sites
        asserted = not base.negated
        sheath = base.tissue == "tendon sheath"
        for mm in lex.muscle_re.finditer(s.text):
            if _NOT_THE_MUSCLE.match(s.text, mm.end()):
                continue  # "good biceps recovery", "a hamstring graft": not the muscle itself
            if asserted and _cleared(s.text, mm):
                # "capsular contracture, hamstrings not contributing"; "contractures in two
                # areas: ...; and right gastrocnemius-soleus, ..., left calf without
                # contracture"
                continue
            muscle, region = lex.muscles[mm.group(1).lower()]
            if region == "hand" and muscle.startswith("intrinsic") and _FOOT_SAID.search(s.text):
                # "the small muscles inside the foot, the intrinsics": the foot's
                muscle, region = "intrinsic foot muscles", "ankle and foot"
            x = _copy(base)
            x.muscle = muscle
            ev = s.evidence(mm.start(), mm.end())
            x.evidence["muscle"] = ev
            if region != "unspecified":
                x.region = region  # type: ignore[assignment]
                x.evidence["region"] = ev
            if region == "unspecified" or sheath:
                # An ambiguous muscle (muscle-regions.csv, ambiguous=YES) lies where the
                # clinician says: "the flexor pollicis longus in the forearm".
                # A joint word says what the muscle limits, not where it lies ("the
                # hand" and "the foot" are both). A tendon sheath lies where its tendon
                # runs, not where its muscle is: "the flexor hallucis longus tendon
                # sheath at the ankle", "ring finger, flexor digitorum ... repair".
                for rm in lex.region_re.finditer(s.text):
                    where, joint = lex.regions[rm.group(1).lower()]
                    if _POSITIONAL.match(s.text, rm.end()):
                        continue  # "in the back of the lower leg": a side of the part
                    if not joint or joint in ("hand", "foot", "other") or sheath:
                        x.region = where  # type: ignore[assignment]
                        x.evidence["region"] = s.evidence(rm.start(), rm.end())
                        break
            _apply_side(x, s, mm.start(), mm.end())
            out.append(x)
        if out:
            if base.tissue == "joint capsule":
                out = [_joint_of(x, s) for x in out]
            elif base.negated:
                out += _joint_listed_after(base, s, out[-1].evidence["muscle"].end - s.start)
            return out
        return self._sites(base, s)

    def _sites(self, base: _Mention, s: Sentence) -> list[_Mention]:
        """One mention per region or joint word the finding is said of."""
        lex = lexicon()
        out: list[_Mention] = []
        joint_rule_out = base.negated and base.tissue == "joint capsule"
        for rm in _site_words(
            s,
            base.trigger,
            skip_manoeuvres=joint_rule_out,
            sheath=base.tissue == "tendon sheath",
        ):
            region, joint = lex.regions[rm.group(1).lower()]
            x = _copy(base)
            ev = s.evidence(rm.start(), rm.end())
            # "the small muscles of the left foot": a muscle finding at a region.
            # A stiff joint is the joint's finding whatever muscles the sentence mentions;
            # a contracture is the muscles' when they are named with the site.
            near = s.text[max(0, rm.start() - 30) : rm.end() + 30]
            muscular = (
                base.finding == "contracture"
                and base.tissue == "muscle"
                and (
                    base.muscle_said
                    or _MUSCLE_WORD.search(near) is not None
                    or _MUSCLE_OF.search(s.text) is not None
                )
            )
            jointed = joint and joint != "other" and base.tissue != "tendon sheath" and not muscular
            if jointed and base.negated and _bare_hand_or_foot(joint, s.text, rm.start(), rm.end()):
                jointed = False  # "no contracture in the hand": the region's muscles
            if jointed and base.finding in ("contracture", "stiffness"):
                # "a left knee contracture": ICD-10-CM index, Contracture, joint.
                # A stiff joint is the joint's own finding (M25.6-): its tissue is the
                # joint capsule, as for a joint contracture.
                x.tissue = "joint capsule"
                x.joint = joint  # type: ignore[assignment]
                x.evidence["joint"] = ev
            spasm_at_joint = base.finding in ("spasm", "cramp") and (
                _JOINT_WORD.match(s.text, rm.end()) or joint in ("ankle", "knee", "elbow", "wrist")
            )
            # "it's the muscle that's shortened, it's not the knee joint": the muscles
            # that move the joint ruled out
            muscle_not_joint = (
                muscular and not base.negated and joint and _in_joint_rule_out(s.text, rm.start())
            )
            if (
                base.muscles_ruled_out or muscular or spasm_at_joint or muscle_not_joint
            ) and joint in _MOVERS:
                # A spasm or cramp "at the ankle joint" is in the muscles that move it, and
                # so is a muscle said short at a joint ("the motion stops at the ankle
                # because the muscle is short").
                # "the knee joint, not the muscles", "a contracture of the knee joint, the
                # capsule. Not a muscle contracture.": the muscles that move the knee
                region = _MOVERS[joint]
            x.region = region  # type: ignore[assignment]
            x.evidence["region"] = ev
            _apply_side(x, s, rm.start(), rm.end())
            out.append(x)
        return _dedupe_regions(out)


#: "the back of your shoulder", "the front of the thigh": a side of a region, not
#: the back; "wrist flexion": a motion measured, not the site of the finding.
_BODY_BACK = re.compile(
    r"\b(?:the|my|your|his|her|their|low|lower|upper|mid|middle|whole|entire|of)\s+$", re.I
)
_EXAMINERS = re.compile(r"\b(?:my|our)\s+(?:own\s+)?$", re.IGNORECASE)
_DISTANCE = re.compile(
    r"\b(?:\d+|few|couple of|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand)[\s-]*$",
    re.IGNORECASE,
)
_DOMINANT = re.compile(r"(?:-|\s+)dominant\b", re.IGNORECASE)
_IMAGING = re.compile(
    r"\s*(?:x-?rays?|films?|ct|mri|ultrasound|radiographs?|imaging|scans?)\b", re.IGNORECASE
)
#: "the muscles on the left side of your neck, from here down to the top of the
#: shoulder": the upper trapezius, a neck muscle reaching the shoulder's top.
_TOP_OF = re.compile(r"\btops? of (?:the|your|his|her|their)\s+$", re.IGNORECASE)
_NECK = re.compile(r"\bneck\b", re.IGNORECASE)
#: "the joint under the ankle", "the bone below the knee": a place found by another
#: ("the muscles behind your thighs" are in the thighs).
_LANDMARK = re.compile(
    r"\b(?:joints?|bones?)\s+(?:under|below|above|beneath|behind|beside|next to)"
    r"\s+(?:the|your|his|her|their)\s+$",
    re.IGNORECASE,
)
#: "when the wrist is back", "once the knee is straight": a position a sign is seen in.
_WHEN_THE = re.compile(r"\b(?:when|once|if) (?:the|your|his|her) $", re.IGNORECASE)
_HELD_AS = re.compile(
    r"\s+(?:is|are|'s)\s+(?:back|bent|straight|extended|flexed|up|down|cocked)\b", re.I
)
_GAIT = re.compile(r"\s*-?\s*walk(?:er|ers|ing|s)?\b", re.IGNORECASE)
_POSED = re.compile(
    r"\s+(?:(?:pointed|turned|rolled|tucked)\s+(?:down|up|in|out|under)|(?:straight|bent),)", re.I
)
#: "the muscle of your thumb, in the left hand, has shortened": muscle said of the place.
_MUSCLE_OF = re.compile(r"\bmuscles? (?:of|in) (?:the|your|his|her|their)\b", re.IGNORECASE)
_CONTRACTURE_NEXT = re.compile(r"\s+contractures?\b", re.IGNORECASE)
_PART_AT = re.compile(
    r"\b(?:capsule|joint|knee|elbow|heel|thigh|leg|arm|calf|shoulder|hand|foot|wrist|ankle)s?"
    r"\s+(?:at|in|on)\s+the\s+$",
    re.IGNORECASE,
)
_POSITIONAL = re.compile(r"\s+of\b", re.IGNORECASE)
_MOTION_AFTER = re.compile(
    r"(?:\s+and\s+(?:mcp|mp|pip|dip|finger|fingers|toe|toes|elbow|wrist|knee|hip|ankle))?"
    r"\s+(?:flexion|extension|dorsiflexion|plantarflexion|abduction|adduction|rotation|"
    r"supination|pronation|range|motion|rom)\b",
    re.IGNORECASE,
)
#: "the wrist and finger flexor muscles": a muscle group named by what it moves; the
#: bellies lie elsewhere (the forearm), so the part moved is not the site.
_ACTION_GROUP = re.compile(
    r"(?:\s+and\s+\w+)?\s+(?:flexors?|extensors?|abductors?|adductors?|rotators?|"
    r"dorsiflexors?|plantarflexors?|pronators?|supinators?)\b",
    re.IGNORECASE,
)
#: "they've shortened and they pull the toes down", "the small muscles inside the foot,
#: the ones that curl the toes": the part a muscle moves.
_MOVED = re.compile(
    r"\b(?:pulls?|pulling|pulled|drags?|dragging|draws?|drawing)\s+(?:the|your|his|her|their)\s+$|"
    r"\b(?:ones?|muscles?|that|which)\s+(?:that\s+)?(?:curl|bend|flex|straighten|extend|lift|"
    r"point|hold|turn|move)s?\b[^,.;]*$",
    re.IGNORECASE,
)
#: Parts named as a position, a hand asked for or an extent, not as the site.
_HELD = re.compile(
    r"\b(?:with|against) (?:your|the|his|her|their|my) $|"
    # "Susan, feel this with me. Put your hand here.": a hand asked for, not examined
    r"\b(?:put|place|lay|rest|give me) (?:your|his|her) $|"
    # "along the side of your neck, going down toward the shoulder": the extent
    r"\b(?:toward|towards|down to|up to|into)\s+(?:the|your|his|her)\s+$|"
    # "it wouldn't matter what the wrist was doing": a position the test varies
    r"\b(?:matter|regardless of) (?:what|where|how) (?:the|your|his|her) $|"
    # "Pointed toes are when it likes to cramp": a posture
    r"\b(?:pointed|curled) $",
    re.IGNORECASE,
)
#: Words that join a list of sites: "the hamstrings and calves", "knee, ankle", "at the
#: elbow or at the wrist".
_LIST_GAP = re.compile(
    r"^\W*(?:and|or|nor|&|,)?\s*(?:(?:at|in|of|on)\s+)?(?:the\s+|both\s+)?(?:right\s+|left\s+)?$",
    re.I,
)


#: "No hand contracture, elbow joint not the limiting structure": the joint word is
#: the elbow's, not the hand's.
def _bare_hand_or_foot(joint: str, text: str, start: int, end: int) -> bool:
    """ "hand" and "foot" name a joint only with the word ("the hand joints are fine");
    ruled out without it ("no contracture in the hand") they are the region's muscles."""
    near = text[max(0, start - 30) : end + 30]
    return joint in ("hand", "foot") and "joint" not in _OTHER_JOINT.sub("", near)


_OTHER_JOINT = re.compile(r"\b(?:shoulder|elbow|wrist|hip|knee|ankle)\s+joints?\b", re.I)
#: "the wrist joint", "knee joints": a part named as a joint.
_JOINT_WORD = re.compile(r"\s+joints?\b", re.IGNORECASE)
#: "if I flex the shoulder forward", "when the wrist is flexed": a joint put in a
#: position to test another one.
_POSITION_AFTER = re.compile(r"[\s-]+(?:position|positions|positioning)\b", re.IGNORECASE)
#: "Left forearm, palm up, all the way": a palm turned is a position, not the hand.
_FOOT_MOVES = re.compile(
    r"\s+(?:comes?|came|goes|went|gets|bends?|points?)\s+(?:\w+\s+)?(?:up|down)\b", re.I
)
_PALM_TURNED = re.compile(r"\s+(?:up|down|facing)\b", re.IGNORECASE)
_WITH_BARE = re.compile(r"\bwith\s+$", re.IGNORECASE)
_MEASURED_AT = re.compile(
    r"\b(?:dorsiflexion|plantarflexion|flexion|extension|rotation|abduction|adduction|"
    r"degrees?),?\s+$",
    re.IGNORECASE,
)
_MANOEUVRE_BEFORE = re.compile(
    r"\b(?:flex|extend|bend|straighten|raise|lift|rotate|bring|turn|hold|tilt|support)\w*\s+"
    r"(?:the|your|his|her|their)\s+$|"
    # "Tightness increases with hip flexion": what the test changes
    r"\b(?:increases?|worsens?|worse|improves?|better|decreases?|changes?|corrects?|"
    r"resolves?)\s+(?:\w+\s+){0,2}?with\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_MANOEUVRE_AFTER = re.compile(
    r"(?:\s+|-)(?:(?:is\s+|was\s+|held\s+)?(?:flexed|bent|extended|straightened|raised)|"
    r"position|positions|dependent)\b",
    re.I,
)


def _differential(
    s: Sentence, ruled: list[_Mention], near: list[Sentence], transcript: Transcript
) -> bool:
    """Whether `s` answers a differential: a joint ruled out in it or in the sentences
    around it in the same turn, and no finding word of its own ("it's the hamstrings")."""
    if any(
        not _in_joint_rule_out(s.text, m.start())
        for t in _TRIGGERS.values()
        for m in t.finditer(s.text)
    ):
        return False
    if any(x.tissue == "joint capsule" and x.negated for x in ruled):
        return True
    return any(
        c.turn == s.turn and c.role == "clinician" and _joint_rule_outs(c, transcript) for c in near
    )


_NOT_JUST = re.compile(
    r"\b(?:isn't|is not|it's not|not)\s+(?:just\s+|simple\s+|simply\s+|only\s+|plain\s+)?$",
    re.IGNORECASE,
)


def _refuted_stiffness(f: Finding, transcript: Transcript) -> bool:
    """A stiffness the clinician denies: "It's not stiff.", "not just stiffness"."""
    ev = f.evidence.get("finding")
    if ev is None:
        return False
    text = transcript.turns[ev.turn].text
    return _NOT_JUST.search(text[max(0, ev.start - 25) : ev.start]) is not None


#: "Hand and wrist, no contracture.": the hand with the wrist it hangs from, one place
#: (`_mentions`).
_HAND_AND_WRIST = re.compile(r"\b(?:hands? and wrists?|wrists? and hands?)\b", re.IGNORECASE)


def _refuted_weakness(s: Sentence, m: re.Match[str], before: list[Sentence]) -> bool:
    """ "Is the thumb weak too?" "No, the strength is fine ... It's not weak.": weakness
    of a part someone else raised, which the clinician denies, is a ruled-out finding."""
    return (
        s.role == "clinician"
        and negated(s.text, m.start())
        and (
            any(
                c.role != "clinician" and c.turn >= s.turn - 4 and _WEAK.search(c.text)
                for c in before
            )
            # "So, you said your legs feel weak. ... I don't think this is true weakness.",
            # "so when you say your leg feels weak, it isn't actually weakness"
            or any(c.turn == s.turn and _YOU_SAID_WEAK.search(c.text) for c in before)
            or _YOU_SAID_WEAK.search(s.text, 0, m.start()) is not None
            # "Any weakness?" ... "So no weakness.", "I feel like he's gotten weaker" ...
            # "I'm not finding any weakness": a question or a worry answered by the exam
            or any(
                c.turn >= s.turn - 12
                and (c.role != "clinician" or c.text.rstrip().endswith("?"))
                and (w := _WEAK.search(c.text)) is not None
                and not negated(c.text, w.start())
                for c in before
            )
            # "So no weakness.", "So I don't see any weakness today": a conclusion;
            # "about the weakness question: no, you're not weak": an answer
            or _CONCLUDED.match(s.text) is not None
            or _SO_NOT.search(s.text, 0, m.start()) is not None
            or _WEAK_QUESTION.search(s.text) is not None
        )
        and not _FOCAL.search(s.text, 0, m.start())
    )


_CONCLUDED = re.compile(r"\W*so\b", re.IGNORECASE)
#: "Strength is five out of five, so this isn't weakness.": a conclusion in the sentence
_SO_NOT = re.compile(
    r",\s*so\s+(?:(?:this|it|that|there)(?:'s| is)?\s+)?(?:isn't|is not|not|no)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_WEAK_QUESTION = re.compile(r"\bweakness question\b|\bquestion about (?:the )?weakness\b", re.I)
#: "no focal weakness": a neurological exam remark, not generalized weakness refuted.
_FOCAL = re.compile(r"\bfocal\s+$", re.IGNORECASE)


#: "your strength is five out of five in both legs, everything": a strength exam of
#: the whole body (with `_GENERALIZED`, which has "arms and legs").
_WHOLE_EXAM = re.compile(
    r"\bboth (?:legs|arms|sides)\b|\beverything\b|\blegs and arms\b",
    re.IGNORECASE,
)


def _generalized(
    ftype: FindingType, s: Sentence, context: list[Sentence], negated: bool
) -> Evidence | None:
    """Where weakness is said to be generalized: in its own sentence, or, for weakness
    the clinician refutes, in the strength exam just before in the same turn ("your
    strength is five out of five in both legs, everything. So ... it isn't actually
    weakness.")."""
    if ftype != "weakness":
        return None
    general = _GENERALIZED.search(s.text)
    if general is not None:
        return s.evidence(general.start(), general.end())
    if negated:
        own = _WHOLE_EXAM.search(s.text)
        if own:
            # "So I don't see any weakness today, strength looks normal on both sides"
            return s.evidence(own.start(), own.end())
        for c in reversed(context):
            whole = c.turn == s.turn and (_GENERALIZED.search(c.text) or _WHOLE_EXAM.search(c.text))
            if whole:
                return c.evidence(whole.start(), whole.end())
    return None


_YOU_SAID_WEAK = re.compile(
    r"\byou (?:said|say|mentioned|mention|told me|asked)\b[^.?!]*\bweak", re.IGNORECASE
)
_WEAK = re.compile(r"\bweak(?:er|ness)?\b", re.IGNORECASE)


def _another_finding(c: Sentence, ftype: FindingType) -> bool:
    """Whether `c` states a finding of another type than `ftype`."""
    return any(
        other != ftype and any(not negated(c.text, m.start()) for m in trigger.finditer(c.text))
        for other, trigger in _TRIGGERS.items()
    )


def _site_words(
    s: Sentence, trigger: Evidence, *, skip_manoeuvres: bool = False, sheath: bool = False
) -> list[re.Match[str]]:
    """The region words a finding is said of: the one nearest its trigger and those
    listed with it. Other region words in the clause name other things (a joint
    "supple with wrist flexion", "the back of the shoulder"); for a joint rule-out
    (`skip_manoeuvres`), a joint moved to test the muscle ("if I flex the shoulder,
    it gets better, so it's the muscle, not the joint") is not the joint ruled out. A
    tendon sheath lies where its tendon runs (`sheath`): "the ring finger flexor tendon
    sheath" is in the finger, though "finger flexors" name forearm muscles."""
    lex = lexicon()
    found: list[re.Match[str]] = []
    for rm in lex.region_re.finditer(s.text):
        word = rm.group(1).lower()
        before, after = s.text[: rm.start()], s.text[rm.end() :]
        if word in ("back", "front") and _POSITIONAL.match(after):
            continue
        if word == "back" and not _BODY_BACK.search(before):
            continue  # "the cramps are back", "come back": not the body part
        if word in ("back", "front") and _PART_AT.search(before):
            continue  # "the capsule at the back has scarred": a side of the part named
        motion = _MOTION_AFTER.match(after)
        if motion and _CONTRACTURE_NEXT.match(s.text, rm.end() + motion.end()):
            motion = None  # "left knee flexion contracture": the knee is the site
        if motion and skip_manoeuvres and lex.regions[word][1]:
            motion = None  # "elbow extension lacks forty, joint not limiting": that joint
        if motion or (_ACTION_GROUP.match(after) and not sheath):
            continue
        if _HELD.search(before) or _MOVED.search(before):
            continue  # "with your hand across your belly": a position, not the site
        if (_WITH_BARE.search(before) or _MEASURED_AT.search(before)) and _MANOEUVRE_AFTER.match(
            after
        ):
            # "fifteen degrees with knee extended", "Dorsiflexion knee extended five
            # degrees": a test position
            continue
        if word.startswith("shoulder") and _TOP_OF.search(before) and _NECK.search(s.text):
            continue  # "your neck, down to the top of the shoulder": the neck muscles
        if _WHEN_THE.search(before) and _HELD_AS.match(after):
            continue  # "so when the wrist is back the tendon is on tension": a position
        if _LANDMARK.search(before):
            continue  # "the joint under the ankle, the subtalar joint": a landmark
        if _IMAGING.match(after):
            continue  # "repeat chest x-ray ordered": a study, not a site
        if _POSITION_AFTER.match(after):
            continue  # "no change with hip position": a position the test varies
        if _GAIT.match(after) or _POSED.match(after):
            continue  # "a habitual toe walker", "the foot pointed down": gait, posture
        if word in ("feet", "foot") and _DISTANCE.search(before):
            continue  # "walking about fifty feet": a distance
        if _DOMINANT.match(after):
            continue  # "right-hand-dominant": handedness, not the hand
        if word in ("foot", "feet", "toes") and _FOOT_MOVES.match(after):
            continue  # "If your foot comes up a lot more with the knee bent": the motion
        if word in ("palm", "palms") and _PALM_TURNED.match(after):
            continue  # "Left forearm, palm up, all the way": a position
        if s.role == "clinician" and _EXAMINERS.search(before):
            continue  # "I can feel it tighten under my fingers": the examiner's hand
        if skip_manoeuvres and (_MANOEUVRE_BEFORE.search(before) or _MANOEUVRE_AFTER.match(after)):
            continue
        found.append(rm)
    if len(found) <= 1:
        return found
    if trigger.turn == s.turn and s.start <= trigger.start <= s.end:
        at = trigger.start - s.start
    else:
        at = len(s.text)  # a sentence before the trigger: its last words are nearest
    near: list[int] = list(range(len(found)))
    if skip_manoeuvres:
        # "the wrist joint glides normally when I support the fingers ..., so the joint
        # isn't the limiter": the joint named as a joint
        named = [i for i in near if _JOINT_WORD.match(s.text, found[i].end())]
        near = named or near
    nearest = min(near, key=lambda i: abs(found[i].start() - at))
    lo = hi = nearest
    while lo > 0 and _LIST_GAP.match(s.text[found[lo - 1].end() : found[lo].start()]):
        lo -= 1
    while hi < len(found) - 1 and _LIST_GAP.match(s.text[found[hi].end() : found[hi + 1].start()]):
        hi += 1
    return found[lo : hi + 1]


#: ", and of the right pronator teres" continues a list; ", and the knee joints move
#: freely" starts another statement, and so does what a finding will do ("That's a
#: muscle spasm, that'll settle as the shoulder moves better").
_CLAUSE_BREAK = re.compile(
    r",\s*(?:and(?!\s+of\b)|but|while|whereas|so)\b|\b(?:but|whereas|while|because)\b|;|:|"
    r",\s*(?:that|it|they|which)(?:'ll| will| should)\b"
)


#: "Contractures: left biceps, ...", "two contractures on the left: the hamstrings in the
#: thigh and the gastrocnemius in the calf": a trigger heading the list after it.
_HEADING = re.compile(
    r"\s*(?:(?:on|in|of|at)\s+(?:the\s+|both\s+)?(?:right|left|sides?|legs?|arms?)\s*)?:",
    re.IGNORECASE,
)
#: "contractures of the left hamstrings, thigh, and the left gastrocnemius, lower leg":
#: a plural finding lists its places across ", and".
_PLURAL_OF = re.compile(r"s\s+(?:of|in)\s", re.IGNORECASE)
_LIST_BREAK = re.compile(r";|\b(?:but|whereas|while|because)\b")
_OR_AT = re.compile(r"\s+(?:or|and|nor)\s+(?:at|in|of)?\s*(?:the\s+)?", re.IGNORECASE)


def _joint_named_ahead(x: _Mention, s: Sentence, transcript: Transcript) -> list[_Mention]:
    """ "It tells me the joint itself is fine. If the PIP joint capsule were contracted,
    it wouldn't matter where your wrist is": a joint rule-out with no joint of its own
    is said of the joint the clinician names as a joint next in the same turn, before
    any part named earlier (there, a position)."""
    text = transcript.turns[s.turn].text
    rest = Sentence(s.turn, s.end, len(text), text[s.end :], s.role)
    for rm in lexicon().region_re.finditer(rest.text):
        joint = lexicon().regions[rm.group(1).lower()][1]
        if joint and joint != "other" and _JOINT_WORD.match(rest.text, rm.end()):
            y = _copy(x)
            y.joint, y.region, y.weak_site = joint, _JOINT_REGION[joint], True  # type: ignore[assignment]
            y.evidence["joint"] = y.evidence["region"] = rest.evidence(rm.start(), rm.end())
            return [y]
    return []


def _joint_listed_after(base: _Mention, s: Sentence, at: int) -> list[_Mention]:
    """ "no contracture in the forearm muscles or at the wrist": the joint listed right
    after the ruled-out muscles (ending at `at`) is ruled out too, as a capsule."""
    lex = lexicon()
    gap = _OR_AT.match(s.text, at)
    word = lex.region_re.match(s.text, gap.end()) if gap else None
    joint = lex.regions[word.group(1).lower()][1] if word else None
    if word is None or not joint or joint == "other" or base.finding != "contracture":
        return []  # a spasm or cramp is a muscle's: no joint rules one out
    x = _copy(base)
    if _bare_hand_or_foot(joint, s.text, word.start(), word.end()):
        # "Forearm muscles and hand not contracted": the hand's muscles, as "no
        # contracture in the hand" is (`_sites`)
        x.region = lex.regions[word.group(1).lower()][0]  # type: ignore[assignment]
        x.evidence["region"] = s.evidence(word.start(), word.end())
        x.evidence.pop("muscle", None)
        x.muscle = None
    else:
        x.tissue, x.joint = "joint capsule", joint  # type: ignore[assignment]
        x.region = _JOINT_REGION[joint]
        x.evidence["joint"] = x.evidence["region"] = s.evidence(word.start(), word.end())
    _apply_side(x, s, word.start(), word.end())
    return [x]


#: "contractures in three regions", "contractures of the left upper limb, in two places",
#: "contractures from prolonged immobilization in three regions:".
_IN_REGIONS = re.compile(
    r"(?:\s+[\w-]+){0,5}?\s*(?:,?\s+(?:in|of|at)\s+|,\s*)(two|three|four|five|several|multiple|\d)\s+"
    r"(?:regions|sites|places|areas|locations)\b",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
_GROUPS = re.compile(
    r"\b(?:two|three|several)\s+(?:groups of muscles|muscle groups)\s+(?:have\s+|had\s+)?$",
    re.IGNORECASE,
)
#: A list item headed by its place: "Shoulder: subscapularis, ...", "Upper arm: biceps".
_ITEM = re.compile(r"^[A-Za-z][\w ]{0,24}:\s")


def _places_named(text: str) -> set[str]:
    """The regions a text names, by its muscle and region words."""
    lex = lexicon()
    named = {lex.muscles[m.group(1).lower()][1] for m in lex.muscle_re.finditer(text)}
    named |= {lex.regions[m.group(1).lower()][0] for m in lex.region_re.finditer(text)}
    return named - {"unspecified"}


def _with_list(
    s: Sentence, m: re.Match[str], following: list[Sentence], transcript: Transcript
) -> Sentence:
    """A trigger heading a list ("Contractures: left biceps, ...; right gastrocnemius-
    soleus, ...") owns the items the list goes on with after each semicolon."""
    end = s.end
    regions = _IN_REGIONS.match(s.text, m.end())
    if regions:
        # "Contractures in three regions. Shoulder: subscapularis, ... Upper arm: ..."
        word = regions.group(1).lower()
        # "of multiple sites: ...; ...; ...": as many as the items that name a place
        count = int(word) if word.isdigit() else _COUNTS.get(word, len(following))
        indefinite = word not in _COUNTS and not word.isdigit()
        places: set[str] = set()
        for i, nxt in enumerate(following):
            if nxt.turn != s.turn:
                break
            named = _places_named(nxt.text)
            if indefinite and not named:
                break
            if not _ITEM.match(nxt.text):
                # "contractures in several places. The left biceps in the upper arm, the
                # hamstrings in both thighs, and the calf muscles in both lower legs.";
                # "in two places, ... Right shoulder, subscapularis, ... Right forearm
                # wrist flexors, ...": the sentences that name as many places as counted.
                if i > 0 and not places:
                    break
                places |= named
                end = nxt.end
                if len(places) >= count:
                    break
                continue
            end = nxt.end
    elif _GROUPS.search(s.text[: m.start()]) and following and following[0].turn == s.turn:
        # "two groups of muscles shortened. The adductors ..., and the calf muscles ..."
        end = following[0].end
    elif _HEADING.match(s.text, m.end()) and s.text.endswith(";"):
        for nxt in following:
            if nxt.turn != s.turn:
                break
            end = nxt.end
            if not nxt.text.endswith(";"):
                break
    if end == s.end:
        return s
    text = transcript.turns[s.turn].text[s.start : end]
    return Sentence(s.turn, s.start, end, text, s.role)


_ITEM_LEAD = re.compile(r"\s*(?:the\s+)?(?:right\s+|left\s+)?", re.IGNORECASE)
_VERB = re.compile(
    r"\b(?:is|are|was|were|'s|move|moves|feel|feels|look|looks|go|goes|have|has|seem|seems)\b"
    r"|n't\b",
    re.IGNORECASE,
)


def _listed_muscle(text: str, at: int) -> bool:
    """Whether the clause from `at` only names one more muscle, with nothing said of it
    ("..., and the wrist flexors in the forearm, from the stroke"); "..., and hamstring
    flexor spasms" names a finding of its own."""
    lead = _ITEM_LEAD.match(text, at)
    start = lead.end() if lead else at
    clause = re.split(r"[,;.]", text[at:], maxsplit=1)[0]
    return (
        lexicon().muscle_re.match(text, start) is not None
        and not _VERB.search(clause)
        and not any(t.search(clause) for t in _TRIGGERS.values())
    )


def _clause(s: Sentence, start: int, end: int) -> Sentence:
    """The clause around a trigger: anatomy named in another clause ("..., and the
    knee joints themselves move freely") belongs to another statement. A trigger that
    heads a list ("Contractures: left biceps, ...; right gastrocnemius") owns the list."""
    a = 0
    b = len(s.text)
    if (
        _HEADING.match(s.text, end)
        or _IN_REGIONS.match(s.text, end)
        or _GROUPS.search(s.text[:start])
    ):
        for br in _CLAUSE_BREAK.finditer(s.text, 0, start):
            a = br.end()
    else:
        plural = _PLURAL_OF.match(s.text, end - 1) is not None
        for br in _CLAUSE_BREAK.finditer(s.text):
            if br.end() <= start:
                a = br.end()
            elif br.start() >= end and not (plural and not _LIST_BREAK.search(br.group(0))):
                if _listed_muscle(s.text, br.end()):
                    # "left biceps and brachialis contracture, and the wrist flexors in
                    # the forearm, from the stroke": one more muscle, no statement of its own
                    continue
                if br.group(0).lower().endswith("so") and not _MUSCLE_WORD.search(
                    s.text, a, br.start()
                ):
                    # "the muscle's shortened, so Botox won't get the foot up": the foot is
                    # what it does; "the tissues shortened, so the knee can't go straight":
                    # the knee is where
                    continue
                b = br.start()
                break
    text = s.text[a:b]
    lead = len(text) - len(text.lstrip())
    return Sentence(
        s.turn, s.start + a + lead, s.start + a + lead + len(text.strip()), text.strip(), s.role
    )


#: "those have shortened too", "... as well", "also": one more (not "too short").
_FOOT_SAID = re.compile(r"\b(?:foot|feet|toes?|sole|plantar)\b", re.IGNORECASE)
_ALSO = re.compile(r"\b(?:too|as well)\s*(?:[.,;!?]|$)|\balso\b", re.IGNORECASE)
_SO = re.compile(r"(?:^|,\s*|\b)so\b", re.IGNORECASE)


#: Where the muscles that chiefly move a joint lie (hamstrings and quadriceps for the
#: knee, the calf for the ankle), for a joint's muscles ruled out by the joint's name.
_MOVERS: dict[str, Region] = {
    "shoulder": "shoulder",
    "elbow": "upper arm",
    "wrist": "forearm",
    "hand": "hand",
    "hip": "thigh",
    "knee": "thigh",
    "ankle": "lower leg",
    "foot": "ankle and foot",
}


def _conclusion(c: Sentence, at: int) -> Sentence:
    """The conclusion a rule-out at `at` is drawn in: "the end feel is capsular, and it
    doesn't change with the wrist, so the biceps aren't the limit" names the biceps
    alone; the wrist was the maneuver."""
    so = [m for m in _SO.finditer(c.text, 0, at)]
    if not so:
        return c
    a = so[-1].end()
    text = c.text[a:]
    lead = len(text) - len(text.lstrip())
    return Sentence(c.turn, c.start + a + lead, c.start + len(c.text), text.strip(), c.role)


_OTHER_SIDE = re.compile(
    r"\b(?:other|good|normal|unaffected|uninvolved|opposite|same as|compared (?:to|with)|"
    r"versus)\b[\w\s,]*$",
    re.IGNORECASE,
)


_OTHER_LIMB = re.compile(
    r"\b(?:the|your|his|her|my) (?:other|good|unaffected|opposite) "
    r"(?:hand|arm|leg|foot|knee|hip|shoulder|elbow|wrist|ankle|side|one)\b",
    re.IGNORECASE,
)
_SIDE_WORDS_AFTER = re.compile(r"^(?:\W+\w+){0,3}?\W+(?:side|sided|one)\b", re.IGNORECASE)
_OWNED = re.compile(r"\b(?:the|her|his|your|my|their)\s+$", re.IGNORECASE)
_ALONE = re.compile(
    r"\s*(?:[,.;?!]|$|(?:not|is|was|has|been|one|side|too|also|stops|goes|turns|bends|comes|gets|"
    r"moves|lacks|straightens|measures|only)\b)",
    re.I,
)
_ON_THE = re.compile(r"\b(?:on|to|at) (?:the|your|his|her|their|my)\s+$", re.IGNORECASE)


#: Limb words that are no ICD-10-CM region of their own ("the left arm") but say that
#: a side word is a side of the body.
_LIMB = re.compile(
    r"\b(?:arms?|legs?|limbs?|extremit(?:y|ies)|fingers?|thumbs?|toes?|index|pinky|"
    # bones: "the left femur, the thighbone, broke"
    r"femur|tibia|fibula|humerus|radius|ulna|clavicle|thighbone|shinbone|collarbone|"
    r"kneecap|patella|"
    # measurements of a part: "left popliteal angle sixty", "right dorsiflexion ten"
    r"popliteal|dorsiflexion|plantarflexion|straight leg raise|slr)\b",
    re.I,
)
#: "the right side of the brain", "a right MCA stroke": the side of a brain lesion, whose
#: body signs are on the other side; not a side of the limbs.
_BRAIN_SIDE = re.compile(
    r"(?:\W+[\w-]+){0,3}?\W+(?:brain|hemispheres?|hemispheric|cerebral|cerebellar|mca|aca|"
    r"lobe|frontal|parietal|temporal|occipital|thalamic|thalamus|pontine|cortical|cortex)\b",
    re.IGNORECASE,
)


def _said_of_body(text: str, start: int, end: int) -> bool:
    """A side word that names a side of the body: followed within a few words by a
    body part ("left heel", "right calf muscles", "left arm") or "side", or "on the
    right"; never the side of a brain lesion ("right side of the brain")."""
    if _BRAIN_SIDE.match(text, end):
        return False
    if _ON_THE.search(text[max(0, start - 20) : start]):
        return True
    if _OWNED.search(text[max(0, start - 8) : start]) and _ALONE.match(text[end:]):
        return True  # "it's the right, not the left?", "how long has the right been"
    ahead = text[end : end + 40]
    if _SIDE_WORDS_AFTER.match(ahead):
        return True
    lex = lexicon()
    for rx in (lex.region_re, lex.muscle_re, _LIMB):
        hit = rx.search(ahead)
        if hit is not None and len(ahead[: hit.start()].split()) <= 3:
            return True
    return False


#: A side said to be sound ("the left is fine", "left one's my good leg", "left hip
#: with normal range"), denied ("not the left") or used ("light duty with the left
#: hand"): not the side the visit is about.
_SOUND_SIDE = re.compile(
    r"(?:\s+\w+){0,3}?\s*(?:'s|\s+is|\s+are|\s+looks?|\s+moves?|\s+feels?|\s+was)\s+"
    r"(?:\w+\s+)?(?:fine|normal|good|great|healthy|unaffected|perfect|okay)\b|"
    r"(?:\s+\w+){0,4}?\s+with (?:normal|full) range\b|"
    r"(?:\s+\w+){1,2}?\s+(?:normal|unremarkable|unaffected)\s*(?:[.;,]|$)|"
    # "... etiology unknown right side normal calf symptoms ...": unpunctuated speech
    r"\s+side\s+(?:is\s+)?(?:normal|unremarkable|unaffected|fine)\b|"
    r"(?:\s+\w+){1,3}?\s+(?:functioning|doing|working|healing) well\b|"
    r"(?:\s+\w+){0,2}?\s+(?:turns|goes|moves|bends|straightens|comes)\s+(?:up\s+|out\s+)?"
    r"(?:all the way|fully|normally)\b|"
    # "Right forearm, no contracture.": the side examined and cleared
    r"(?:\s+\w+){0,2}?\s*,\s+no (?:contractures?|tightness|shortening)\b",
    re.IGNORECASE,
)
_NOT_THIS_SIDE = re.compile(
    r"\b(?:not|never) (?:the|her|his|my|your)\s+$|\bwith (?:the|your|his|her|my)\s+$|"
    # "right shoulder, which I'll confirm since the referral says left": another's word
    r"\b(?:referral|order|requisition|chart|note|script) (?:says|said|reads|read|has)\s+"
    r"(?:it's\s+|the\s+)?$",
    re.IGNORECASE,
)


#: "Let's do the right calf first, for comparison", "the left arm, since that's your good
#: one": the side examined as the normal reference.
_COMPARED = re.compile(
    r"[^.;?!]{0,40}?\b(?:for comparison|(?:the|your|my|his|her) (?:good|normal|healthy|"
    r"unaffected) (?:one|side|arm|leg|hand|foot))\b|"
    r"(?:\s+\w+){0,2}?\s+first\b",
    re.IGNORECASE,
)


#: Handedness: "a right-hand dominant woman", "left-handed".
_HANDED = re.compile(r"[-\s]+(?:hand(?:ed)?[-\s]+dominant|handed|dominant)\b", re.IGNORECASE)
#: Organs examined with a side of their own, not a limb's.
_ORGAN = re.compile(
    r"\b(?:lungs?|crackles|rales|rhonchi|wheez\w*|breath sounds|lobe|ears?|eardrums?|"
    r"tympanic|eyes?|pupils?|kidneys?|ovar(?:y|ies)|breasts?|carotids?|tonsils?|"
    r"lymph nodes?|upper quadrant|lower quadrant|hearing aids?)\b",
    re.IGNORECASE,
)


def _said_sides(sents: list[Sentence]) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Every "right" or "left" of the visit said of the body, not as another word, a
    direction, a reference or a side said to be sound."""
    for s in sents:
        for m in re.finditer(r"\b(right|left)\b", s.text, re.IGNORECASE):
            if re.match(
                r"\s+(?:now|away|here|there|after|before|then|so|okay)\b", s.text[m.end() :], re.I
            ) and not _ON_THE.search(s.text, 0, m.start()):
                continue  # "right now", "right there", "left after" ("on the right after" is one)
            if _OTHER_SIDE.search(s.text[max(0, m.start() - 25) : m.start()]) or _OTHER_LIMB.search(
                s.text[: m.start()]
            ):
                continue  # "the other arm, the left", "the other hand, ... on the right"
            if s.role != "clinician" and s.text.rstrip().endswith("?"):
                continue  # a patient's "how about the right hand?" asserts nothing
            if _elsewhere(s.text, m.start(), m.end()):
                continue  # "rotation to the left", "the left is fine", "not the left"
            if not _said_of_body(s.text, m.start(), m.end()):
                continue  # "the right target", "you're right": not a side
            if _COMPARED.match(s.text, m.end()):
                continue  # "the right calf first, for comparison", "the left arm, your good one"
            if _ORGAN.search(s.text, max(0, m.start() - 60), m.end() + 20):
                continue  # "a few crackles at the bottom on the right": the lung's side
            yield s, m


#: "Now the other side.", "now the other hand": the examiner turns to the side opposite
#: the one just examined.
_THE_OTHER = re.compile(
    r"\b(?:now|next)\W+(?:to\s+|on\s+)?the other (?:side|hand|arm|leg|foot|knee|ankle|"
    r"elbow|wrist|shoulder|hip|calf|thigh|one)\b",
    re.IGNORECASE,
)


#: "Now the other hand... Equal, and strong.": the other side compared, found alike.
_ALIKE = re.compile(
    r"\b(?:equal|symmetric|strong|normal|same as|the same(?! thing| test| way))\b", re.IGNORECASE
)


def _other_sides(sents: list[Sentence]) -> Iterator[tuple[Laterality, Evidence]]:
    """The side the examiner means by "now the other side": opposite the last side they
    said, unless they find it sound or alike ("now the other hand... equal, and strong")."""
    said: str | None = None
    for i, s in enumerate(sents):
        if s.role != "clinician":
            continue
        other = _THE_OTHER.search(s.text)
        if other and s.text.rstrip().endswith("?"):
            other = None  # "And now the other hand, you had a release there?" asks
        if other and said:
            after = s.text[other.end() :]
            if i + 1 < len(sents) and sents[i + 1].turn == s.turn:
                after += " " + sents[i + 1].text
            if not (_SOUND_REMARK.search(after) or _ALIKE.search(after)):
                yield (
                    ("left" if said == "right" else "right"),
                    s.evidence(other.start(), other.end()),
                )
        for m in re.finditer(r"\b(right|left)\b", s.text, re.IGNORECASE):
            if (
                (other is None or m.start() < other.start())
                and _said_of_body(s.text, m.start(), m.end())
                and not _not_a_side(s.text, m.start(), m.end())
            ):
                said = m.group(1).lower()


def _visit_side(sents: list[Sentence]) -> tuple[Laterality, Evidence] | None:
    """The side the visit is about when a finding's own words do not say: the side
    named most often (right/left); None when never said or on a tie."""
    counts: dict[str, int] = {"right": 0, "left": 0}
    last: dict[str, Evidence] = {}
    for s, m in _said_sides(sents):
        w = m.group(1).lower()
        # The examiner's statements weigh more; a question ("Your right side?") asks.
        counts[w] += 2 if s.role == "clinician" and not s.text.rstrip().endswith("?") else 1
        last[w] = s.evidence(m.start(), m.end())
    for opposite, ev in _other_sides(sents):
        counts[opposite] += 2
        last[opposite] = ev
    if not counts["right"] and not counts["left"]:
        return None
    if counts["right"] == counts["left"]:
        return None
    side: Laterality = "right" if counts["right"] > counts["left"] else "left"
    return side, last[side]


def _region_sides(sents: list[Sentence]) -> dict[str, tuple[Laterality, Evidence]]:
    """The side of each region the visit names on one side only, by a region or muscle
    word right after the side ("the right thigh", "the left side of my neck", "my left
    calf"), not by a joint ("the left hip" may be an old replacement beside a thigh
    muscle finding). Two problems on opposite sides, each said once, each keep theirs."""
    lex = lexicon()
    seen: dict[str, dict[Laterality, Evidence]] = {}
    for s, m in _said_sides(sents):
        if s.text.rstrip().endswith("?"):
            continue
        ahead = s.text[m.end() : m.end() + 40]
        named: tuple[int, str] | None = None
        hit = lex.region_re.search(ahead)
        if hit is not None and len(ahead[: hit.start()].split()) <= 3:
            region, joint = lex.regions[hit.group(1).lower()]
            if not joint or joint == "other":
                named = hit.start(), region
        hit = lex.muscle_re.search(ahead)
        if (
            hit is not None
            and len(ahead[: hit.start()].split()) <= 3
            and (named is None or hit.start() < named[0])
        ):
            named = hit.start(), lex.muscles[hit.group(1).lower()][1]
        if named is not None:
            side = _side(m.group(1))
            seen.setdefault(named[1], {}).setdefault(side, s.evidence(m.start(), m.end()))
    return {region: next(iter(sides.items())) for region, sides in seen.items() if len(sides) == 1}


def _copy(m: _Mention) -> _Mention:
    return _Mention(
        m.finding,
        m.sentence,
        m.trigger,
        m.muscle,
        m.region,
        m.joint,
        m.laterality,
        m.tissue,
        m.negated,
        dict(m.evidence),
        m.weak_side,
        m.weak_site,
        m.anywhere,
        m.muscle_said,
        joint_ruled_out=m.joint_ruled_out,
    )


_PAIRED_PLURAL = re.compile(
    r"(?:hips|knees|ankles|shoulders|elbows|wrists|feet|thighs|forearms|calves|hands)",
    re.IGNORECASE,
)


def _apply_side(x: _Mention, s: Sentence, start: int, end: int) -> None:
    """The side said with the anatomy. For the neck and trunk (other site, whose codes
    have no side) the visit's majority side never counts: only one said in the same
    sentence, of the neck or trunk in the sentences just before, or with the neck or
    trunk where the visit names it on one side only (`_mentions`, `_region_sides`)."""
    side = _nearest_side(s, start, end, ruled_out=x.negated)
    if side is None and _PAIRED_PLURAL.fullmatch(s.text, start, end):
        # "her hips straighten fully, the knees come down to the bed": both of them
        side = "bilateral", s.evidence(start, end)
    if side is not None:
        x.laterality, x.evidence["laterality"] = side


#: Not a rule-out of its own ("left 0 to 145 ..., biceps not contributing" gives no
#: side), but it clears the muscle as an asserted contracture's place.
_NOT_CONTRIBUTING = re.compile(
    r"\b(?:not|isn't|aren't) (?:contributing|involved|contracted)\b|"
    r"\bwithout (?:any |a )?(?:contractures?|tightness|shortening)\b",
    re.IGNORECASE,
)


def _cleared(text: str, mm: re.Match[str]) -> bool:
    """Is the muscle at `mm` ruled out in its own clause ("hamstrings not contributing",
    "not the hamstrings")?"""
    clause = re.split(r"[,.;]", text[mm.end() :], maxsplit=1)[0]
    if _RULED_OUT.search(clause) or _NOT_CONTRIBUTING.search(clause):
        return True
    if _NO_BEFORE.search(text, 0, mm.start()) and _CONTRACTURE_AFTER.match(text, mm.end()):
        return True  # "... ankle joints not limiting no hamstring contracture" (unpunctuated)
    return any(n.start() <= mm.start() < n.end() for n in _muscle_not().finditer(text))


_NO_BEFORE = re.compile(r"\bno\s+$", re.IGNORECASE)
_CONTRACTURE_AFTER = re.compile(r"\s+(?:muscle\s+)?(?:contractures?|tightness|shortening)\b", re.I)


def _joint_of(x: _Mention, s: Sentence) -> _Mention:
    """The joint a capsular finding said with a muscle is at: a joint the sentence says
    it of; for a rule-out without one, the joint measured there that the muscle limits
    ("gastrocnemius contracture, dorsiflexion minus ten ... with the knee extended ...,
    so not a joint contracture": the ankle); else, for an asserted one, any joint word (a
    rule-out's joint moved as a test, "increases with hip flexion", is not its place:
    `_at_chief_joint` places it by the muscle)."""
    lex = lexicon()
    said = [
        (joint, s.evidence(rm.start(), rm.end()))
        for rm in _site_words(s, x.trigger, skip_manoeuvres=x.negated)
        if (joint := lex.regions[rm.group(1).lower()][1]) and joint != "other"
    ]
    if not said and x.negated:
        limits = _LIMITS.get(x.region, frozenset())
        for m in measurements(s):
            motion = re.search(re.escape(m.rom.motion), s.text, re.IGNORECASE)
            if m.rom.joint in limits and motion:
                said = [(m.rom.joint, s.evidence(motion.start(), motion.end()))]
                break
    if not x.negated:
        said += [
            (joint, s.evidence(rm.start(), rm.end()))
            for rm in lex.region_re.finditer(s.text)
            if (joint := lex.regions[rm.group(1).lower()][1])
            and joint != "other"
            and not _POSITION_AFTER.match(s.text, rm.end())
        ]
    if said:
        joint, ev = said[0]
        x.joint = joint  # type: ignore[assignment]
        x.region = _JOINT_REGION[joint]
        x.evidence["joint"] = ev
        x.evidence["region"] = ev
        x.muscle = None
        x.evidence.pop("muscle", None)
    return x


def _dedupe_regions(out: list[_Mention]) -> list[_Mention]:
    """ "the knee ... the thigh": keep one mention per region."""
    seen: dict[tuple[str, str | None], _Mention] = {}
    for x in out:
        seen.setdefault((x.region, x.joint), x)
    return list(seen.values())


#: "... the right gastrocnemius and soleus... scratch that, left, not right.": the
#: clinician corrects the side just said.
_CORRECTION = re.compile(
    r"^\W*(?:scratch that|strike that|correction|i mean|sorry|make that)\W+"
    r"(?:\w+\W+){0,2}?(right|left)\b",
    re.IGNORECASE,
)


def _corrected(mentions: list[_Mention], sents: list[Sentence]) -> list[_Mention]:
    """A side said in a sentence the clinician corrects in the next one takes the
    corrected side."""
    fixes: dict[tuple[int, int], tuple[Laterality, Evidence]] = {}
    for a, b in zip(sents, sents[1:], strict=False):
        if a.turn == b.turn and (c := _CORRECTION.match(b.text)) is not None:
            fixes[(a.turn, a.start)] = (_side(c.group(1)), b.evidence(c.start(1), c.end(1)))
    if not fixes:
        return mentions
    out: list[_Mention] = []
    for x in mentions:
        ev = x.evidence.get("laterality")
        fix = fixes.get((x.sentence.turn, x.sentence.start))
        if fix is not None and ev is not None and x.sentence.start <= ev.start < x.sentence.end:
            x = _copy(x)
            x.laterality, x.evidence["laterality"] = fix
            x.weak_side = False
        out.append(x)
    return out


def _reported_place(sents: list[Sentence], ftype: FindingType) -> tuple[str, Evidence] | None:
    """Where a look-alike was first said to be felt, by anyone ("my right calf cramps when
    I walk"): the region word nearest the first unnegated mention that has one."""
    lex = lexicon()
    for s in sents:
        for m in _TRIGGERS[ftype].finditer(s.text):
            if negated(s.text, m.start()):
                continue
            clause = _clause(s, m.start(), m.end())
            words = [
                (abs(w.start() - (m.start() - (clause.start - s.start))), w, kind)
                for kind, pattern in (("region", lex.region_re), ("muscle", lex.muscle_re))
                for w in pattern.finditer(clause.text)
            ]
            if not words:
                continue
            _, w, kind = min(words, key=lambda t: t[0])
            term = w.group(1).lower()
            region = lex.regions[term][0] if kind == "region" else lex.muscles[term][1]
            if region in ("unspecified", "other site", ""):
                return None
            return region, clause.evidence(w.start(), w.end())
    return None


def _at_reported_place(mentions: list[_Mention], sents: list[Sentence]) -> list[_Mention]:
    """A cramp refuted with no place of its own ("this isn't a muscle cramp") is refuted
    where it was said to be felt."""

    def unplaced(x: _Mention) -> bool:
        return x.negated and x.finding == "cramp" and x.region == "unspecified" and not x.anywhere

    if not any(unplaced(x) for x in mentions):
        return mentions
    place = _reported_place(sents, "cramp")
    if place is None:
        return mentions
    out: list[_Mention] = []
    for x in mentions:
        if unplaced(x):
            x = _copy(x)
            x.region, x.evidence["region"] = place  # type: ignore[assignment]
            x.weak_site = True
        out.append(x)
    return out


def _unplaced_stiffness(mentions: list[_Mention]) -> list[_Mention]:
    """ "This is just you fighting the stiff joint.", "it works better than stretching
    alone when it's gotten this stiff": beside an asserted contracture, a stiffness whose
    own sentence names no place is the contracture's symptom, not a finding placed by the
    sentences around it (as an unplaced one is, see `_symptom_of`)."""
    if not any(m.finding == "contracture" and not m.negated for m in mentions):
        return mentions
    return [m for m in mentions if not (m.finding == "stiffness" and m.weak_site and not m.negated)]


def _one_refuted_lookalike(mentions: list[_Mention]) -> list[_Mention]:
    """A spasm or cramp refuted at a place ("this isn't a spasm in the hamstring"), or
    weakness refuted of the whole body ("No, you're not weak ... full strength in both
    legs and both arms"), is the one the visit refutes: refuting it again later with no
    place of its own ("Not spasm, fixed.", "strength normal, no weakness") does not move
    it to the place the sentences around name."""
    dropped: set[int] = set()
    seen: set[tuple[str, str]] = set()
    for x in sorted(mentions, key=lambda x: (x.sentence.turn, x.sentence.start)):
        if not (x.negated and x.finding in ("spasm", "cramp", "weakness")):
            continue
        # Weakness refuted of the whole body first is the visit's, whatever its side.
        key = (x.finding, "" if x.finding == "weakness" else x.laterality)
        if x.weak_site and key in seen:
            dropped.add(id(x))
        elif x.region != "unspecified" or (x.finding == "weakness" and x.laterality == "bilateral"):
            seen.add(key)
    return [x for x in mentions if id(x) not in dropped]


def _site_rule_outs(mentions: list[_Mention]) -> list[_Mention]:
    """A rule-out with no anatomy of its own ("this isn't a contracture", "Not spasm",
    "capsule not contracted") is said of the finding the clinician is asserting in the
    same turn: it takes that finding's region, side and, for the same tissue, muscle."""
    asserted = [a for a in mentions if not a.negated and a.region != "unspecified"]
    out: list[_Mention] = []
    for x in mentions:
        if x.generic and (x.region == "unspecified" or x.weak_site):
            # "The capsule is tight. It's not the muscles.": the muscles of the finding
            # under discussion, unless that finding is itself muscular ("not the long
            # tendons, it's the intrinsics"): then the place the exam last named.
            a = _asserted_near(replace(x, region="unspecified"), asserted)
            if a is not None and a.tissue != "muscle":
                x = _copy(x)
                x.region = _MOVERS.get(a.joint or "", a.region)
                x.laterality, x.joint, x.weak_site = a.laterality, None, True
                for k in ("region", "laterality"):
                    x.evidence.pop(k, None)
                    if k in a.evidence:
                        x.evidence[k] = a.evidence[k]
                x.evidence.pop("joint", None)
                x.evidence.pop("muscle", None)
                x.muscle = None
                out.append(x)
                continue
        generalized = x.finding == "weakness" and (
            _GENERALIZED.search(x.sentence.text) is not None
            or (x.region == "unspecified" and x.laterality == "bilateral")
        )
        if x.negated and x.region == "unspecified" and not x.anywhere and not generalized:
            # (Generalized weakness is of no one site by definition: see `_mentions`.)
            a = _asserted_near(x, asserted)
            if a is not None:
                own_side = x.laterality != "unspecified" and not x.weak_side
                x = _copy(x)
                x.region = a.region
                if not own_side:
                    # "The right side is soft, no contracture on that side." keeps its side
                    x.laterality, side_ev = _settled_side(a, asserted)
                    if side_ev is not None:
                        x.evidence["laterality"] = side_ev
                for k in ("region", "joint"):
                    if k in a.evidence:
                        x.evidence[k] = a.evidence[k]
                if (
                    "tissue" not in x.evidence
                    and "muscle" not in x.evidence
                    and x.finding in ("contracture", "stiffness")
                ):
                    if x.muscle_said and x.tissue == "muscle" and a.joint:
                        # "not a muscle contracture" of a stiff wrist: the muscles that
                        # move it
                        x.region = _MOVERS.get(a.joint, a.region)
                        x.evidence.pop("joint", None)
                    else:
                        # "no contracture" of a stiff knee: the joint ("the intrinsic
                        # muscles aren't contracted" keeps its own tissue)
                        x.tissue, x.joint = a.tissue, a.joint
                if a.tissue == x.tissue and a.muscle:
                    x.muscle, x.evidence["muscle"] = a.muscle, a.evidence["muscle"]
                x.weak_site = True
        elif x.negated and (a := _placed_by_context(x, asserted)) is not None:
            # "left shoulder stiffness ... right shoulder full range. Not adhesive
            # capsulitis, no joint contracture.": a rule-out placed by the sentence before
            # is said of the finding the clinician states at that place in the same turn.
            x = _copy(x)
            x.laterality = a.laterality
            if "laterality" in a.evidence:
                x.evidence["laterality"] = a.evidence["laterality"]
        elif x.negated and not x.anywhere and (x.laterality == "unspecified" or x.weak_side):
            # "it's the muscle, not the knee joint": the side of the finding discussed
            a = _spanning(x, asserted) or _asserted_near(x, asserted)
            if a is None and x.weak_side:
                # No finding discussed nearby: the side a finding of this region is
                # stated on outranks one carried from the sentences before.
                a = _stated_here(x, asserted)
            side, side_ev = _settled_side(a, asserted) if a is not None else ("unspecified", None)
            if side != "unspecified":
                x = _copy(x)
                x.laterality, x.weak_side = side, False
                if side_ev is not None:
                    x.evidence["laterality"] = side_ev
        out.append(x)
    return [_at_chief_joint(x) for x in out]


#: The joint whose capsule a rule-out placed only by a muscle region is of: the one
#: the region's muscles chiefly move when tested for a contracture.
_CHIEF: dict[str, str] = {
    "shoulder": "shoulder",
    "upper arm": "elbow",
    "forearm": "wrist",
    "hand": "hand",
    "thigh": "knee",
    "lower leg": "ankle",
    "ankle and foot": "foot",
}


def _at_chief_joint(x: _Mention) -> _Mention:
    """ "The subscapularis is tight ... So this is not capsular": a joint-capsule rule-out
    placed only by a muscle region is of the joint that region's muscles chiefly move."""
    if not (x.negated and x.tissue == "joint capsule" and x.joint is None and x.region in _CHIEF):
        return x
    y = _copy(x)
    chief = _CHIEF[x.region]
    y.joint, y.region = chief, _JOINT_REGION[chief]  # type: ignore[assignment]
    return y


def _placed_by_context(x: _Mention, asserted: list[_Mention]) -> _Mention | None:
    """For a rule-out whose place came from an earlier sentence, the finding stated at
    that place in the same turn on another side, whose side the rule-out takes."""
    if not x.weak_site or x.anywhere:
        return None
    a = _asserted_near(x, asserted)
    if (
        a is not None
        and a.region == x.region
        and a.trigger.turn == x.trigger.turn
        and not a.weak_side
        and a.laterality not in ("unspecified", x.laterality)
    ):
        return a
    return None


#: The regions of the muscles that cross each joint: a joint ruled out as the contracted
#: structure is ruled out in favour of a muscle lying in one of them.
_SPANNED: dict[str, frozenset[Region]] = {
    "shoulder": frozenset({"shoulder", "upper arm"}),
    "elbow": frozenset({"upper arm", "forearm"}),
    "wrist": frozenset({"forearm", "hand"}),
    "hand": frozenset({"forearm", "hand"}),
    "hip": frozenset({"thigh"}),
    "knee": frozenset({"thigh", "lower leg"}),
    "ankle": frozenset({"lower leg", "ankle and foot"}),
    "foot": frozenset({"lower leg", "ankle and foot"}),
}


def _spanning(x: _Mention, asserted: list[_Mention]) -> _Mention | None:
    """For a joint ruled out as the structure ("it's the hamstrings, not the knee"),
    the muscle contracture across that joint the clinician states with a side, when
    every such statement gives the same side: the rule-out is the other half of that
    differential, whichever finding happens to be discussed in the nearest turns."""
    if not (x.joint_ruled_out and x.tissue == "joint capsule" and x.joint):
        return None
    near = _SPANNED.get(x.joint, frozenset())
    here = [
        a
        for a in asserted
        if a.finding == x.finding and a.tissue == "muscle" and a.region in near and not a.weak_side
    ]
    sides = {a.laterality for a in here} - {"unspecified"}
    return next(a for a in here if a.laterality in sides) if len(sides) == 1 else None


def _stated_here(x: _Mention, asserted: list[_Mention]) -> _Mention | None:
    """An asserted mention in `x`'s region with a side the clinician stated, when
    every such mention states the same side."""
    here = [a for a in asserted if a.region == x.region and not a.weak_side]
    sides = {a.laterality for a in here} - {"unspecified"}
    return here[0] if len(sides) == 1 else None


def _settled_side(a: _Mention, asserted: list[_Mention]) -> tuple[Laterality, Evidence | None]:
    """The side of `a` once the visit has said it, with the words that say it: a side
    carried from context ("the left arm, all good" ... "the triceps is the problem")
    yields to the one the clinician states for the same finding ("right triceps
    contracture"), and a finding restated without its side ("visible muscle spasm in the
    lumbar paraspinals, both sides" ... "It's an acute lumbar muscle spasm.") keeps the
    side it was stated with."""
    if not a.weak_side and a.laterality != "unspecified":
        return a.laterality, a.evidence.get("laterality")
    stated = [
        m
        for m in asserted
        if not m.weak_side
        and m.laterality != "unspecified"
        and (m.finding, m.region, m.tissue) == (a.finding, a.region, a.tissue)
    ]
    if len({m.laterality for m in stated}) == 1:
        return stated[0].laterality, stated[0].evidence.get("laterality")
    return a.laterality, a.evidence.get("laterality")


def _asserted_near(x: _Mention, asserted: list[_Mention]) -> _Mention | None:
    """The asserted finding nearest in the same turn, else the latest one of the three
    turns before ("...spasm of the lumbar paraspinals." "Is it a contracture?" "No,
    this isn't a contracture."), else the first of the two turns after."""
    turn = x.trigger.turn
    if x.region != "unspecified":
        # "One, the right biceps ...; no joint contracture. Two, the left calf ...": the
        # elbow's rule-out is said of the finding in its own region, when there is one.
        here = [
            a for a in asserted if a.region == x.region and turn - 3 <= a.trigger.turn <= turn + 2
        ]
        asserted = here or asserted
    # "no contracture in the hand. ... that's a muscle spasm in the right lumbar
    # paraspinals": a rule-out belongs to the workup of its own kind of finding.
    kind = [a for a in asserted if a.finding == x.finding and turn - 3 <= a.trigger.turn]
    asserted = kind or asserted
    same = [a for a in asserted if a.trigger.turn == turn]
    if same:
        return min(same, key=lambda a: abs(a.trigger.start - x.trigger.start))
    before = [a for a in asserted if turn - 3 <= a.trigger.turn < turn]
    if before:
        return max(before, key=lambda a: (a.trigger.turn, a.trigger.start))
    # "so it's not the joint capsule ... it's the muscle." then the finding is named
    after = [a for a in asserted if turn < a.trigger.turn <= turn + 2]
    return min(after, key=lambda a: (a.trigger.turn, a.trigger.start), default=None)


def _as_finding(use: list[_Mention], region: str, *, negated: bool) -> Finding:
    """One finding from mentions of it; a side said with the finding outranks one
    carried from elsewhere in the visit, right + left make bilateral."""
    use = sorted(use, key=lambda m: m.weak_side)
    strong = {m.laterality for m in use if not m.weak_side} - {"unspecified"}
    sides = strong or {m.laterality for m in use} - {"unspecified"}
    laterality: Laterality = (
        "bilateral"
        if "bilateral" in sides or {"right", "left"} <= sides
        else next(iter(sides))
        if sides
        else "unspecified"
    )
    first = use[0]
    evidence: dict[str, Evidence] = {}
    for m in use:
        for k, v in m.evidence.items():
            evidence.setdefault(k, v)
    if laterality == "unspecified":
        evidence.pop("laterality", None)
    # The most specific name said: "the left cervical paraspinals" over "paraspinals".
    muscle = max((m.muscle for m in use if m.muscle), key=len, default=None)
    return Finding(
        finding=first.finding,
        muscle=muscle,
        region=region,
        joint=next((m.joint for m in use if m.joint), None),
        laterality=laterality,
        tissue=first.tissue,
        negated=negated,
        evidence=evidence,
    )


def _merge(
    mentions: list[_Mention],
    allied: frozenset[int] = frozenset(),
    *,
    physician_spoke: bool = False,
) -> list[Finding]:
    """Mentions of the same finding at the same place become one finding; right +
    left of one region become bilateral; a negation loses to an assertion, except
    that the examining physician's rule-out outranks what only a nurse or therapist
    (turns in `allied`) asserted ("my eval says flexor tendon contracture" -> "it's
    not a tendon contracture, it's Dupuytren's"), and the physician's finding on the
    other side of the same region corrects the side they said."""
    groups: dict[tuple[str, str, str | None, str], list[_Mention]] = {}
    # A mention placed only by an earlier sentence ("Now the cramps.") is the same
    # finding as one its own words place, when there is one.
    placed = {
        m.finding
        for m in mentions
        if not m.weak_site and not m.negated and m.region != "unspecified"
    }
    mentions = [m for m in mentions if not m.weak_site or m.negated or m.finding not in placed]
    mentions = _refuted_reasons(mentions)
    # "This is a muscle spasm. The gastrocnemius is cramping down and guarding.": the
    # verb describes the spasm stated in the same turn at the same place (or at none).
    spasms = {
        (m.trigger.turn, m.region) for m in mentions if m.finding == "spasm" and not m.negated
    }
    mentions = [
        m
        for m in mentions
        if not (
            m.finding == "cramp"
            and not m.negated
            and m.trigger.quote.lower() == "cramping"
            and {(m.trigger.turn, m.region), (m.trigger.turn, "unspecified")} & spasms
        )
    ]
    # "Bilateral biceps contractures ... The surgeons want the elbow flexion contracture
    # under thirty degrees": a joint named only to say which way the muscle (or tendon
    # sheath) contracture holds it (no capsule or joint word) is that contracture, not a
    # second one.
    muscular = [
        m
        for m in mentions
        if m.finding == "contracture"
        and not m.negated
        and m.tissue in ("muscle", "tendon sheath")
        and not m.weak_site
    ]
    mentions = [
        m
        for m in mentions
        if not (
            m.finding == "contracture"
            and not m.negated
            and m.tissue == "joint capsule"
            and "tissue" not in m.evidence
            and m.joint
            and any(a.region in _SPANNED.get(m.joint, ()) for a in muscular)
        )
    ]
    # Rule-outs are one per region (they have no code to tell ankle from foot): a joint
    # rule-out whose joint went unnamed ("not the joint") or another joint of the region
    # is the one first named there ("not the PIP joint").
    named: dict[tuple[str, str, str], str] = {}
    for m in mentions:
        if m.negated and m.joint:
            named.setdefault((m.finding, m.region, m.tissue), m.joint)
    for m in mentions:
        joint = named.get((m.finding, m.region, m.tissue)) if m.negated else m.joint
        key = (m.finding, m.region, joint, m.tissue)
        groups.setdefault(key, []).append(m)
    # Sides the physician asserts a finding on, per (type, region): a nurse's "her right
    # elbow is getting contracted" is corrected by the exam of the left arm.
    examined: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if not m.negated and m.trigger.turn not in allied and not m.weak_side:
            examined.setdefault((m.finding, m.region), set()).add(m.laterality)
    # Places the physician rules a finding type out at, whatever the tissue said.
    # A joint the physician rules out ("the knee joint isn't the problem") is not the
    # stiff joint a therapist treated either.
    physician_ruled_out = {
        (m.finding, m.region) for m in mentions if m.negated and m.trigger.turn not in allied
    }
    physician_ruled_out |= {
        ("stiffness", m.region)
        for m in mentions
        if m.negated
        and m.finding == "contracture"
        and m.tissue == "joint capsule"
        and m.trigger.turn not in allied
    }
    findings: list[Finding] = []
    for (ftype, region, _joint, _tissue), group in groups.items():
        asserted = [m for m in group if not m.negated]
        if asserted and _no_longer(group, asserted):
            asserted = []
        if asserted and all(m.trigger.turn in allied for m in asserted):
            if ftype in ("cramp", "spasm") and physician_spoke:
                # "He had a cramp in his calf last night, the left one I think": a nurse's
                # report of a symptom the examining physician never takes up
                asserted = []
                if not any(m.negated for m in group):
                    continue
            elif (ftype, region) in physician_ruled_out:
                asserted = []  # a ruled-out stiffness is not listed (see `extract`)
            else:
                said = {m.laterality for m in asserted} & {"right", "left"}
                exam = examined.get((ftype, region), set())
                if said and exam and not said & exam and "bilateral" not in exam:
                    continue
        found = _as_finding(asserted or group, region, negated=not asserted)
        findings.append(found)
        if asserted:
            # "the right hamstrings are tight ... no contracture in the left hamstrings":
            # a rule-out on the other side is a finding of its own.
            covered = {"right", "left"} if found.laterality == "bilateral" else {found.laterality}
            other = [
                m
                for m in group
                if m.negated and not m.weak_side and m.laterality in {"right", "left"} - covered
            ]
            if other:
                findings.append(_as_finding(other, region, negated=True))
    # A rule-out at the place and side of an asserted finding of the same type and
    # tissue is part of it ("the subtalar joint, not the ankle": one foot contracture).
    stated = [f for f in findings if not f.negated]
    findings = [
        f
        for f in findings
        if not f.negated
        or not any(
            (g.finding, g.region, g.tissue) == (f.finding, f.region, f.tissue)
            and (
                g.laterality in (f.laterality, "bilateral", "unspecified")
                or f.laterality == "unspecified"
            )
            for g in stated
        )
    ]
    # An unspecified-region mention is the same finding as a specific one of its type.
    specific = {(f.finding, f.negated) for f in findings if f.region != "unspecified"}
    findings = [
        f for f in findings if f.region != "unspecified" or (f.finding, f.negated) not in specific
    ]
    # Stiffness is the symptom of a contracture when both are said of one place; keep
    # the diagnosis. A stiff wrist beside a quadriceps contracture is its own finding,
    # and so is a stiff knee beside a soleus contracture (the calf limits the ankle).
    contracted = [f for f in findings if f.finding == "contracture" and not f.negated]
    if contracted:
        findings = [
            f for f in findings if f.finding != "stiffness" or not _symptom_of(f, contracted)
        ]
    return findings


_ANYMORE = re.compile(r"\b(?:anymore|any more|no longer)\b", re.IGNORECASE)


#: "here for leg cramps", "referred for a contracture": the reason for the visit; "I
#: was thinking elbow extension contracture, probably capsular": a guess; "it says
#: 'nocturnal leg muscle spasms'", "I have here that you're having leg cramps": a referral
#: or the chart read. Labels the exam may refute or rename.
_REASON = re.compile(
    r"\b(?:here|in|referred|sent|presents?|presenting|comes? in)\s+(?:today\s+)?"
    r"(?:(?:you|him|her|them)\s+)?(?:over\s+)?(?:for|with)\s*,?\s+"
    r"(?:[\w',]+\s+){0,6}$|"
    r"\bcomplain(?:s|ing|t)? of\s+(?:\w+\s+){0,3}$|"
    # "Dr. Fenwick sent you for, uh, it says 'nocturnal leg muscle spasms'", "the triage
    # note says left calf cramp": the referral or the chart
    r"\b(?:it|referral|(?:the|her|his|their|your) (?:[\w-]+ )?(?:note|referral|chart)) "
    r"(?:says|reads)\W+"
    r"(?:[\w']+\W+){0,6}$|"
    # "so, i have here that you're having leg cramps": the chart read aloud
    r"\b(?:i have|i've got|i see|it says) here,? (?:that )?(?:[\w']+\s+){0,5}$|"
    r"\b(?:i was thinking|i thought|i'd thought|i figured|my (?:guess|thought|impression) "
    r"was)\s+(?:\w+\s+){0,4}$|"
    # "... male smoker with type 2 diabetes, reports right calf cramping with walking"
    r"\breports?\s+(?:[\w-]+\s+){0,3}$|"
    # "three days of a charley horse.": the complaint said back
    r"\b(?:days?|weeks?|months?)\s+of\s+(?:an?\s+|the\s+)?$",
    re.IGNORECASE,
)


def _no_longer(group: list[_Mention], asserted: list[_Mention]) -> bool:
    """ "You had a contracture of the right biceps" ... "There's no contracture in the
    biceps anymore": the rule-out said after the history, of the same place, is today's."""
    last = max((m.trigger.turn, m.trigger.start) for m in asserted)
    return any(
        m.negated
        and (m.trigger.turn, m.trigger.start) > last
        and _ANYMORE.search(m.sentence.text) is not None
        for m in group
    )


def _refuted_reasons(mentions: list[_Mention]) -> list[_Mention]:
    """ "Mr. Tran is here for leg cramps" ... "what you're feeling in that right calf is
    not a muscle cramp"; "I was thinking elbow extension contracture, probably capsular"
    ... "this isn't the elbow joint, it's not capsular": the reason for the visit or a
    guess is a label the exam refuted, when the finding is ruled out later (at its place,
    or anywhere if it had none) and not asserted there otherwise."""

    def label(m: _Mention) -> bool:
        return not m.negated and bool(
            _REASON.search(m.sentence.text[: m.trigger.start - m.sentence.start])
        )

    def at(m: _Mention, n: _Mention) -> bool:
        return (
            n.finding == m.finding
            and n.tissue == m.tissue
            and m.region in (n.region, "unspecified")
        )

    def refuted(m: _Mention) -> bool:
        when = (m.trigger.turn, m.trigger.start)
        return any(
            n.negated and (n.trigger.turn, n.trigger.start) > when and at(m, n) for n in mentions
        )

    labels = {id(m) for m in mentions if label(m)}
    stated = [m for m in mentions if not m.negated and id(m) not in labels]

    def renamed(m: _Mention) -> bool:
        # "referred for nocturnal leg spasms" ... "these are cramps": the look-alike the
        # exam names instead, when the label's own type is never stated
        other = {"spasm": "cramp", "cramp": "spasm"}.get(m.finding)
        return (
            other is not None
            and not any(n.finding == m.finding for n in stated)
            and any(n.finding == other and n.trigger.turn > m.trigger.turn for n in stated)
        )

    return [
        m
        for m in mentions
        if not (
            id(m) in labels and (refuted(m) or renamed(m)) and not any(at(m, n) for n in stated)
        )
    ]


#: The joints the muscles of a region chiefly limit: narrower than `_REGION_JOINTS`
#: (where a region's values may be measured), since the calf is tested with the knee
#: straight but a stiff knee is not the calf's sign.
_LIMITS: dict[str, frozenset[str]] = {
    "shoulder": frozenset({"shoulder"}),
    "upper arm": frozenset({"shoulder", "elbow"}),
    "forearm": frozenset({"elbow", "wrist", "hand"}),
    "hand": frozenset({"hand"}),
    "thigh": frozenset({"hip", "knee"}),
    "lower leg": frozenset({"ankle", "foot"}),
    "ankle and foot": frozenset({"ankle", "foot"}),
}


def _symptom_of(stiff: Finding, contracted: list[Finding]) -> bool:
    """Is this stiffness the symptom of a contracture said of the same place?"""
    if stiff.region == "unspecified":
        return True
    for c in contracted:
        if c.region != stiff.region:
            continue
        if c.tissue == "joint capsule":
            return True  # a stiff "ankle" beside a subtalar capsule contracture is its sign
        if stiff.joint is None or stiff.joint in _LIMITS.get(c.region, frozenset()):
            return True
    return False


def _measurements(sents: list[Sentence]) -> list[Measurement]:
    """The clinician's ROM measurements in order; a sentence that only gives a value
    continues the measurement just before it in the same turn."""
    out: list[Measurement] = []
    turn: list[Sentence] = []  # the clinician's sentences so far in this turn
    for s in sents:
        if s.role != "clinician":
            continue
        if turn and turn[-1].turn != s.turn:
            turn = []
        prev = out[-1].rom if out and out[-1].sentence.turn == s.turn else None
        found = measurements(s, prev)
        if found:
            # "Left ankle first. Dorsiflexion, twenty degrees.": a value in a sentence
            # without a side is the side the clinician last turned to in this turn, and
            # "Right elbow. Extension lacks 30." measures the joint just named.
            carried = next(
                (
                    _side(b[-1].group(1))
                    for t in reversed(turn)
                    if (b := _body_sides(t.text, ruled_out=True))
                ),
                None,
            )
            joint = next((j for t in reversed(turn) if (j := named_joint(t)) is not None), None)
            for m in found:
                if m.rom.joint == "unspecified" and joint is not None:
                    m = replace(m, rom=m.rom.model_copy(update={"joint": joint}))
                out.append(replace(m, carried=carried))
        turn.append(s)
    return out


#: "compared with 0 to 60 on the left", "the other side": a reference value.
_COMPARISON = re.compile(
    r"\b(compared (?:with|to)|versus|vs\.?|other side|good side|normal side|uninvolved)\b",
    re.IGNORECASE,
)


def _same_value(a: Rom, b: Rom) -> bool:
    return (a.joint, a.motion, a.degrees, a.lacking) == (b.joint, b.motion, b.degrees, b.lacking)


#: "ten degrees, left forty": a side followed by its own value is the next value's.
_OWN_VALUE = re.compile(r"\s*(?:is\s+|at\s+|to\s+)?-?\d")


def _measured_side(meas: Measurement) -> Laterality | None:
    """The side a value is said for: a side word right after it ("25 degrees on the
    right"), else the last one before it in the sentence."""
    text, at = meas.text or meas.sentence.text, meas.at
    after = _SIDE.search(text, at, min(len(text), at + 30))
    if (
        after is not None
        and not re.search(r"[.;]", text[at : after.start()])
        and not _OWN_VALUE.match(text, after.end())
    ):
        return _side(after.group(1))
    before = [m for m in _SIDE.finditer(text, 0, at)]
    return _side(before[-1].group(1)) if before else meas.carried


def _carry_joint(ms: list[Measurement]) -> list[Measurement]:
    """ "Elbow extension lacks 35. Flexion to 130." measures the elbow twice: a
    motion without its joint takes the joint of the measurement just before it in
    the same turn."""
    out: list[Measurement] = []
    last: Measurement | None = None
    for m in ms:
        if (
            m.rom.joint == "unspecified"
            and last is not None
            and last.sentence.turn == m.sentence.turn
            and last.rom.joint != "unspecified"
        ):
            m = replace(m, rom=m.rom.model_copy(update={"joint": last.rom.joint}))
        out.append(m)
        last = m
    return out


#: Where the muscles lie that a joint's measured motion chiefly tests, best first: for
#: several contractures, elbow extension is the biceps' (upper arm), forearm rotation the
#: pronators' (forearm), knee extension and the popliteal angle the hamstrings' (thigh).
_TESTED_BY: dict[str, tuple[Region, ...]] = {
    "shoulder": ("shoulder", "upper arm"),
    "elbow": ("upper arm", "forearm"),
    "wrist": ("forearm", "hand"),
    "hand": ("hand", "forearm"),
    "hip": ("thigh",),
    "knee": ("thigh", "lower leg"),
    "ankle": ("lower leg", "ankle and foot"),
    "foot": ("ankle and foot", "lower leg"),
}
_ROTATION = re.compile(r"\b(?:supination|pronation)\b", re.IGNORECASE)


def _rank(f: Finding, r: Rom) -> int:
    """How well a finding explains a measurement: its own joint first, then the region
    whose muscles the motion chiefly tests."""
    if f.joint is not None or f.tissue == "joint capsule":
        own = {f.joint} if f.joint else _REGION_JOINTS.get(f.region, set())
        return 0 if r.joint in own else 9
    order = _TESTED_BY.get(r.joint, ())
    if r.joint == "elbow" and _ROTATION.search(r.motion or ""):
        order = ("forearm", "upper arm")
    return 1 + order.index(f.region) if f.region in order else 9


def _attach_rom(findings: list[Finding], ms: list[Measurement]) -> list[Finding]:
    """Each contracture or stiff joint gets the measurements of its joints on its
    side; a value said for the other side, or as a comparison, is left out. A ruled-out
    finding has no ROM of its own: the values that rule it out are normal ranges. With
    several findings, a value goes to the one whose joint it is, else to the one whose
    muscles the motion chiefly tests (`_TESTED_BY`), else to the first."""
    targets = [
        i
        for i, f in enumerate(findings)
        if f.finding in ("contracture", "stiffness") and not f.negated
    ]
    if not targets or not ms:
        return findings
    roms: dict[int, list[Rom]] = {i: [] for i in targets}
    for meas in ms:
        window = (meas.text or meas.sentence.text)[max(0, meas.at - 30) : meas.at]
        if _COMPARISON.search(window) or _NORMAL_RANGE.search(meas.sentence.text):
            continue
        fits: list[tuple[int, int, Rom]] = []
        for i in targets:
            f = findings[i]
            relevant = {f.joint} if f.joint else _REGION_JOINTS.get(f.region, set())
            r = meas.rom
            if r.joint == "unspecified" and len(relevant) == 1:
                r = r.model_copy(update={"joint": next(iter(relevant))})
            if relevant and r.joint not in relevant and r.joint != "unspecified":
                continue
            # Neck and trunk motions are named by direction ("flexion to the left").
            side = None if f.region == "other site" else _measured_side(meas)
            if f.laterality in ("right", "left") and side not in (None, f.laterality, "bilateral"):
                continue  # the other, normal side given for comparison
            fits.append((_rank(f, r), i, r))
        if not fits:
            continue
        _, i, r = min(fits, key=lambda t: (t[0], t[1]))
        # The exam and the dictated assessment often say one value twice.
        if not any(_same_value(r, q) for q in roms[i]):
            roms[i].append(r)
    out = list(findings)
    for i in targets:
        out[i] = findings[i].model_copy(update={"rom": tuple(roms[i])})
    return out


#: "Pronation 80, supination 80, those are normal", "forward flexion full, 175": a
#: normal range measured on the way, not the finding's limitation.
_NORMAL_RANGE = re.compile(
    r"\b(?:(?:those|that|which|these) (?:are|is|'s) (?:normal|fine)|full both sides|"
    r"(?:is|are) full|full range|within normal limits|normal range|that side is fine|is fine|"
    r"that's fine|moves well|same as (?:the|your|his|her) (?:right|left|other)|symmetric)\b"
    r"|,\s*(?:normal|fine)\s*(?:[.;]|$)",
    re.IGNORECASE,
)

_PLANNED = re.compile(
    r"\b(i'?ll|we'?ll|i'?d like|we'?d like|going to|gonna|let'?s|order|recommend|start|try|"
    r"prescribe|get you|if the|would|plan|planning)\b",
    re.IGNORECASE,
)

#: Causes with codes of their own (sequela, manifestation): kept as the condition
#: even when the mechanism (immobilization, surgery) is the category.
_CODABLE = frozenset({"neurogenic", "burn", "trauma"})


def _own_sentences(f: Finding, sents: list[Sentence]) -> list[Sentence]:
    """The sentences a finding's evidence was read from."""
    at = {(e.turn, e.start) for e in f.evidence.values()}
    return [s for s in sents if any(t == s.turn and s.start <= a < s.end for t, a in at)]


def _etiology(sents: list[Sentence], *, causal_only: bool = False) -> Etiology | None:
    """The cause: the clinician's causal statement first, then any mention. A causal
    word scopes over a short list ("after the fracture and the seven weeks in the
    cast"); a device in the plan ("a night splint if stretching isn't enough") is
    treatment, not cause."""
    lex = lexicon()
    best: tuple[int, int, int, Etiology] | None = None
    underlying: tuple[int, str] | None = None
    for order, s in enumerate(sents):
        causes = list(lex.etiology_re.finditer(s.text))
        if not causes:
            continue
        treatments = [(t.start(), t.end()) for t in lex.treatment_re.finditer(s.text)]
        for m in causes:
            if negated(s.text, m.start()) or hypothetical(s.text, m.start()):
                continue
            category: EtiologyCategory = lex.etiology[m.group(1).lower()]  # type: ignore[assignment]
            causal = bool(_CAUSAL.search(s.text[max(0, m.start() - 60) : m.start()]))
            if not causal and (
                causal_only
                or any(a <= m.start() < b for a, b in treatments)
                or _PLANNED.search(s.text)
            ):
                continue
            score = (2 if s.role == "clinician" else 0) + (3 if causal else 0)
            if score == 0:
                continue  # the patient's history in passing ("I broke my wrist in 2016")
            if category == "unknown":
                score += 4  # an explicit "cause isn't clear" is the clinician's conclusion
            rank = lex.priority.index(category)
            cand = Etiology(
                category=category,
                condition=None if category == "unknown" else m.group(1).lower(),
                evidence=s.evidence(m.start(), m.end()),
            )
            key = (score, -rank, -order, cand)
            if best is None or key[:3] > best[:3]:
                best = key
            if (
                category in _CODABLE
                and score >= 5
                and (underlying is None or score > underlying[0])
            ):
                underlying = (score, m.group(1).lower())
    if best is None:
        return None
    chosen = best[3]
    if underlying is not None and chosen.category not in _CODABLE:
        # "after the fracture and seven weeks in the cast": the mechanism is the cast,
        # the condition behind it (with a code of its own) is the fracture.
        chosen = chosen.model_copy(update={"condition": underlying[1]})
    elif chosen.condition in _MECHANISM:
        # "from the spasticity", "after the injury": the disease behind the mechanism
        # is the one the clinician names in the visit ("since the stroke", "C6 SCI").
        named = _named_condition(sents, chosen.category)
        if named is not None:
            chosen = chosen.model_copy(update={"condition": named})
    return chosen


#: Causes that name a mechanism, not the condition behind it.
_MECHANISM = frozenset({"spasticity", "spastic", "injury", "accident", "collision"})
#: Conditions with codes of their own, by category (the checker's etiology-not-coded).
_DISEASE = {
    "neurogenic": re.compile(
        r"\b(stroke|cva|cerebrovascular accident|cerebral palsy|spinal cord injury|"
        r"multiple sclerosis|traumatic brain injury|brain injury|paraplegia|quadriplegia|"
        r"tetraplegia)\b",
        re.IGNORECASE,
    ),
    "trauma": re.compile(r"\b(fracture|fractured)\b", re.IGNORECASE),
}


def _named_condition(sents: list[Sentence], category: str) -> str | None:
    """The first codable condition of `category` the clinician asserts in the visit."""
    pattern = _DISEASE.get(category)
    if pattern is None:
        return None
    for s in sents:
        if s.role != "clinician":
            continue
        for m in pattern.finditer(s.text):
            if not negated(s.text, m.start()) and not hypothetical(s.text, m.start()):
                return m.group(1).lower()
    return None


_PAST = re.compile(
    r"\b(tried|was|were|did|had|has been|have been|before|already|used to|last)\b", re.I
)


def _treatment(sents: list[Sentence]) -> str | None:
    """Prior conservative treatment, as said by anyone: what was tried, not what the
    plan proposes ("we tried a night splint" counts; "I'll order a splint" does not)."""
    lex = lexicon()
    found: list[str] = []
    for s in sents:
        planned = _PLANNED.search(s.text) and not _PAST.search(s.text)
        for m in lex.treatment_re.finditer(s.text):
            if negated(s.text, m.start()) or planned:
                continue
            term = m.group(1).lower()
            if term not in found:
                found.append(term)
    return ", ".join(found) if found else None
