"""Field extractors that work on the sentences attached to one call.

duration ("lasted about 20 minutes", "an hour-long call", "90-minute"),
medium is decided by the triggers, topics ("discussed ...", "talked about ...",
"X was on the agenda"), outcomes ("agreed to ...", "instructed ..."),
reported_by ("the White House said", "according to the Kremlin",
"X told reporters", "the Kremlin readout").
"""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules.reporters import find_reporters, header_source, normalise_key, own_account

_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_NUM = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty(?:-five)?|fifty|sixty|ninety)"  # noqa: E501
_HALF_HOUR_RE = re.compile(r"\b(?:half\s+an\s+hour|half-hour|half\s+hour)\b", re.I)
_HOUR_HALF_RE = re.compile(r"\b(?:an|one)\s+hour\s+and\s+a\s+half\b|\b(?:an|one)-and-a-half-hour\b", re.I)
_MINUTES_RE = re.compile(rf"\b(?P<n>{_NUM})(?:\s+|-)minutes?\b", re.I)
# "1 hour 45 minutes", "an hour and 20 minutes", "two hours and 10 minutes"
_HOURS_MINUTES_RE = re.compile(
    rf"\b(?P<h>{_NUM}|an|a)(?:\s+|-)hours?,?\s+(?:and\s+)?(?P<m>{_NUM})(?:\s+|-)minutes?\b", re.I
)
_HOURS_RE = re.compile(rf"\b(?P<n>{_NUM}|an|a)(?:\s+|-)hours?(?:-long)?\b", re.I)
_HOUR_LONG_RE = re.compile(r"\bhour-long\b|\bhour\s+long\b", re.I)
# "two hours after", "an hour or so later": when something happened, not how long the call lasted
_HOURS_AFTER_RE = re.compile(
    r"^\s*(?:or\s+so\s+|or\s+more\s+|and\s+a\s+half\s+)?(?:after|before|later|earlier|ago)\b", re.I
)

__all__ = [
    "find_duration",
    "find_outcomes",
    "find_reporters",
    "find_topics",
    "header_source",
    "normalise_key",
    "own_account",
]


def _num(text: str) -> float | None:
    text = text.lower()
    if text in _NUM_WORDS:
        return _NUM_WORDS[text]
    try:
        return float(text)
    except ValueError:
        return None


def find_duration(text: str) -> int | None:
    """Length of the call in minutes, when a passage states it."""
    low = text.lower()
    if "hour" not in low and "minute" not in low:  # every pattern below needs one of them
        return None
    if _HOUR_HALF_RE.search(text):
        return 90
    both = _HOURS_MINUTES_RE.search(text)
    hours, minutes = (_num(both.group("h")), _num(both.group("m"))) if both else (None, None)
    if hours and minutes is not None and 0 < hours <= 24 and 0 <= minutes < 60:
        return int(hours * 60 + minutes)
    m = _MINUTES_RE.search(text)
    if m:
        n = _num(m.group("n"))
        if n and 1 <= n <= 1440 and not _HOURS_AFTER_RE.match(text[m.end() :]):
            return int(n)
    if _HALF_HOUR_RE.search(text):
        return 30
    for m in _HOURS_RE.finditer(text):
        if _HOURS_AFTER_RE.match(text[m.end() :]):
            continue
        n = _num(m.group("n"))
        if n and 0 < n <= 24:
            return int(n * 60)
    if _HOUR_LONG_RE.search(text):
        return 60
    return None


# --------------------------------------------------------------------------- topics

_TOPIC_LEAD_RE = re.compile(
    r"\b(?=[bcdefirst])(?:discussed|discussing|to\s+discuss|discuss|talked\s+about|spoke\s+about|talk\s+about|focused\s+on|"
    r"focusing\s+on|reviewed|touched\s+(?:up)?on|exchanged\s+views\s+on|exchanged\s+opinions\s+on|"
    r"the\s+situation\s+in|discussion\s+on|discussions\s+on|raised\s+(?:the\s+(?:issue|question|case)\s+of\s+)?|"
    r"briefed\s+\w+(?:\s+\w+)?\s+on|informed\s+[\w\s]{2,30}?\s+about|consulted\s+on)\s+",
    re.I,
)
_TOPIC_LEAD_WORDS = ("discuss", "talk", "spoke", "focus", "review", "touched", "exchanged", "situation", "raised",
                     "briefed", "informed", "consulted")  # fmt: skip
