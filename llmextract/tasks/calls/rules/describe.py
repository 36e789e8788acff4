"""Who the people on a call are, as the article titles them: the role and country the rules read off the article,
for the participants of a call that names them without (the hybrid's model names people; the article says who
they are); and the country of a leader the article names as its own (:func:`at_home`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.countries import home_country, title_country
from llmextract.tasks.calls.rules.doc import _Doc
from llmextract.tasks.calls.rules.ner import PersonFinder
from llmextract.tasks.calls.rules.sentences import split_sentences
from llmextract.tasks.calls.schema import Call, Participant, same_person


def describe(calls: Sequence[Call], article: Article, db: ActorDB, people: PersonFinder | None = None) -> list[Call]:
    """``calls``, each participant without a role or a country given the ones the article gives the one person
    of the article it names (the title next to a name, the office held on the call's day); the rest unchanged."""
    if all(p.role and p.country for call in calls for p in call.participants):
        return list(calls)
    doc = _Doc(db, article, split_sentences(article.text), people)
    out = []
    for call in calls:
        day = dt.date.fromisoformat(call.date) if call.date and len(call.date) == 10 else doc.anchor
        parts = [_described(p, doc, day) if not (p.role and p.country) else p for p in call.participants]
        out.append(call.model_copy(update={"participants": parts}))
    return out


def _described(p: Participant, doc: _Doc, day: dt.date | None) -> Participant:
    keys = [k for k, q in doc.people.items() if any(same_person(p.name, n) for n in (q.name, q.written) if n)]
    read = doc.participant(keys[0], day) if len(keys) == 1 else None
    if read is None:
        return p
    return p.model_copy(update={"role": p.role or read.role, "country": p.country or read.country})


# The words of an office a country holds ("President", "His Majesty King", "Prime Minister"), not an office of an
# international body ("Secretary-General", "Pope", "Commissioner"): one written without its country is the
# article's own country's.
_NATIONAL_WORDS = frozenset([
    "President", "President-elect", "Prime", "Minister", "Premier", "Chancellor", "King", "Queen", "Prince",
    "Crown", "Emir", "Amir", "Sultan", "Sheikh", "Shaikh", "Majesty", "His", "Her", "Highness", "Royal", "Vice",
    "Deputy", "Taoiseach", "Emperor", "Foreign", "Defence", "Defense", "Interior", "Finance", "Trade", "External",
    "Affairs", "Acting", "Interim", "Chief", "State", "Monarch", "Minister-President", "Governor", "Senator",
    "Leader", "Mr", "Mr.", "Dr", "Dr.", "of", "the"
])  # fmt: skip


def at_home(calls: Sequence[Call], text: str) -> list[Call]:
    """``calls``, where a participant has no country and no title or a country's office without its country
    ("President Ruto", "Uhuru Kenyatta"), that participant given the country the article names most
    (:func:`.countries.home_country`, leaving out the countries of the people it places); unchanged when none
    stands out."""
    if all(p.country or not _national(p.role) for call in calls for p in call.participants):
        return list(calls)
    home = home_country(text, {p.country for call in calls for p in call.participants if p.country})
    if home is None:
        return list(calls)
    return [
        call.model_copy(update={"participants": [
            p.model_copy(update={"country": home}) if not p.country and _national(p.role) else p
            for p in call.participants
        ]})
        for call in calls
    ]  # fmt: skip


def _national(role: str | None) -> bool:
    return role is None or (all(w in _NATIONAL_WORDS for w in role.split()) and not title_country(role))
