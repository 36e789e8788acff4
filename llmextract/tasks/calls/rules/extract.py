"""Assemble calls: split sentences, find triggers and people, merge mentions of one call, fill fields."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import dates, fields, patterns
from llmextract.tasks.calls.rules.actors import HEAD_WORDS, TITLE_WORDS, Actor, ActorDB, Mention, title_country
from llmextract.tasks.calls.rules.ner import PersonFinder
from llmextract.tasks.calls.schema import MAX_CALLS, MAX_EVIDENCE, MAX_PARTICIPANTS, Call, Extraction, Participant

__all__ = ["RulesExtractor", "Sentence", "dateline_end", "split_sentences"]

# --------------------------------------------------------------------------- sentences

_BOUNDARY_RE = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "St",
        "Gen",
        "Sen",
        "Rep",
        "Gov",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "No",
        "Lt",
        "Col",
        "Jr",
        "Sr",
        "Prof",
        "vs",
        "Mt",
        "Ft",
        "Adm",
        "Capt",
        "Sgt",
        "Corp",
        "Inc",
        "Co",
        "Ltd",
    ]
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (lines first, then sentence punctuation; a line wrapped in the
    middle of a sentence, as old wire copy is, continues on the next line)."""
    out: list[Sentence] = []
    for block_start, block in _blocks(text):
        cut = 0
        for m in _BOUNDARY_RE.finditer(block):
            head = block[max(cut, m.start() - 40) : m.start()].split()
            last_word = head[-1] if head else ""
            if last_word in _ABBREV or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", last_word):
                continue
            end = m.end()
            _add(out, text, block_start + cut, block_start + end)
            cut = end
        _add(out, text, block_start + cut, block_start + len(block))
    return out


