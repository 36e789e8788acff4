"""What an article tells of its calls beyond their own sentences and context: the length a later sentence
gives, the initiative of its one call told anywhere, the one source it credits for its calls."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules import fields
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.assemble import _ABOUT_CALL_RE, _OTHER_TIME_RE
from llmextract.tasks.calls.rules.doc import Cand, _Doc
from llmextract.tasks.calls.rules.initiative import initiative

__all__ = ["articles_source", "duration_in_context", "initiative_told_anywhere", "mark_shared"]

_LENGTH_TOLD_RE = re.compile(r"\b(?:call|conversation|talks?|talked|spoke|discussion|lasted)\b", re.I)


def _about_calls(doc: _Doc) -> list[int]:
    """The sentences about a call at the time of the article's calls (not "last", "next", "since" ...)."""
    return [j for j, s in enumerate(doc.sents) if _ABOUT_CALL_RE.search(s.text) and not _OTHER_TIME_RE.search(s.text)]


def mark_shared(calls: list[Cand]) -> None:
    """Each call's context sentences that another call holds too ("both the leaders spoke for about 25 minutes"
    after a list of calls: whose?)."""
    for c in calls:
        own = {s for s, _ in c.evidence}
        c.shared = {j for j in c.sents if sum(j in d.sents for d in calls) > 1} - own


def duration_in_context(doc: _Doc, c: Cand) -> int | None:
    """The length a sentence of the call's context gives ("the 90-minute conversation", "The two leaders talked
    for about twenty minutes"), unless another call holds that sentence too."""
    for s in c.sents:
        text = doc.sents[s].text
        if s not in c.shared and _LENGTH_TOLD_RE.search(text) and (minutes := fields.find_duration(text)):
            return minutes
    return None


def initiative_told_anywhere(db: ActorDB, doc: _Doc, calls: list[Cand]) -> None:
    """Who placed the article's one call, where a sentence outside its context says so ("Mr Blair's spokesman
    said: 'The Prime Minister spoke to President Chirac at President Chirac's request.'")."""
    if len(calls) != 1 or calls[0].initiator is not None:
        return
    c = calls[0]
    for j in _about_calls(doc):
        if j not in c.sents and (placer := initiative(db, doc, doc.sents[j].text, c.people, doc.mentions[j])):
            c.initiator = placer
            return


def articles_source(doc: _Doc, exclude: set[str]) -> list[str]:
    """The one source the article credits in its sentences about calls ("In each call, he thanked ..., the White
    House said" after a list of calls), for a call whose own sentences credit none; none when it names two."""
    found = fields.find_reporters([doc.sents[j].text for j in _about_calls(doc)], exclude)
    return found if len(found) == 1 else []
