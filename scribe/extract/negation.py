"""A small NegEx-style scope rule for negation and hypotheticals.

Chapman et al. (2001) NegEx: a trigger negates the concepts that follow it within
a window, until a scope terminator ("but", "however", ...). The in-house rule is
used rather than medspaCy's ConText, by measurement (`benchmarks/negation.py`, dev
split, same extractor): negation F1 0.873 vs 0.883, one finding apart, for a cold
start of 20 ms vs 820 ms, which alone would break the 1 s budget of `scribe draft`.
"""

from __future__ import annotations

import re

_PRE = re.compile(
    r"\b(no|not|without|denies|denied|negative for|free of|never|isn't|is not|wasn't|"
    r"hasn't|has not|haven't|have not|didn't|did not|don't have|do not have|"
    r"aren't|are not|don't see|do not see|doesn't have|does not have|no sign of|"
    r"don't feel|do not feel|didn't feel|did not feel|can't feel|cannot feel|"
    r"don't find|do not find|didn't find|did not find|can't find|cannot find|"
    r"no signs of|no evidence of|rule out|ruled out|doubt|"
    r"(?:don't|do not) (?:really |actually |honestly )?think|"
    r"doesn't look like|does not look like|not consistent with|rather than|instead of|"
    # "it's a different thing from a muscle spasm" (a kind; "different from the
    # spasticity on the right" compares two things the patient has)
    r"different (?:thing )?from an?|"
    r"wouldn't call|would not call|wouldn't say|would not say|not calling|neither|nor|nothing|"
    r"not going to call|won't call|will not call|"
    r"don't need|do not need|doesn't mean|does not mean)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(if|could|might|would|risk of|at risk|prevent|preventing|avoid|watch for|"
    r"worried about|concern for|may develop|can develop|in case|unless|whether|"
    r"turn into|turns into|become|becomes|becoming|once|progress to|progresses to|lead to|leads to|"
    r"end up with|develop into|(?:can|could|may|might|will|would) (?:\w+ )?develop|"
    # "when a cramp starts, flex your foot up": any one, whenever it comes
    r"when an?|"
    # "when you have a cramp or a spasm you can usually feel the muscle bunched up"
    r"when (?:you|people|someone|somebody) (?:have|get) an?|"
    # "after a long time in bed people can get contractures": what can happen
    r"(?:can|could|may|might) (?:\w+ )?get|"
    # "it pushes your toes down and that can set off the cramp": what may bring one on
    r"(?:can|could|may|might|will) (?:\w+ )?(?:set off|trigger|bring on|brings on)|"
    r"wouldn't(?! call| say)|would not(?! call| say)|tends? to|the longer|"
    # a diagnosis asked for or written by someone else is reported, not made
    r"requests?|requested|requesting|asks? for|asking for|"
    r"(?:i|we|you|she|he|they) (?:wrote|had written)|"
    # "so you put down leg cramps on the form": the intake form's word
    r"(?:you|she|he|they) (?:put down|listed|checked off|marked)|"
    # "make sure the muscle hasn't shortened, which is what we'd call a contracture"
    r"which is what (?:we'd|we would) call|"
    # "initially attributed by the patient to a cramp": someone's explanation
    r"attributed (?:by [\w ]{1,25} )?to|"
    r"reported as|described (?:by \w+ )?as|talking about|talked about|talk about|"
    # "I wanted to make sure we weren't dealing with something that spasms"
    r"make sure|making sure|"
    # "I always check for contractures", "your buddies told you it's a spasm"
    r"(?:check|checking|look|looking|screen|screening) for|told (?:you|him|her|me|us)|"
    # "you called it a cramp", "he's been calling them cramps": their word for it ("we
    # call that a contracture" is the clinician's diagnosis)
    r"(?:you|she|he|they|nurses|nursing|staff|family)(?:'s|'ve|'re| are| is| has| have)? "
    r"(?:been )?(?:called|call|calls|calling)"
    r"(?: (?:it|this|that|them|these|those))?|"
    # "you mentioned cramps last time", "You said your shoulders feel stiff, so I want to
    # check": their report, taken up (or not) by the exam ("they said that's from the
    # surgery" is the doctors' word and stays)
    r"(?:you|she|he|they)(?:'ve| have)? mention(?:ed|s)?|you said|"
    # "nursing to document spasms": something to watch for, not yet a finding
    r"(?:nursing|nurses?|staff|aides?|family) to (?:document|monitor|track|log|record|chart|watch)|"
    # "Nursing reports he's having spasms in the left arm at night": their report
    r"(?:nursing|nurses?|staff|aides?|family|therapy) (?:reports?|reported|says|said|noted)|"
    r"(?:was|were|been|got) diagnosed with|(?<=, )diagnosed with|"
    # "can control the spasticity without making you so weak": a side effect avoided
    r"without (?:making|causing|giving|triggering))\b",
    re.IGNORECASE,
)
_TERMINATOR = re.compile(r"\b(but|however|although|though|except|yet)\b|[,;:]", re.IGNORECASE)
_WINDOW = 7  # words
#: "it could be a , a regular cramp": a word said twice; its comma ends no scope.
_STUTTER = re.compile(r"\b(\w+)\s*,\s*\1\b", re.IGNORECASE)


