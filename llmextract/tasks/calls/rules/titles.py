"""Titles and role words: which words make a head of state or government, an official or a reporter, and
the countries titles name."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- titles

TITLE_WORDS = frozenset(
    [
        "President",
        "President-elect",
        "Prime",
        "Minister",
        "Premier",
        "Chancellor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Crown",
        "Emir",
        "Amir",
        "Sheikh",
        "Shaikh",
        "Sultan",
        "Secretary",
        "Secretary-General",
        "General",
        "Foreign",
        "Defence",
        "Defense",
        "Vice",
        "Deputy",
        "Leader",
        "Chairman",
        "Chairperson",
        "Chair",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Dr",
        "Dr.",
        "His",
        "Her",
        "Majesty",
        "Highness",
        "Excellency",
        "Royal",
        "State",
        "Chief",
        "Supreme",
        "Pope",
        "Emperor",
        "Governor",
        "Senator",
        "Taoiseach",
        "Counterpart",
        "Minister-President",
        "Grand",
        "Duke",
        "Monarch",
        "Commission",
        "Council",
        "Commissioner",
        "High",
        "Representative",
        "Head",
        "Interior",
        "Trade",
        "Finance",
        "Affairs",
        "External",
        "Acting",
        "Interim",
        "Former",
        "Chancellor-elect",
        "Minister-elect",
        "Premier-elect",
        "Datuk",
        "Dato",
        "Seri",
        "Prime-Minister",
        "PM",
        "PM-elect",
        "Presidents",
        "Leaders",
        "Cabinet",
        "Principal",
        "Press",
        "Spokesman",
        "Spokeswoman",
    ]
)
HEAD_WORDS = frozenset(
    [
        "President",
        "President-elect",
        "PM",
        "PM-elect",
        "Minister",
        "Minister-elect",
        "Premier",
        "Premier-elect",
        "Chancellor",
        "King",
        "Queen",
        "Prince",
        "Emir",
        "Amir",
        "Sheikh",
        "Shaikh",
        "Sultan",
        "Secretary",
        "Secretary-General",
        "Leader",
        "Emperor",
        "Taoiseach",
        "Chairman",
        "Chairperson",
        "Pope",
        "Monarch",
        "Majesty",
    ]
)
_PARTICLES = r"(?:bin|bint|ibn|de|da|del|der|la|le|von|van|di|dos|du|of|the|al|el|y)"
_CAP = r"(?:[A-Z][\w'’.\-]*|(?:al|el)-[A-Z][\w'’\-]*)"
CHUNK_RE = re.compile(rf"(?<![\w'’-]){_CAP}(?:[ \u00a0]+(?:{_PARTICLES}[ \u00a0]+)*{_CAP})*")
_COUNTERPART_RE = re.compile(r"\bcounterparts?,?\s*$")
_REPORTER_BEFORE_RE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|aide|adviser|advisor|press secretary|secretary|correspondent|analyst|"
    r"director|envoy|ambassador|official|officials|spokesperson for|told|said|according to|citing)\s*,?\s*$"
)
# "spokesperson Madame Catherine Colonna": a spokesperson's honorific is not a leader's title
_SPOKES_HONORIFIC_RE = re.compile(r"\bspokes(?:man|woman|person)\s*,?\s*(?:Madame|Madam|Mr|Mrs|Ms|Dr)\.?\s+$", re.I)
# "said Merkel phoned Obama", "said Putin and Modi held a phone conversation": the one named after "said" is the
# subject of what was said, not its source.
_SAID_SUBJECT_RE = re.compile(
    r"^(?:\s+and\s+(?:[\w.'’-]+\s+){0,4}?[A-Z][\w.'’-]*)?"  # "said Putin and Modi spoke"
    r"\s+(?:had\s+|has\s+|have\s+|also\s+)?(?:phoned|called|telephoned|rang|spoke|spoken|talked|received|dialled|dialed|"
    r"held\s+(?:an?\s+)?(?:(?:tele)?phone|video)|had\s+an?\s+(?:(?:tele)?phone|video))\b"
)
_REPORTER_AFTER_RE = re.compile(
    r"^(?:\s*,\s*(?:(?:a|an|the)\s+|(?=editor\b))[\w\s-]{0,60}?,)?\s*(?:said|says|told|added|wrote|tweeted|announced|reported|noted|"
    r"stated|confirmed|explained)\b"
)
_REPORTER_TITLE_RE = re.compile(r"\b(?:Press|Spokes\w+|Adviser|Advisor|Aide|Correspondent|Communications)\b")
_ROMAN_RE = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")
# The days and months a name can run into ("President Arroyo Wednesday night"); "May" is a surname too.
_WHEN_WORDS = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)

# A headline's verb after a titled name: "Bush, Iraqi PM Maliki Discuss Security" (the name ends before it)
_HEADLINE_VERB_STEMS = (
    *("Discuss", "Talk", "Speak", "Hold", "Agree", "Call", "Phone", "Meet", "Say", "Urge", "Vow", "Pledge", "Seek"),
    *("Hail", "Thank", "Congratulate", "Review", "Exchange", "Receive", "Tell", "Warn", "Express", "Welcome"),
)
# ... and in the past tense: "President Jiang Held Phone Talks with Blair" ("Said" is a name too: "Qaboos bin Said")
_HEADLINE_VERBS_PAST = (
    *("Discussed", "Talked", "Spoke", "Held", "Agreed", "Called", "Phoned", "Met", "Urged", "Vowed", "Pledged"),
    *("Sought", "Hailed", "Thanked", "Congratulated", "Reviewed", "Exchanged", "Received", "Told", "Warned"),
    *("Expressed", "Welcomed"),
)
HEADLINE_VERBS = frozenset(
    [*(w + end for w in _HEADLINE_VERB_STEMS for end in ("", "es" if w.endswith("ss") else "s")), *_HEADLINE_VERBS_PAST]
)

_NOT_NAMES = _WHEN_WORDS | frozenset(
    [
        "May",
        "The",
        "A",
        "An",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "His",
        "Her",
        "Their",
        "Its",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "For",
        "After",
        "Before",
        "During",
        "While",
        "When",
        "Both",
        "Two",
        "Office",
        "Palace",
        "House",
        "Kremlin",
        "Ministry",
        "Department",
        "Court",
        "Government",
        "Presidency",
        "Administration",
        "Secretariat",
        "Agency",
        "Council",
        "Commission",
        "Union",
        "Nations",
        "Republic",
        "Federation",
        "Embassy",
        "Party",
        "Summit",
        # a headline's call words ("Readout of the President's Calls with ..."), never a name
        "Call",
        "Calls",
        "Phone",
        "Telephone",
        "Talks",
        "Conversation",
        "Readout",
        # an office's or a body's words ("Chairman Joint Chiefs of Staff Committee"), never a name
        "Joint",
        "Chiefs",
        "Staff",
        "Committee",
        "Forces",
        "Army",
        "Navy",
    ]
)


# A place and a leader's word in lower case just before a name: "his Tajik counterpart", "his Rwanda counterpart",
# "Palestinian leader", "Angolan head of state,", "Somalia's president,", "Spain’s Prime Minister, ".
_PLACED_TITLE_RE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)(?:['’]s)?\s+(?P<head>counterparts?|leader|president|premier|"
    r"prime\s+minister|head\s+of\s+(?:state|government)|king|emir|amir|sultan|monarch|"
    r"(?<=['’]s\s)(?:President|Premier|Prime\s+Minister|Chancellor|King|Emir))\s*,?\s*$"
)
# An office of a country set off by a comma before the name: "the President of the Republic of Gabon, ",
# "the Prime Minister of Libya, Mr. "
_OFFICE_OF_RE = re.compile(
    r"\b(?P<head>President|Prime\s+Minister|Premier|Chancellor|King|Queen|Emir|Amir|Sultan)\s+of\s+(?:the\s+)?"
    r"(?:(?:Republic|Kingdom|State|Sultanate|Federation|Commonwealth)\s+of\s+(?:the\s+)?)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s*(?:(?:Mr|Mrs|Ms|Dr|H\.?\s?E)\.?\s+|Sheikh\s+)?$"
)


def placed_title(head: str) -> tuple[str, str] | None:
    """The place and the office written just before a name (``head`` is the text before it) in a way the title
    run does not read: ("Tajik", "counterpart") for "with his Tajik counterpart ", ("Gabon", "President") for
    "the President of the Republic of Gabon, "."""
    if m := _OFFICE_OF_RE.search(head):
        return m.group("place"), " ".join(m.group("head").split())
    m = _PLACED_TITLE_RE.search(head)
    return (m.group("place"), " ".join(m.group("head").split())) if m else None
