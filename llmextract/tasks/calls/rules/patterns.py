"""Detection patterns for calls, and the decoys that look like calls but are not.

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

Decoys are checked on the clause before the trigger and on the sentence:
future or modal verbs ("will call", "expected to talk", "agreed to speak"),
negation and denial ("there was no conversation", "did not speak"), calls
with journalists or the public, hypotheticals and general talk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ATTRIBUTION_RE",
    "CONTEXT_REF_RE",
    "EARLIER_RE",
    "INITIATIVE_RE",
    "MEETING_RE",
    "Trigger",
    "find_triggers",
    "is_decoy",
]

_VIDEO = r"(?:video|video-?conference|videoconference|video-?link|virtual)"

VERB_RE = re.compile(
    r"\b(?P<v>(?:has|have|had)\s+(?:called|phoned|telephoned|rung|dialled|dialed)|called|calls|phoned|phones|"
    r"telephoned|telephones|rang|rings|dialled|dialed|dials)(?P<up>\s+up)?\b(?!-)",
    re.I,
)
# "the first foreign leader to call X": a call that took place, told with the infinitive.
FIRST_TO_RE = re.compile(
    r"\b(?:first|second|third|last|only)\s+(?:[\w-]+\s+){0,3}?to\s+(?P<v>call|phone|telephone|ring)\b", re.I
)
PASSIVE_RE = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:called|phoned|telephoned|rung)\s+(?:up\s+)?by\b", re.I
)
RECEIVED_RE = re.compile(
    r"\b(?:received|receives|receive|receiving|got|gets|took|accepted)\s+(?:(?:on\s+)?\w+day\s+|yesterday\s+|today\s+)?"
    r"(?:(?:an?|two|several|separate|more|many|numerous|other|further|congratulatory|congratulating)\s+){0,2}"
    # "got an early dawn phone call from": other words only before a phone word
    r"(?:(?:[a-z][\w-]*\s+){0,2}?(?:phone|telephone|video)\s+)?calls?\b(?P<mid>[^.;]{0,40}?)\bfrom\b",
    re.I,
)
PLACED_RE = re.compile(
    r"\b(?:an?\s+)?(?:(?:phone|telephone)\s+)?call\s+(?:was\s+)?(?:placed|made|initiated)\s+by\b|"
    r"\b(?:placed|made|put\s+through)\s+(?:(?:an?|his|her|their|two|three|several|separate|a\s+series\s+of)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:(?:phone|telephone)\s+)?calls?\s+(?:(?:today|yesterday|on\s+\w+day)\s+)?to\b",
    re.I,
)
SPEAK_RE = re.compile(
    r"\b(?P<v>(?:has|have|had)\s+(?:spoken|talked)|spoke|talked|speaks|talks|speaking|talking|conversed|chatted|"
    r"exchanged\s+views)\b"
    r"(?P<rest>\s+(?:(?:separately|briefly|again|also|later|earlier|by\s+(?:tele)?phone|by\s+telephone|"
    r"on\s+(?:the\s+)?(?:tele)?phone|over\s+(?:the\s+)?(?:tele)?phone|by\s+video(?:\s+link|\s*conference)?|"
    r"via\s+video(?:\s+link|\s*conference)?|on\s+\w+day|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|twice|yesterday|"
    r"today|(?:this|last)\s+(?:morning|afternoon|evening|night)|"
    r"for\s+the\s+\w+\s+(?:day|time)(?:\s+running|\s+in\s+a\s+row)?)\s+)*(?:with|to)\b)?",
    re.I,
)
# "Powell worked the telephones ..., calling A, B and C": a participle after a comma, in a sentence about phones.
CALLING_RE = re.compile(
    r"(?<=,\s)(?:also\s+)?(?P<v>calling|phoning|telephoning|ringing)\b(?!\s+(?:for|on|it|them|him|her)\b)", re.I
)
_PHONES_RE = re.compile(r"\b(?:phones?|telephones?|phoning|telephoning)\b", re.I)
# "conducted discussions with X", "held talks with X": a conversation, a call only where the article ties it to one.
DISCUSSIONS_RE = re.compile(
    r"\b(?:held|had|has\s+had|have\s+had|conducted|holds|holding|has)\s+(?:also\s+)?"
    r"(?:(?:two|three|several|separate|further|brief|lengthy|long)\s+){0,2}"
    r"(?:discussions|talks|a\s+conversation|conversations)\s+with\b",
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
# "Albright told Milosevic by telephone that ...", "assured him over the phone"
TOLD_RE = re.compile(
    r"\b(?:told|assured|informed|warned|urged)\b(?=[^.;:\"“]{0,60}?\b(?:by|over\s+the|on\s+the)\s+(?:tele)?phone\b)",
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
_ON_PHONE_WITH_NAME_RE = re.compile(r"on\s+the\s+phone\s+with\s+[A-Z]")


def _on_phone_is_a_call(sentence: str, start: int) -> bool:
    """ "X was on the phone with Y", or a headline's "Trump on the phone with Macri" (not "Get the prime
    minister on the phone to the president")."""
    before = _ON_PHONE_AFTER_RE.search(sentence[max(0, start - 8) : start])
    if before is None:
        return False
    return not before.group("word") or bool(_ON_PHONE_WITH_NAME_RE.match(sentence, start))