#: "quinine isn't recommended for cramps", "Not for the contracture": what a denied
#: treatment is for is not itself denied.
_PURPOSE = re.compile(r"\bfor\b", re.IGNORECASE)


def _scope(prefix: str, trigger: re.Pattern[str], ends: re.Pattern[str] | None = None) -> bool:
    """Is there a trigger in `prefix` whose scope reaches its end?

    A terminator, or `ends` when given, between the trigger and the end closes it.
    """
    last = None
    for m in trigger.finditer(prefix):
        last = m
    if last is None:
        return False
    after = _STUTTER.sub(r"\1", prefix[last.end() :])
    if _TERMINATOR.search(after) or (ends is not None and ends.search(after)):
        return False
    return len(after.split()) <= _WINDOW


def negated(sentence: str, start: int) -> bool:
    """Is the concept starting at `start` negated in this sentence?"""
    if _POINTED.search(sentence[:start]):
        return False  # "an achiness all the time, not these cramps at night": they exist
    if _scope(sentence[:start], _PRE, _PURPOSE):
        return True
    if _VERB_DENIED.search(sentence[:start]) and _AS_VERB.match(sentence, start):
        return True  # "it doesn't twitch or spasm": spasm and cramp said as verbs
    if _THINK_NOT.search(sentence[:start]):
        return True  # "I don't think what you're feeling in your calves is a muscle cramp"
    tail = sentence[start:].lower()
    return bool(
        re.match(
            r"^\w+(\s+\w+)?\s+(is|are|was)\s+(not|absent|ruled out|revised|withdrawn|"
            r"incorrect|amended|corrected|retracted|wrong|gone|resolved)\b",
            tail,
        )
        or _NOT_CALLED.match(tail)
        or _SAID_NO.match(tail)
        or _JUDGED_NOT.match(tail)
        or _EXCLUDED.match(tail)
    )


