"""Decoys: what looks like a call report but is not one (planned, requested, refused, denied or unanswered calls,
calls with journalists or the public, general talk, a meeting told with "spoke with").

They are checked on the clause before the trigger and on the sentence: future or modal verbs ("will call", "expected
to talk", "agreed to speak", a headline's "X, Y To Speak Via Video Link"), negation and denial ("there was no
conversation", "did not speak"), calls with journalists or the public, hypotheticals and general talk."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules.patterns import Trigger

__all__ = ["MEETING_RE", "UNANSWERED_RE", "is_decoy"]

_MODAL_ANY_RE = re.compile(
    r"\b(?:will|would|shall|should|could|(?-i:may)|might|must|if|whether|unless)\b|'ll\b|"
    r"\bcan\s+(?:soon\s+)?(?:take\s+place|be\s+held|happen)\b",  # "the contact can take place over the phone"
    re.I,
)
_MODAL_RE = re.compile(
    r"\b(?:going\s+to|plans?\s+to|planning\s+to|planned|expected\s+to|expects?\s+to|due\s+to|"
    r"set\s+to|scheduled\s+to|hopes?\s+to|hoping\s+to|wants?\s+to|would\s+like\s+to|intends?\s+to|agreed\s+to|"
    r"agree\s+to|offered\s+to|ready\s+to|should|could|(?-i:may)|might|must|next|upcoming|forthcoming|tomorrow(?:['’]s)?|"
    r"proposed|requested|asked\s+for|asked\s+to|"
    r"seeking|sought|arrange|arranging|scheduling|promised\s+to|refused\s+to|declined\s+to|to\s+be\s+held|"
    r"refuse[sd]?|refusing|declined|declining|rejected|rejecting|snubbed|snubbing|ignored|ignor(?:es|ing)|expecting|awaiting|awaits|intention\s+to|wanted\s+to|tried|attempted|attempts?\s+to|"
    r"if|whether|unless|no\s+plans?\s+to|try\s+to|tried\s+to|wait(?:ed|ing)?\s+(?:so\s+long\s+)?to|"
    r"to\s+(?:ensure|make\s+sure|secure|facilitate|set\s+up|have|hold)|(?-i:To(?:\s+[A-Z]\w*){0,3})(?=\s*$))\b",
    re.I,
)
_WANTED_FOR_RE = re.compile(
    r"\b(?:time|ready|available|availability|request|requests|requested|asked|ask|asking|push|pushed|pushing|appeal|appealed|hope|hoped|wish|"
    r"plans?|preparations?|preparing|date)\s+for\s+(?:an?\s+|the\s+|another\s+)?(?:[\w-]+\s+)?$|"
    # "the date of the first phone call", "the timing of a call"
    r"\b(?:date|timing|time|modalities|format|possibility|prospect|idea)\s+of\s+(?:an?\s+|the\s+|their\s+)(?:[\w-]+\s+)?$",
    re.I,
)
_NEG_RE = re.compile(r"\b(?:no|not|never|n't|without|nor|neither|denied|deny|denies|denying)\b|n't\b", re.I)
_SENT_DENIAL_RE = re.compile(
    r"\b(?=[cdhnrt])(?:denied|denies|deny|denying|dismissed\s+(?:a\s+)?reports?|did\s+not\s+take\s+place|never\s+took\s+place|"
    r"(?:had|has|have)\s+not\s+(?:yet\s+)?taken\s+place|(?:hadn['’]t|hasn['’]t|haven['’]t)\s+taken\s+place|"
    r"(?:did\s+not|didn['’]t|never)\s+happen(?:ed)?|"
    r"(?:refused|declined)\s+to\s+(?:take|accept|answer)\s+(?:the|his|her|a)\s+(?:(?:phone|telephone)\s+)?call|"
    # "refused to attend President Donald Trump's phone calls", "that phone call has not been received"
    r"(?:refus|declin)(?:es|ed|ing)\s+to\s+(?:take|accept|answer|attend|return)\s+(?:[\w.-]+\s+){0,3}?[\w.-]+['’]s\s+"
    r"(?:(?:phone|telephone)\s+)?calls?|(?:call|conversation)\s+(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+"
    r"(?:received|returned|answered|taken)|"
    r"no\s+such\s+(?:call|conversation)|there\s+(?:was|were|has\s+been|had\s+been)\s+no\s+(?:(?:tele)?phone\s+)?"
    r"(?:call|conversation|contact|talks?)|not\s+aware\s+of)\b",
    re.I,
)
# A call placed but not taken: "did not respond", "would not take it", "The result: silence."
UNANSWERED_RE = re.compile(
    r"\b(?:did\s+not|didn['’]t|would\s+not|wouldn['’]t|refused\s+to|declined\s+to)\s+(?:respond|answer|pick\s+up|"
    r"take\s+(?:it|the\s+call)|return\s+(?:the|his|her|that)\s+call)\b|\bwent\s+unanswered\b|\bno\s+answer\b|\bresult:?\s+silence\b|"
    r"\b(?:nobody|no\s+one)\s+(?:answered|picked\s+up)\b",
    re.I,
)
_PUBLIC_RE = re.compile(
    r"\b(?:with|to)\s+(?:the\s+)?(?:journalists|reporters|the\s+press|press|media|listeners|viewers|callers|"
    r"the\s+public|public|voters|supporters|students|investors|(?:a|an|the)\s+(?:\w+\s+)?(?:TV|television|radio)\s+"
    r"(?:channel|station|network|show|programme|program)|(?:a|the)\s+(?:\w+\s+)?(?:newspaper|broadcaster))\b|"
    r"\b(?:reporters|journalists)\s+(?:on|in|during)\s+(?:a|the)\b|\bphone-in\b|\bpress\s+conference\b|"
    r"\bconference\s+call\s+with\s+(?:\w+\s+)?(?:analysts|donors|governors|mayors|staff|employees|executives)\b",
    re.I,
)
_PLANNED_AFTER_RE = re.compile(
    r"[^.;:]{0,90}?\b(?:(?:is|are|was|were)\s+(?:also\s+|still\s+|not\s+yet\s+|not\s+|yet\s+to\s+be\s+)?|"
    r"(?:has|have)\s+(?:not\s+)?(?:yet\s+)?been\s+)"
    r"(?:expected|planned|scheduled|due|likely|possible|unscheduled|being\s+(?:arranged|prepared|planned)|fixed|set\s+for|"
    r"(?:currently\s+)?(?:under\s+discussion|on\s+the\s+agenda))\b",
    re.I,
)
# "Telephone conversations between A and B could take place in the near future"
_MAY_TAKE_PLACE_RE = re.compile(
    r"[^.;:]{0,120}?\b(?:could|may|might|would|will|should)\s+(?:soon\s+|also\s+)?(?:take\s+place|be\s+held)\b", re.I
)
_GENERAL_RE = re.compile(
    r"\b(?:all\s+the\s+time|often|regularly|frequently|routinely|every\s+(?:week|day|month)|from\s+time\s+to\s+time|"
    r"usually|always|whenever)\b",
    re.I,
)
# "confers via video link at least every two weeks": talks of a habit, whatever the call word
_EVERY_RE = re.compile(r"\bevery\s+(?:two|three|few|other|couple\s+of)\s+(?:days|weeks|months)\b", re.I)
# "such telephone conversations are only confirmed after ...", "engaging in frequent phone calls": calls of a
# kind, not one call (read on the 10 characters before the trigger)
_KIND_BEFORE_RE = re.compile(r"\b(?:such|frequent|regular|routine)\s+$", re.I)
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
# "expressed hope to meet in person as they spoke by phone": a clause of its own starts at "as they"
_CLAUSE_SPLIT_RE = re.compile(
    r"[;:!?\"“”]|,\s+(?:but|while|as|and|although|though)\b|\.\s|\b(?:as|when|while)\s+(?=(?:they|the\s+two)\b)"
)


# Scare quotes around one to three words ('no longer holds “direct” telephone conversations'): no clause break
_SCARE_QUOTES_RE = re.compile(r"[\"“]([\w'’-]+(?:\s+[\w'’-]+){0,2})[\"”]")


def _clause_before(sentence: str, pos: int) -> str:
    """The text of the clause that ends at ``pos`` (from the last clause break)."""
    head = _SCARE_QUOTES_RE.sub(lambda m: f" {m.group(1)} ", sentence[:pos])
    last = 0
    for m in _CLAUSE_SPLIT_RE.finditer(head):
        last = m.end()
    return head[last:]


# What is to be done on a call still to come: "expected to be discussed during the phone conversation"
_TO_BE_DONE_ON_RE = re.compile(
    r"\bto\s+be\s+\w+(?:ed|en)\s+(?:\w+\s+){0,3}?(?:during|in|at)\s+(?:the|their|this|that)\s+$", re.I
)

# A headline's names and an infinitive before its call: "Putin, Trump to talk soon over phone"
_HEADLINE_TO_RE = re.compile(r"\s*(?:[\w'’.-]+,?\s+){1,5}to\s+", re.I)

# A headline's call with an infinitive after it: "Duterte, Jokowi phone call to focus on terrorism"
_TO_DO_AFTER_RE = re.compile(r"\s+to\s+(?!(?:the|his|her|their|an?)\b)[a-z]+\b")


_LOWER_WORD_RE = re.compile(r"\b[a-z]{2,}\b")
_POSSIBLE_BEFORE_RE = re.compile(r"\b(?:possible|potential|prospective|eventual)\s+(?:[\w-]+\s+)?$", re.I)
_URGED_BEFORE_RE = re.compile(r"\b(?:urg(?:e|es|ed|ing)|arranged)\s+(?:an?|the|another)\s+(?:[\w-]+\s+)?$", re.I)
_EXPECTED_AFTER_RE = re.compile(
    r"\s*(?:is|was|are|were)?\s*(?:expected|planned|scheduled|slated|set|due|likely)\b", re.I
)
_TO_HAPPEN_RE = re.compile(r"\s+(?P<to>to\s+)?(?:happen|take\s+place|be\s+held|go\s+ahead)\b", re.I)
_REQUEST_AFTER_RE = re.compile(r"\s+(?:request|requests|requested|proposal|offer)\b", re.I)
_ONE_SUCH_RE = re.compile(r"\bone\s+such\s+$", re.I)


_COURTESY_RE = re.compile(r"\b[Cc]ourtesy\s+$")
_SETS_RE = re.compile(r"\b(?i:sets?(?:\s+up)?|schedules?|arranges?)\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+)?$")


def is_decoy(sentence: str, trig: Trigger) -> str | None:
    """Why the trigger is not a reported call (None when it is one)."""
    if sentence.rstrip().rstrip("\"”'’").endswith("?"):
        return "question"  # "Who called X ahead of Y's presser?"
    if _COURTESY_RE.search(sentence, max(0, trig.start - 12), trig.start):
        return "a visit"  # "received four courtesy calls", "paid a courtesy call on the President"
    if _SETS_RE.search(sentence, max(0, trig.start - 40), trig.start):
        return "planned"  # "Australian PM Sets Virtual Summit With India's Modi", "schedules a phone call"
    # a headline's names only before it, no verb of its own: "Duterte, Jokowi phone call to focus on terrorism"
    to_do = trig.kind == "noun" and _TO_DO_AFTER_RE.match(sentence, trig.end)
    if to_do and not _LOWER_WORD_RE.search(sentence[: trig.start]):
        return "planned"
    if _HEADLINE_TO_RE.fullmatch(sentence[: trig.start]) and not sentence.rstrip().endswith((".", '"', "”")):
        return "planned"  # a headline's "Modi, Biden to hold virtual talks", "Putin, Trump to talk soon over phone"
    before = _clause_before(sentence, trig.start)
    window = before[-70:]
    if _TO_BE_DONE_ON_RE.search(before):
        return "planned"  # "the date is expected to be discussed during the phone conversation"
    if _MODAL_RE.search(before[-32:]) or _MODAL_ANY_RE.search(window):
        return "planned"
    if _POSSIBLE_BEFORE_RE.search(window):
        return "planned"  # "a possible telephone conversation could be the first contact"
    if _URGED_BEFORE_RE.search(window):
        return "planned"  # "urging a phone call between A and B", "X arranged a phone call between A and B"
    if _WANTED_FOR_RE.search(window):
        return "planned"  # "the right time for a phone conversation", "asked for a call"
    if _NEG_RE.search(window[-60:]):
        return "negated"
    if _SENT_DENIAL_RE.search(sentence):
        return "denied"
    after = sentence[trig.end : trig.end + 90]
    if UNANSWERED_RE.search(sentence[trig.end :]):
        return "unanswered"  # "Trump made the call, but Rouhani ... would not take it"
    if _EXPECTED_AFTER_RE.match(after):
        return "planned"
    to_happen = _TO_HAPPEN_RE.match(after)
    if to_happen and (to_happen.group("to") or trig.text.lower().endswith(" to")):
        return "planned"  # "urging the call to happen soon" (its "to" may end the trigger)
    if _REQUEST_AFTER_RE.match(after):
        return "planned"  # "Trump's phone call request"
    if _PLANNED_AFTER_RE.match(sentence[trig.end : trig.end + 120]) or _MAY_TAKE_PLACE_RE.match(sentence, trig.end):
        return "planned"  # "a conversation between A and B is also planned on Saturday", "could take place"
    local = sentence[max(0, trig.start - 30) : trig.end + 40]
    if _PUBLIC_RE.search(local):
        return "public"
    if (trig.kind in {"speak", "speak_weak"} and _GENERAL_RE.search(sentence)) or _EVERY_RE.search(sentence):
        return "general"
    if _KIND_BEFORE_RE.search(sentence[max(0, trig.start - 10) : trig.start]) and not _ONE_SUCH_RE.search(
        sentence[max(0, trig.start - 10) : trig.start]
    ):
        return "general"  # not "In one such telephonic conversation, X spoke to Y": one of a series
    if trig.kind == "speak_weak" and MEETING_RE.search(_SAID_WHERE_RE.sub(" ", sentence)):
        return "meeting"
    return None
