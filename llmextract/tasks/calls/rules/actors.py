"""Actor dictionary and person-mention finding.

``data/actors.csv`` lists leaders and senior officials: one row per term in
office (name, aliases separated by ``;``, ISO alpha-2 country or empty for an
international body, role, start date, end date or empty while in office).
Names the file lacks are found by a fallback: a title ("President",
"Prime Minister", ...) followed by capitalised words, or capitalised words
after "counterpart". Demonyms ("Russian", "U.S.") and country names map to
ISO codes through ``data/demonyms.csv`` and ``pycountry``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from llmextract.tasks.calls.actor_data import load_actor_rows
from llmextract.tasks.calls.rules.countries import country_code, title_country, title_of_place, with_country_after
from llmextract.tasks.calls.rules.titles import (
    _COUNTERPART_RE,
    _NOT_NAMES,
    _REPORTER_AFTER_RE,
    _REPORTER_BEFORE_RE,
    _REPORTER_TITLE_RE,
    _ROMAN_RE,
    _SAID_SUBJECT_RE,
    _SPOKES_HONORIFIC_RE,
    _WHEN_WORDS,
    CHUNK_RE,
    HEAD_WORDS,
    HEADLINE_VERBS,
    TITLE_WORDS,
)

_HEAD_OF_RE = re.compile(r"\bhead\s+of\s+(?:(?:state|government)\s+of\s+)?(?:the\s+)?$")

__all__ = [
    "Actor",
    "ActorDB",
    "Mention",
    "Term",
    "country_code",
    "load_actor_rows",
    "with_country_after",
]


@dataclass(frozen=True)
class Term:
    role: str
    country: str | None
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Actor:
    name: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...]

    @property
    def country(self) -> str | None:
        return self.terms[-1].country if self.terms else None

    def terms_at(self, day: dt.date) -> list[Term]:
        return [t for t in self.terms if t.covers(day)]


@dataclass
class Mention:
    """A person named in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    name: str
    actor: Actor | None = None
    title: str = ""
    country: str | None = None
    reporter: bool = False
    rolenoun: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _norm_token(tok: str) -> str:
    tok = tok.replace("’", "'")
    if tok.endswith("'s"):
        tok = tok[:-2]
    elif tok.endswith("'"):
        tok = tok[:-1]
    if tok.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", tok):
        tok = tok.rstrip(".")
    return tok.rstrip(",")


class _Chunk(NamedTuple):
    start: int
    tokens: tuple[tuple[str, int, int], ...]  # (normalised text, start, end)


_TOKEN_RE = re.compile(r"\S+")
_NORM_ENDS = frozenset("s'.,")  # the last characters :func:`_norm_token` may strip


def _hyphen_pair(index: dict[str, tuple[Actor, ...]], text: str, tok: tuple[str, int, int]) -> list[Mention]:
    """Two names the dictionary knows joined by a hyphen ("the Putin-Modi phone call"): two people."""
    parts = text[tok[1] : tok[2]].split("-")
    if len(parts) != 2 or not all(len(index.get(p, ())) == 1 for p in parts):
        return []
    out, pos = [], tok[1]
    for part in parts:
        m = Mention(pos, pos + len(part), key_name(index[part]))
        m.extra["alias"] = part
        m.extra["candidates"] = index[part][0].name
        out.append(m)
        pos += len(part) + 1
    return out


def _chunks(text: str) -> list[_Chunk]:
    out = []
    for m in CHUNK_RE.finditer(text):
        toks = []
        for t in _TOKEN_RE.finditer(text, m.start(), m.end()):
            raw, s = t.group(0), t.start()
            # most tokens need no normalising: nothing to strip at the end, no curly apostrophe
            norm = raw if raw[-1] not in _NORM_ENDS and "’" not in raw else _norm_token(raw)
            # keep the end of the visible token minus a trailing possessive / period
            e = s + len(raw)
            if raw.endswith(("'s", "’s")):
                e -= 2
            elif raw.endswith(".") and norm != raw:
                e -= 1
            toks.append((norm, s, e))
        out.append(_Chunk(m.start(), tuple(toks)))
    return out