#: "cramp not supported by history", "the cramping at night, that's not a cramp",
#: "a contracture, there isn't one": judged after the word.
_JUDGED_NOT = re.compile(
    r"^\w+\s+(?:not supported|not consistent|not likely|unlikely|doubtful)\b|"
    r"^\w+(?:\s+\w+){0,6}\s*,\s*(?:that's|that is|it's|it is|those are|these are)\s+not\s+"
    r"(?:really\s+|actually\s+)?(?:an?\s+)?(?:true\s+|real\s+)?(?:\w+\s+)?"
    r"(?:cramps?|spasms?|contractures?|stiffness|weakness)\b|"
    # "Not for a contracture, there isn't one."
    r"^\w+\s*,\s*there\s+(?:isn't|is not|aren't|are not)\s+(?:one|any)\b",
    re.IGNORECASE,
)
#: "So, spasm, yes, contracture, no.": the answer after the word.
_SAID_NO = re.compile(r"^\w+,\s*no\s*(?:[.!;]|$)")
_VERB_DENIED = re.compile(
    r"\b(?:doesn't|does not|didn't|did not|don't|do not|never) (?:\w+ (?:or|nor|and) )?$",
    re.IGNORECASE,
)
#: "I don't think <what it is> is a ...": the judgement reaches past the scope window.
_THINK_NOT = re.compile(
    r"\b(?:don't|do not) (?:really |actually |honestly )?think\b"
    r"[^.;!?,]{0,80}?\b(?:is|are|was|'s)\s+(?:really\s+)?(?:an?\s+)?"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
#: "not these cramps", "not those spasms", "not so much these sudden night cramps": the
#: ones the patient has, pointed at, set apart from something else; not denied.
_POINTED = re.compile(r"\bnot (?:so much |really )?(?:these|those) (?:\w+ ){0,2}$", re.IGNORECASE)
_AS_VERB = re.compile(r"(?:spasm|cramp)(?:s|ed|ing)?\b", re.IGNORECASE)

#: "joint contracture excluded", "spasm absent": ruled out in note style; "the flexion
#: contracture has resolved", "hamstring contractures after the stay, now resolved": gone.
_EXCLUDED = re.compile(
    r"^\w+\s+(?:excluded|ruled out|absent|not (?:present|seen|found|identified))\b|"
    r"^\w+(?:\s+\w+){0,5}\s+(?:has|have|had)\s+(?:resolved|gone|cleared)\b|"
    r"^(?:contractures?|spasms?|cramps?|stiffness)\b[^.;]{0,60}?,\s*(?:now\s+)?"
    r"(?:resolved|gone)\b|"
    # "the elbow was stiff from the sling in april, and that's gone"
    r"^\w+\b[^.;]{0,60}?,\s*(?:and\s+|but\s+)?(?:that's|that is|it's|it is|that has)\s+"
    r"(?:now\s+)?(?:gone|resolved|cleared)\b",
    re.I,
)


#: "a minute of stiffness ... isn't something I'd call a problem", "brief morning
#: stiffness with a normal exam, no diagnosis made": dismissed after it is said.
_NOT_CALLED = re.compile(
    r"^[^.;]{0,80}?(?:\b(?:isn't|is not|aren't|are not) (?:something|anything) "
    r"(?:i'd|i would|we'd|we would|i) (?:call|worry about|treat|diagnose)\b|"
    r",\s*no diagnosis (?:made|given)\b|"
    r",?\s*(?:because|since|as) there (?:isn't|is not|is no|'s no) (?:one|such)\b|"
    # "a written request ... to document bilateral knee joint contractures ... was declined"
    r"\b(?:was|were) (?:\w+ ){0,3}declined\b)",
    re.IGNORECASE,
)


#: "a shortened muscle is one possibility": the doubt is said after the concept.
#: "a shortened muscle wouldn't loosen up like that": a counterfactual, not a finding.
_POST_HYPOTHETICAL = re.compile(
    r"^[^,;:.]{0,40}?\b(?:is|are|would be)\s+(?:one\s+|a\s+|another\s+)?"
    r"(?:possibility|possible|possibilities|on the list|in the differential)\b|"
    r"^\W*\w+(?:\s+\w+)?\s+(?:wouldn't|would not|would|could|might)\b|"
    # "Cramps you'd treat with stretching and maybe magnesium": what one would do
    r"^\w*\s+(?:you'd|you would|we'd|we would)\b|"
    r"^\w*\s+from\s+(?:developing|forming|setting in|getting worse|coming back)\b|"
    r"^\w*\s+(?:can|may|will)\s+(?:\w+\s+)?(?:develop|form|set in)\b|"
    r"^\w+\s+(?:is|are)\s+(?:common|expected|typical|normal)\b|"
    # "the night cramps we can talk about separately": a topic for later, not a finding
    r"^\w*\s+(?:we|i)\s+(?:can|could|will|'ll|should)\s+(?:talk|come back)\s+(?:about|to)\b|"
    # "the PIP is the one that gets stiff for good if you wait too long": a consequence
    r"^[^,;:.]{0,25}?\bif (?:you|we|he|she|they) (?:wait|don't|do not|leave|let|skip)\b",
    re.IGNORECASE,
)


#: "I'm not going to call it a contracture without examining you": a judgement
#: deferred to an exam is neither a finding nor a ruled-out one.
_DEFERRED = re.compile(
    r"\b(?:without (?:examining|an exam|a proper exam|seeing|looking at)|"
    r"until (?:i|we)(?:'ve| have)? (?:can |could )?(?:examined?|see|seen|looked at|look at|"
    r"get (?:an?|the) (?:exam|look))|"
    r"before (?:i|we) (?:examine|see) (?:you|him|her|it)|"
    # "The night cramps, honestly, I can't tell you for sure what those are"
    r"(?:can't|cannot|couldn't|not sure|don't know)\b[^.;]{0,25}?\bwhat "
    r"(?:those|these|they|that|it)(?:'s| are| is))\b",
    re.IGNORECASE,
)


#: "If it was shortened, a contracture, I wouldn't be able to...": the whole sentence
#: is counterfactual, though commas end the scope of its "if".
_COUNTERFACTUAL = re.compile(
    r"^\W*(?:and |but |so |because )?if (?:[\w']+ ){1,3}(?:was|were|had been)\b", re.IGNORECASE
)


#: "If anything new shows up, weakness, numbness, cramps, ..., I want to know": the
#: whole if-clause, up to its main clause, is conditional.
_IF_CLAUSE = re.compile(
    r"^\W*(?:and |but |so )?if\b.*,\s*(?:i|we|you|then|call|let|please)\b", re.IGNORECASE
)


def _in_if_clause(sentence: str, start: int) -> bool:
    m = _IF_CLAUSE.match(sentence)
    return m is not None and start < m.end()


#: "the patient read a request from a family member to document bilateral muscle
#: contractures and generalized weakness": what someone asks to have written down,
#: however long the list, is not the clinician's finding.
_REQUESTED = re.compile(
    r"\b(?:requests?|requested|asks?|asked|asking|wants?|wanted)\b[^.;]{0,60}?\bto (?:document|"
    r"record|write (?:down|up)?|put down|chart|code|bill|diagnose)\b",
    re.IGNORECASE,
)


def hypothetical(sentence: str, start: int) -> bool:
    return (
        _scope(sentence[:start], _HYPOTHETICAL)
        or bool(_REQUESTED.search(sentence[:start]))
        or bool(_COUNTERFACTUAL.match(sentence))
        or _in_if_clause(sentence, start)
        or "?" in sentence[start:]
        or bool(_POST_HYPOTHETICAL.match(sentence[start:]))
        or bool(_DEFERRED.search(sentence))
    )


_FILLER = re.compile(
    r"^(?:(?:and|so|okay|ok|um|uh|now|well|alright|all right|right|oh)\b[\s,.]*)+", re.I
)
_QUESTION_START = re.compile(
    r"^(any|have you|has it|has there|do you|did you|does|do they|is (?:it|there|your|the)|"
    r"tell me (?:about|more)|describe|walk me through|"
    r"are (?:you|there|your)|can you|could you|would you|or any|anything|"
    r"(?:how|what|when|where|which|who|why)\s+(?:do|does|did|is|are|was|were|can|could|would|"
    r"have|has|about|kind|sort|else)\b)\b",
    re.IGNORECASE,
)
_INSTRUCTED = re.compile(
    r"\b(try to|going to (?:try|have you|push|pull|strain|test)|keep (?:it|them) as|"
    r"let me know|i want you to|push against|pull against|resist)\b",
    re.IGNORECASE,
)


_QUESTION_INLINE = re.compile(
    r"\b(have you (?:noticed|had|felt|seen)|do you (?:have|feel|get)|did you (?:have|feel|notice)|"
    r"any (?:other )?(?:\w+ )?(?:or )?)\b",
    re.IGNORECASE,
)


def question(sentence: str, start: int | None = None) -> bool:
    """A question asks, it does not assert: "any weakness or numbness in your legs",
    also inside unpunctuated speech ("okay have you noticed any swelling stiffness")."""
    text = _FILLER.sub("", sentence.strip())
    if sentence.rstrip().endswith("?") or _QUESTION_START.match(text):
        return True
    if _HOWS_THAT.search(text):
        return True  # "and the stiffness, spasms, how's that": asked, unpunctuated
    if _SYSTEMS.search(text) and not _VERB.search(text):
        return True  # "fever, headache, stiffness bending the chin down": a review of systems
    return start is not None and _scope(sentence[:start], _QUESTION_INLINE)


_HOWS_THAT = re.compile(
    r"\b(?:how's|how is|how are|how're) (?:that|those|they|it)(?: doing| going)?\W*$", re.I
)
#: A bare list of general symptoms is a review-of-systems question, even unpunctuated.
_SYSTEMS = re.compile(
    r"\b(fevers?|chills|headaches?|numbness|tingling|weight loss|night sweats|rash)\b", re.I
)
_VERB = re.compile(
    r"\b(is|are|was|were|has|have|had|shows?|showed|feels?|felt|looks?|got|gets)\b|'s\b", re.I
)


def instruction(sentence: str) -> bool:
    """Exam instructions ("keep them as stiff as you can") are not findings."""
    return bool(_INSTRUCTED.search(sentence))
