"""Who the people on a call are, as the article titles them: the role and country the rules read off the article,
for the participants of a call that names them without (the hybrid's model names people; the article says who
they are)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules.actors import ActorDB
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