# A line that breaks off a sentence: long, and not ended by sentence punctuation or a colon.
_WRAPPED_MIN_CHARS = 50
_LINE_END_RE = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _blocks(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of ``text`` with their offsets, a hard-wrapped line joined to the next."""
    blocks: list[tuple[int, str]] = []
    pos = 0
    joinable = False
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            joinable = False
            continue
        if joinable and blocks and line.lstrip()[:1].isalnum():
            first, _ = blocks[-1]
            blocks[-1] = (first, text[first : start + len(line)])
        else:
            blocks.append((start, line))
        joinable = len(line.strip()) >= _WRAPPED_MIN_CHARS and not _LINE_END_RE.search(line)
    return blocks


# Text with no sentence punctuation (a run-on scrape, a table) is cut into pieces of at most this many
# characters, at a space: every later step works sentence by sentence, so the rules stay linear in the length.
MAX_SENTENCE_CHARS = 1500


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append(Sentence(start, cut, text[start:cut]))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


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
        return self.name.split()[-1]


_ROLENOUN_RE = re.compile(
    r"\b(?:[Tt]he|His|Her)\s+(?:(?P<dem>[A-Z][a-z]+)\s+)?(?P<noun>[Pp]resident|[Cc]hancellor|[Kk]ing|[Qq]ueen|"
    r"[Pp]rime [Mm]inister|[Ss]ecretary-[Gg]eneral|[Cc]rown [Pp]rince|[Ee]mir|[Pp]remier|Majesty|"
    r"[Ss]ecretary of [Ss]tate|[Ff]oreign [Mm]inister|[Ff]oreign [Ss]ecretary)\b(?![-\w])"
)
_PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
_TITLE_CLEAN_RE = re.compile(r"\b(?:His|Her|Majesty|Highness|Excellency|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Royal)\b\s*")
_OBJ_BREAK_RE = re.compile(
    r"[;:]|(?<![A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)[.!?]\s|\b(?:said|says|told|according|citing|after|before|while|amid|when|which|who|whose|hours|ahead|where|"
    r"because|following|since|as|briefing|informing|days|urging|to\s+discuss|about|over|on\s+the)\b"
)
_VERB_GAP_RE = re.compile(
    r"^(?:[\s,]|up\b|his\b|her\b|their\b|the\b|its\b|counterpart\b|president(?:-elect)?\b|prime\b|minister\b|"
    r"chancellor\b|king\b|queen\b|premier\b|crown\b|prince\b|secretary\b|foreign\b|of\b|state\b|"
    r"[A-Z][\w.'’-]*)*$"
)
_NAMING_RE = re.compile(r"^\s*(?:a|an|the|his|her|its|their|one|[\"“‘'])(?:\s|\b)")
_SEPARATE_STOP_RE = re.compile(r"^\s*(?:Separately|Meanwhile|In\s+other|Elsewhere|Earlier|Also\s+on)\b")


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
        self.sents = sents
        self.people: dict[str, Person] = {}
        self.mentions: list[list[tuple[Mention, str]]] = []
        self.date_floor = [dateline_end(s.text) if i < 15 else 0 for i, s in enumerate(self.sents)]
        self._first_pass = [self.db.find_mentions(s.text) for s in self.sents]
        # People the dictionary lacks, by the recogniser, in the sentences that report a call (where it pays).
        self._recognised = {
            i: _recognised(self.sents[i].text, people(self.sents[i].text), self._first_pass[i])
            for i in (call_sents if people is not None else ())
        }
        for i, extra in self._recognised.items():
            self._first_pass[i] = sorted([*self._first_pass[i], *extra], key=lambda m: m.start)
        self._full_names, self._surnames = self._collect_full_names()
        for i, s in enumerate(self.sents):
            self.mentions.append(self._resolve(i, s.text))

    # -------------------------------------------------------------- people

    def _collect_full_names(self) -> tuple[set[str], dict[str, str]]:
        names: set[str] = set()
        plain: list[str] = []
        for found in self._first_pass:
            for m in found:
                if m.extra.get("candidates"):
                    if len(m.extra.get("alias", "").split()) > 1:
                        names.update(m.extra["candidates"].split("|"))
                elif len(m.name.split()) > 1 and not m.reporter:
                    plain.append(m.name)
        by_surname: dict[str, set[str]] = {}
        for name in [*sorted(names), *plain]:
            by_surname.setdefault(name.split()[-1], set()).add(name)
        surnames = {
            sur: next(iter(full))
            for sur, full in by_surname.items()
            if len(full) == 1 and not self.db.lookup(sur) and sur[:1].isupper() and len(sur) > 2
        }
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

    def _resolve(self, idx: int, text: str) -> list[tuple[Mention, str]]:
        out: list[tuple[Mention, str]] = []
        found = self._first_pass[idx]
        if self._surnames and any(w.strip(".,;:'’s\"") in self._surnames for w in text.split()):
            found = self.db.find_mentions(text, self._surnames)
            if idx in self._recognised:
                found = sorted(
                    [*found, *_recognised(text, [(m.start, m.end) for m in self._recognised[idx]], found)],
                    key=lambda m: m.start,
                )
        for m in found:
            if m.extra.get("candidates"):
                actor = self._pick_actor(m.extra["candidates"].split("|"), m.title)
                key = actor.name if actor else m.name
            else:
                actor = None
                key = m.name
                if len(m.name.split()) == 1:
                    # the surname, else another word of a full name met before ("Yoon" for "Yoon Suk Yeol")
                    known = [p for p in self.people.values() if len(p.name.split()) > 1]
                    same = [p for p in known if p.surname == m.name] or [p for p in known if m.name in p.name.split()]
                    if same:
                        key = same[0].key
            person = self.people.get(key)
            if person is None:
                person = Person(key, actor.name if actor else m.name, actor)
                self.people[key] = person
            if m.title and not m.reporter:
                person.titles.append(m.title)
            surface = _written_name(text[m.start : m.end])
            if actor is not None and len(surface.split()) >= max(
                2, len(actor.name.split()), len(person.written.split())
            ):
                person.written = surface
            person.last_seen = idx
            out.append((m, key))
        taken = [(m.start, m.end) for m, _ in out]
        for rm in _ROLENOUN_RE.finditer(text):
            if any(s <= rm.end() + 3 and rm.start() <= e for s, e in taken):
                continue
            key = self._rolenoun(rm.group("noun"), rm.group("dem"), exclude={k for _, k in out})
            if key:
                m = Mention(rm.start(), rm.end(), self.people[key].name, rolenoun=True)
                m.reporter = bool(re.match(r"\s*(?:said|told|added)\b", text[rm.end() :]))
                out.append((m, key))
        out.sort(key=lambda x: x[0].start)
        return out

    def _rolenoun(self, noun: str, dem: str | None, exclude: set[str]) -> str | None:
        noun_l = noun.lower()
        wanted = ("king", "queen", "majesty", "emir", "sultan") if noun_l == "majesty" else (noun_l,)
        code = title_country(dem) if dem else None
        best: tuple[int, str] | None = None
        for p in self.people.values():
            if p.key in exclude:
                continue
            words = {w.lower() for t in p.titles for w in t.split()}
            ok = any(w in words for w in wanted) or any(w in " ".join(p.titles).lower() for w in wanted if " " in w)
            if not ok and p.actor is not None and not p.titles:
                ok = any(w in p.actor.terms[-1].role.lower() for w in wanted)
            if ok and code and self.country_of(p) != code:
                ok = False
            if ok and (best is None or p.last_seen > best[0]):
                best = (p.last_seen, p.key)
        return best[1] if best else None

    def country_of(self, p: Person, day: dt.date | None = None) -> str | None:
        term = self.term_of(p, day)
        if term is not None:
            return term.country
        for t in p.titles:
            code = title_country(t)
            if code:
                return code
        return None

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
        for head in ("prime minister", "foreign minister", "foreign secretary", "secretary of state", "chancellor"):
            if head in hint:
                matching = [t for t in terms if head in t.role.lower()]
                if matching:
                    return matching[-1]
        if "president" in hint:
            matching = [t for t in terms if t.role.lower().startswith("president")]
            if matching:
                return matching[-1]
        if day is not None:
            started = [t for t in terms if t.start <= day]
            if started:
                return started[-1]
        return terms[-1]

    def participant(self, key: str, day: dt.date | None) -> Participant | None:
        p = self.people[key]
        term = self.term_of(p, day)
        title = next((t for t in p.titles if "elect" in t.lower()), None)
        role = None
        if title:
            role = _TITLE_CLEAN_RE.sub("", title).strip()
        elif term is not None:
            role = term.role
        elif p.titles:
            role = _TITLE_CLEAN_RE.sub("", p.titles[0]).strip() or None
        try:
            name = p.written or p.name  # the article's spelling, as an annotator copies it
            return Participant(name=name, role=role[:120] if role else None, country=self.country_of(p, day))
        except ValidationError:
            try:
                return Participant(name=p.name)
            except ValidationError:
                return None


_CALL_WORD_RE = re.compile(r"(?i)(?:call|phone|talk|speak|spoke|dial|rang|ring)")
# Where a person stands in a sentence that reports a call: its subject (the start) or after "with", "from"...
_PERSON_SLOT_RE = re.compile(r"(?:^|\b(?:with|from|to|called|phoned|telephoned|rang|and))\s*$")
_AIDE_AFTER_RE = re.compile(
    r"^,?\s*(?:(?:a|an|the|his|her)\s+)?(?:[\w-]+\s+){0,4}?(?:spokes\w+|aide|adviser|secretary)\b|^\s*(?:said|says|told)\b"
)
_TITLE_RUN_RE = re.compile(r"(?:(?:[A-Z][\w.'’-]*|of|the)\s+)*$")


def _recognised(text: str, spans: list[tuple[int, int]], known: list[Mention]) -> list[Mention]:
    """Mentions for the recogniser's people that no dictionary or title mention covers, each with the
    title words written before it ("the Foreign Minister of Australia, Ms. Marise Payne")."""
    out = []
    for start, end in spans:
        if any(m.start < end and start < m.end for m in known):
            continue
        name = _written_name(text[start:end].removesuffix("'s").removesuffix("’s"))
        words = name.split()
        if len(words) < 2 or not words[-1][:1].isupper():
            continue
        if any(w in TITLE_WORDS or w in HEAD_WORDS or title_country(w) or _CALL_WORD_RE.match(w) for w in words):
            continue  # a title, a place or a headline's words ("Calls Qatar"), not a name
        head = text[max(0, start - 80) : start]
        head = re.sub(r",?\s*(?:M[rs]s?\.?|Dr\.?)\s*$", " ", head).rstrip(", ") + " "
        run = _TITLE_RUN_RE.search(head)
        title = " ".join(w for w in (run.group(0).split() if run else []) if w in TITLE_WORDS or title_country(w))
        if not (set(title.split()) & HEAD_WORDS or _PERSON_SLOT_RE.search(head)) or _AIDE_AFTER_RE.match(text[end:]):
            continue  # a leader's title or a call's own slot ("with", "from", "to") vouches for a person
        first = start + text[start:end].index(words[0])
        m = Mention(first, first + len(name), name, title=title)
        m.country = title_country(title)
        out.append(m)
    return out


def _written_name(surface: str) -> str:
    """A name as the article writes it, without the titles it may start with ("Sheikh Tamim" -> "Tamim")."""
    words = surface.split()
    while words and (words[0] in TITLE_WORDS or words[0] in HEAD_WORDS or words[0].rstrip(".") in {"Mr", "Ms", "Dr"}):
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- extractor


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in re.finditer(r"[;:\"“”]|,\s+(?:but|while|and|although)\b|(?<![A-Z])\.\s", text[:pos]):
        start = m.end()
    return start


# "second call in a week": how far back the earlier call can be, in days.
_SPAN_DAYS = {"fortnight": 14, "two weeks": 14, "week": 7, "few days": 4, "days": 7}


def _earlier_month(call_date: str | None, sentence: str) -> str | None:
    """The month of an earlier call, only when the phrase bounds it within the later call's month
    ("second call in a week" on 20 March: March); else None (a year or "since" says too little)."""
    m = patterns.EARLIER_RE.search(sentence)
    span = next((days for word, days in _SPAN_DAYS.items() if m and word in m.group(0).lower()), None)
    if call_date is None or span is None:
        return None
    if len(call_date) == 7:
        return call_date
    if len(call_date) == 10 and int(call_date[8:]) > span:
        return call_date[:7]
    return None


class RulesExtractor:
    """Rule-based extractor: ``extract(article) -> Extraction``; deterministic, no network.

    ``people``, when given (:func:`llmextract.tasks.calls.rules.ner.load_person_finder`), finds the people the actor
    dictionary lacks in the sentences that report a call."""

    def __init__(self, people: PersonFinder | None = None) -> None:
        self.db = ActorDB()
        self.people = people

    def extract(self, article: Article) -> Extraction:
        """The calls ``article`` reports. A bug raises (the pipeline records the article as failed
        with the reason) rather than passing for an article without calls."""
        if not patterns.ANY_CALL_WORD_RE.search(article.text):
            return Extraction(calls=[])
        sents = split_sentences(article.text)
        trig_lists = [patterns.find_triggers(s.text) for s in sents]
        if not any(trig_lists):  # before the people in every sentence are looked up: most of the work
            return Extraction(calls=[])
        call_sents = frozenset(i for i, ts in enumerate(trig_lists) if ts)
        doc = _Doc(self.db, article, sents, self.people, call_sents)
        cands: list[Cand] = []
        decoy_sents: set[int] = set()
        strong = any(t.kind != "speak_weak" for ts in trig_lists for t in ts)
        for i, sent in enumerate(doc.sents):
            if trig_lists[i]:
                cands.extend(self._sentence_cands(doc, i, sent.text, trig_lists[i], strong, decoy_sents))
        calls = self._merge(doc, cands)
        self._attach_context(doc, calls, decoy_sents)
        self._add_earlier(doc, calls)
        out: list[Call] = []
        for c in calls:
            call = self._build(doc, c)
            if call is not None:
                out.append(call)
            if len(out) >= MAX_CALLS:
                break
        return Extraction(calls=out)

    def _sentence_cands(
        self, doc: _Doc, i: int, text: str, triggers: list[patterns.Trigger], strong: bool, decoy_sents: set[int]
    ) -> list[Cand]:
        mentions = [(m, k) for m, k in doc.mentions[i] if not m.reporter]
        out: list[Cand] = []
        first_subject: list[str] = []
        kept = []
        tied = _CALL_BACKREF_RE.search(" ".join(s.text for s in doc.sents[i : i + 2])) or (
            i > 0 and _CALLS_BEFORE_RE.search(doc.sents[i - 1].text)
        )
        for t in triggers:
            if t.kind == "speak_weak" and not (strong and tied):
                continue  # the spec: "spoke with" alone, with nothing tying it to a call, is not a call
            why = patterns.is_decoy(text, t)
            if why:
                decoy_sents.add(i)
                continue
            kept.append(t)
        for n, t in enumerate(kept):
            nxt = kept[n + 1].start if n + 1 < len(kept) else len(text)
            objects = self._objects(text, mentions, t, nxt)
            if t.kind in {"verb", "call_with"}:
                if not objects:
                    continue
                first = objects[0][0]
                gap = text[t.end : first.start]
                if len(gap) > 80 or not _VERB_GAP_RE.match(gap):
                    continue
                if t.kind == "verb" and _NAMING_RE.match(text[first.end :]):
                    continue
            cstart = max(_clause_start(text, t.start), kept[n - 1].end if n else 0)
            subjects = [k for m, k in mentions if cstart <= m.start < t.start]
            possessive = re.search(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}$", text[cstart : t.start])
            if possessive and t.kind in {"noun", "call_with"} and n and first_subject:
                subjects = list(first_subject)
            if not subjects and n and first_subject:
                subjects = list(first_subject)
            if (
                not subjects
                and t.kind in {"verb", "passive", "received", "placed", "call_with"}
                and (_PRONOUN_RE.search(text[cstart : t.start]) or t.kind == "call_with")
            ):
                pron = self._recent_person(doc, i, exclude={k for _, k in objects})
                if pron:
                    subjects = [pron]
            if not subjects and t.kind in {"speak", "speak_weak"} and re.match(r"(?i)speaking|talking", t.text):
                # "Speaking to X over the phone, Y conveyed ...": the speaker follows the participle's clause
                comma = text.find(",", t.end)
                subjects = [k for m, k in mentions if comma > 0 and m.start > comma][:1]
            if n == 0:
                first_subject = subjects
            obj_keys = _uniq([k for _, k in objects])
            subj_keys = _uniq([k for k in subjects if k not in obj_keys])
            initiator = None
            if t.kind in {"verb"} and subj_keys:
                initiator = subj_keys[-1]
            elif t.kind in {"passive", "received"} and obj_keys:
                initiator = obj_keys[0]
            elif t.kind == "placed":
                if "by" in t.text.lower() and obj_keys:
                    initiator = obj_keys[0]
                elif subj_keys:
                    initiator = subj_keys[-1]
            seg_start = _clause_start(text, t.start) if n == 0 else t.start
            seg_start = max(seg_start, min(doc.date_floor[i], t.start))
            segment = text[seg_start:nxt]
            date = dates.resolve_first(text[t.start : nxt], doc.anchor) or dates.resolve_first(
                text[seg_start : t.start], doc.anchor
            )
            if date is None and t.present_perfect and doc.anchor and not dates.find_date_exprs(segment):
                date = doc.anchor.isoformat()[:7]
            groups = [[*subj_keys, o] for o in obj_keys] if _one_call_each(text, t, subj_keys, obj_keys) else []
            if not groups:
                groups = [_uniq(subj_keys + obj_keys)]
            if initiator is None:
                initiator = self._initiative(doc, text, obj_keys + subj_keys)
            for g in groups:
                cand = Cand(
                    sent=i,
                    people=g[:MAX_PARTICIPANTS],
                    initiator=initiator if initiator in g else None,
                    date=date,
                    video=t.video,
                    duration=fields.find_duration(segment),
                    earlier=bool(patterns.EARLIER_RE.search(text)),
                )
                cand.evidence.append((i, t.start))
                cand.topic_after[i] = t.end
                out.append(cand)
        return out

    def _initiative(self, doc: _Doc, text: str, keys: list[str]) -> str | None:
        m = patterns.INITIATIVE_RE.search(text)
        if not m:
            return None
        phrase = m.group("a") or m.group("b") or m.group("c") or ""
        for mention in self.db.find_mentions(phrase, doc._surnames):
            for k in keys:
                if doc.people[k].name == mention.name or mention.name in doc.people[k].name.split():
                    return k
        for word in re.findall(r"[A-Z][\w.]+", phrase):
            code = title_country(word)
            if code:
                hits = [k for k in keys if doc.country_of(doc.people[k], doc.anchor) == code]
                if len(hits) == 1:
                    return hits[0]
        return None

    def _objects(self, text: str, mentions: list[tuple[Mention, str]], t: patterns.Trigger, nxt: int):  # type: ignore[no-untyped-def]
        objs = []
        pos = t.end
        for m, k in mentions:
            if m.start < t.end or m.start >= nxt:
                continue
            gap = text[pos : m.start]
            if _OBJ_BREAK_RE.search(gap):
                break
            objs.append((m, k))
            pos = m.end
        return objs

    def _recent_person(self, doc: _Doc, i: int, exclude: set[str]) -> str | None:
        for j in range(i - 1, max(-1, i - 4), -1):
            for m, k in doc.mentions[j]:
                if not m.reporter and k not in exclude:
                    return k
        return None

    # -------------------------------------------------------------- merging

    def _merge(self, doc: _Doc, cands: list[Cand]) -> list[Cand]:
        calls: list[Cand] = []
        full = [c for c in cands if len(c.people) >= 2]
        partial = [c for c in cands if len(c.people) < 2]
        for c in full:
            target = None
            for call in calls:
                a, b = set(call.people), set(c.people)
                if (a <= b or b <= a) and _dates_ok(call.date, c.date):
                    target = call
                    break
            if target is None:
                calls.append(c)
            else:
                _absorb(target, c)
        for c in partial:
            pool = [call for call in calls if not c.people or c.people[0] in call.people]
            if not pool and not calls:
                people = self._protagonists(doc, c.sent)
                if len(people) >= 2:
                    c.people = people
                    calls.append(c)
                continue
            if not pool:
                continue
            target = min(pool, key=lambda call: (abs(call.sent - c.sent), call.sent > c.sent))
            if c.date and target.date and not _dates_ok(target.date, c.date):
                same = [call for call in pool if _dates_ok(call.date, c.date) and call.date]
                if same:
                    _absorb(same[0], c)
                else:
                    c.people = list(target.people)
                    c.initiator = None
                    calls.append(c)
                continue
            _absorb(target, c)
        calls.sort(key=lambda call: call.sent)
        return calls

    def _protagonists(self, doc: _Doc, i: int) -> list[str]:
        order = [*range(i - 1, max(-1, i - 4), -1), *range(i + 1, min(len(doc.sents), i + 4))]
        for j in order:
            keys = _uniq([k for m, k in doc.mentions[j] if not m.reporter])
            if len(keys) >= 2:
                return keys[:MAX_PARTICIPANTS]
        return []

    def _attach_context(self, doc: _Doc, calls: list[Cand], decoy_sents: set[int]) -> None:
        trigger_sents = {s for c in calls for s, _ in c.evidence}
        for c in calls:
            own = sorted({s for s, _ in c.evidence})
            people = set(c.people)
            ctx: list[int] = []
            for s in own:
                for j in range(s + 1, min(len(doc.sents), s + 6)):
                    if j in trigger_sents and j not in own:
                        break
                    text = doc.sents[j].text
                    if _SEPARATE_STOP_RE.match(text) or j in decoy_sents:
                        break
                    keys = {k for m, k in doc.mentions[j] if not m.reporter}
                    refers = bool(patterns.CONTEXT_REF_RE.search(text))
                    if keys - people and not refers:
                        break
                    if refers or keys & people:
                        ctx.append(j)
            c.sents = _uniq([*own, *ctx])

    def _add_earlier(self, doc: _Doc, calls: list[Cand]) -> None:
        for c in list(calls):
            if not c.earlier or len(calls) >= MAX_CALLS:
                continue
            if sum(1 for other in calls if set(other.people) == set(c.people)) > 1:
                continue
            sent = next((s for s, _ in c.evidence if patterns.EARLIER_RE.search(doc.sents[s].text)), c.sent)
            date = _earlier_month(c.date, doc.sents[sent].text)
            calls.append(Cand(sent=sent, people=list(c.people), date=date, evidence=[(sent, 0)], sents=[]))

    # -------------------------------------------------------------- output

    def _build(self, doc: _Doc, c: Cand) -> Call | None:
        day = None
        if c.date and len(c.date) == 10:
            day = dt.date.fromisoformat(c.date)
        elif doc.anchor:
            day = doc.anchor
        parts = []
        named: dict[str, str] = {}  # person key -> the name the call gives them
        for key in c.people[:MAX_PARTICIPANTS]:
            p = doc.participant(key, day)
            if p is not None and all(q.name != p.name for q in parts):
                parts.append(p)
                named[key] = p.name
        if len(parts) < 2:
            return None
        passages = [doc.sents[s].text for s in c.sents]
        after = [c.topic_after.get(s, -1) for s in c.sents]
        topics = fields.find_topics(passages, after) if c.sents else []
        outcomes = fields.find_outcomes(passages) if c.sents else []
        exclude = set()
        for key in c.people:
            p = doc.people[key]
            exclude.add(p.name)
            if p.actor:
                exclude.update(p.actor.aliases)
        reporters = fields.find_reporters(passages, exclude) if c.sents else []
        duration = c.duration
        if duration is None:
            for s in c.sents:
                t = doc.sents[s].text
                if re.search(r"\b(?:call|conversation|talks?|lasted)\b", t, re.I):
                    duration = fields.find_duration(t)
                    if duration:
                        break
        evidence = []
        for s, pos in sorted(set(c.evidence)):
            ev = _evidence(doc.sents[s].text, pos)
            if ev and ev not in evidence:
                evidence.append(ev)
        if not evidence:
            return None
        initiator = named.get(c.initiator) if c.initiator else None
        date = c.date or _context_date(doc, c)
        data = {
            "participants": parts,
            "initiator": initiator,
            "date": date,
            "medium": "video" if c.video else "phone",
            "duration_minutes": duration if duration and 1 <= duration <= 1440 else None,
            "topics": [t[:120] for t in topics],
            "outcomes": [o[:200] for o in outcomes],
            "reported_by": [r for r in reporters if 2 <= len(r) <= 80],
            "evidence": evidence[:MAX_EVIDENCE],
        }
        try:
            return Call(**data)
        except ValidationError:
            for drop in ("initiator", "date", "topics", "outcomes", "reported_by", "duration_minutes"):
                data[drop] = None if drop in {"initiator", "date", "duration_minutes"} else []
                try:
                    return Call(**data)
                except ValidationError:
                    continue
        return None


# A sentence about the call that may date it ("Wednesday's call", "a readout of the call on Thursday").
_ABOUT_CALL_RE = re.compile(r"\b(?:call|calls|conversation|phone|telephone|talks|spoke|spoken|video)\b", re.I)
_OTHER_TIME_RE = re.compile(r"\b(?:last|previous|previously|earlier|next|since|until|ago|will|would)\b", re.I)


def _context_date(doc: _Doc, c: Cand) -> str | None:
    """The date of a call whose own sentence gives none: the first date in a sentence attached to it that
    speaks of the call and of no other time ("last spoke", "next week")."""
    for s in c.sents:
        text = doc.sents[s].text[doc.date_floor[s] :]
        if _ABOUT_CALL_RE.search(text) and not _OTHER_TIME_RE.search(text):
            date = dates.resolve_first(text, doc.anchor)
            if date:
                return date
    return None


_DATELINE_RE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:\([^)]{1,30}\))?\s*,[^—–]{4,40}?\d{4}[^—–]{0,20}?[—–-]+\s*")


def dateline_end(text: str) -> int:
    """Where a dateline ("MOSCOW, July 3, 2002 -") at the start of ``text`` ends (0: none)."""
    m = _DATELINE_RE.match(text)
    return m.end() if m else 0


def _evidence(text: str, pos: int) -> str | None:
    text = text.strip()
    if len(text) > 500:
        start = max(0, pos - 200)
        text = text[start : start + 500].strip()
    return text if len(text) >= 5 else None


# "the call" referring back to a conversation told without a call word ("X spoke with Y. During the call, ...").
_CALL_BACKREF_RE = re.compile(r"\b(?:the|this|that)\s+(?:(?:phone|telephone|video)\s+)?call\b", re.I)
# A sentence that announces several calls, so the next one's "he talked with A, B and C" is about them.
_CALLS_BEFORE_RE = re.compile(
    r"\b(?:(?:tele)?phone\s+(?:calls|conversations|talks)|series\s+of\s+(?:\w+\s+)?(?:calls|conversations)|"
    r"working\s+the\s+phones?|phoning|telephoning)\b",
    re.I,
)
_SEPARATE_RE = re.compile(r"\bseparate(?:ly)?\b", re.I)
# A list of counterparts on one call: "a three-way call", "a joint video conference", "a trilateral summit".
_JOINT_RE = re.compile(
    r"\b(?:joint|three-way|four-way|trilateral|quadrilateral|multilateral|conference\s+call|together|"
    r"all\s+(?:three|four|five)|summit|virtual\s+meeting|group\s+call)\b",
    re.I,
)


def _one_call_each(text: str, t: patterns.Trigger, subjects: list[str], objects: list[str]) -> bool:
    """One record per counterpart (the spec: "spoke by phone with the leaders of A, B and C" is three calls):
    when the trigger says so ("phone calls", "separately"), or when one person called or spoke with a list
    of people and nothing in the sentence makes it one joint call."""
    if t.plural or _SEPARATE_RE.search(text):
        return True
    return len(subjects) == 1 and len(objects) >= 2 and not _JOINT_RE.search(text)


def _uniq(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _dates_ok(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def _absorb(target: Cand, c: Cand) -> None:
    for p in c.people:
        if p not in target.people and len(target.people) < MAX_PARTICIPANTS:
            target.people.append(p)
    if target.initiator is None and c.initiator in target.people:
        target.initiator = c.initiator
    if c.date and (target.date is None or len(c.date) > len(target.date)):
        target.date = c.date
    target.video = target.video or c.video
    if target.duration is None:
        target.duration = c.duration
    target.evidence.extend(c.evidence)
    target.topic_after.update({k: v for k, v in c.topic_after.items() if k not in target.topic_after})
    target.earlier = target.earlier or c.earlier
