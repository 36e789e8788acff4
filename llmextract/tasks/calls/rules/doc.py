"""One article as the rules read it: its sentences, the people named in them (the actor dictionary and the
recogniser) and candidate calls."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import dates
from llmextract.tasks.calls.rules.actors import HEAD_WORDS, TITLE_WORDS, Actor, ActorDB, Mention, title_country
from llmextract.tasks.calls.rules.names import name_prefixes, surname_of
from llmextract.tasks.calls.rules.ner import PersonFinder
from llmextract.tasks.calls.rules.recognised import introducing_sentences, recognised_people, written_name
from llmextract.tasks.calls.rules.refs import find_country_refs, home_dateline, is_head_role
from llmextract.tasks.calls.rules.sentences import Sentence, dateline_end
from llmextract.tasks.calls.schema import Participant

# --------------------------------------------------------------------------- people


@dataclass
class Person:
    key: str
    name: str
    actor: Actor | None
    titles: list[str] = field(default_factory=list)
    last_seen: int = -1
    written: str = ""  # the fullest form the article writes a known person's name in ("Mohamed bin Zayed")

    @property
    def surname(self) -> str:
        return surname_of(self.name)


_ROLENOUN_RE = re.compile(
    r"(?:\b(?:[Tt]he|His|Her)\s+|^(?=(?:Prime|President|Chancellor)\b[\w ]+?\s[a-z]))"  # or a sentence's bare title
    r"(?:(?P<dem>[A-Z][a-z]+)\s+)?(?P<noun>[Pp]resident|[Cc]hancellor|[Kk]ing|[Qq]ueen|"
    r"[Pp]rime [Mm]inister|[Ss]ecretary-[Gg]eneral|[Cc]rown [Pp]rince|[Ee]mir|[Pp]remier|Majesty|Sovereign|"
    r"[Ss]ecretary of [Ss]tate|[Ff]oreign [Mm]inister|[Ff]oreign [Ss]ecretary|[Hh]ead of [Ss]tate)\b(?![-\w])"
)
# One of these (lower-cased) is in every match of _ROLENOUN_RE: a cheap test first
_ROLENOUN_WORDS = ("president", "chancellor", "king", "queen", "prime minister", "secretary", "crown prince", "emir",
                   "premier", "majesty", "sovereign", "foreign", "head of state")  # fmt: skip
_OFFICE_WORDS = frozenset(
    ["president", "vice", "minister", "prime", "chancellor", "premier", "king", "queen", "emir", "secretary", "crown"]
)
# An office the article's own title words name, tried in this order ("Vice President" before "President").
_OFFICE_HINTS = (
    "vice president",
    "prime minister",
    "foreign minister",
    "foreign secretary",
    "secretary of state",
    "chancellor",
)
_TITLE_CLEAN_RE = re.compile(
    r"\b(?:[Tt]he|His|Her|HRH|H\.E\.|Majesty|Highness|Excellency|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Royal|Sheikh|Shaikh|Datuk|"
    r"Dato['’]?|Seri|Sardar|Alhaji|Maulana)(?:\s+|$)"
)


@dataclass
class Cand:
    sent: int
    people: list[str]
    initiator: str | None = None
    date: str | None = None
    video: bool = False
    duration: int | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    earlier: bool = False
    about_at: int = -1
    sents: list[int] = field(default_factory=list)
    topic_after: dict[int, int] = field(default_factory=dict)
    ordinal: str | None = None  # "a second call": which of a series; "since" for "since a call in May"
    shared: set[int] = field(default_factory=set)  # context sentences other calls hold too


class _Doc:
    """Per-article working state (never shared between articles)."""

    def __init__(
        self,
        db: ActorDB,
        article: Article,
        sents: list[Sentence],
        people: PersonFinder | None = None,
        call_sents: frozenset[int] = frozenset(),
    ) -> None:
        self.db = db
        self.text = article.text
        self.anchor = dates.find_anchor(article.text, article.published)
        dateline = home_dateline(article.text)
        self.home = dateline[0] if dateline else None
        self.sents = sents
        self.people: dict[str, Person] = {}
        self.mentions: list[list[tuple[Mention, str]]] = []
        self._introduced: str | None = None  # known once every sentence's people are
        self.date_floor = [dateline_end(s.text) if i < 15 else 0 for i, s in enumerate(self.sents)]
        self._first_pass = [self.db.find_mentions(s.text) for s in self.sents]
        # People the dictionary lacks, by the recogniser, in the sentences that report a call (where it pays).
        self._recognised = {
            i: recognised_people(self.sents[i].text, people(self.sents[i].text), self._first_pass[i])
            for i in (sorted(call_sents | introducing_sentences(sents)) if people is not None else ())
        }
        for i, extra in self._recognised.items():
            self._first_pass[i] = sorted([*self._first_pass[i], *extra], key=lambda m: m.start)
        self._full_names, self._surnames = self._collect_full_names()
        self._prefixes = name_prefixes({m.name for found in self._first_pass for m in found if not m.reporter})
        for i, s in enumerate(self.sents):
            self.mentions.append(self._resolve(i, s.text))
        self._introduced = self._introduced_at(dateline[1]) if dateline else None
        for i in sorted(call_sents):  # once everyone the article names is known
            self.mentions[i] = self._with_country_refs(i)

    # -------------------------------------------------------------- people

    def _introduced_at(self, end: int) -> str | None:
        """The person a dateline ending at ``end`` introduces ("SINGAPORE: Prime Minister Lee Hsien Loong ...")."""
        at = next((i for i, s in enumerate(self.sents) if s.start <= end < s.end), None)
        if at is None:
            return None
        after = [k for m, k in self.mentions[at] if self.sents[at].start + m.start >= end and not m.reporter]
        return after[0] if after else None

    def _collect_full_names(self) -> tuple[set[str], dict[str, str]]:
        names: set[str] = set()
        plain: list[str] = []
        single: list[str] = []  # "President Duterte": a leader the article names by one word only
        written: dict[str, set[str]] = {}  # "Mohamed" of "Mohamed bin Zayed" for the dictionary's "Mohammed bin Zayed"
        for found in self._first_pass:
            for m in found:
                if m.extra.get("candidates"):
                    if len(m.extra.get("alias", "").split()) > 1:
                        candidates = m.extra["candidates"].split("|")
                        names.update(candidates)
                        written.setdefault(m.extra["alias"].split()[0], set()).update(candidates)
                elif len(m.name.split()) > 1 and (not m.reporter or set(m.title.split()) & HEAD_WORDS):
                    plain.append(m.name)
                elif set(m.title.split()) & HEAD_WORDS and not m.reporter:
                    single.append(m.name)
        by_surname: dict[str, set[str]] = {}
        by_first: dict[str, set[str]] = {}
        for name in [*sorted(names), *plain]:
            by_surname.setdefault(surname_of(name), set()).add(name)
            by_first.setdefault(name.split()[0], set()).add(name)
        for first, full in written.items():
            if first not in by_first and len(full) == 1:
                by_first[first] = set(full)
        surnames = {
            sur: next(iter(full))
            for sur, full in by_surname.items()
            if len(full) == 1 and not self.db.lookup(sur) and sur[:1].isupper() and len(sur) > 2
        }
        for word in single:  # so that "Duterte" alone in a later sentence is that leader too
            if word in by_first:
                continue  # "President Tsai" of "Tsai Ing-wen": the first word of a full name, read below
            if word not in by_surname and not self.db.lookup(word) and word[:1].isupper() and len(word) > 2:
                surnames.setdefault(word, word)
        # "Mr Lee" for Lee Hsien Loong, "Tan Sri Muhyiddin" for Muhyiddin Yassin: a name's first word after a title
        for word in sorted({m.group(1) for m in _TITLED_WORD_RE.finditer(self.text)}):
            full = by_first.get(word, set())
            elsewhere = [n for n in [*names, *plain] if word in n.split()[1:]]  # "Omar" in "Ismail Omar Guelleh"
            unknown = word not in surnames and word not in by_surname and not self.db.lookup(word)
            if len(full) == 1 and not elsewhere and unknown:
                surnames[word] = next(iter(full))
        return names, surnames

    def _pick_actor(self, names: list[str], title: str) -> Actor | None:
        actors = [a for a in self.db.actors if a.name in names] if len(names) > 1 else []
        if len(names) == 1:
            found = self.db.lookup(names[0])
            actors = [a for a in found if a.name == names[0]] or list(found)
        if not actors:
            return None
        if len(actors) == 1:
            return actors[0]
        preferred = [a for a in actors if a.name in self._full_names]
        if len(preferred) == 1:
            return preferred[0]
        pool = preferred or actors
        if self.anchor:
            dated = [a for a in pool if a.terms_at(self.anchor)]
            if dated:
                return dated[0]
        return pool[-1]

    def _titled_surname(self, surname: str, title: str) -> Actor | None:
        """The one leader in the dictionary with this surname who held the office ``title`` names ("President
        Clinton"), on the article's date when it has one; else None."""
        heads = [w.lower() for w in title.split() if w in HEAD_WORDS]
        if not heads:
            return None
        held = [
            a for a in self.db.by_surname.get(surname, ()) if any(h in t.role.lower() for t in a.terms for h in heads)
        ]
        if self.anchor and len(held) > 1:
            held = [a for a in held if any(h in t.role.lower() for t in a.terms_at(self.anchor) for h in heads)]
        return held[0] if len(held) == 1 else None

    def _resolve(self, idx: int, text: str) -> list[tuple[Mention, str]]:
        out: list[tuple[Mention, str]] = []
        found = self._first_pass[idx]
        if self._surnames and any(w.strip(".,;:'’s\"") in self._surnames for w in text.split()):
            found = self.db.find_mentions(text, self._surnames)
            if idx in self._recognised:
                found = sorted(
                    [*found, *recognised_people(text, [(m.start, m.end) for m in self._recognised[idx]], found)],
                    key=lambda m: m.start,
                )
        for m in found:
            if m.extra.get("candidates"):
                actor = self._pick_actor(m.extra["candidates"].split("|"), m.title)
                key = actor.name if actor else m.name
            else:
                actor = None
                key = self._prefixes.get(m.name, m.name)
                if len(m.name.split()) == 1:
                    # the surname, else another word of a full name met before ("Yoon" for "Yoon Suk Yeol")
                    known = [p for p in self.people.values() if len(p.name.split()) > 1]
                    same = [p for p in known if p.surname == m.name] or [p for p in known if m.name in p.name.split()]
                    if same:
                        key = same[0].key
                    elif actor := self._titled_surname(m.name, m.title):
                        key = actor.name  # "President Clinton" in 1994: Bill Clinton
            person = self.people.get(key)
            if person is None:
                person = Person(key, actor.name if actor else key if m.name in self._prefixes else m.name, actor)
                self.people[key] = person
            elif actor is not None and person.actor is None:  # named by the first words of the name before
                person.actor, person.name = actor, actor.name
            if m.title and not m.reporter:
                person.titles.append(m.title)
            alias_title = m.extra.get("alias", "").split()[:1]  # "King Salman": so "the King" can refer back
            if alias_title and alias_title[0] in TITLE_WORDS and alias_title[0] not in person.titles:
                person.titles.append(alias_title[0])
            surface = written_name(text[m.start : m.end])
            if actor is not None and len(surface.split()) >= max(
                2, len(actor.name.split()), len(person.written.split())
            ):
                person.written = surface
            person.last_seen = idx
            out.append((m, key))
        taken = [(m.start, m.end) for m, _ in out]
        low = text.lower()
        for rm in _ROLENOUN_RE.finditer(text) if any(w in low for w in _ROLENOUN_WORDS) else ():
            if any(s <= rm.end() + 3 and rm.start() <= e for s, e in taken):
                continue
            key = self._rolenoun(rm.group("noun"), rm.group("dem"), exclude={k for _, k in out})
            if key:
                m = Mention(rm.start(), rm.end(), self.people[key].name, rolenoun=True)
                m.reporter = bool(re.match(r"\s*(?:said|told|added)\b", text[rm.end() :]))
                out.append((m, key))
        out.sort(key=lambda x: x[0].start)
        return out

    def _with_country_refs(self, idx: int) -> list[tuple[Mention, str]]:
        """The sentence's mentions plus its leaders named by country alone ("the leaders of A and B",
        "Turkey's prime minister"), each standing for the one leader of that country the article names."""
        named = self.mentions[idx]
        out = list(named)
        for ref in find_country_refs(self.sents[idx].text):
            if any(m.start <= ref.end + 3 and ref.start <= m.end + 3 for m, _ in named):
                continue
            key = self._leader_of(ref.country, ref.head)
            if key is not None:
                out.append((Mention(ref.start, ref.end, self.people[key].name, rolenoun=True), key))
        return sorted(out, key=lambda x: x[0].start)

    def _leader_of(self, code: str, head: str) -> str | None:
        """The one person the article names who leads country ``code`` with title ``head``, else None."""
        found = []
        for p in self.people.values():
            if self.country_of(p, self.anchor) != code:
                continue
            if p.titles:  # the article's own words decide ("Vice President Joe Biden" leads nothing)
                roles = [" ".join(p.titles)]
            elif p.actor is not None:  # else the terms held on the article's date, or any when it has none
                current = p.actor.terms_at(self.anchor) if self.anchor else p.actor.terms
                roles = [t.role for t in current]
            else:
                roles = []
            if any(is_head_role(r, head) for r in roles):
                found.append(p.key)
        return found[0] if len(found) == 1 else None

    def _rolenoun(self, noun: str, dem: str | None, exclude: set[str]) -> str | None:
        noun_l = noun.lower()
        wanted: tuple[str, ...] = (noun_l,)
        if noun_l in {"majesty", "sovereign"}:
            wanted = ("king", "queen", "majesty", "emir", "sultan")
        elif noun_l == "head of state":
            wanted = ("president", "king", "queen", "emir", "sultan")
        code = title_country(dem) if dem else None
        best: tuple[bool, int, str] | None = None  # a known leader first ("the prime minister"), then the latest
        for p in self.people.values():
            if p.key in exclude:
                continue
            words = {w.lower() for t in p.titles for w in t.split()}
            ok = any(w in words for w in wanted) or any(w in " ".join(p.titles).lower() for w in wanted if " " in w)
            if not ok and p.actor is not None and not p.titles:
                ok = any(w in p.actor.terms[-1].role.lower() for w in wanted)
            elif not ok and p.actor is not None and not words & _OFFICE_WORDS:
                # "His Royal Highness Prince Mohammed bin Salman" is "the Crown Prince": honorifics settle nothing
                ok = any(w in t.role.lower() for t in p.actor.terms for w in wanted)
            if ok and code and self.country_of(p) != code:
                ok = False
            if ok and (best is None or (p.actor is not None, p.last_seen) > best[:2]):
                best = (p.actor is not None, p.last_seen, p.key)
        return best[2] if best else None

    def country_of(self, p: Person, day: dt.date | None = None) -> str | None:
        return self._stated_country(p, day) or self._home_leader(p, day)

    def _stated_country(self, p: Person, day: dt.date | None = None) -> str | None:
        term = self.term_of(p, day)
        if term is not None:
            return term.country
        for t in p.titles:
            code = title_country(t)
            if code:
                return code
        return None

    def _home_leader(self, p: Person, day: dt.date | None) -> str | None:
        """The dateline's country ("DAVAO CITY, Philippines - President Duterte ...") for a leader the dictionary
        lacks whom the article titles without a country, when no one else it names is of that country or may be
        (with two such people, "GEORGETOWN, Guyana" does not say which one is Guyana's), unless the dateline
        itself introduces them ("SINGAPORE: Prime Minister Lee Hsien Loong ...")."""
        if self.home is None or not self._unplaced_leader(p, day):
            return None
        if p.key != self._introduced and any(
            q is not p and q.actor is None and not self._stated_country(q, day) for q in self.people.values()
        ):
            return None  # another the dictionary lacks, of no stated country, may be the dateline's leader
        if any(q is not p and self._stated_country(q, day) == self.home for q in self.people.values()):
            return None
        return self.home

    def _unplaced_leader(self, p: Person, day: dt.date | None) -> bool:
        return p.actor is None and any(is_head_role(t) for t in p.titles) and not self._stated_country(p, day)

    def term_of(self, p: Person, day: dt.date | None):  # type: ignore[no-untyped-def]
        if p.actor is None:
            return None
        terms = list(p.actor.terms)
        if day is not None:
            current = p.actor.terms_at(day)
            if len(current) == 1:
                return current[0]
            if current:
                terms = current
        hint = " ".join(p.titles).lower()
        for head in _OFFICE_HINTS:
            if head in hint:
                matching = [t for t in terms if head in t.role.lower()]
                if matching:
                    return matching[-1]
        if "president" in hint and "vice" not in hint:
            matching = [t for t in terms if t.role.lower().startswith("president")]
            if matching:
                return matching[-1]
        if day is not None:
            started = [t for t in terms if t.start <= day]
            if started:
                return started[-1]
        led = [t for t in terms if is_head_role(t.role)]  # undated: the office a leader is called by
        return led[-1] if led else terms[-1]

    def participant(self, key: str, day: dt.date | None) -> Participant | None:
        p = self.people[key]
        term = self.term_of(p, day)
        title = next((t for t in p.titles if "elect" in t.lower()), None)
        role = None
        if title:
            role = _TITLE_CLEAN_RE.sub("", title).strip()
        elif term is not None:
            role = term.role
        elif p.titles:  # the first that says the office ("Moldovan President" over a headline's "Moldova")
            titled = [t for t in p.titles if set(t.split()) & (TITLE_WORDS | HEAD_WORDS)] or p.titles
            role = _TITLE_CLEAN_RE.sub("", titled[0]).strip() or None
        role = re.sub(r"\bPM\b", "Prime Minister", role) if role else role  # "Thai PM": the Thai Prime Minister
        try:
            name = p.written or p.name  # the article's spelling, as an annotator copies it
            return Participant(name=name, role=role[:120] if role else None, country=self.country_of(p, day))
        except ValidationError:
            try:
                return Participant(name=p.name)
            except ValidationError:
                return None


_TITLED_WORD_RE = re.compile(
    r"\b(?=[DEMPST])(?:Mr|Mrs|Ms|Madam|PM|President|Premier|Prime\s+Minister|Sheikh|Emir|Sultan|Tan\s+Sri|Datuk(?:\s+Seri)?)"
    r"\.?\s+([A-Z][a-z]{2,})\b(?!\s+(?:[A-Z]|(?:bin|ibn|bint|al|el|de|da|van|von)\b))"
)
