"""Leaders referred to by their country alone: "the leaders of Germany, Britain and Australia",
"Turkey's prime minister", "the UAE president", "the Ukrainian leader", "the President of Gabon".

This module only finds such references and the country each names; the article's reader
(:mod:`llmextract.tasks.calls.rules.doc`) decides whom they stand for, and only when the article names
exactly one leader of that country (the spec: counterparts never named give no record).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from llmextract.tasks.calls.actor_data import _data_text
from llmextract.tasks.calls.rules.actors import country_code

__all__ = ["HEAD_ROLES", "CountryRef", "find_country_refs", "home_country", "home_dateline", "is_head_role"]

# Titles of heads of state or government, as they appear in role strings (lower case).
HEAD_ROLES = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emir", "amir", "sultan")
_NOT_HEAD = ("vice", "deputy", "foreign", "former", "spokes", "adviser", "advisor", "aide", "first lady")

_HEAD = (
    r"(?i:president|prime\s+minister|premier|chancellor|king|queen|emir|amir|sultan|crown\s+prince|"
    r"leader|head\s+of\s+state|head\s+of\s+government)"
)
_WORD = r"(?:[A-Z][\w.'’-]*)"
_PLACE = rf"(?:the\s+)?{_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_WORD}){{0,3}}"
# "the leaders of A, B and C", "leaders of Egypt and Israel", "the presidents of A and B"
_GROUP_RE = re.compile(
    r"\b(?:the\s+)?(?i:leaders|presidents|prime\s+ministers|heads\s+of\s+(?:state|government)(?:\s+and\s+government)?)"
    rf"\s+of\s+(?P<list>{_PLACE}(?:\s*,\s*{_PLACE})*(?:\s*,?\s+and\s+{_PLACE}))"
)
# "Turkey's prime minister", "Ukraine's leader"
_POSS_RE = re.compile(rf"\b(?P<place>{_WORD}(?:\s+{_WORD})?)['’]s\s+(?:new\s+|then\s+|then-)?(?P<head>{_HEAD})\b")
# "the UAE president", "the Ukrainian leader"
_ADJ_RE = re.compile(rf"\b[Tt]he\s+(?P<place>{_WORD}(?:\s+{_WORD})?)\s+(?P<head>{_HEAD})\b")
# "the President of Gabon", "the emir of Qatar"
_OF_RE = re.compile(rf"\b[Tt]he\s+(?P<head>{_HEAD})\s+of\s+(?P<place>{_PLACE})")
# "his Russian counterpart" (whom the article names elsewhere): the leader of that country
_COUNTERPART_RE = re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?P<place>{_WORD})\s+(?P<head>counterpart)\b")
# a name right after the title ("Turkey's prime minister Recep Tayyip Erdogan") makes it a named mention
_NAME_AFTER_RE = re.compile(r"^,?\s*(?:Mr\.?\s+|Sheikh\s+|Dr\.?\s+)?[A-Z][\w'’-]+")
_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


@dataclass(frozen=True)
class CountryRef:
    """A reference to the leader of ``country`` at ``start:end`` (offsets in the sentence)."""

    start: int
    end: int
    country: str
    head: str  # "leader" when the text gives no title, else the title in lower case


def is_head_role(role: str, head: str = "leader") -> bool:
    """True when ``role`` (titles, lower case) is a head of state's or government's and fits ``head``."""
    role = role.lower()
    if any(word in role for word in _NOT_HEAD):
        return False
    if head in {"leader", "head of state", "head of government"}:
        return any(word in role for word in HEAD_ROLES) or "crown prince" in role
    return head in role


def _code(place: str) -> str | None:
    place = re.sub(r"^the\s+", "", place.strip())
    return country_code(place) or country_code(place.rstrip("."))


def _head(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def find_country_refs(sentence: str) -> list[CountryRef]:
    """Every reference to a leader by country in ``sentence``, in order (a group gives one per country)."""
    out: list[CountryRef] = []
    taken: list[tuple[int, int]] = []
    for m in _GROUP_RE.finditer(sentence):
        base = m.start("list")
        pos = 0
        items = []
        for part in _SPLIT_RE.split(m.group("list")):
            at = m.group("list").find(part, pos)
            pos = at + len(part)
            items.append((base + at, base + pos, _code(part)))
        if len(items) < 2 or any(code is None for *_, code in items):
            continue  # "the leaders of the Group of Seven and others": not a list of countries
        out.extend(CountryRef(s, e, code, "leader") for s, e, code in items if code)
        taken.append((m.start(), m.end()))
    for rx in (_POSS_RE, _ADJ_RE, _OF_RE, _COUNTERPART_RE):
        for m in rx.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            after = _NAME_AFTER_RE.match(sentence[m.end() :])
            if after and not re.search(r"['’]s$", after.group(0)) and not _code(after.group(0).strip(" ,")):
                continue  # "the President of Gabon, Ali Bongo": named ("the UAE president, Qatar's emir ...": not)
            code = _code(m.group("place"))
            if code is None:
                continue
            head = _head(m.group("head"))
            out.append(CountryRef(m.start(), m.end(), code, "leader" if head == "counterpart" else head))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda r: r.start)


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    return {r["city"].lower(): r["country"] for r in csv.DictReader(_data_text("capitals.csv").splitlines())}


@functools.lru_cache(maxsize=1)
def _seats() -> dict[str, str]:
    return {r["seat"].lower(): r["country"] for r in csv.DictReader(_data_text("seats.csv").splitlines())}


def seat_country(phrase: str) -> str | None:
    """The country whose seat of government or capital ``phrase`` names ("the White House", "the Kremlin",
    "Moscow"), else None."""
    words = re.sub(r"^(?:the\s+)", "", phrase.strip(), flags=re.I).replace("’", "'")
    key = re.sub(r"\s+", " ", words).strip(" .,").lower()
    return _seats().get(key) or _capitals().get(key)


# "DAVAO CITY, Philippines —" (a country), "NEW DELHI, Feb. 2:", "Muscat, 12 Sept (ONA) -", "WASHINGTON —",
# "SINGAPORE:" (a capital followed by a date, a source, a dash or a colon)
_PLACE = r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})"
_DATELINE_COUNTRY_RE = re.compile(rf"^\s*{_PLACE}\s*,\s*([A-Z][a-z][\w ]{{2,25}}?)\s*[—–(,:-]")
_DATELINE_CAPITAL_RE = re.compile(
    rf"^\s*{_PLACE}\s*(?:,\s*(?:[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}|\d{{1,2}}\s+[A-Z][a-z]{{2,8}})\b|\s*\(|\s*[—–:-])"
)


def home_dateline(text: str) -> tuple[str, int] | None:
    """The country of the article's dateline ("DAVAO CITY, Philippines —", "NEW DELHI, Feb. 2:", "SINGAPORE:"),
    by its country's name or its capital, among its first lines, and where the dateline ends in ``text``."""
    offset = 0
    for n, line in enumerate(text.splitlines(keepends=True)):
        start, offset = offset, offset + len(line)
        if n >= 12:
            break
        m = _DATELINE_COUNTRY_RE.match(line)
        if m and (code := country_code(m.group(2).strip())):
            return code, start + m.end()
        m = _DATELINE_CAPITAL_RE.match(line)
        if m and (code := _capitals().get(re.sub(r"\s+", " ", m.group(1)).lower().replace("’", "'"))):
            return code, start + m.end()
    return None


def home_country(text: str) -> str | None:
    """The country of the article's dateline (:func:`home_dateline`), else None."""
    found = home_dateline(text)
    return found[0] if found else None
