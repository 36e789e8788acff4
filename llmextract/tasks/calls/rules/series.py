"""Which call of a series a report tells: a second call or an earlier one of the same people ("their first
conversation since Feb. 7", "the previous call", "called him last year", "the second in two months"), and when two
reports are one call."""

from __future__ import annotations

import datetime as dt
import re

from llmextract.tasks.calls.rules import dates, patterns
from llmextract.tasks.calls.rules.doc import Cand, _Doc
from llmextract.tasks.calls.rules.subjects import protagonists
from llmextract.tasks.calls.schema import MAX_PARTICIPANTS, MAX_RECORDS, same_person

__all__ = [
    "EARLIER_RE",
    "PAST",
    "absorb",
    "add_earlier",
    "dates_ok",
    "merge_reports",
    "ordinal",
    "same_call_ok",
    "same_people_once",
]


# "the second call in a week", "for the second time in two days", "last spoke on": an earlier call of theirs
EARLIER_RE = re.compile(
    r"\b(?:second|third|fourth|another)(?:\s+(?:time|call|conversation|interaction|(?:tele)?phon(?:e|ic)\s+"
    r"(?:call|conversation|talks?)|contact|talks?))?(?:\s+(?:between|with)\s+[^.;]{1,60}?)?"  # "between A and B"
    r"\s+(?:in|within|this|since|of)\s+(?:a\s+|the\s+)?(?:(?:past|last)\s+)?"
    r"(?:(?:two|three|four|few|\d+)\s+)?(?:fortnight|weeks?|months?|days|year)\b|"
    r"\b(?:last|previously)\s+spoke\s+on\b|"
    r"\bfor\s+the\s+second\s+(?:straight\s+|consecutive\s+)?day(?:\s+running|\s+in\s+a\s+row)?\b",
    re.I,
)


# "second call in a week": how far back the earlier call can be, in days.
_SPAN_DAYS = {"fortnight": 14, "two weeks": 14, "week": 7, "few days": 4, "days": 7}


def _earlier_month(call_date: str | None, sentence: str) -> str | None:
    """The month of an earlier call, only when the phrase bounds it within the later call's month
    ("second call in a week" on 20 March: March); else None (a year or "since" says too little)."""
    m = EARLIER_RE.search(sentence)
    if m and call_date and len(call_date) == 10 and re.search(r"\bday\b", m.group(0), re.I):
        return (dt.date.fromisoformat(call_date) - dt.timedelta(days=1)).isoformat()  # "for the second day running"
    span = next((days for word, days in _SPAN_DAYS.items() if m and word in m.group(0).lower()), None)
    if call_date is None or span is None:
        return None
    if len(call_date) == 7:
        return call_date
    if len(call_date) == 10 and int(call_date[8:]) > span:
        return call_date[:7]
    return None


# "The first telephone conversation ... was on November 16", "In a second telephone conversation": two calls.
_ORDINAL_RE = re.compile(
    r"\b(?P<o>first|second|third|fourth|fifth)\s+(?:(?:\w+\s+)?(?:phone|telephone|video)\s+)?"
    r"(?:call|conversation|talks?|contact)\b",
    re.I,
)


# "their first meeting since a tense 90-minute phone call in September": the call is an earlier one
_SINCE_BEFORE_RE = re.compile(r"\bsince\s+(?:a|an|the|their|that)\s+(?:[\w-]+\s+){0,3}$", re.I)
# "The previous call between A and B", "their last phone conversation", "an earlier telephone call"
_PREVIOUS_RE = re.compile(
    r"\b(?:previous|earlier|prior|last)\s+(?:(?:tele)?phone\s+|video\s+)?(?:call|conversation|talks|contact)\b", re.I
)
# "... to call Bush after the attacks last year", "spoke by phone two years ago": the clause's call is long past
_LONG_AGO_RE = re.compile(
    r"^[^.;:!?]{0,60}?\b(?:last\s+year|(?:a|one|two|three|four|five|six|several|\d+)\s+years?\s+ago)\b", re.I
)
# Which calls of a series come before the one an article reports: their reports are not that call's.
PAST = frozenset({"since", "earlier"})


def ordinal(text: str, t: patterns.Trigger) -> str | None:
    """Which call of a series the trigger's own words name ("a second telephone conversation"; "since" for an
    earlier one: "since a phone call in September"; "earlier" for "the previous call", "their last conversation",
    "called him last year"), else None."""
    if _SINCE_BEFORE_RE.search(text[max(0, t.start - 50) : t.start]):
        return "since"
    if _PREVIOUS_RE.search(text, max(0, t.start - 30), t.end + 20) or _LONG_AGO_RE.match(text[t.end :]):
        return "earlier"
    m = _ORDINAL_RE.search(text, max(0, t.start - 30), t.end)
    return m.group("o").lower() if m and m.end() >= t.start else None