PHONE_MARK_RE = re.compile(
    r"\b(?:by|on\s+the|over\s+the|over|via|on\s+a|on|in\s+a)\s+(?:[\w-]+\s+)?(?:tele)?phone\b|\bby\s+telephone\b|"
    rf"\b(?:by|via|over|through)\s+(?:an?\s+)?(?:[\w-]+\s+)?{_VIDEO}\b|\bin\s+an?\s+(?:[\w-]+\s+)?(?:phone\s+|telephone\s+|video\s+)?call\b",
    re.I,
)
NOUN_RE = re.compile(
    r"\b(?P<n>(?:three-way\s+|four-way\s+|joint\s+|trilateral\s+)?(?:tele)?phone(?:\s+|-)(?:call|calls|conversation|"
    r"conversations|talks|talk|conference|chat|discussion|discussions|contact|exchange|meeting)|"
    r"telephonic\s+(?:conversation|talks)|three-way\s+call|"
    r"video(?:\s+|-)(?:call|calls|conversation|talks|link|conference|summit|meeting)|videoconference|video-conference|"
    r"virtual\s+(?:call|talks|meeting|summit))\b",
    re.I,
)
# "discussed ... in a call on Wednesday", "During Wednesday's call, ...": the bare noun "call" after "in" or
# "during" reports one (not "a call for calm", "a call on the government to ...").
IN_A_CALL_RE = re.compile(
    r"\b(?:in|during)\s+(?:an?|their|his|her|\w+['’]s)\s+(?:(?:brief|short|lengthy|long|late-night|"
    r"first|second|separate|joint|hour-long|\d+-minute|[\w-]+-minute)\s+)?(?P<n>calls?)\b"
    r"(?!\s+for\b)(?!\s+on\s+(?!\w+day\b))(?!\s+to\s+(?:action|arms|end|stop|halt)\b)",
    re.I,
)
CALL_WITH_RE = re.compile(
    r"\b(?:an?|the|his|her|their|its)\s+(?=(?:[\w-]+\s+)?calls?\s)(?:(?:\d+-minute|[\w-]+-long|brief|short|lengthy|long|late-night|rare|first|"
    r"second|third|separate|joint|private|secret|congratulatory|recent|earlier|latest|previous)\s+)?calls?\s+(?:with|to|between)\b|"
    r"(?<=\w)['’]s\s+(?:(?:phone|telephone|video)\s+)?call\s+(?:with|to)\b",  # a readout's title: "X's Call with Y"
    re.I,
)

# Decoys ---------------------------------------------------------------------