_AGENDA_RE = re.compile(
    r"(?:^|[,;]\s*|\b(?:that|and)\s+)(?P<np>(?:the\s+)?[\w'’\s-]{3,80}?)\s+(?:was|were)\s+(?:also\s+)?"
    r"(?:on\s+the\s+agenda|discussed|among\s+the\s+topics|a\s+(?:main\s+)?topic)\b",
    re.I,
)
_ABOUT_RE = re.compile(r"\babout\s+(?!\d|an?\s+hour|half|one\b|two\b|three\b|ten\b|twenty\b|thirty\b|forty\b)", re.I)
_TOPIC_STOP_RE = re.compile(
    r"[.;:!?\"“”()]|,\s*(?:(?:the|a|an)\s+)?[A-Z][\w\s'’-]{0,40}?\s+(?:said|says|told|added|reported)\b|"
    r",\s+and\s+(?:[A-Z]|he\b|she\b|they\b)|,\s*(?:a|an|the)\s+[\w\s'’-]{0,50}?\s+said\b|,?\s+(?:said|says|according\s+to|citing|officials|which|who|where|when|while|after|before|as|but|"
    r"and\s+(?:agreed|said|stressed|expressed|welcomed|thanked|noted|pledged|instructed|called|urged|underscored|"
    r"reaffirmed|affirmed|confirmed|asked|invited|reiterated|decided|committed|emphasi[sz]ed|underlined|outlined)|"
    r"with\s+(?:President|Prime|the\s+\w+\s+(?:leader|president))|"
    r"in\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:call|conversation|statement|readout))\b|,\s+(?=[a-z]+ing\b)|"
    r"\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\s+(?:by|over)\s+(?:tele)?phone\b"
)
_SPLIT_RE = re.compile(
    r",\s*(?:and\s+|as\s+well\s+as\s+|including\s+(?:with\s+respect\s+to\s+)?|such\s+as\s+)?|\s+and\s+|"
    r"\s+as\s+well\s+as\s+|\s+including\s+(?:with\s+respect\s+to\s+)?|\s+such\s+as\s+|\s*;\s*|\s+along\s+with\s+"
)
_LEAD_STRIP_RE = re.compile(
    r"^(?:(?:the|a|an|their|its|his|her|also|on|about|other|some|several|further|issues?\s+of|"
    r"a\s+range\s+of\s+(?:issues|topics)|range\s+of\s+(?:issues|topics)|matters?\s+of|questions?\s+of|with\s+respect\s+to|"
    r"regarding|both|in\s+particular|particularly|especially|notably|mainly)\s+)+",
    re.I,
)
_TRAIL_STRIP_RE = re.compile(r"\s+(?:going\s+forward|in\s+detail|at\s+length|as\s+well|too|also)$", re.I)
_GENERIC_TOPICS = frozenset(
    (
        "issues",
        "range",
        "topics",
        "matters",
        "questions",
        "situation",
        "things",
        "range of issues",
        "range of topics",
        "other issues",
        "international topics",
        "other international topics",
        "bilateral issues",
        "issues of mutual interest",
        "same crisis",
        "same issue",
    )
)
_PRONOUN_START_RE = re.compile(r"^(?:it|this|that|he|she|they|we|i|you|him|them|us|there)\b", re.I)


# The call itself after the subject: "Fiji outbreak in hour-long video call", "... during a telephone exchange today".
_CALL_TAIL_RE = re.compile(
    r"\s+(?:in|during|over|on|via|by)\s+(?:(?:a|an|the|their)\s+)?(?:[\w-]+\s+){0,2}?(?:(?:tele)?phone|video)"
    r"(?:\s+(?:call|conversation|exchange|link|talks?))?(?:\s+(?:today|\w+day))?$",
    re.I,
)
# A phrase about the call itself ("in the conversation", "Karabakh In Phone Call") or a date ("January 11").
_NOT_A_SUBJECT_RE = re.compile(
    r"\b(?:phone|telephone|call|conversation)\b|^(?:(?:on\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)$",
    re.I,
)


def _clean_phrase(text: str, max_words: int = 10) -> str | None:
    text = text.strip(" ,.'\"“”‘’-")
    text = _LEAD_STRIP_RE.sub("", text).strip()
    text = _TRAIL_STRIP_RE.sub("", _CALL_TAIL_RE.sub("", text)).strip(" ,.")
    if len(text) < 3 or _PRONOUN_START_RE.match(text):
        return None
    words = text.split()
    if len(words) > max_words:
        return None
    if normalise_key(text) in _GENERIC_TOPICS or (words[-1].lower() in {"issues", "topics"} and len(words) <= 2):
        return None
    if not re.search(r"[A-Za-z]", text) or _NOT_A_SUBJECT_RE.search(text):
        return None
    return text[:120]


# "ties between the UAE and the United Kingdom": that "and" joins the two sides of one subject, not two subjects.
_BETWEEN_AND_RE = re.compile(r"\bbetween\s+(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?\s+(and)\s+")
_KEPT_AND = "\x00"


# An adjective of a readout ("regional", "bilateral", "economic") ends the part before "and", and the part after
# is another adjective and its noun
_ADJECTIVE = (
    r"(?:regional|international|bilateral|multilateral|trilateral|global|economic|political|mutual|strategic|"
    r"diplomatic|humanitarian|military|financial|commercial|cultural|domestic|national|security|trade)"
)
_ADJECTIVE_END_RE = re.compile(rf"\b{_ADJECTIVE}\s*$")
_ADJECTIVE_NOUN_RE = re.compile(rf"\s*{_ADJECTIVE}\s+[a-z]+")


