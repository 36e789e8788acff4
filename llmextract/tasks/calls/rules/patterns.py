"""Detection patterns for calls.

A :class:`Trigger` is one place in a sentence where a call is reported:

* ``verb``: "X called / phoned / telephoned / rang / dialled Y" (the object
  must be a person, checked by the extractor, which rules out "called for",
  "called on", "called it" and "so-called");
* ``passive``: "Y was called by X";
* ``received``: "Y received a call from X";
* ``placed``: "a call was placed by X to Y", "X placed a call to Y";
* ``speak``: "spoke / talked (with|to) Y" with a phone or video marker nearby;
* ``speak_weak``: "spoke with Y" with no marker (kept only when the article
  reports other calls and the sentence has no sign of a meeting);
* ``noun``: "a phone call / telephone conversation / phone talks / video call
  / videoconference / video link".

* ``call_with``: "a call with Y", "X's call to Y", a readout's title "... Call
  with Y".

The decoys that look like calls but are not are in :mod:`.decoys`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ATTRIBUTION_RE",
    "CONTEXT_REF_RE",
    "Trigger",
    "find_triggers",
    "has_call_word",
]

_VIDEO = r"(?:video|video-?(?:tele)?conference|video(?:tele)?conference|video-?link|virtual|online|zoom)"

VERB_RE = re.compile(
    r"\b(?=[cdhprt])(?P<v>(?:has|have|had)\s+(?:called|phoned|telephoned|rung|dialled|dialed)|called|calls|phoned|phones|"
    r"telephoned|telephones|rang|rings|dialled|dialed|dials)(?P<up>\s+up)?\b(?!-)",
    re.I,
)
# "the first foreign leader to call X": a call that took place, told with the infinitive.
FIRST_TO_RE = re.compile(
    r"\b(?=[flost])(?:first|second|third|last|only)\s+(?:[\w-]+\s+){0,3}?to\s+(?P<v>call|phone|telephone|ring)\b", re.I
)
PASSIVE_RE = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:called|phoned|telephoned|rung)\s+(?:up\s+)?by\b", re.I
)
RECEIVED_RE = re.compile(
    r"\b(?:received|receives|receive|receiving|got|gets|take|took|taken|taking|accepted|fielded|fielding|had(?=\s+an?\s))\s+(?:(?:on\s+)?\w+day\s+|yesterday\s+|today\s+)?"
    r"(?:(?:an?|the|two|several|separate|more|many|numerous|other|further|congratulatory|congratulating|similar)\s+){0,2}"
    # "got an early dawn phone call from": other words only before a phone word
    r"(?:(?:[a-z][\w-]*\s+){0,2}?(?:phone|telephone|video)\s+)?calls?\b(?P<mid>[^.;]{0,40}?)\bfrom\b",
    re.I,
)
PLACED_RE = re.compile(
    r"\b(?=[acmpt])(?:(?:an?\s+)?(?:(?:phone|telephone)\s+)?call\s+(?:was\s+)?(?:placed|made|initiated)\s+by\b|"
    r"(?:placed|made|put\s+through)\s+(?:(?:an?|his|her|their|two|three|several|separate|a\s+series\s+of)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:(?:phone|telephone)\s+)?calls?\s+(?:(?:today|yesterday|on\s+\w+day)\s+)?to\b)",
    re.I,
)
SPEAK_RE = re.compile(
    r"\b(?=[cdehst])(?P<v>(?:has|have|had)\s+(?:spoken|talked)|spoke|talked|speaks|talks|speaking|talking|conversed|chatted|communicated|"
    r"conferred|(?:spoke|talked|spoken)\s+telephonically|"
    r"(?<!\bto\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bcould\s)(?<!\bcan\s)(?<!\bmay\s)(?<!\bshould\s)(?<!\bmight\s)"
    # a headline's "Modi, Putin talk over phone"
    r"(?:talk|speak)(?=\s+(?:by|over|on|via)\s+(?:the\s+)?(?:tele)?phone\b)|"
    r"connected(?=\s+(?:by|over|via)\s+(?:the\s+)?(?:tele)?phone\b)|"  # "connected by phone with"
    r"exchanged\s+views|discussed(?=\s+(?:by|over|on|via)\s+(?:the\s+)?(?:tele)?phone\b))\b"
    r"(?P<rest>\s+(?:(?:separately|briefly|again|also|later|earlier|by\s+(?:tele)?phone|by\s+telephone|"
    r"on\s+(?:the\s+)?(?:tele)?phone|over\s+(?:the\s+)?(?:tele)?phone|by\s+video(?:\s+link|\s*conference)?|"
    r"via\s+video(?:\s+link|\s*conference)?|on\s+\w+day|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|twice|yesterday|"
    r"today|(?:this|last)\s+(?:\w+day\s+)?(?:morning|afternoon|evening|night)|(?:this|last)\s+\w+day|"
    r"for\s+the\s+\w+\s+(?:day|time)(?:\s+running|\s+in\s+a\s+row)?)\s+)*(?:with|to)\b)?",
    re.I,
)
# "Powell worked the telephones ..., calling A, B and C": a participle after a comma, in a sentence about phones.
CALLING_RE = re.compile(
    r"(?<=,\s)(?:also\s+)?(?P<v>calling|phoning|telephoning|ringing)\b(?!\s+(?:for|on|it|them|him|her)\b)", re.I
)
_PHONES_RE = re.compile(r"\b(?:phones?|telephones?|phoning|telephoning)\b", re.I)
# "conducted discussions with X", "held talks with X": a conversation, a call only where the article ties it to one.
# "a call on Friday with X", "had calls yesterday with A and B": when, between the call and its counterpart
_WHEN = (
    r"(?:(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+|yesterday\s+|today\s+|"
    r"(?:last|this)\s+(?:week|night|morning|afternoon|evening)\s+)?"
)
DISCUSSIONS_RE = re.compile(
    # or a sentence's fronted "In separate conversations with A, B and C, X discussed ..."
    r"(?:\b(?:held|had|has\s+had|have\s+had|conducted|holds|holding|has)|^\W*(?:In|During))\s+(?:also\s+)?"
    r"(?:(?:two|three|several|separate|further|brief|lengthy|long)\s+){0,2}"
    r"(?:discussions|talks|an?\s+(?:[\w-]+-(?:hour|minute)\s+)?(?:discussion|conversation)|conversations)\s+"
    r"(?:(?:by|on|over)\s+(?:the\s+)?(?:tele)?phone\s+)?" + _WHEN + r"with\b",
    re.I,
)
# "Biden returned calls from world leaders who had phoned him, among them A, B and C": the returner places them.
RETURNED_FROM_RE = re.compile(
    r"\breturn(?:ed|s|ing)\s+(?:the\s+|their\s+)?(?:(?:phone|telephone)\s+)?calls?\s+from\b", re.I
)
# "Obama returned Singh's phone call": the one who returns a call places it (the trigger is the verb; the people
# before the possessive are its objects).
RETURNED_RE = re.compile(
    r"\breturn(?:ed|s|ing)\b(?=\s+(?:[\w.'’-]+\s+){0,6}?[\w.'’-]+['’]s?\s+(?:(?:phone|telephone)\s+)?calls?\b)"
)
# "Putin received (answered, took) Modi's call": the one whose call it was placed it
ANSWERED_RE = re.compile(
    r"\b(?:received|answered|took|accepted|fielded)\b(?=\s+(?:[\w.'’-]+\s+){0,6}?[\w.'’-]+['’]s?\s+"
    # not "Modi's call for peace"
    r"(?:(?:phone|telephone|video)\s+)?call\b(?!\s+(?:for|to)\b)(?!\s+on\s+(?!\w+day\b)))"
)
# "Albright told Milosevic by telephone that ...", "assured him over the phone", "congratulated Putin by phone",
# "expressed his condolences to X over the phone", "X and Y discussed trade over the phone"
TOLD_RE = re.compile(
    r"\b(?=[abcdegirtuw])(?:told|tells|assure[sd]|inform(?:s|ed)|warn(?:s|ed)|urge[sd]|briefs|briefed|congratulate[sd]|thank(?:s|ed)|"
    r"invite[sd]|wish(?:es|ed)|greet(?:s|ed)|console[sd]|reach(?:es|ed)(?:\s+out\s+to)?|confer(?:s|red)|consult(?:s|ed)|"
    # or a headline's present: "Putin, Modi discuss Ukraine over phone"
    r"discuss(?:es|ed)?|exchange[sd]?|express(?:es|ed)|convey(?:s|ed)(?:\s+to)?|extend(?:s|ed))\b"
    r"(?=[^.;:\"“]{0,60}?\b(?:by|over(?:\s+the)?|on\s+the|via)\s+(?:tele)?phone\b)",
    re.I,
)
# "Trump was on the phone on Wednesday afternoon to speak with Macri", "Trump on the phone with Macri"
ON_PHONE_RE = re.compile(
    r"\bon\s+the\s+(?:tele)?phone\s+(?:(?:on\s+)?\w+day\s+(?:morning\s+|afternoon\s+|evening\s+|night\s+)?|"
    r"(?:yesterday|today|again)\s+)?(?:(?:to|in\s+order\s+to)\s+(?:speak|talk)\s+)?(?:with|to)\b",
    re.I,
)
# what must come before "on the phone": "was", "were", "got" ..., or a name in a headline ("Trump on the phone with")
_ON_PHONE_AFTER_RE = re.compile(r"\b(?:was|were|been|got|is|are)\s+$|(?P<word>[A-Za-z])\s+$", re.I)
# "for getting the Iranian leader on the phone with Mr. Obama": someone brought to a call, not a call of the subject
_GOT_ON_PHONE_RE = re.compile(r"\b(?:get|gets|getting|put|puts|putting)\s+(?:[\w.'’-]+\s+){1,4}$", re.I)
_ON_PHONE_WITH_NAME_RE = re.compile(r"on\s+the\s+phone\s+with\s+[A-Z]")


def _on_phone_is_a_call(sentence: str, start: int) -> bool:
    """ "X was on the phone with Y", or a headline's "Trump on the phone with Macri" (not "Get the prime
    minister on the phone to the president")."""
    before = _ON_PHONE_AFTER_RE.search(sentence[max(0, start - 8) : start])
    if before is None or _GOT_ON_PHONE_RE.search(sentence[max(0, start - 60) : start]):
        return False
    return not before.group("word") or bool(_ON_PHONE_WITH_NAME_RE.match(sentence, start))


