"""Check a call that a model proposed against the article, with the rules' own knowledge.

A small model reads "called for a ceasefire", "will call", "denied a report
that they had spoken" or "sent a telegram" as calls. The rules know these
decoys. :func:`check_call` keeps a model's call only when one of its evidence
passages (widened to the article sentence that holds it) reports a real-time
conversation that took place, and then replaces the values a small model
invents or garbles with what the rules can read off the text:

* ``date``: resolved from the evidence sentence against the article's
  dateline (null when the sentence has no date, instead of the model's guess);
* participant names and countries: the actor dictionary's canonical name and
  country when the model's name resolves to exactly one known person
  ("His Highness the Amir Sheikh Tamim bin Hamad Al Thani" -> "Tamim bin Hamad
  Al Thani"); unknown people keep the model's name with titles stripped;
* ``duration_minutes``: the rules' reading of the evidence; else the model's
  value only if the article states that length somewhere
  (:func:`llmextract.tasks.calls.grounding.duration_supported`); else null.

A call whose evidence cannot be located in the article at all
(:func:`llmextract.tasks.calls.grounding.locate_evidence`) is rejected: invented evidence
cannot vouch for a call.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from llmextract.engine.records import Article
from llmextract.tasks.calls.grounding import FoldedText, duration_supported, locate_evidence, name_supported
from llmextract.tasks.calls.rules import dates, decoys, fields, patterns
from llmextract.tasks.calls.rules.actors import ActorDB, country_code, title_country
from llmextract.tasks.calls.rules.sentences import Sentence, dateline_end, split_sentences
from llmextract.tasks.calls.rules.tellers import (
    SOMEONE_RE,
    callers_only,
    placed_by,
    publication,
    spokesperson,
    tells_of_someone,
    tells_of_the_call,
)
from llmextract.tasks.calls.rules.titles import HEAD_WORDS, TITLE_WORDS
from llmextract.tasks.calls.schema import Call, Participant, same_person

__all__ = ["Verdict", "check_call", "looks_like_person", "reports_call"]

_PHONE_WORD_RE = re.compile(
    r"\b(?:(?:tele)?phon\w*|video\w*|virtual(?:ly)?|rang|dialled|dialed|conversation|(?:tele)?phonic)\b"
    # a "phone line", "phone number" or "phone records" is not a conversation
    r"(?!\s+(?:lines?|numbers?|records|bills?|hacking|taps?|tapping)\b)"
    # nor is "a video broadcast", "a video message" or "a video posted"
    r"(?!(?<=video)\s+(?:broadcasts?|messages?|address(?:es)?|statements?|clips?|footage|recordings?|posted|"
    r"posts?|speech(?:es)?)\b)",
    re.I,
)
_VERB_NOT_PERSON_RE = re.compile(
    r"\s+(?:up\s+)?(?:for|on|upon|it|off|out|in|into|back|attention|together|him|her|them|a|an|the\s+(?!\w+\s+(?:president|prime|leader|chancellor|king)))\b",
    re.I,
)
_BARE_CALL_RE = re.compile(r"\bcall(?:s|ed)?\b", re.I)
# "called Arafat an unrepentant terrorist": a name, then what it is called (as the rules read it: clauses.NAMING_RE)
_NAMING_RE = re.compile(r"\s+(?:[A-Z][\w.'’-]*\s+){1,4}(?:a|an|the|his|her|its|their|one)\s")
_CALL_VERB_RE = re.compile(r"\bcall(?:s|ed|ing)?$", re.I)  # a trigger that ends in the verb "call" ("has called")
_WRITTEN_RE = re.compile(
    r"\b(?:letter|letters|telegram|telegrams|message|messages|cable|note|email|e-mail|text|tweet|tweeted|wrote|"
    r"written|sent)\b",
    re.I,
)
_MEETING_ONLY_RE = re.compile(
    r"\b(?:met|meet|meets|meeting|summit|face\s+to\s+face|face-to-face|in\s+person|shook\s+hands|visit(?:ed|ing)?)\b",
    re.I,
)

# "a conversation that took place in Dushanbe": a place, where a bare "conversation" was held in person
_TOOK_PLACE_IN_RE = re.compile(r"\b(?:took\s+place|was\s+held|were\s+held)\s+(?:on\s+\w+\s+)?in\s+(?:the\s+)?[A-Z]")

# "didn't take his call", "refused to answer the call", "missed calls": a call placed but never held.
_NOT_TAKEN_RE = re.compile(
    r"\b(?:didn[’']t|did\s+not|does\s+not|doesn[’']t|would\s+not|wouldn[’']t|never|refused\s+to|declined\s+to)\s+"
    r"(?:take|answer|return|accept|pick\s+up)\s+(?:\w+\s+){0,2}?(?:(?:phone|telephone)\s+)?calls?\b|"
    r"\bmissed\s+(?:(?:phone|telephone)\s+)?calls?\b",
    re.I,
)
# "a conversation with him very shortly": the conversation is still to come.
_SOON_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:very\s+)?(?:shortly|soon|tomorrow|later\s+(?:today|this\s+week))\b(?!\s+(?:after|before))", re.I
)


@dataclass(frozen=True)
class Verdict:
    call: Call | None  # the checked call, or None when it was rejected
    reason: str | None = None  # why it was rejected
    sentences: tuple[str, ...] = ()  # the article sentences of its evidence that report a call (when kept)


def reports_call(sentence: str) -> str | None:
    """None when ``sentence`` reports a real-time conversation that took place; else why it does not."""
    if decoys._SENT_DENIAL_RE.search(sentence):
        return "denied"
    if sentence.rstrip(" \"'”’)").endswith("?"):
        return "a question"
    if _NOT_TAKEN_RE.search(sentence):
        return "the call was not taken"
    # "spoke with" alone is not a call (the spec): it counts here only with a phone or video word
    triggers = [t for t in patterns.find_triggers(sentence) if t.kind != "speak_weak"]
    kept = []
    reasons = []
    for t in triggers:
        why = decoys.is_decoy(sentence, t)
        # "called the plan", "called on": only the verb "call" has these senses ("telephoned the Taoiseach" is a call)
        if (
            why is None
            and t.kind == "verb"
            and _CALL_VERB_RE.search(t.text)
            and _VERB_NOT_PERSON_RE.match(sentence[t.end :])
        ):
            why = "not a call ('called for', 'called on')"
        if why is None and t.kind == "verb" and _CALL_VERB_RE.search(t.text) and _NAMING_RE.match(sentence, t.end):
            why = "naming, not a call ('called Arafat an unrepentant terrorist')"
        if why:
            reasons.append(why)
        else:
            kept.append(t)
    if kept:
        return None
    if reasons:
        return reasons[0]
    if decoys._PUBLIC_RE.search(sentence):
        return "public"
    bare = _BARE_CALL_RE.search(sentence)
    if bare and (
        decoys._MODAL_ANY_RE.search(sentence[max(0, bare.start() - 30) : bare.start()])
        or decoys._MODAL_RE.search(sentence[max(0, bare.start() - 32) : bare.start()])  # "Scheduled To Call"
    ):
        return "planned"
    phone = _PHONE_WORD_RE.search(sentence)
    if not phone:
        if _WRITTEN_RE.search(sentence):
            return "written message, not a conversation"
        if _MEETING_ONLY_RE.search(sentence):
            return "meeting in person"
        return "no phone or video conversation in the evidence"
    if all(m.group(0).lower() == "conversation" for m in _PHONE_WORD_RE.finditer(sentence)) and (
        _MEETING_ONLY_RE.search(sentence) or _TOOK_PLACE_IN_RE.search(sentence)
    ):
        return "meeting in person"  # "their first conversation ... took place in Tajikistan's capital Dushanbe"
    before = sentence[: phone.start()]
    if decoys._MODAL_ANY_RE.search(before[-70:]) or decoys._MODAL_RE.search(before[-40:]):
        return "planned"
    if _SOON_RE.match(sentence[phone.end() :]):
        return "planned"
    if decoys._NEG_RE.search(before[-60:]):
        return "negated"
    return None


def _sentences_for(passage: str, sentences: list[Sentence], text: FoldedText) -> list[str] | None:
    """The article sentences that ``passage`` covers (or, for a passage stitched from several places, that
    its sentences cover); None when none of it is in the article: invented evidence must not vouch for a call."""
    spans = [locate_evidence(passage, text)]
    if spans[0].start is None:  # a passage stitched from several places: locate its sentences one by one
        spans = [locate_evidence(part.text, text) for part in split_sentences(passage) if len(part.text) >= 20]
    located = [(span.start, span.end) for span in spans if span.start is not None and span.end is not None]
    if not located:
        return None
    return [s.text for s in sentences if any(s.start < end and s.end > start for start, end in located)]


def _strip_title(name: str) -> str:
    words = name.split()
    while len(words) > 2 and (words[0].lower().strip(".") in _TITLE_WORDS or words[0][:1].islower()):
        words = words[1:]
    return " ".join(words)


_TITLE_WORDS = {
    "his", "her", "highness", "majesty", "excellency", "h.e", "he", "the", "mr", "mrs", "ms", "dr", "president",
    "prime", "minister", "chancellor", "king", "queen", "emir", "amir", "sheikh", "sheikha", "crown", "prince",
    "premier", "secretary", "general", "state", "foreign", "us", "u.s", "u.s.", "russian", "chinese", "french",
}  # fmt: skip


# Lower-case words a person's name may hold ("Mohammed bin Salman", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset(
    {"bin", "bint", "ibn", "ben", "abu", "al", "el", "de", "da", "del", "der", "di", "dos", "du", "la", "le"}
    | {"van", "von", "y"}
)
# Words that make a name a group, an institution or a place: "French leaders", "Downing Street".
_NOT_A_PERSON_RE = re.compile(
    r"\b(?:leaders?|officials?|agenc(?:y|ies)|administration|government|ministry|office|street|house|kremlin|"
    r"palace|council|party|army|forces|committee|commission|nations|union|embassy|spokes\w+|media|news|"
    r"people|delegation|counterparts?|presidents|ministers|states)\b",
    re.I,
)


def looks_like_person(name: str, db: ActorDB) -> bool:
    """Whether a model's participant can be a named person: a known actor, or a short run of capitalised words
    (name particles allowed) that is not a title alone ("British Prime Minister"), a country ("Iran", "US"), a
    group or an institution ("French leaders", "Downing Street")."""
    if any(m.actor or m.extra.get("candidates") for m in db.find_mentions(name)):
        return True
    words = name.replace(",", " ").split()
    if not 1 <= len(words) <= 6 or len(name) > 60 or _NOT_A_PERSON_RE.search(name):
        return False
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
        return False  # "COAS" (the Chief of Army Staff): an office's acronym, not a name
    lower = [w for w in words if w[:1].islower() and re.split(r"[-’']", w.lower())[0] not in _NAME_PARTICLES]
    if lower or not words[0][:1].isupper():  # "al-Burhan", "bin" and "von" are a name's; "leaders of" are not
        return False
    title_only = all(
        w in TITLE_WORDS or w in HEAD_WORDS or w.lower() in {"of", "the"} or country_code(w.strip(".")) for w in words
    )
    return not (title_only or country_code(name))


_OF_COUNTRY_RE = re.compile(r"^(?P<name>.+?),?\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w .'-]+)$")


def _without_title(p: Participant) -> Participant:
    """ "PA Chairman Arafat" -> "Arafat": the titles (and their abbreviations) a model wrote before a name, read
    before the person test; :func:`_strip_title` later trims the honorifics the dictionary's titles lack ("His
    Highness the Amir ...") from the names it does not know, down to two words."""
    words = p.name.split()
    k = 0
    while k < len(words) - 1 and (
        words[k] in TITLE_WORDS or words[k] in HEAD_WORDS or (words[k].isupper() and len(words[k]) <= 3)
    ):
        k += 1
    return p if k == 0 else p.model_copy(update={"name": " ".join(words[k:])})