# "their first conversation since Feb. 7" (or "since October"): they spoke then too (not "since the November 3
# election")
_FIRST_SINCE_RE = re.compile(
    r"\bfirst\s+(?:[\w-]+\s+){0,2}(?:call|conversation|talks?|contact)\b[^.;]{0,60}?\bsince\s+"
    r"(?P<rest>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\b|(?P<month>(?:Jan|Febr)uary|March|April|May|"
    r"June|July|August|(?:Septem|Octo|Novem|Decem)ber)(?![\w.]|\s+\d))"
)


def _since_call(doc: _Doc, c: Cand) -> Cand | None:
    """The earlier call a report of ``c`` dates by "their first conversation since <a day>", else None."""
    own = {s for s, _ in c.evidence}
    # its own sentences, and the one after each when it says "their" ("But in their first conversation since ...")
    nxt = {s + 1 for s in own if s + 1 < len(doc.sents) and re.search(r"\btheir\s+first\b", doc.sents[s + 1].text)}
    for s in sorted(own | nxt):
        m = _FIRST_SINCE_RE.search(doc.sents[s].text)
        # "since October": that month, the latest before the report's own (a later month is not guessed)
        day = dates.resolve_first(("in " if m.group("month") else "") + m.group("rest"), doc.anchor) if m else None
        if m and day and day != c.date:
            return Cand(sent=s, people=list(c.people), date=day, evidence=[(s, m.start())], sents=[])
    return None


def same_call_ok(a: Cand, b: Cand) -> bool:
    """Whether two reports of the same people may be one call: their dates and their places in a series agree."""
    if (a.ordinal in PAST) != (b.ordinal in PAST):
        return a.date is not None and a.date == b.date  # one day: one call, however it is told
    return dates_ok(a.date, b.date) and (a.ordinal is None or b.ordinal is None or a.ordinal == b.ordinal)