PHONE_MARK_RE = re.compile(
    r"\b(?:by|on\s+the|over\s+the|over|via|on\s+a|on|in\s+a)\s+(?:[\w-]+\s+)?(?:tele)?phone\b|\bby\s+telephone\b|"
    r"\btelephonically\b|\b(?:tele)?phone\s+diplomacy\b|"  # "his telephone diplomacy ..., holding talks with"
    rf"\b(?:by|via|over|through)\s+(?:an?\s+)?(?:[\w-]+\s+)?{_VIDEO}\b|\b(?:in|on)\s+an?\s+(?:[\w-]+\s+)?(?:phone\s+|telephone\s+|video\s+)?call\b",
    re.I,
)
# The words without which SPEAK_RE and NOUN_RE cannot match (a cheap test first)
_SPEAK_WORDS = ("spok", "talk", "speak", "convers", "chat", "communicat", "exchang", "discuss", "confer", "connect")
_NOUN_WORDS = ("phon", "video", "virtual", "three-way", "online", "zoom", "teleconf", "conference call")
NOUN_RE = re.compile(
    r"\b(?=[cfjoptvz])(?P<n>(?:three-way\s+|four-way\s+|joint\s+|trilateral\s+)?(?:tele)?phone(?:\s+|-)(?:call|calls|conversation|"
    r"conversations|talks|talk|conference|chat|discussion|discussions|contact|exchange|meeting)|"
    r"telephonic\s+(?:conversations?|talks?|calls?|discussions?|contact)|three-way\s+call|"
    r"(?:video(?:\s+|-)?)?conference\s+calls?|"  # "a (video) conference call with A, B and C": one joint call
    r"video(?:\s+|-)(?:call|calls|conversation|talks|link|conference|summit|meeting)|video(?:tele)?conference|video-(?:tele)?conference|"
    r"video\s+teleconference|virtual\s+(?:[\w-]+\s+)?(?:call|talks|meeting|summit|dialogue)|tele-?conference|"
    r"online\s+(?:call|talks|meeting|summit|conversation)|(?:Zoom|video)\s+(?:call|meeting|format)|via\s+Zoom)\b",
    re.I,
)
# How a report says a call went ("had a productive call with", "in a cordial call"): words only a call that took
# place is given
_HOW_IT_WENT = (
    r"productive|good|great|positive|constructive|cordial|warm|friendly|frank|candid|tense|heated|testy|difficult|"
    r"fruitful|useful|substantive|detailed|wide-ranging|extended|courteous|emotional|introductory|farewell"
)
# "discussed ... in a call on Wednesday", "During Wednesday's call, ...": the bare noun "call" after "in" or
# "during" reports one (not "a call for calm", "a call on the government to ...").
IN_A_CALL_RE = re.compile(
    r"\b(?:(?:in|during)\s+(?:an?|their|his|her|\w+['’]s)|(?:had|held)\s+(?:an?|their))\s+"  # or "A and B held a call"
    r"(?:(?:very\s+)?(?:brief|short|lengthy|long|late-night|"
    r"first|second|separate|joint|hour-long|\d+-minute|[\w-]+-minute|" + _HOW_IT_WENT + r")\s+)?(?P<n>calls?)\b"
    r"(?!\s+for\b)(?!\s+on\s+(?!\w+day\b))(?!\s+to\s+(?:action|arms|end|stop|halt)\b)",
    re.I,
)
CALL_WITH_RE = re.compile(
    r"\b(?:an?|the|his|her|their|its)\s+(?=(?:[\w-]+\s+){0,2}calls?\s)(?:(?:very\s+)?(?:\d+-minute|[\w-]+-long|brief|short|"
    r"lengthy|long|late-night|rare|first|second|third|separate|joint|private|secret|congratulatory|recent|earlier|"
    r"latest|previous|"
    + _HOW_IT_WENT
    + r")\s+)?calls?\s+"
    + _WHEN
    + r"(?:with|to|between)\b|\b(?:had|held)\s+(?:separate\s+)?calls\s+"
    + _WHEN
    + r"with\b|"
    r"(?<=\w)['’]s\s+(?:(?:phone|telephone|video)\s+)?call\s+(?:with|to)\b|"  # a readout's title: "X's Call with Y"
    # a title without the possessive: "Readout of President Joseph R. Biden, Jr. Call with ...", "PM call with ..."
    r"(?<=[\w.])\s+(?-i:Call)\s+with\s+(?=[A-Z])|\b(?-i:PM)\s+call\s+with\b",
    re.I,
)

