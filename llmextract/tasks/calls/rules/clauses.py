"""How a sentence that reports a call is worded around its people: where the people called end, the words that
may stand between a call verb and them, pronouns, a relation that names someone else, a paragraph that turns to
other news."""

from __future__ import annotations

import re

__all__ = [
    "NAMING_RE",
    "OBJ_BREAK_RE",
    "PRONOUN_RE",
    "PURPOSE_RE",
    "RELATION_AFTER_RE",
    "SEPARATE_STOP_RE",
    "SPEECH_DAY_RE",
    "TELLING",
    "VERB_GAP_RE",
    "speaks_on_call",
    "told_ends",
]

PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
OBJ_BREAK_RE = re.compile(
    r"[;:”]|[,.]\"|(?<![A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)[.!?]\s|\b(?:said|says|told|according|citing|after|before|while|amid|when|which|who|whose|hours|ahead|where|"
    r"because|following|since|as(?!\s+well\s+as\b)(?<!\bwell\sas)|briefing|informing|days|urging|to\s+discuss|about|over|on\s+the|during)\b"
    r"|\band\s+(?:will|would|has|had|also|later|then)\b(?!\s+(?:by\s+phone\s+)?with\b)|\b(?:meet|meets|met|visit|visits|visited)\b"
    # "a call from A and a letter from B": B sent something else
    r"|\band\s+(?:an?|the)\s+(?:\w+\s+)?(?:letters?|messages?|cables?|telegrams?|e-?mails?|notes?|visits?)\s+(?:from|to)\b"
)
# "Mr Muhyiddin's successor Ismail Sabri": the person the possessive names is not the one meant
RELATION = (
    r"['’]s\s+(?:[\w-]+-year-old\s+)?(?:successor|predecessor|son|daughter|wife|husband|father|mother|brother|envoy|"
    r"deputy)\b"
)
RELATION_AFTER_RE = re.compile("^" + RELATION)
# "phoned to wish X a happy birthday": why the call was made, between the verb and whom it reached
_PURPOSE = r"to\s+(?:congratulate|thank|greet|console|wish)\b"
PURPOSE_RE = re.compile(r"\b" + _PURPOSE)
# The verbs of telling someone something: "told Y", "assured Y", "congratulated Y"
TELLING = r"(?:told|assured|informed|warned|urged|asked|briefed|congratulated|thanked|invited|wished)"
VERB_GAP_RE = re.compile(
    r"^(?:[\s,]|up\b|his\b|her\b|their\b|the\b|its\b|counterpart\b|leaders\b|president(?:-elect)?\b|prime\b|minister\b|"
    r"former\b|ex-|new\b|newly\b|(?:newly-)?elected\b|incoming\b|outgoing\b|acting\b|interim\b|"
    r"and\s+(?=[A-Z])|successor\b|predecessor\b|chief\b|leader\b|head\b|" + _PURPOSE + r"|"
    r"chancellor\b|king\b|queen\b|premier\b|crown\b|prince\b|secretary\b|foreign\b|of\b|state\b|spokes\w+\b|aide\b|"
    r"advis[eo]r\b|envoy\b|"
    r"[A-Z][\w.'’-]*|" + RELATION + ")*$"
)
NAMING_RE = re.compile(r"^\s*(?:a|an|the|his|her|its|their|one|[\"“‘'])(?:\s|\b)")
SEPARATE_STOP_RE = re.compile(r"^\s*(?:Separately|Meanwhile|In\s+other|Elsewhere|Earlier|Also\s+on)\b")

# "X told Y in a phone call that", "X said during a telephone conversation with Y", "X stressed by phone": the one who
# speaks, and the one told, are on the call the clause reports
_SPEECH = r"(?:said|says|told|tells|added|adds|stated|noted|stressed|announced|confirmed|explained|wrote)"
_ON_A_CALL = (
    r"(?:(?:in|during|over|on)\s+(?:an?|the|their|his|her|its|\w+['’]s)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:(?:(?:tele)?phone|video|telephonic)(?:\s+(?:call|conversation|talks?|chat|link|conference))?|call|calls)|"
    r"(?:by|over\s+the|on\s+the|over)\s+(?:tele)?phone|by\s+video(?:\s+link)?)\b"
)
_SPEAKS_ON_CALL_RE = re.compile(
    rf"(?:\s*,\s*[^,;]{{2,60}},)?(?:\s*{_SPEECH}\b)?(?:(?!\b(?:that|reporters|journalists|the\s+press)\b)"
    rf"[^.;:\"“,]){{0,70}}?\b{_ON_A_CALL}",
    re.I,
)
# "In a phone call with Y, X said ...", "Following their telephone conversation, X announced ...": the fronted call
_FRONTED_CALL_RE = re.compile(
    r"^\W*(?:(?:In|During|Over|Following|After)\s+(?:an?|the|their|his|her|its|\w+['’]s)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:(?:(?:tele)?phone|video|telephonic)\s+)?(?:call|conversation|talks|chat)\b|"
    # "Speaking by phone with Y, X said", "After speaking with Y by phone, X", "After receiving a call from Y, X"
    r"(?:(?:After|Following|When)\s+)?(?:speaking|talking)\s+(?:by|over|on)\s+(?:the\s+)?(?:tele)?phone\b|"
    r"(?:After|Following|When)\s+(?:speaking|talking)\s+(?:with|to)\s+[^,;:]{1,80}?(?:by|over|on)\s+(?:the\s+)?"
    r"(?:tele)?phone\b|(?:After|Upon|On|Following)\s+receiving\s+(?:an?|the|his|her)\s+(?:[\w-]+\s+){0,2}?call\b)"
    r"[^,;:]{0,100},(?:(?!\b(?:that|who|which)\b)[^,;:.]){0,90}$",  # the speaker, or the one told ("X told Y")
    re.I,
)


def speaks_on_call(text: str, start: int, end: int) -> bool:
    """Whether the person named at ``text[start:end]``, next to "said" or "told", speaks or is told on the call the
    same clause reports ("X told Y in a phone call that ...", "In a phone call with Y, X said ..."), so is one of
    its people and not only the one who tells of it."""
    return bool(_SPEAKS_ON_CALL_RE.match(text, end) or _FRONTED_CALL_RE.match(text[:start]))


# "Yoon said Friday he agreed with Kishida in a phone call": the day he said it, not the call's
SPEECH_DAY_RE = re.compile(
    r"\b(?:said|says|told\s+(?:reporters|journalists)|announced|stated)\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|"
    r"Sun)day|yesterday|today)\b(?=\s+(?:that\s+)?(?:he|she|they|it)\b)"
)

# "Peskov told Interfax by phone that Putin had no plans to call Modi": whom a verb of telling reaches by phone comes
# before "that" (or a comma); the people after it are what was told
_TOLD_VERB_RE = re.compile(TELLING + r"\b", re.I)
_TOLD_END_RE = re.compile(r"\bthat\b|[,;:]")


def told_ends(text: str, kind: str, trigger_text: str, end: int) -> int:
    """Where the people a verb of telling reaches end (``len(text)`` for any other trigger)."""
    if kind != "speak" or not _TOLD_VERB_RE.match(trigger_text):
        return len(text)
    stop = _TOLD_END_RE.search(text, end)
    return stop.start() if stop else len(text)
