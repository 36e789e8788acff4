"""Merging the hybrid's per-call answers into a call (topics, outcomes and sources the article supports), and
whether two records are one call."""

from __future__ import annotations

import re
from collections.abc import Sequence

from llmextract.tasks.calls.grounding import same_actor
from llmextract.tasks.calls.rules.actors import ActorDB, country_code
from llmextract.tasks.calls.schema import (
    MAX_OUTCOMES,
    MAX_REPORTED_BY,
    MAX_TOPICS,
    Call,
    same_person,
)

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "to",
        "for",
        "and",
        "with",
        "by",
        "at",
        "from",
        "about",
        "between",
        "its",
        "their",
        "his",
        "her",
    ]
)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'-]+", text.lower()) if w not in _STOP]


def _overlap(a: list[str], b: list[str]) -> float:
    """Dice overlap of two word lists (1.0: the same words)."""
    common = sum(min(a.count(w), b.count(w)) for w in set(a))
    return 2 * common / (len(a) + len(b)) if a and b else 0.0


# Words that start a mention of a call (at a word start: "during" does not count as "ring").
_CALL_WORD_RE = re.compile(r"\b(?:call|phon|telephon|rang|ring|dial|spok|spea|talk|convers|video|virtual)", re.I)

_TITLE_RE = re.compile(r"\b(?:President|Minister|Chancellor|Secretary|King|Queen|Prime|Premier|Emir|Amir|Sheikh)\b")


def names_a_person(topic: str, db: ActorDB) -> bool:
    """A topic is a subject, not a person: "President of Kazakhstan" or "Kassym-Jomart Tokayev" is not one."""
    if _TITLE_RE.search(topic):
        return True
    return any(m.end - m.start >= len(topic.strip()) - 2 for m in db.find_mentions(topic))


# A topic with one of these words is about the call itself ("agree to continue cooperation during phone call").
_CALL_WORDS = frozenset(["call", "calls", "phone", "telephone", "conversation", "conversations"])
# Words of the call itself, not of what was discussed: a topic made only of them (and numbers) is dropped
# ("video talks", "20 minutes"), "nuclear talks" is kept.
_ABOUT_THE_CALL = _CALL_WORDS | {"video", "talks", "minutes", "hour", "hours"}

# A topic is a subject: one whose last word names people ("US president", "his Chinese counterpart",
# "East European leaders") is who was talked to or about, not what was discussed.
_PEOPLE_WORDS = frozenset(
    ["president", "presidents", "minister", "ministers", "counterpart", "counterparts", "leader", "leaders",
     "premier", "chancellor", "king", "emir", "prince", "spokesman", "spokeswoman", "official", "officials"]
)  # fmt: skip
# The model cut a phrase short: "latest regional" (of "latest regional and international developments"),
# "foremost of", "Trend reports via"
_DANGLING_RE = re.compile(
    r"\b(?:regional|international|bilateral|multilateral|global|economic|political|mutual|strategic|diplomatic|"
    r"humanitarian|of|the|and|or|to|for|with|via|on|in|by|between)\s*$"
)

# The small model lists its best subjects first and then pads the list with details, places and results
# (on gold/ and gold/heldout its 4th and later topics were mostly false positives); it adds at most this many.
MAX_NEW_TOPICS = 3


def _foreign_script(topic: str, text: str) -> bool:
    """The topic has letters of a script the article has none of: the model drifted into another language
    ("support of the Palestinian人民"). Latin, Greek and Cyrillic (below U+0530) count as one script here."""
    return any(ord(ch) >= 0x0530 and ch.isalpha() and ch not in text for ch in topic)


def merge_topics(
    have: list[str],
    new: list[str],
    text: str,
    names: Sequence[str] = (),
    countries: Sequence[str] = (),
    limit: int = MAX_TOPICS,
    max_new: int = MAX_NEW_TOPICS,
) -> list[str]:
    """``have`` plus at most ``max_new`` of the ``new`` topics, in order, keeping each one that

    - is not a near duplicate of one kept (half its words shared),
    - has its words mostly in the article (a model's paraphrase or invention is dropped) and no letters
      of a script the article does not use,
    - is neither a participant's name nor a participant's own country (ISO codes in ``countries``), and names
      no participant by last name,
    - and is not about the call itself."""
    article = set(_words(text))
    people = {w for name in names for w in _words(name)}
    surnames = {words[-1] for words in map(_words, names) if words and len(words[-1]) > 2}
    own = {c.upper() for c in countries}
    out = list(have)
    added = 0
    for topic in new:
        if added >= max_new:
            break
        words = _words(topic)
        if not words or sum(w in article for w in words) * 2 < len(words) or _foreign_script(topic, text):
            continue
        if all(w in people for w in words) or (own and country_code(topic.strip()) in own):
            continue
        if any(w in surnames for w in words):
            continue  # "Soviet leader Mikhail Gorbachev", "call between Erdogan and Trump": who, not what
        if all(w in _ABOUT_THE_CALL or w.isdigit() for w in words) or any(w in _CALL_WORDS for w in words):
            continue
        if words[-1] in _PEOPLE_WORDS or _DANGLING_RE.search(topic):
            continue  # "Canadian prime minister", "East European leaders": people; "latest regional": a fragment
        if any(_overlap(words, _words(kept)) >= 0.5 for kept in out):
            continue
        out.append(topic)
        added += 1
    return out[:limit]