# "called on (upon) X to ...": a plea or a visit; "called on Tuesday", "called on 3 March" are calls
_CALLED_ON_RE = re.compile(
    r"\s+(?:on|upon)\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*\s+\d|the\s+(?:\d|eve|morning|evening|night|day)\b)"
)
# "a trauma trigger called ...", "an outfit called ...": what something is named
_NAMED_AFTER_RE = re.compile(
    r"\b(?:a|an)\s+(?:(?!(?:the|his|her|their|its|he|she|they|it|who|which|that|after|before|when|then|later|and|also|"
    r"in|on|at|to|of|day|week|month|year|hour|minute|moment|time)\b)[a-z-]+\s+){1,3}$"
)


# Other signals ----------------------------------------------------------------

CONTEXT_REF_RE = re.compile(
    # "the 90-minute conversation", "their roughly 30-minute call", "the hour-long call": its length between
    r"\b(?=[bdiot])(?:(?:the|this|that|their|during\s+the|in\s+the|on\s+the)\s+"
    r"(?:(?:roughly|about|nearly|almost|some)\s+)?(?:(?:\d+|[a-z]+)-?(?:minute|hour)(?:-long)?\s+|hourlong\s+)?"
    r"(?:(?:phone|telephone|video)\s+)?"
    r"(?:call|conversation|talks?|discussion|exchange|readout|read-out)\b|(?:the\s+two|both|the)\s+"
    r"(?:leaders|presidents|sides|men|heads\s+of\s+state|prime\s+ministers|ministers|chancellor|king)\b|"
    r"(?:they|the\s+two)\b|during\s+their\b)",
    re.I,
)
_DETERMINER_END_RE = re.compile(r"\b(?:the|a|his|her|their|its|(?:tele)?phone|these|those)\s+$", re.I)
ATTRIBUTION_RE = re.compile(r"\b(?:said|says|told|announced|reported|according\s+to|statement|readout|read-out)\b")


