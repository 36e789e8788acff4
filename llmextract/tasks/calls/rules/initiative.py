"""Who placed a call, from what the article says of its initiative: "at the initiative of X", "at X's request",
"initiated by X", "X initiated the call", "on the latter's initiative", "talks with X at request"."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules.actors import ActorDB, Mention, title_country
from llmextract.tasks.calls.rules.doc import _Doc
from llmextract.tasks.calls.rules.refs import seat_country

__all__ = ["initiative"]

_FORMER_LATTER_RE = re.compile(r"^the\s+(former|latter)\b", re.I)
# "Macri received the phone call at the official residence": the other one of a two-person call placed it
_RECEIVED_THE_CALL_RE = re.compile(
    r"\b(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:had\s+)?(?:received|took|answered)\s+the\s+"
    r"(?:(?:phone|telephone)\s+)?call\b(?!\s+from\b)"
)


def _named(db: ActorDB, doc: _Doc, phrase: str, keys: list[str]) -> list[str]:
    """The ones of ``keys`` whom the first person ``phrase`` names is (by full name or one word of it)."""
    for mention in db.find_mentions(phrase, doc._surnames):
        hits = [k for k in keys if doc.people[k].name == mention.name or mention.name in doc.people[k].name.split()]
        if hits:
            return hits
    return []


def _the_other_received(db: ActorDB, doc: _Doc, text: str, keys: list[str]) -> str | None:
    """The one of a two-person call who did not receive it, where ``text`` says the other "received the call"."""
    people = list(dict.fromkeys(keys))
    if len(people) != 2 or not any(w in text for w in ("received", "took", "answered")):  # cheap tests first
        return None
    m = _RECEIVED_THE_CALL_RE.search(text)
    if not m:
        return None
    took = _named(db, doc, m.group("who"), people)
    return next(k for k in people if k != took[0]) if len(took) == 1 else None


# Who placed the call: "at the initiative of X", "at X's request", "initiated by X", "X made the phone call"
INITIATIVE_RE = re.compile(
    # "of the U.S. leader": a name or title runs on past the dots of an abbreviation
    r"\b(?:(?:at|upon|on)\s+the\s+(?:initiative|request|invitation)\s+of\s+(?P<a>(?:(?:[A-Z]\.){2,}|[^,.;]){2,60})|"
    r"(?:at|on|upon)\s+(?P<b>[^,.;]{2,40}?)['’]s\s+(?:initiative|request)|"
    r"initiated\s+by\s+(?P<c>(?:(?:[A-Z]\.){2,}|[^,.;]){2,60})|on\s+(?P<e>the\s+(?:former|latter))['’]s\s+"
    r"(?:initiative|request)|(?P<d>\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(?:,\s+who)?\s+(?:had\s+)?"
    r"(?:initiated\s+(?:the|an?)\s+(?:[\w-]+\s+){0,2}?|(?:made|placed)\s+(?:the|an?)\s+(?:[\w-]+\s+)?(?:phone|telephone|video)\s+)"
    r"(?:call|conversation)|"  # "initiated the 40-minute call", "Chirac made a telephone call with", "X, who initiated"
    # "spoke with Kofi Annan, who telephoned from South Africa"
    r"(?P<i>\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s+who\s+(?:had\s+)?(?:telephoned|phoned|called|rang)\b"
    r"(?!\s+(?:for|on|upon)\b)|"
    # "A phone call from Modi to Putin"
    r"\b(?:an?|the)\s+(?:(?:phone|telephone|video)\s+)?call\s+from\s+(?P<h>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"\s+to\b|"
    # "the call Abbott made to Yudhoyono"
    r"\bthe\s+(?:(?:phone|telephone)\s+)?call\s+(?P<g>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s+(?:had\s+)?"
    r"(?:made|placed)\s+to\b|"
    r"talks\s+with\s+(?P<f>(?:(?:[A-Z]\.){2,}|[^,.;]){2,80}?)\s+at\s+request\b)",  # Xinhua: X asked for the talks
    re.I,
)
# Every way of :data:`~.INITIATIVE_RE` to credit someone holds one of these words.
_INITIATIVE_WORDS = ("initiat", "request", "invitation", "made", "placed", "call from", "who tele", "who phon",
                     "who call", "who rang", "who had")  # fmt: skip


def initiative(
    db: ActorDB, doc: _Doc, text: str, keys: list[str], mentions: list[tuple[Mention, str]] | None = None
) -> str | None:
    """The one of ``keys`` (the call's people) whom ``text`` credits with placing the call, else None.
    ``mentions`` (the sentence's people, in order) resolve "the former" and "the latter"."""
    low = text.lower()  # the pattern is costly: only where a word it needs occurs
    m = INITIATIVE_RE.search(text) if any(w in low for w in _INITIATIVE_WORDS) else None
    if not m:
        return _the_other_received(db, doc, text, keys)
    phrase = next((g for g in m.groups() if g), "").strip()
    which = _FORMER_LATTER_RE.match(phrase)
    if which and mentions:
        named = list(dict.fromkeys(k for _, k in mentions if k in keys))  # in order, once each
        if len(named) >= 2:
            return named[0] if which.group(1).lower() == "former" else named[-1]
        return None
    if named := _named(db, doc, phrase, keys):
        return named[0]
    for word in re.findall(r"[A-Z][\w.]+", phrase):
        code = title_country(word)
        if code:
            hits = [k for k in keys if doc.country_of(doc.people[k], doc.anchor) == code]
            if len(hits) == 1:
                return hits[0]
    seat = seat_country(phrase)  # "initiated by the White House", "at Moscow's request"
    hits = [k for k in keys if seat and doc.country_of(doc.people[k], doc.anchor) == seat]
    if len(hits) == 1:
        return hits[0]
    # "initiated by the UN Secretary General": the one participant holding that title
    title = re.sub(r"[-\s]+", " ", re.sub(r"^(?:the|a)\s+", "", phrase, flags=re.I)).lower()
    if len(title.split()) >= 2:
        hits = [k for k in keys if title in re.sub(r"[-\s]+", " ", " ".join(doc.people[k].titles)).lower()]
        if len(hits) == 1:
            return hits[0]
    return None
