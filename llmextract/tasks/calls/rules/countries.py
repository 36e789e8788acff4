"""Countries in the article's words: demonyms and country names to ISO codes, the country a leader's title names,
and the titles written after a name ("President X of Djibouti") or as a place and a word in lower case before it
("his Tajik counterpart", "Palestinian leader")."""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Collection

import pycountry

from llmextract.tasks.calls.actor_data import _data_text
from llmextract.tasks.calls.rules.titles import HEAD_WORDS, TITLE_WORDS, placed_title

__all__ = ["countries_told", "country_code", "home_country", "title_country", "title_of_place", "with_country_after"]


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    reader = csv.DictReader(_data_text("demonyms.csv").splitlines())
    return {r["demonym"].strip(): r["country"].strip() for r in reader}


_SHORT_NAMES = {
    "Russia": "RU",
    "Iran": "IR",
    "Syria": "SY",
    "South Korea": "KR",
    "North Korea": "KP",
    "Korea": "KR",
    "Vietnam": "VN",
    "Venezuela": "VE",
    "Bolivia": "BO",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "Turkey": "TR",
    "Taiwan": "TW",
    "Britain": "GB",
    "Great Britain": "GB",
    "United Kingdom": "GB",
    "United States": "US",
    "America": "US",
    "Palestine": "PS",
    "Kosovo": "XK",
    "Laos": "LA",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "UAE": "AE",
    "Vatican": "VA",
    "Soviet Union": "SU",
    "USSR": "SU",
    "Yugoslavia": "YU",
    "Czechoslovakia": "CS",
    "East Germany": "DD",
    "Brunei": "BN",
    "Cape Verde": "CV",
    "Swaziland": "SZ",
    "Burma": "MM",
    "Macedonia": "MK",
    "DR Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "Democratic Republic of the Congo": "CD",
    "East Timor": "TL",
    "The Gambia": "GM",
    "Holland": "NL",
    "Micronesia": "FM",
    "Vatican City": "VA",
    "Holy See": "VA",
    "Turkiye": "TR",
}


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                out[value] = c.alpha_2
    out.update(_SHORT_NAMES)
    return out


def country_code(text: str) -> str | None:
    """ISO alpha-2 code for a demonym or country name ("Russian", "Kazakhstan", "U.S."), else None."""
    text = text.strip().removeprefix("the ").strip()
    if not text:
        return None
    dem = _demonyms()
    if text in dem:
        return dem[text]
    names = _country_names()
    if text in names:
        return names[text]
    if text.endswith("n") and text[:-1] in dem:  # "Kazakhstani" style variants are in the table; cheap extra
        return dem[text[:-1]]
    return None


def title_country(title: str) -> str | None:
    """Country code from a title: "Russian President", "President of Kazakhstan", "U.S. Secretary of State"."""
    if not title:
        return None
    words = title.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size]).removesuffix("'s").removesuffix("’s")  # "Brunei's Sultan"
            if size == 1 and chunk in {"State", "General"}:
                continue
            code = country_code(chunk)
            if code:
                return code
    return None


# What follows a name and says whose leader they are: "President X of Djibouti", "Sheikh X, the Emir of Kuwait".
# "of the State of Kuwait", "of the Kingdom of Bhutan": the state's form before its name
_STATE_OF = r"(?:the\s+)?(?:(?:State|Kingdom|Republic|Sultanate|Emirate|Principality|Federation)\s+of\s+(?:the\s+)?)?"
_OF_AFTER_RE = re.compile(rf"^\s+of\s+{_STATE_OF}(?P<c>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})")
_APPOSITION_AFTER_RE = re.compile(
    rf"^,\s+(?:the\s+)?(?P<t>(?:[A-Z][\w-]+\s+){{1,3}})of\s+{_STATE_OF}(?P<c>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})"
)


def with_country_after(title: str, after: str) -> str:
    """``title`` with the country written after the name ("President" + " of Djibouti"), or the title of an
    apposition ("Emir of Kuwait"); ``title`` unchanged when neither follows or it already names a country."""
    if title_country(title):
        return title
    if m := _APPOSITION_AFTER_RE.match(after):
        words = m.group("t").split()
        if all(w in TITLE_WORDS or w in HEAD_WORDS for w in words) and _country_prefix(m.group("c")):
            return f"{' '.join(words)} of {_country_prefix(m.group('c'))}"
    if title and (m := _OF_AFTER_RE.match(after)) and _country_prefix(m.group("c")):
        return f"{title} of {_country_prefix(m.group('c'))}"
    return title


def _country_prefix(words: str) -> str | None:
    """The longest run of ``words``' first words that names a country ("Djibouti congratulating" -> "Djibouti")."""
    parts = words.split()
    return next((" ".join(parts[:n]) for n in range(len(parts), 0, -1) if country_code(" ".join(parts[:n]))), None)


def title_of_place(head: str) -> str:
    """A title read off a place and a leader's word in lower case before a name (``head`` is the text before it):
    "Palestinian leader " -> "Palestinian Leader", "with his Tajik counterpart " -> "Tajik" (a counterpart's office
    is not said, only the country); "" when there is none or the place is no country."""
    placed = placed_title(head)
    if placed is None:
        return ""
    place, word = placed[0].removesuffix("'s").removesuffix("’s"), placed[1]
    if not title_country(place):
        return ""
    if word.startswith("counterpart"):
        return place
    return f"{word} of {place}" if word[0].isupper() else f"{place} {word.title()}"


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


def countries_told(text: str) -> Counter[str]:
    """How often ``text`` names each country, by name or demonym ("Kenya", "Kenyan", "U.S.", "the United Arab
    Emirates")."""
    words = _WORD_RE.findall(text)
    told: Counter[str] = Counter()
    i = 0
    while i < len(words):
        size, code = 0, None
        for n in (3, 2, 1) if words[i][:1].isupper() else ():
            chunk = " ".join(words[i : i + n])
            bare = chunk.rstrip(".").removesuffix("'s").removesuffix("’s")
            if code := country_code(chunk) or country_code(bare):
                size = n
                break
        if code:
            told[code] += 1
        i += size or 1
    return told


def home_country(text: str, taken: Collection[str], at_least: int = 2) -> str | None:
    """The country ``text`` names most, at least ``at_least`` times and more often than any other, leaving out
    ``taken`` (the countries of people it places): the country of a leader it names as its own ("President
    Ruto" in a Kenyan paper that says "Kenya" throughout); None when no country stands out."""
    ranked = [(n, code) for code, n in countries_told(text).most_common() if code not in taken]
    if not ranked or ranked[0][0] < at_least or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]