def _without_country(p: Participant) -> Participant:
    """ "Hassan Ibn Talal of Jordan" -> "Hassan Ibn Talal" (country JO, unless the model gave one)."""
    m = _OF_COUNTRY_RE.match(p.name)
    code = country_code(m.group("country")) if m else None
    if m is None or code is None:
        return p
    return p.model_copy(update={"name": m.group("name"), "country": p.country or code})


def _participant(p: Participant, db: ActorDB, anchor: dt.date | None) -> Participant:
    mentions = [m for m in db.find_mentions(p.name) if m.extra.get("candidates") or m.actor]
    candidates = {c for m in mentions for c in m.extra.get("candidates", "").split("|") if c}
    if len(candidates) == 1:
        name = next(iter(candidates))
        actor = next(a for a in db.lookup(name) if a.name == name)
        terms = actor.terms_at(anchor) if anchor else []
        country = (terms[0].country if terms else actor.country) or p.country
        return Participant(name=name, role=p.role, country=country)
    country = p.country or (title_country(p.role) if p.role else None)
    return Participant(name=_strip_title(p.name), role=p.role, country=country)


# A participant of a model's call must be named in the sentence that reports it or in this many before it.
NEAR_SENTENCES = 2


def _near(found: list[str], sentences: list[Sentence], before: int = NEAR_SENTENCES) -> str:
    """The sentences that report the call and the ``before`` sentences before each (where a pronoun's person is
    named), as one text."""
    keep: set[int] = set()
    for i, sentence in enumerate(sentences):
        if any(sentence.text in f or f in sentence.text for f in found):
            keep |= set(range(max(0, i - before), i + 1))
    return "\n".join(sentences[i].text for i in sorted(keep)) or "\n".join(found)