def _split_topics(raw: str) -> list[str]:
    kept = _BETWEEN_AND_RE.sub(lambda m: m.group(0)[: m.start(1) - m.start()] + _KEPT_AND + " ", raw)
    parts: list[str] = []
    for piece in _SPLIT_RE.split(kept):
        piece = piece.replace(_KEPT_AND, "and")
        # "the conclusion and ratification of X": a bare lower-case word before "and" belongs to the next part
        shared = parts and re.fullmatch(r"(?:the\s+)?[a-z][\w-]*", parts[-1].strip())
        # "latest regional and international developments": two adjectives of one noun
        shared = shared or (parts and _ADJECTIVE_END_RE.search(parts[-1]) and _ADJECTIVE_NOUN_RE.match(piece))
        if shared and " and " in raw and not re.match(r"\s*(?:the|a|an|its|their|his|her)\b", piece):
            parts[-1] = parts[-1].strip() + " and " + piece
        else:
            parts.append(piece)
    return parts


def _phrase_after(text: str, start: int) -> str:
    rest = text[start : start + 300]
    stop = _TOPIC_STOP_RE.search(rest)
    return rest[: stop.start()] if stop else rest


def find_topics(passages: list[str], after: list[int] | None = None) -> list[str]:
    """Short noun phrases the leaders discussed, in order of appearance."""
    out: list[str] = []
    seen: set[str] = set()

    def add(raw: str) -> None:
        for part in _split_topics(raw):
            phrase = _clean_phrase(part)
            if phrase:
                key = normalise_key(phrase)
                if key and key not in seen:
                    seen.add(key)
                    out.append(phrase)

    for idx, text in enumerate(passages):
        low = text.lower()  # the patterns are costly: a cheap test of the words they need first
        for m in _TOPIC_LEAD_RE.finditer(text) if any(w in low for w in _TOPIC_LEAD_WORDS) else ():
            lead = m.group(0).lower()
            phrase = _phrase_after(text, m.end())
            if lead.startswith("the situation in"):
                phrase = "situation in " + phrase
            add(phrase)
        for m in _AGENDA_RE.finditer(text) if any(w in low for w in ("agenda", "discussed", "topic")) else ():
            add(m.group("np"))
        if after is not None and after[idx] >= 0:
            m = _ABOUT_RE.search(text, after[idx])
            if m and m.start() - after[idx] < 80:
                add(_phrase_after(text, m.end()))
    return out[:8]


# --------------------------------------------------------------------------- outcomes

_OUTCOME_RE = re.compile(
    r"\b(?=[acdioprtv])(?:agreed\s+(?:to|on|that|upon|about)|agree\s+to|agreeing\s+(?:to|on|that)|instructed|tasked|invited|pledged|promised|committed\s+to|"
    r"decided\s+to|vowed\s+to|resolved\s+to|confirmed\s+their\s+commitment|"
    r"reaffirmed\s+(?:their|the)\s+commitment|accepted\s+(?:the|an)\s+(?:offer|invitation)|"
    r"offered(?!\s+(?:[\w'’]+\s+){0,2}?(?:condolences?|sympathy|sympathies)\b))\b",
    re.I,
)
_OUTCOME_WORDS = ("agree", "instructed", "tasked", "invited", "pledged", "promised", "committed", "decided", "vowed",
                  "resolved", "confirmed", "reaffirmed", "accepted", "offered")  # fmt: skip
_OUTCOME_STOP_RE = re.compile(
    r"(?<!\b[A-Z])\.|[;:!?\"“”]|,\s*(?:(?:the|a|an)\s+)?[A-Z][\w\s'’-]{0,40}?\s+(?:said|says|told|added|reported)\b|"
    r",?\s+(?:said|according\s+to|citing|his\s+office\s+said|her\s+office\s+said)\b|,\s+and\s+|"
    r",\s*(?:a|an|the)\s+[\w\s'’-]{0,50}?\s+said\b|"
    r"\s+and\s+(?=(?:agreed|instructed|tasked|invited|pledged|promised|committed|decided|vowed|stressed|"
    r"expressed|welcomed|thanked|noted|affirmed|reaffirmed|urged|called)\b)"
)


def find_outcomes(passages: list[str]) -> list[str]:
    """Agreements, instructions, invitations and commitments, as short clauses."""
    out: list[str] = []
    seen: set[str] = set()
    for text in passages:
        low = text.lower()
        for m in _OUTCOME_RE.finditer(text) if any(w in low for w in _OUTCOME_WORDS) else ():
            rest = text[m.start() : m.start() + 260]
            stop = _OUTCOME_STOP_RE.search(rest, m.end() - m.start())
            clause = rest[: stop.start()] if stop else rest
            clause = clause.strip(" ,")
            if len(clause.split()) < 3:
                continue
            if len(clause) > 200:
                clause = clause[:200].rsplit(" ", 1)[0]
            key = normalise_key(clause)
            if key not in seen:
                seen.add(key)
                out.append(clause)
    return out[:6]