# Capitalised words before a surname that are not a first name ("When Putin called", "Monday Putin said")
_NOT_FIRST_NAMES = frozenset([
    "When", "After", "Before", "While", "Since", "Until", "But", "And", "Or", "As", "If", "Then", "Today",
    "Yesterday", "Tomorrow", "On", "In", "At", "The", "This", "That", "Also", "Both", "Neither", "Nor", "Meanwhile",
    "Earlier", "Later", "Separately", "However", "Though", "Although", "Because", "So", "Yet", "With", "Without",
    "For", "From", "By", "Of", "To", "Under", "Over", "Only", "Even", "Still", "Now", "Here", "There", "Where",
    "Why", "How", "What", "Who", "Whom", "Whose", "Which", "Last", "Next", "First", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "Sen", "Senator", "Rep", "Gov", "Governor",
    "General", "Gen", "Colonel", "Col", "Dr", "Mr", "Mrs", "Ms", "Madam", "Madame", "Monsieur", "Sir", "Lord",
    "Lady", "Dame", "Sheikh", "Sultan", "Emir", "Amir", "Prince", "Princess", "King", "Queen", "Crown", "His",
    "Her", "Their", "Excellency", "Highness", "Majesty", "President", "Premier", "Chancellor", "Minister",
    "Secretary", "Vice", "Acting", "Former", "Interim", "Outgoing", "Incoming", "Comrade", "Brother", "Chairman",
    "Chair", "Leader", "Supreme", "Pope", "Cardinal", "Archbishop", "Ayatollah", "Imam", "Shri", "Sri", "Smt",
    "Field", "Marshal"
])  # fmt: skip


# Courtesy words that may stand before a name the dictionary lacks, with its office after it
_COURTESY = frozenset({"Mr", "Mrs", "Ms", "Dr", "Shri", "Smt"})


def _another_first_name(before: list[str], actors: tuple[Actor, ...]) -> bool:
    """Whether the word just before a surname the dictionary knows is a first name none of its people bear, written
    any way ("Janet Napolitano" is not Giorgio Napolitano; "Mahmud Abbas", "Scott John Morrison" are theirs)."""
    word = before[-1]
    if len(word) < 3 or not word[0].isupper() or not word[1:].islower() or word in _NOT_FIRST_NAMES:
        return False
    if word.endswith(("s", "ed", "ing")):
        return False  # a headline's verb ("Obama Calls Putin", "Xi Phoned Biden"), not a first name
    if word in TITLE_WORDS or word.rstrip("s") in TITLE_WORDS or country_code(word):
        return False
    names = {n for a in actors for full in (a.name, *a.aliases) for n in re.split(r"[\s-]+", full)}
    return not any(_same_name(w, n) for w in before for n in names)


def _same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(a) >= 3 and len(b) >= 3 and difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75