def check_call(call: Call, article: Article, db: ActorDB) -> Verdict:
    """Keep ``call`` only if its evidence reports a real call; fix the values rules read better."""
    folded, sentences_of_article = FoldedText.of(article.text), split_sentences(article.text)
    found_in_text = [_sentences_for(passage, sentences_of_article, folded) for passage in call.evidence]
    sentences = [s for group in found_in_text if group for s in group]
    if not sentences:
        return Verdict(None, "its evidence is not in the article")
    reasons = [reports_call(s) for s in sentences]
    if all(r is not None for r in reasons):
        return Verdict(None, reasons[0])
    anchor = dates.find_anchor(article.text, article.published)
    found = [
        s
        for s, r in zip(sentences, reasons, strict=True)
        if r is None and not _unanswered_next(s, sentences_of_article)
    ]
    if not found:
        return Verdict(None, "the call was not taken")
    date = next(
        (d for s in found if (d := dates.resolve_first(dates.without_title_day(s[dateline_end(s) :]), anchor))), None
    )
    duration = next((d for s in found if (d := fields.find_duration(s))), None)
    if duration is None and call.duration_minutes and duration_supported(call.duration_minutes, folded):
        duration = call.duration_minutes  # stated somewhere in the article, in words the rules do not read
    participants: list[Participant] = []
    initiator = None
    near = FoldedText.of(_near(found, sentences_of_article))
    for given in call.participants:
        if not name_supported(given.name, near):
            continue  # not named where the article reports the call (or never named: the model's guess)
        p = _without_title(_without_country(given))
        if not looks_like_person(p.name, db):
            continue  # a title, a country, a group or a phrase: not a named person
        if spokesperson(p.name, article.text) or tells_of_the_call(p.name, found) or publication(p.name, article.text):
            continue  # "Kremlin spokesperson Dmitry Peskov said ...", "TV host X": who told of it, not a call's side
        fixed = _participant(p, db, anchor)
        if not any(same_person(fixed.name, q.name) for q in participants):
            participants.append(fixed)
        if call.initiator and given.name == call.initiator:
            initiator = fixed.name
    if len(participants) < 2:
        return Verdict(None, "fewer than two distinct participants named in the article")
    if not any(tells_of_someone(s, [q.name for q in participants]) for s in found):
        return Verdict(None, "no sentence of its evidence tells of anyone on the call")
    named = [q for q in participants if any(tells_of_someone(s, [q.name], anyone=False) for s in found)]
    if len(named) < 2 and not any(SOMEONE_RE.search(s) for s in found):
        return Verdict(None, "its evidence names one of its people and refers to no other")
    if all(callers_only(s, [q.name for q in participants]) for s in found):
        return Verdict(None, "its people are the callers of counterparts the article does not name")
    initiator = placed_by(found, [q.name for q in participants]) or initiator
    data = call.model_dump()
    data.update(
        participants=[q.model_dump() for q in participants],
        date=date,
        duration_minutes=duration,
        initiator=initiator,
    )
    return Verdict(Call.model_validate(data), sentences=tuple(found))


def _unanswered_next(sentence: str, sentences: list[Sentence]) -> bool:
    """Whether the sentence after ``sentence`` says the call went unanswered ("Today I initiated a telephone
    conversation with X." then "The result: silence."), as the rules read it."""
    at = next((i for i, s in enumerate(sentences) if s.text == sentence), None)
    return (
        at is not None
        and at + 1 < len(sentences)
        and decoys.UNANSWERED_RE.search(sentences[at + 1].text[:60]) is not None
    )