#: A cheap pre-filter: an article (or a sentence) without any of these words cannot hold a call; every trigger
#: of :func:`find_triggers` has one.
_CALL_WORDS = (
    "call",
    "phon",
    "rang",
    "ring",
    "dial",
    "spok",
    "talk",
    "speak",
    "convers",
    "chat",
    "discussions",
    "video",
    "virtual",
    "online",
    "zoom",
    "teleconf",
)
ANY_CALL_WORD_RE = re.compile("|".join(_CALL_WORDS), re.I)


def has_call_word(text: str) -> bool:
    """:data:`ANY_CALL_WORD_RE`'s test, as plain substring tests on the lower-cased text (several times faster)."""
    low = text.lower()
    return any(w in low for w in _CALL_WORDS)


@dataclass(frozen=True)
class Trigger:
    kind: str  # verb | passive | received | placed | speak | speak_weak | noun | call_with
    start: int
    end: int
    text: str
    video: bool = False
    plural: bool = False
    present_perfect: bool = False


class _Has:
    """Whether a lower-cased sentence holds any of some words: a cheap test before a costly pattern."""

    def __init__(self, low: str) -> None:
        self.low = low

    def __call__(self, *words: str) -> bool:
        return any(w in self.low for w in words)


def find_triggers(sentence: str) -> list[Trigger]:
    """Every candidate call report in one sentence (decoys not yet removed), by position."""
    if not has_call_word(sentence):  # most sentences of an article
        return []
    has = _Has(sentence.lower())  # each pattern below runs only where a word it needs occurs (most do not)
    out: list[Trigger] = []
    for m in PASSIVE_RE.finditer(sentence) if has("by") else ():
        out.append(Trigger("passive", m.start(), m.end(), m.group(0)))
    for m in RECEIVED_RE.finditer(sentence) if has("call") and has("from") else ():
        out.append(Trigger("received", m.start(), m.end(), m.group(0), video="video" in m.group(0).lower()))
    for m in PLACED_RE.finditer(sentence) if has("call") else ():
        out.append(Trigger("placed", m.start(), m.end(), m.group(0)))
    taken = [(t.start, t.end) for t in out]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in FIRST_TO_RE.finditer(sentence) if has("to") else ():
        out.append(Trigger("verb", m.start("v"), m.end(), m.group("v")))
    for m in RETURNED_RE.finditer(sentence) if has("return") else ():
        out.append(Trigger("verb", m.start(), m.end(), m.group(0)))
    for m in RETURNED_FROM_RE.finditer(sentence) if has("return") else ():
        out.append(Trigger("verb", m.start(), m.end(), m.group(0)))
    for m in ANSWERED_RE.finditer(sentence) if has("'s call", "’s call", "s phone call", "s telephone call") else ():
        out.append(Trigger("received", m.start(), m.end(), m.group(0)))
    taken = [(t.start, t.end) for t in out]
    for m in VERB_RE.finditer(sentence) if has("call", "phone", "rang", "ring", "rung", "dial") else ():
        if not free(m.start(), m.end()):
            continue
        if re.search(r"(?<![\w-])so[- ]$", sentence[max(0, m.start() - 4) : m.start()], re.I):
            continue  # "so-called", but not "also called"
        if m.group(0).lower() == "called" and (
            _NAMED_AFTER_RE.search(sentence[max(0, m.start() - 40) : m.start()])
            or re.search(r"\bwhat\s+(?:[\w-]+\s+){0,3}$", sentence[max(0, m.start() - 40) : m.start()], re.I)
        ):
            continue  # "a trauma trigger called Trump", "held what both sides called good talks": a name, not a call
        if _DETERMINER_END_RE.search(sentence[max(0, m.start() - 11) : m.start()]):
            continue  # "the calls to": the noun, not the verb
        if m.group("v").lower().endswith(("called", "calls")) and _CALLED_ON_RE.match(sentence, m.end()):
            continue  # "called on G20 leaders, including A and B, to adopt": a plea, not a call
        if m.group(0).lower() == "calls" and re.search(r"\bwith\s+$", sentence[max(0, m.start() - 6) : m.start()]):
            if to := re.match(r"\s+to\b", sentence[m.end() :]):  # "began his day with calls to A, B and C"
                end = m.end() + to.end()
                out.append(Trigger("call_with", m.start(), end, sentence[m.start() : end], plural=True))
            continue
        if re.search(r"\w['’]s\s+$", sentence[max(0, m.start() - 4) : m.start()]):
            if m.group(0).lower() == "calls" and not re.match(r"\s+for\b", sentence[m.end() :]):
                out.append(Trigger("noun", m.start(), m.end(), m.group(0), plural=True))  # "Obama's calls on Monday"
            continue
        v = m.group("v").lower()
        out.append(Trigger("verb", m.start(), m.end(), m.group(0), present_perfect=v.startswith(("has", "have"))))
    for m in SPEAK_RE.finditer(sentence) if has(*_SPEAK_WORDS) else ():
        if not free(m.start(), m.end()):
            continue
        v = m.group("v").lower()
        local = sentence[max(0, m.start() - 60) : m.end() + 120]
        mark = PHONE_MARK_RE.search(local)
        marked = mark is not None
        video = bool(mark and re.search(_VIDEO, mark.group(0), re.I))
        if not m.group("rest") and not marked:
            continue
        if v in {"speaks", "talks"} and not marked:
            continue
        kind = "speak" if marked else "speak_weak"
        out.append(Trigger(kind, m.start(), m.end(), m.group(0), video=video, present_perfect=v.startswith("ha")))
    if has("phon") and _PHONES_RE.search(sentence):
        for m in CALLING_RE.finditer(sentence):
            if free(m.start(), m.end()):
                out.append(Trigger("verb", m.start(), m.end(), m.group(0)))
    for m in DISCUSSIONS_RE.finditer(sentence) if has("with") else ():
        if free(m.start(), m.end()):
            mark = PHONE_MARK_RE.search(sentence[max(0, m.start() - 60) : m.end() + 120])
            out.append(Trigger("speak" if mark else "speak_weak", m.start(), m.end(), m.group(0)))
    for m in TOLD_RE.finditer(sentence) if has("phone") else ():
        if free(m.start(), m.end()):
            out.append(Trigger("speak", m.start(), m.end(), m.group(0)))
    for m in ON_PHONE_RE.finditer(sentence) if has("phone") else ():
        if _on_phone_is_a_call(sentence, m.start()) and free(m.start(), m.end()):
            out.append(Trigger("speak", m.start(), m.end(), m.group(0)))
    for m in NOUN_RE.finditer(sentence) if has(*_NOUN_WORDS) else ():
        if not free(m.start(), m.end()):
            continue
        n = m.group("n").lower()
        video = bool(re.search(_VIDEO, n))
        plural = n.endswith(("calls", "conversations", "discussions"))
        out.append(Trigger("noun", m.start(), m.end(), m.group(0), video=video, plural=plural))
    for m in CALL_WITH_RE.finditer(sentence) if has("call") else ():
        if free(m.start(), m.end()):
            plural = bool(re.match(r"(?i)(?:had|held)\s", m.group(0)))  # "had calls on Friday with A and B"
            out.append(Trigger("call_with", m.start(), m.end(), m.group(0), plural=plural))
    taken = [(t.start, t.end) for t in out]
    for m in IN_A_CALL_RE.finditer(sentence) if has("call") else ():
        if free(m.start(), m.end()):
            plural = m.group("n").lower() == "calls"
            out.append(Trigger("noun", m.start(), m.end(), m.group(0), plural=plural))
    out.sort(key=lambda t: t.start)
    return _join_adjacent(sentence, _outermost(out))


def _outermost(triggers: list[Trigger]) -> list[Trigger]:
    """Triggers not inside a longer one: "phone call" of "Trump's phone call with" is the same report."""

    def inside(t: Trigger, o: Trigger) -> bool:
        return o.start <= t.start and t.end <= o.end and o.end - o.start > t.end - t.start

    return [t for t in triggers if not any(inside(t, o) for o in triggers)]


def _join_adjacent(sentence: str, triggers: list[Trigger]) -> list[Trigger]:
    """One call reported by two adjacent triggers ("held talks via video link") is one trigger."""
    out: list[Trigger] = []
    for t in triggers:
        if out:
            prev = out[-1]
            gap = sentence[prev.end : t.start]
            if t.start >= prev.end and len(gap) <= 12 and not re.search(r"[A-Z,;]", gap):
                kind = prev.kind if prev.kind not in {"speak", "speak_weak"} else t.kind
                out[-1] = Trigger(
                    kind,
                    prev.start,
                    t.end,
                    sentence[prev.start : t.end],
                    video=prev.video or t.video,
                    plural=prev.plural or t.plural,
                    present_perfect=prev.present_perfect or t.present_perfect,
                )
                continue
        out.append(t)
    return out