class ActorDB:
    """The actor dictionary with an alias index; immutable after construction."""

    def __init__(self, rows: tuple[tuple[str, ...], ...] | None = None) -> None:
        rows = load_actor_rows() if rows is None else rows
        aliases: dict[str, list[str]] = {}
        terms: dict[str, list[Term]] = {}
        order: list[str] = []
        for name, alias_text, country, role, start, end in rows:
            if name not in terms:
                terms[name] = []
                aliases[name] = []
                order.append(name)
            for a in alias_text.split(";"):
                a = a.strip()
                if a and a not in aliases[name]:
                    aliases[name].append(a)
            terms[name].append(
                Term(role, country or None, dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None)
            )
        self.actors: tuple[Actor, ...] = tuple(
            Actor(n, tuple(aliases[n]), tuple(sorted(terms[n], key=lambda t: t.start))) for n in order
        )
        index: dict[str, list[Actor]] = {}
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                key = " ".join(_norm_token(t) for t in alias.split())
                bucket = index.setdefault(key, [])
                if actor not in bucket:
                    bucket.append(actor)
        self.index: dict[str, tuple[Actor, ...]] = {k: tuple(v) for k, v in index.items()}
        by_surname: dict[str, list[Actor]] = {}
        for actor in self.actors:
            by_surname.setdefault(_norm_token(actor.name.split()[-1]), []).append(actor)
        self.by_surname: dict[str, tuple[Actor, ...]] = {k: tuple(v) for k, v in by_surname.items()}
        self.max_alias_tokens = max(len(k.split()) for k in self.index)
        sizes: dict[str, set[int]] = {}
        for key in self.index:
            words = key.split(" ")
            sizes.setdefault(words[0], set()).add(len(words))
        # per first word, the token counts of the aliases it begins, longest first
        self._sizes: dict[str, tuple[int, ...]] = {k: tuple(sorted(v, reverse=True)) for k, v in sizes.items()}

    def lookup(self, alias: str) -> tuple[Actor, ...]:
        return self.index.get(" ".join(_norm_token(t) for t in alias.split()), ())

    # ------------------------------------------------------------------ mentions

    def find_mentions(self, text: str, surnames: dict[str, str] | None = None) -> list[Mention]:
        """Every person named in ``text``: dictionary aliases first, then the title fallback.

        ``surnames`` maps a bare surname to the full name it stands for in this article ("Johnson" ->
        "Boris Johnson"), for names whose surname alone is not in the dictionary.
        """
        found: list[Mention] = []
        for chunk in _chunks(text):
            toks = chunk.tokens
            n = len(toks)
            i = 0
            last = 0
            while i < n:
                hit = None
                for size in self._sizes.get(toks[i][0], ()):
                    if size > n - i:
                        continue
                    actors = self.index.get(" ".join(t[0] for t in toks[i : i + size]))
                    if actors and size == 1 and i > last:
                        before = [t[0] for t in toks[max(last, i - 3) : i]]
                        if _another_first_name(before, actors):
                            actors = None  # "Janet Napolitano" is not the dictionary's Giorgio Napolitano
                    if actors:
                        hit = (size, actors)
                        break
                if hit is None and surnames and toks[i][0] in surnames:
                    full = surnames[toks[i][0]]
                    actors = self.index.get(full, ())
                    first = i
                    parts = full.split()
                    if i - len(parts) + 1 >= last and [t[0] for t in toks[i - len(parts) + 1 : i + 1]] == parts:
                        first = i - len(parts) + 1
                    elif [t[0] for t in toks[i : i + len(parts)]] == parts:  # written out from its first word
                        i += len(parts) - 1
                    title_toks = [t[0] for t in toks[last:first] if t[0] in TITLE_WORDS or country_code(t[0])]
                    title = " ".join(title_toks) or title_of_place(text[max(0, toks[first][1] - 60) : toks[first][1]])
                    title = with_country_after(title, text[toks[i][2] : toks[i][2] + 80])
                    m = Mention(toks[first][1], toks[i][2], full, title=title)
                    if actors:
                        m.extra["alias"] = toks[i][0]
                        m.extra["candidates"] = full
                    found.append(m)
                    i += 1
                    last = i
                    continue
                if hit is None:
                    if "-" in toks[i][0]:  # "Putin-Modi phone call"
                        found += _hyphen_pair(self.index, text, toks[i])
                    i += 1
                    continue
                size, actors = hit
                title_toks = [t[0] for t in toks[last:i]]
                start, end = toks[i][1], toks[i + size - 1][2]
                m = Mention(start, end, key_name(actors), title=" ".join(title_toks))
                m.extra["alias"] = " ".join(t[0] for t in toks[i : i + size])
                m.extra["candidates"] = "|".join(a.name for a in actors)
                found.append(m)
                i += size
                last = i
            # fallback over the unmatched tail of the chunk (or whole chunk)
            self._fallback(text, chunk, last, found)
        for m in found:
            before = text[max(0, m.start - 40) : m.start]
            after = text[m.end : m.end + 80]
            m.reporter = (
                bool(_REPORTER_BEFORE_RE.search(before) and not m.title and not _SAID_SUBJECT_RE.match(after))
                or bool(_SPOKES_HONORIFIC_RE.search(before))
                or bool(_REPORTER_AFTER_RE.match(after))
                or bool(_REPORTER_TITLE_RE.search(m.title))
            )
            m.country = title_country(m.title)
        found.sort(key=lambda m: m.start)
        return found

    def _fallback(self, text: str, chunk: _Chunk, last: int, found: list[Mention]) -> None:
        toks = chunk.tokens[last:]
        if not toks:
            return
        # a later dictionary hit in the same chunk already consumed its title; only look at the unmatched run
        words = [t[0] for t in toks]
        if self._titled_of_country(toks, found):
            return
        before = text[max(0, toks[0][1] - 30) : toks[0][1]]
        leader_word = any(w in HEAD_WORDS for w in words)
        counterpart = "counterpart" in before and bool(_COUNTERPART_RE.search(before))  # a cheap test first
        head_of = "head" in before and bool(_HEAD_OF_RE.search(before))
        if not leader_word and not counterpart and not head_of:
            # no leader's word: most capital runs end here, but a name may have its office after ("A, President of B")
            if len(words) > 2 and words[0] in _COURTESY:  # "Mr. Gotabaya Rajapaksa, President of Sri Lanka"
                toks, words = toks[1:], words[1:]
            office = with_country_after("", text[toks[-1][2] : toks[-1][2] + 80]) if 2 <= len(words) <= 4 else ""
            plain = not any(w in _NOT_NAMES or w in TITLE_WORDS or country_code(w) or "." in w for w in words)
            # not "H.E. Lee Hsien Loong" (a known name after a courtesy title), nor "Al Saud" after "Faisal bin Farhan"
            first = toks[0][1]
            if office and plain and not any(m.end <= first and not text[m.end : first].strip() for m in found):
                found.append(Mention(first, toks[-1][2], " ".join(words), title=office))
            return
        title_end = -1
        for k, w in enumerate(words):
            if w in TITLE_WORDS or w in HEAD_WORDS or country_code(w) or w in {"of", "the"}:
                title_end = k
        has_head = any(w in HEAD_WORDS for w in words[: title_end + 1])
        # "with the head of Tajikistan Emomali Rahmon": a country's head, named after the country
        has_head = has_head or (title_end >= 0 and bool(country_code(words[title_end])) and head_of)
        if not has_head and not counterpart:
            return
        # "President of Kazakhstan Kassym-Jomart Tokayev": the name follows the last title/country word
        name_toks = toks[title_end + 1 :]
        if counterpart and title_end < 0:
            name_toks = toks
        while len(name_toks) > 1 and name_toks[-1][0] in _WHEN_WORDS:
            name_toks = name_toks[:-1]  # "President Arroyo Wednesday night": the name ends before the day
        verb = next((k for k, t in enumerate(name_toks) if k and t[0] in HEADLINE_VERBS), len(name_toks))
        name_toks = name_toks[:verb]  # "Iraqi PM Maliki Discuss Security": the name ends before a headline's verb
        names = [t[0] for t in name_toks]
        if not names or any(w in _NOT_NAMES or w in TITLE_WORDS for w in names):
            return
        if len(names) == 1 and not (has_head or counterpart):
            return
        if len(names) > 5:
            return
        if country_code(" ".join(names)) or names[-1] in {"Emirates", "Republic", "Kingdom", "States", "State"}:
            return  # "President of the State of the United Arab Emirates": a country, not a name
        if title_end >= 0 and country_code(" ".join(words[title_end:])):
            return  # "King Abdullah ... of Saudi Arabia": the end of a country's name ("Arabia"), not a name
        if title_end >= 0 and words[title_end] == "of":
            return  # "Prince of Wales", "Prime Minister of Azad Jammu": a place
        if len(names) == 1 and (names[0].isupper() and len(names[0]) <= 4):
            return
        title = " ".join(words[: title_end + 1]) if title_end >= 0 else ""
        if counterpart:
            pre = re.search(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+counterparts?,?\s*$", before)
            if pre and not title:
                title = pre.group(1)
        after = text[name_toks[-1][2] : name_toks[-1][2] + 80]
        m = Mention(name_toks[0][1], name_toks[-1][2], " ".join(names), title=with_country_after(title, after))
        found.append(m)

    @staticmethod
    def _titled_of_country(toks: tuple[tuple[str, int, int], ...], found: list[Mention]) -> bool:
        """ "Sultan Qaboos of Oman", "Crown Prince Abdullah of Saudi Arabia": a leader's title, one to four words
        of name, "of" and a country. Adds the mention and says so; else False."""
        words = [t[0] for t in toks]
        if "of" not in words:
            return False
        k = len(words) - 1 - words[::-1].index("of")
        code = country_code(" ".join(words[k + 1 :]))
        lead = words[:k]
        titled = [j for j, w in enumerate(lead) if w in TITLE_WORDS or w in HEAD_WORDS]
        if not code or not titled or titled != list(range(len(titled))) or not set(lead) & HEAD_WORDS:
            return False
        names = lead[len(titled) :]
        if not 1 <= len(names) <= 4 or any(w in _NOT_NAMES or country_code(w) or not w[:1].isupper() for w in names):
            return False
        first, last = toks[len(titled)], toks[k - 1]
        m = Mention(first[1], last[2], " ".join(names), title=" ".join(lead[: len(titled)]))
        found.append(m)
        return True


def key_name(actors: tuple[Actor, ...]) -> str:
    return actors[0].name


def is_roman(token: str) -> bool:
    return bool(_ROMAN_RE.match(token))