def dates_ok(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def absorb(target: Cand, c: Cand) -> None:
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
    target.ordinal = target.ordinal or c.ordinal


_ABOUT_IT_RE = re.compile(
    r"\W*(?:The\s+(?:(?:tele)?phone\s+)?(?:call|conversation|talks)|It|This|That)\s+(?:was|is|marked)\b"
)


def _it_was_second(text: str) -> bool:
    return bool(_ABOUT_IT_RE.match(text) and EARLIER_RE.search(text))


def _told_after(c: Cand, calls: list[Cand], n: int) -> list[int]:
    """The sentences that may go on about ``c`` after its own: up to four, until another call's report."""
    own = {s for s, _ in c.evidence}
    others = {s for o in calls if o is not c for s, _ in o.evidence}
    out = []
    for s in range(max(own) + 1, min(n, max(own) + 5)):
        if s in others:
            break
        out.append(s)
    return out


# "It came after a tense call on March 3", "The call followed one on Friday": an earlier call of the same people
_CAME_AFTER_RE = re.compile(
    r"^\W*(?:It|This|The\s+(?:(?:tele)?phone\s+)?(?:call|conversation|talks?))\s+(?:came|comes|followed|follows)\s+"
    r"(?:just\s+|shortly\s+)?(?:after\s+|on\s+the\s+heels\s+of\s+)?(?:an?|the|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:call|conversation|talks|one)\s+(?P<when>on\s+[^,;.]{3,25}|last\s+\w+|\w+day)",
    re.I,
)


# "Trump and Modi's first conversation took place on November 9": the first of a series, dated
_FIRST_WAS_RE = re.compile(
    r"\b(?:their|[A-Z][\w-]*['’]s?)\s+first\s+(?:(?:tele)?phone\s+)?(?:call|conversation|talks|contact)\s+"
    r"(?:took\s+place|was\s+held|came|happened|was)\s+(?P<when>on\s+[^,;.]{3,25}|last\s+\w+|\w+day)"
)


def _came_after(doc: _Doc, c: Cand, calls: list[Cand]) -> Cand | None:
    """The earlier call a sentence after ``c``'s report dates ("It came after a tense call on March 3"), or one
    naming its people tells as their first ("Trump and Modi's first conversation took place on November 9")."""
    firsts = [s for s, sent in enumerate(doc.sents) if "first" in sent.text and _FIRST_WAS_RE.search(sent.text)]
    named = [
        s for s in firsts if set(c.people) <= {k for _, k in doc.mentions[s]} or "their first" in doc.sents[s].text
    ]
    for s in [*_told_after(c, calls, len(doc.sents)), *named]:
        m = _CAME_AFTER_RE.match(doc.sents[s].text) or _FIRST_WAS_RE.search(doc.sents[s].text)
        day = dates.resolve_first(m.group("when"), doc.anchor) if m else None
        if m and day and day != c.date:
            return Cand(sent=s, people=list(c.people), date=day, evidence=[(s, 0)], sents=[])
    return None


def add_earlier(doc: _Doc, calls: list[Cand]) -> None:
    """Add the earlier call a report of each call names ("their first conversation since ...", "the second call
    in a week")."""
    for c in list(calls):
        since = _since_call(doc, c) or _came_after(doc, c, calls)
        if since and len(calls) < MAX_RECORDS and not any(o.date == since.date for o in calls):
            calls.append(since)
            continue
        # "It was the second call in a week", "The call was the second in the past two months": a sentence after
        told = [s for s in _told_after(c, calls, len(doc.sents)) if _it_was_second(doc.sents[s].text)]
        if not (c.earlier or told) or len(calls) >= MAX_RECORDS:
            continue
        if sum(1 for other in calls if set(other.people) == set(c.people)) > 1:
            continue
        first = told[0] if told else c.sent
        sent = next((s for s, _ in c.evidence if EARLIER_RE.search(doc.sents[s].text)), first)
        date = _earlier_month(c.date, doc.sents[sent].text)
        calls.append(Cand(sent=sent, people=list(c.people), date=date, evidence=[(sent, 0)], sents=[]))


def same_people_once(calls: list[Cand], text: str = "") -> list[Cand]:
    """One call for two reports of it that name its people differently ("Crown Prince Abdullah receives call from
    President Bush" and "Crown Prince Abdullah bin Abdulaziz received a telephone call from ... Bush"): the later
    report joins the earlier, which takes the fuller names."""
    out: list[Cand] = []
    for c in calls:
        target = next((o for o in out if _same_people(o.people, c.people) and same_call_ok(o, c)), None)
        if target is None:
            out.append(c)
            continue
        fuller = {p: q for p in target.people for q in c.people if p != q and same_person(p, q) and _better(q, p, text)}
        target.people = [fuller.get(p, p) for p in target.people]
        target.initiator = fuller.get(target.initiator, target.initiator) if target.initiator else None
        c.initiator = next((p for p in target.people if c.initiator and same_person(p, c.initiator)), None)
        c.people = list(target.people)
        absorb(target, c)
    return out


def _better(name: str, than: str, text: str) -> bool:
    """Whether ``name`` is the better of two forms of one person's name: the one the article writes ("Mohamed bin
    Zayed", not the dictionary's "Mohammed bin Zayed"), else the fuller."""
    if (name in text) != (than in text):
        return name in text
    return len(name) > len(than)


def _same_people(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) >= 2 and a != b and all(any(same_person(p, q) for q in b) for p in a)


# "held a separate phone call with Gurbanguly ...", "also had a call with Emir ...": a call of its own, with a named
# counterpart; when the rules do not know that name, the report is not another account of the one person's other call.
_ANOTHER_CALL_RE = re.compile(
    r"\b(?:also\s+(?:held|had|made)\s+(?:an?\s+)?(?:separate\s+)?|(?:held|had|made)\s+(?:an?\s+)?separate\s+)"
    r"(?:(?:tele)?phone\s+|video\s+)?(?:call|conversation|talks)\s+with\s+[A-Z]"
)


# A quoted leader's own report: "'I have held phone discussions with A and B,' X said"
_FIRST_PERSON_RE = re.compile(r"^\W{0,2}(?:I|We)\s")


def merge_reports(doc: _Doc, cands: list[Cand]) -> list[Cand]:
    """The calls ``cands`` report: reports of the same people on the same day (or one naming no one else) are one
    call; a report of an earlier call of theirs is its own."""
    calls: list[Cand] = []
    full = [c for c in cands if len(c.people) >= 2]
    partial = [c for c in cands if len(c.people) < 2]
    for c in full:
        target = None
        for call in calls:
            a, b = set(call.people), set(c.people)
            if (a <= b or b <= a) and same_call_ok(call, c):
                target = call
                break
        if target is None:
            calls.append(c)
        else:
            absorb(target, c)
    for c in partial:
        if _ANOTHER_CALL_RE.search(doc.sents[c.sent].text):
            continue  # "X held a separate phone call with <someone the rules do not know>": not X's other call
        if any(c is call for call in calls):
            continue  # one of a list, already given its call
        pool = [call for call in calls if not c.people or c.people[0] in call.people]
        if not pool and not calls:
            people = protagonists(doc, c.sent)
            mates = [p for p in partial if p.sent == c.sent and p.people]
            others = [k for k in people if not any(k in p.people for p in mates)]
            if c.people and len(mates) >= 2 and len(others) == 1 and _FIRST_PERSON_RE.match(doc.sents[c.sent].text):
                for mate in mates:  # "'I have held phone discussions with A and B,' X said": one call with each
                    mate.people = [others[0], *mate.people]
                    calls.append(mate)
                continue
            if len(people) >= 2:
                c.people = people
                calls.append(c)
            continue
        if not pool:
            continue
        target = min(pool, key=lambda call: (abs(call.sent - c.sent), call.sent > c.sent))
        # another day, or "since a phone call in September" (an earlier call of theirs): not the target's call
        if (
            not dates_ok(target.date, c.date)
            or (c.ordinal == "since") != (target.ordinal == "since")
            or (c.ordinal == "earlier" and target.ordinal not in PAST)  # "The previous call took place ..."
        ):
            same = [call for call in pool if call.date and same_call_ok(call, c)]
            if same:
                absorb(same[0], c)
            else:
                c.people = list(target.people)
                c.initiator = None
                calls.append(c)
            continue
        absorb(target, c)
    calls.sort(key=lambda call: call.sent)
    return same_people_once(calls, doc.text)