_MODAL_ANY_RE = re.compile(r"\b(?:will|would|shall|should|could|(?-i:may)|might|must|if|whether|unless)\b|'ll\b", re.I)
_MODAL_RE = re.compile(
    r"\b(?:going\s+to|plans?\s+to|planning\s+to|planned|expected\s+to|expects?\s+to|due\s+to|"
    r"set\s+to|scheduled\s+to|hopes?\s+to|hoping\s+to|wants?\s+to|would\s+like\s+to|intends?\s+to|agreed\s+to|"
    r"agree\s+to|offered\s+to|ready\s+to|should|could|(?-i:may)|might|must|next|upcoming|forthcoming|tomorrow(?:['’]s)?|"
    r"proposed|requested|asked\s+for|asked\s+to|"
    r"seeking|sought|arrange|arranging|scheduling|promised\s+to|refused\s+to|declined\s+to|to\s+be\s+held|"
    r"refuse[sd]?|declined|rejected|snubbed|ignored|wanted\s+to|tried|attempted|attempts?\s+to|"
    r"if|whether|unless|no\s+plans?\s+to|try\s+to|tried\s+to|wait(?:ed|ing)?\s+(?:so\s+long\s+)?to|"
    r"to\s+(?:ensure|make\s+sure|secure|facilitate|set\s+up))\b",
    re.I,
)
_WANTED_FOR_RE = re.compile(
    r"\b(?:time|ready|request|requests|requested|asked|ask|asking|push|pushed|pushing|appeal|appealed|hope|hoped|wish|"
    r"plans?)\s+for\s+(?:an?\s+|the\s+|another\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
_NEG_RE = re.compile(r"\b(?:no|not|never|n't|without|nor|neither|denied|deny|denies)\b|n't\b", re.I)
_SENT_DENIAL_RE = re.compile(
    r"\b(?:denied|denies|deny|dismissed\s+(?:a\s+)?reports?|did\s+not\s+take\s+place|never\s+took\s+place|"
    r"(?:had|has|have)\s+not\s+(?:yet\s+)?taken\s+place|(?:hadn['’]t|hasn['’]t|haven['’]t)\s+taken\s+place|"
    r"(?:did\s+not|didn['’]t|never)\s+happen(?:ed)?|"
    r"(?:refused|declined)\s+to\s+(?:take|accept|answer)\s+(?:the|his|her|a)\s+(?:(?:phone|telephone)\s+)?call|"
    r"no\s+such\s+(?:call|conversation)|there\s+(?:was|were|has\s+been|had\s+been)\s+no\s+(?:(?:tele)?phone\s+)?"
    r"(?:call|conversation|contact|talks?)|not\s+aware\s+of)\b",
    re.I,
)
# A call placed but not taken: "did not respond", "would not take it", "The result: silence."
UNANSWERED_RE = re.compile(
    r"\b(?:did\s+not|didn['’]t|would\s+not|wouldn['’]t|refused\s+to|declined\s+to)\s+(?:respond|answer|pick\s+up|"
    r"take\s+(?:it|the\s+call))\b|\bwent\s+unanswered\b|\bno\s+answer\b|\bresult:?\s+silence\b",
    re.I,
)
_PUBLIC_RE = re.compile(
    r"\b(?:with|to)\s+(?:the\s+)?(?:journalists|reporters|the\s+press|press|media|listeners|viewers|callers|"
    r"the\s+public|public|voters|supporters|students|investors|(?:a|an|the)\s+(?:\w+\s+)?(?:TV|television|radio)\s+"
    r"(?:channel|station|network|show|programme|program)|(?:a|the)\s+(?:\w+\s+)?(?:newspaper|broadcaster))\b|"
    r"\b(?:reporters|journalists)\s+(?:on|in|during)\s+(?:a|the)\b|\bphone-in\b|\bconference\s+call\s+with\b|\bpress\s+conference\b",
    re.I,
)
_PLANNED_AFTER_RE = re.compile(
    r"[^.;:]{0,70}?\b(?:is|are|was|were)\s+(?:also\s+|still\s+|not\s+yet\s+|not\s+|yet\s+to\s+be\s+)?"
    r"(?:expected|planned|scheduled|due|likely|possible|unscheduled|being\s+(?:arranged|prepared|planned))\b",
    re.I,
)
_GENERAL_RE = re.compile(
    r"\b(?:all\s+the\s+time|often|regularly|frequently|routinely|every\s+(?:week|day|month)|from\s+time\s+to\s+time|"
    r"usually|always)\b",
    re.I,
)
# "such telephone conversations are only confirmed after ...": calls of a kind, not one call
_SUCH_BEFORE_RE = re.compile(r"\bsuch\s+$", re.I)
MEETING_RE = re.compile(
    r"\b(?:met|meet|meets|meeting|summit|sidelines|visit|visited|visiting|in\s+person|face\s+to\s+face|"
    r"face-to-face|shook\s+hands|shakes\s+hands|talks\s+in|arrived|dinner|lunch|news\s+conference|rally|"
    r"interview|reporters|journalists|speech|address)\b",
    re.I,
)
# "said in a nationally televised address that he also spoke with Bush": where it was said, not a meeting
_SAID_WHERE_RE = re.compile(
    r"\b(?:said|says|told\s+(?:reporters|journalists)|announced)\s+(?:(?:in|during|at)\s+an?\s+(?:[\w-]+\s+){0,3}"
    r"(?:address|speech|interview|news\s+conference)\b)?",
    re.I,
)
_CLAUSE_SPLIT_RE = re.compile(r"[;:!?\"“”]|,\s+(?:but|while|as|and|although|though)\b|\.\s")

# Other signals ----------------------------------------------------------------

CONTEXT_REF_RE = re.compile(
    r"\b(?:the|this|that|their|during\s+the|in\s+the|on\s+the)\s+(?:(?:phone|telephone|video)\s+)?"
    r"(?:call|conversation|talks?|discussion|exchange|readout|read-out)\b|\b(?:the\s+two|both|the)\s+"
    r"(?:leaders|presidents|sides|men|heads\s+of\s+state|prime\s+ministers|ministers|chancellor|king)\b|"
    r"\b(?:they|the\s+two)\b|\bduring\s+their\b",
    re.I,
)
EARLIER_RE = re.compile(
    r"\b(?:second|third|fourth|another)\s+(?:time|call|conversation|interaction|phone\s+call|telephone\s+"
    r"conversation|contact|talks?)\s+(?:in|within|this|since|of)\s+(?:a\s+|the\s+)?(?:fortnight|week|month|days|"
    r"two\s+weeks|few\s+days|year)\b|\b(?:last|previously)\s+spoke\s+on\b|"
    r"\bfor\s+the\s+second\s+(?:straight\s+|consecutive\s+)?day(?:\s+running|\s+in\s+a\s+row)?\b",
    re.I,
)
INITIATIVE_RE = re.compile(
    # "of the U.S. leader": a name or title runs on past the dots of an abbreviation
    r"\b(?:(?:at|upon|on)\s+the\s+(?:initiative|request|invitation)\s+of\s+(?P<a>(?:(?:[A-Z]\.){2,}|[^,.;]){2,60})|"
    r"at\s+(?P<b>[^,.;]{2,40}?)['’]s\s+(?:initiative|request)|"
    r"initiated\s+by\s+(?P<c>(?:(?:[A-Z]\.){2,}|[^,.;]){2,60})|on\s+(?P<e>the\s+(?:former|latter))['’]s\s+"
    r"(?:initiative|request)|(?P<d>\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:had\s+)?initiated\s+the\s+"
    r"(?:[\w-]+\s+){0,2}?(?:call|conversation))",  # "initiated the 40-minute call", "the telephone conversation"
    re.I,
)
_DETERMINER_END_RE = re.compile(r"\b(?:the|a|his|her|their|its|(?:tele)?phone|these|those)\s+$", re.I)
ATTRIBUTION_RE = re.compile(r"\b(?:said|says|told|announced|reported|according\s+to|statement|readout|read-out)\b")


#: A cheap pre-filter: an article (or a sentence) without any of these words cannot hold a call; every trigger
#: of :func:`find_triggers` has one.
ANY_CALL_WORD_RE = re.compile(r"call|phon|rang|ring|dial|spok|talk|speak|convers|chat|discussions|video|virtual", re.I)


@dataclass(frozen=True)
class Trigger:
    kind: str  # verb | passive | received | placed | speak | speak_weak | noun | call_with
    start: int
    end: int
    text: str
    video: bool = False
    plural: bool = False
    present_perfect: bool = False


def _clause_before(sentence: str, pos: int) -> str:
    """The text of the clause that ends at ``pos`` (from the last clause break)."""
    head = sentence[:pos]
    last = 0
    for m in _CLAUSE_SPLIT_RE.finditer(head):
        last = m.end()
    return head[last:]


def is_decoy(sentence: str, trig: Trigger) -> str | None:
    """Why the trigger is not a reported call (None when it is one)."""
    if sentence.rstrip().rstrip("\"”'’").endswith("?"):
        return "question"  # "Who called X ahead of Y's presser?"
    before = _clause_before(sentence, trig.start)
    window = before[-70:]
    if _MODAL_RE.search(before[-32:]) or _MODAL_ANY_RE.search(window):
        return "planned"
    if _WANTED_FOR_RE.search(window):
        return "planned"  # "the right time for a phone conversation", "asked for a call"
    if _NEG_RE.search(window[-60:]):
        return "negated"
    if _SENT_DENIAL_RE.search(sentence):
        return "denied"
    after = sentence[trig.end : trig.end + 90]
    if UNANSWERED_RE.search(sentence[trig.end :]):
        return "unanswered"  # "Trump made the call, but Rouhani ... would not take it"
    if re.match(r"\s*(?:is|was|are|were)?\s*(?:expected|planned|scheduled|set|due|likely)\b", after, re.I):
        return "planned"
    if _PLANNED_AFTER_RE.match(after):  # "a conversation between A and B is also planned on Saturday"
        return "planned"
    local = sentence[max(0, trig.start - 30) : trig.end + 40]
    if _PUBLIC_RE.search(local):
        return "public"
    if trig.kind in {"speak", "speak_weak"} and _GENERAL_RE.search(sentence):
        return "general"
    if _SUCH_BEFORE_RE.search(sentence[max(0, trig.start - 10) : trig.start]):
        return "general"
    if trig.kind == "speak_weak" and MEETING_RE.search(_SAID_WHERE_RE.sub(" ", sentence)):
        return "meeting"
    return None


def find_triggers(sentence: str) -> list[Trigger]:
    """Every candidate call report in one sentence (decoys not yet removed), by position."""
    if not ANY_CALL_WORD_RE.search(sentence):  # most sentences of an article
        return []
    out: list[Trigger] = []
    for m in PASSIVE_RE.finditer(sentence):
        out.append(Trigger("passive", m.start(), m.end(), m.group(0)))
    for m in RECEIVED_RE.finditer(sentence):
        out.append(Trigger("received", m.start(), m.end(), m.group(0), video="video" in m.group(0).lower()))
    for m in PLACED_RE.finditer(sentence):
        out.append(Trigger("placed", m.start(), m.end(), m.group(0)))
    taken = [(t.start, t.end) for t in out]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in FIRST_TO_RE.finditer(sentence):
        out.append(Trigger("verb", m.start("v"), m.end(), m.group("v")))
    for m in RETURNED_RE.finditer(sentence):
        out.append(Trigger("verb", m.start(), m.end(), m.group(0)))
    for m in RETURNED_FROM_RE.finditer(sentence):
        out.append(Trigger("verb", m.start(), m.end(), m.group(0)))
    taken = [(t.start, t.end) for t in out]
    for m in VERB_RE.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        if re.search(r"(?<![\w-])so[- ]$", sentence[max(0, m.start() - 4) : m.start()], re.I):
            continue  # "so-called", but not "also called"
        if _DETERMINER_END_RE.search(sentence[max(0, m.start() - 11) : m.start()]):
            continue  # "the calls to": the noun, not the verb
        if re.search(r"\w['’]s\s+$", sentence[max(0, m.start() - 4) : m.start()]):
            if m.group(0).lower() == "calls" and not re.match(r"\s+for\b", sentence[m.end() :]):
                out.append(Trigger("noun", m.start(), m.end(), m.group(0), plural=True))  # "Obama's calls on Monday"
            continue
        v = m.group("v").lower()
        out.append(Trigger("verb", m.start(), m.end(), m.group(0), present_perfect=v.startswith(("has", "have"))))
    for m in SPEAK_RE.finditer(sentence):
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
    if _PHONES_RE.search(sentence):
        for m in CALLING_RE.finditer(sentence):
            if free(m.start(), m.end()):
                out.append(Trigger("verb", m.start(), m.end(), m.group(0)))
    for m in DISCUSSIONS_RE.finditer(sentence):
        if free(m.start(), m.end()):
            mark = PHONE_MARK_RE.search(sentence[max(0, m.start() - 60) : m.end() + 120])
            out.append(Trigger("speak" if mark else "speak_weak", m.start(), m.end(), m.group(0)))
    for m in TOLD_RE.finditer(sentence):
        if free(m.start(), m.end()):
            out.append(Trigger("speak", m.start(), m.end(), m.group(0)))
    for m in ON_PHONE_RE.finditer(sentence):
        if _on_phone_is_a_call(sentence, m.start()) and free(m.start(), m.end()):
            out.append(Trigger("speak", m.start(), m.end(), m.group(0)))
    for m in NOUN_RE.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        n = m.group("n").lower()
        video = bool(re.search(_VIDEO, n))
        plural = n.endswith(("calls", "conversations", "discussions"))
        out.append(Trigger("noun", m.start(), m.end(), m.group(0), video=video, plural=plural))
    for m in CALL_WITH_RE.finditer(sentence):
        if free(m.start(), m.end()):
            out.append(Trigger("call_with", m.start(), m.end(), m.group(0)))
    taken = [(t.start, t.end) for t in out]
    for m in IN_A_CALL_RE.finditer(sentence):
        if free(m.start(), m.end()):
            plural = m.group("n").lower() == "calls"
            out.append(Trigger("noun", m.start(), m.end(), m.group(0), plural=plural))
    out.sort(key=lambda t: t.start)
    return _join_adjacent(sentence, out)


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