# The model's outcomes and sources are kept only where the article bears them out, at most this many each.
MAX_NEW_OUTCOMES = 2
MAX_NEW_SOURCES = 1
# What a call produces, by the spec: agreements, decisions, instructions, invitations, commitments. A model's
# outcome without such a word is what a leader said or hoped ("stressed the importance of ...").
_RESULT_RE = re.compile(
    r"\b(?:agreed|agree|agreement|decided|invited|invitation|instructed|pledged|promised|committed|accepted|"
    r"signed|vowed|offered)\b",
    re.I,
)
# What a leader says, in the words of a result: "offered his condolences", "looked forward to meeting".
_NO_RESULT_RE = re.compile(r"\b(?:condolences?|sympathy|sympathies|look(?:ed|s)?\s+forward)\b", re.I)
# The same words in the article, in any form ("agrees", "agreeing", "decision", "commitment", "pledge").
_RESULT_STEM_RE = re.compile(
    r"\b(?:agree|decid|decision|invit|instruct|pledg|promis|commit|accept|sign|vow|offer)\w*", re.I
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+|\n+")
# A source is credited for the account: the article names it beside "said", "told", "according to" ...
_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|told|according|statement|readout|read-out|reported|announced|quoted|cited)\b", re.I
)
# News agencies publish the story ("(Reuters) -"); one counts as the call's source only where the article credits
# it for the account ("Xinhua reported", "according to WAM").
_AGENCIES = frozenset(
    ["reuters", "ap", "associated press", "afp", "agence france-presse", "xinhua", "tass", "ria novosti", "interfax",
     "kyodo", "yonhap", "anadolu", "anadolu agency", "bloomberg", "dpa", "efe", "ani", "pti", "ians", "bernama",
     "antara", "wam", "qna", "spa", "kuna", "irna", "vna", "apa", "cna", "sputnik"]
)  # fmt: skip


def _credited_agency(agency: str, text: str) -> bool:
    name = re.escape(agency)
    return bool(
        re.search(rf"\b{name}\)?(?:\s+news\s+agency)?,?\s+(?:reported|said|quoted|cited|reports|says)\b", text, re.I)
        or re.search(
            rf"\b(?:according\s+to|(?:reported|quoted|cited)\s+by)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?\(?{name}\b",
            text,
            re.I,
        )
    )


def merge_outcomes(have: list[str], new: list[str], text: str, max_new: int = MAX_NEW_OUTCOMES) -> list[str]:
    """``have`` plus at most ``max_new`` of the ``new`` outcomes that say what the call produced (an agreement,
    a decision, an invitation ...), that one sentence of the article bears out (it has most of the outcome's
    words and itself says that something was agreed, decided, offered ...) and that are not near duplicates
    of one kept. The small model writes "agreed to ..." over what a leader only said or stressed."""
    sentences = [(set(_words(s)), s) for s in _SENTENCE_END_RE.split(text) if _RESULT_STEM_RE.search(s)]
    out = list(have)
    for outcome in new:
        words = _words(outcome)
        if len(out) - len(have) >= max_new or len(words) < 2 or not _RESULT_RE.search(outcome):
            continue
        if _NO_RESULT_RE.search(outcome):
            continue  # "offered condolences": what a leader said, not what the call produced
        if not any(sum(w in bag for w in words) * 5 >= len(words) * 4 for bag, _ in sentences):
            continue
        if any(_overlap(words, _words(kept)) >= 0.5 for kept in out):
            continue
        out.append(outcome)
    return out[:MAX_OUTCOMES]


def merge_sources(
    have: list[str], new: list[str], text: str, participants: Sequence[str], max_new: int = MAX_NEW_SOURCES
) -> list[str]:
    """``have`` plus at most ``max_new`` of the ``new`` sources that the article names word for word beside an
    attribution ("the Kremlin said", "according to ..."), that are no participant, no news agency the article
    does not credit for the account ("Xinhua reported" does), and not already kept (by the spec's name rule)."""
    article = " " + " ".join(re.findall(r"[\w-]+", text.lower())) + " "
    out = list(have)
    for source in new:
        words = re.findall(r"[\w-]+", source.lower())
        phrase = " ".join(w for w in words if w != "the")
        if len(out) - len(have) >= max_new or not phrase or f" {phrase} " not in article:
            continue
        if phrase in _AGENCIES and not _credited_agency(source, text):
            continue
        if any(same_person(source, p) for p in participants) or any(same_person(source, k) for k in out):
            continue
        if not any(
            _ATTRIBUTION_RE.search(text[max(0, m.start() - 60) : m.end() + 60])
            for m in re.finditer(re.escape(source), text, re.I)
        ):
            continue
        out.append(source)
    return out[:MAX_REPORTED_BY]


def same_call(a: Call, b: Call) -> bool:
    """Two records of one conversation: the same two (or more) people, by the spec's name rule or as two
    spellings of one actor ("Volodymyr Zelenskyy", "Volodymyr Zelensky"), and no dates that differ (a month or a
    missing date is compatible with a day in it)."""
    shared = sum(
        any(same_person(p.name, q.name) or same_actor(p.name, q.name) for q in b.participants) for p in a.participants
    )
    if shared < min(2, len(a.participants), len(b.participants)):
        return False
    return a.date is None or b.date is None or a.date.startswith(b.date) or b.date.startswith(a.date)
