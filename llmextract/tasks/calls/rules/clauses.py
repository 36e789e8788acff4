"""How a sentence that reports a call is worded around its people: where the people called end, the words that
may stand between a call verb and them, pronouns, a relation that names someone else, a paragraph that turns to
other news."""

from __future__ import annotations

import re

__all__ = ["NAMING_RE", "OBJ_BREAK_RE", "PRONOUN_RE", "RELATION_AFTER_RE", "SEPARATE_STOP_RE", "VERB_GAP_RE"]

PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
OBJ_BREAK_RE = re.compile(
    r"[;:”]|[,.]\"|(?<![A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)[.!?]\s|\b(?:said|says|told|according|citing|after|before|while|amid|when|which|who|whose|hours|ahead|where|"
    r"because|following|since|as(?!\s+well\s+as\b)(?<!\bwell\sas)|briefing|informing|days|urging|to\s+discuss|about|over|on\s+the|during)\b"
    r"|\band\s+(?:will|would|has|had|also|later|then)\b|\b(?:meet|meets|met|visit|visits|visited)\b"
    # "a call from A and a letter from B": B sent something else
    r"|\band\s+(?:an?|the)\s+(?:\w+\s+)?(?:letters?|messages?|cables?|telegrams?|e-?mails?|notes?|visits?)\s+(?:from|to)\b"
)
# "Mr Muhyiddin's successor Ismail Sabri": the person the possessive names is not the one meant
RELATION = (
    r"['’]s\s+(?:[\w-]+-year-old\s+)?(?:successor|predecessor|son|daughter|wife|husband|father|mother|brother|envoy|"
    r"deputy)\b"
)
RELATION_AFTER_RE = re.compile("^" + RELATION)
VERB_GAP_RE = re.compile(
    r"^(?:[\s,]|up\b|his\b|her\b|their\b|the\b|its\b|counterpart\b|leaders\b|president(?:-elect)?\b|prime\b|minister\b|"
    r"former\b|ex-|and\s+(?=[A-Z])|successor\b|predecessor\b|chief\b|leader\b|head\b|to\s+(?:congratulate|thank|greet|console|wish)\b|"
    r"chancellor\b|king\b|queen\b|premier\b|crown\b|prince\b|secretary\b|foreign\b|of\b|state\b|spokes\w+\b|aide\b|"
    r"advis[eo]r\b|envoy\b|"
    r"[A-Z][\w.'’-]*|" + RELATION + ")*$"
)
NAMING_RE = re.compile(r"^\s*(?:a|an|the|his|her|its|their|one|[\"“‘'])(?:\s|\b)")
SEPARATE_STOP_RE = re.compile(r"^\s*(?:Separately|Meanwhile|In\s+other|Elsewhere|Earlier|Also\s+on)\b")
