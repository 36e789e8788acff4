"""What an article tells of its calls beyond their own sentences and context: that another sentence denies one
took place, the length a later sentence gives, the initiative of its one call told anywhere or of a round of calls
told for the round, the source of the quote that tells of a call, the one source it credits for its calls."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules import fields
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.assemble import _ABOUT_CALL_RE, _OTHER_TIME_RE
from llmextract.tasks.calls.rules.doc import Cand, _Doc
from llmextract.tasks.calls.rules.initiative import initiative
from llmextract.tasks.calls.rules.names import surname_of
from llmextract.tasks.calls.schema import MAX_REPORTED_BY

__all__ = [
    "articles_source",
    "call_sources",
    "denied_elsewhere",
    "duration_in_context",
    "initiative_of_round",
    "initiative_told_anywhere",
    "mark_shared",
    "quote_source",
]

# A round of calls told as a whole: "Obama has called more than a dozen key world leaders", a headline "Calls
# foreign leaders" (who placed them); "Ramaphosa took the calls", "received phone calls from a number of Heads of
# State" (the counterparts placed them).
_CALLED_ROUND_RE = re.compile(
    r"(?:\b(?:called|phoned|telephoned|rang|dialled|dialed)|^Calls)\s+(?:[\w-]+\s+){0,7}?"
    r"(?:leaders|counterparts|heads\s+of\s+(?:state|government))\b",
    re.I,
)
_TOOK_ROUND_RE = re.compile(
    r"\b(?:received|took|fielded|taken|answered)\s+(?:the\s+|several\s+|many\s+|a\s+(?:number|series|round)\s+of\s+)?"
    r"(?:(?:congratulatory|phone|telephone)\s+)*calls\b",
    re.I,
)
# "The Kremlin denied a US media report that Putin and Trump had spoken on the phone", "Peskov has denied that
# Trump had a phone call with Putin": that the call took place is denied (not what was said on it)
_CALL_DENIED_RE = re.compile(
    r"\b(?:denied|denies|deny|denying|dismissed|rejected)\b[^.;]{0,100}?\b(?:had\s+(?:spoken|talked)|spoke|talked|"
    r"had\s+(?:a|any)\s+(?:(?:tele)?phone\s+)?(?:call|conversation)|(?:call|conversation)\s+(?:had\s+)?took\s+place)\b",
    re.I,
)
_LENGTH_TOLD_RE = re.compile(r"\b(?=[cdlst])(?:call|conversation|talks?|talked|spoke|discussion|lasted)\b", re.I)


def _about_calls(doc: _Doc) -> list[int]:
    """The sentences about a call at the time of the article's calls (not "last", "next", "since" ...)."""
    return [j for j, s in enumerate(doc.sents) if _ABOUT_CALL_RE.search(s.text) and not _OTHER_TIME_RE.search(s.text)]


def denied_elsewhere(doc: _Doc, calls: list[Cand]) -> list[Cand]:
    """``calls`` without those whose taking place another sentence denies, naming their people ("The Kremlin
    denied a US media report that Putin and Trump had spoken on the phone" beside "The Washington Post reported
    that Trump talked by phone on Thursday with Putin")."""
    if not calls or not any(w in doc.text.lower() for w in ("deni", "deny", "dismissed", "rejected")):
        return calls  # the pattern needs one of these words
    denials = [{k for _, k in doc.mentions[j]} for j, s in enumerate(doc.sents) if _CALL_DENIED_RE.search(s.text)]
    return [c for c in calls if not any(set(c.people) <= named for named in denials)]


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


def initiative_of_round(doc: _Doc, calls: list[Cand]) -> None:
    """Who placed each call of a round (the article's calls, two or more, all with one person), where a sentence
    tells it of the round, that person its subject (or a headline with none): "Obama has called more than a
    dozen key world leaders" (that person), "Ramaphosa took the calls" (each counterpart). Calls whose placer is
    known keep theirs."""
    hubs = set.intersection(*(set(c.people) for c in calls)) if len(calls) >= 2 else set()
    if len(hubs) != 1 or any(len(set(c.people)) != 2 for c in calls):
        return
    hub = hubs.pop()
    for j, sent in enumerate(doc.sents):
        for regex, placed_by_hub in ((_CALLED_ROUND_RE, True), (_TOOK_ROUND_RE, False)):
            m = regex.search(sent.text)
            if m is None:
                continue
            before = [k for mention, k in doc.mentions[j] if mention.end <= m.start() and not mention.reporter]
            headline = j == 0 and m.start() == 0 and placed_by_hub  # "Calls foreign leaders": the one person's round
            if not (headline or (before and before[-1] == hub)):
                continue
            for c in calls:
                if c.initiator is None:
                    c.initiator = hub if placed_by_hub else next(k for k in c.people if k != hub)
            return


_SAID_COLON_RE = re.compile(r"\b(?:said|says|told\s+[\w\s]{0,30}|stated|statement)\s*:\s*$", re.I)


def quote_source(doc: _Doc, c: Cand, exclude: set[str]) -> list[str]:
    """The source that introduces a quote telling of the call, in the sentence before one of the call's own
    ("A Downing Street spokesperson said:" before "The Prime Minister held an hour long video conference this
    afternoon with President Obama.")."""
    told = sorted({s for s, _ in c.evidence} | set(c.sents))
    said = [s - 1 for s in told if s > 0 and _SAID_COLON_RE.search(doc.sents[s - 1].text)]
    return fields.find_reporters([doc.sents[s].text for s in said], exclude) if said else []


def articles_source(doc: _Doc, exclude: set[str]) -> list[str]:
    """The one source the article credits in its sentences about calls ("In each call, he thanked ..., the White
    House said" after a list of calls), for a call whose own sentences credit none; none when it names two."""
    found = fields.find_reporters([doc.sents[j].text for j in _about_calls(doc)], exclude)
    return found if len(found) == 1 else []


def call_sources(doc: _Doc, c: Cand, names: list[str]) -> list[str]:
    """Whom the article credits for the account of a call (``names``: its participants' names): the sources its
    own sentences name, and someone on it who tells of it there ("Zelensky said he had spoken"); else a readout
    page's header ("THE WHITE HOUSE ..."), the source of a quote that tells of it, the one source the article
    credits for its calls."""
    exclude = set()
    for key in c.people:
        p = doc.people[key]
        exclude.add(p.name)
        if p.actor:
            exclude.update(p.actor.aliases)
    reporters = fields.find_reporters([doc.sents[s].text for s in c.sents], exclude)
    own = [doc.sents[s].text for s in sorted({s for s, _ in c.evidence})]
    tellers = fields.own_account(own, [[n, surname_of(n)] for n in names])
    reporters = [*reporters, *(n for n in tellers if n not in reporters)][:MAX_REPORTED_BY]
    if not reporters and (header := fields.header_source(doc.text)):
        return [header]
    return reporters or quote_source(doc, c, exclude) or articles_source(doc, exclude)
