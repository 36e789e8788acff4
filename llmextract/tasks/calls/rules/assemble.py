"""Dating, evidence and merging of candidate calls: the helpers the extractor uses once it found them."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules import dates, patterns
from llmextract.tasks.calls.rules.actors import Mention
from llmextract.tasks.calls.rules.doc import (
    Cand,
    _Doc,
)
from llmextract.tasks.calls.rules.names import surname_of
from llmextract.tasks.calls.rules.sentences import Sentence

# ----------------------------------------------------------- what surrounds a trigger

# "called several leaders, among them A, B and C", "Among the leaders he spoke to by phone were A and B": the list.
_LISTED_RE = re.compile(
    r",\s+(?:among\s+them|among\s+whom|including)\b|\b(?:leaders|counterparts),?\s+(?:such\s+as|including)\b"
)
_AMONG_RE = re.compile(r"^\s*Among\s+(?:the\s+|them\s+)?[^,;:]{0,90}?\b(?:were|was|are|is)\b")
# "The president also spoke with X": after calls the article has reported, another in the series.
_ALSO_BEFORE_RE = re.compile(
    r"\balso\s+(?:(?:has|had)\s+)?$|^\s*(?:Earlier|Previously),?\s+(?:[A-Z][\w.'’-]*\s+){1,4}(?:(?:has|had)\s+)?$"
)  # or "Earlier President Bush had spoken with X"
# "rang him to concede", "had called her on Monday": the object is a pronoun.
_PRONOUN_OBJECT_RE = re.compile(r"\s+(?:up\s+)?(him|her)\b(?!\s*self)")
# "spoke with several world leaders", "talked to the leaders of four countries": counterparts not named.
_WITH_UNNAMED_RE = re.compile(
    r"^\s*(?:(?:several|many|a\s+number\s+of|a\s+series\s+of|various|other|the|his|her|their|more\s+than|\w+)\s+){0,4}"
    r"(?:(?:world|foreign|european|arab|regional|international|global|african|asian|western|gulf)\s+)?"
    r"(?:leaders|counterparts|heads\s+of\s+state|people|others)\b"
    r"(?!\s+of\b)",  # "has been talking to other people": no one named
    re.I,
)
# "X returned phone calls to five world leaders." then "X spoke with: A, B ...": X placed each of them.
_PLACED_CALLS_RE = re.compile(
    r"\b(?:made|placed|returned)\s+(?:a\s+(?:series|round|number)\s+of\s+)?(?:\w+\s+){0,2}?(?:(?:tele)?phone\s+)?"
    r"calls\s+to\b",
    re.I,
)
# Between a call noun and its counterpart ("phone conversations, reaching out to X"): the subject placed it.
_REACHING_OUT_RE = re.compile(r"\breach(?:ed|es|ing)?\s+out\s+(?:on\s+\w+day\s+)?to\b")
_THE_TWO_RE = re.compile(r"\s+the\s+two\s+(?:men|women|leaders|presidents|premiers|heads\s+of\s+state)\b", re.I)
_THE_TWO_BEFORE_RE = re.compile(
    r"^\s*The\s+two(?:\s+(?:men|women|leaders|presidents|premiers|prime\s+ministers|heads\s+of\s+state))?\s+(?:\w+\s+){0,2}$"
)


# ----------------------------------------------------------- dating

# ... or opens on "It was initiated by", "It was requested by": the call of the sentence before
_ABOUT_CALL_RE = re.compile(
    r"\b(?=[cpstv])(?:call|calls|conversation|phone|telephone|talks|spoke|spoken|video)\b|"
    r"^\W*(?:It|This)\s+was\s+(?:initiated|requested)\s+by\b",
    re.I,
)
_OTHER_TIME_RE = re.compile(r"\b(?:last|previous|previously|earlier|next|since|until|ago|will|would)\b", re.I)


# A sentence that opens on the call told in the sentence before: "In their phone talks, ...", "During the call, ..."
_BACKREF_START_RE = re.compile(
    r"\W*(?:In|During)\s+(?:(?:the|their|these|this|that)\s+(?:[\w-]+\s+){0,2}?|(?:[\w-]+\s+){0,2}?(?=(?:tele)?phone|video))"
    r"(?:(?:tele)?phone\s+|video\s+)?(?:talks|calls?|conversations?)\b"
)


_WEEKDAY = rf"(?P<wd>{'|'.join(day.title() for day in dates.WEEKDAYS)})"
_WEEKDAY_CALL_RE = re.compile(
    rf"\b{_WEEKDAY}['’]s\s+(?:(?:phone|telephone|video)\s+)?(?:call|conversation)\b|"
    rf"\b(?:[Tt]he\s+two\s+leaders['’]|[Tt]heir)\s+{_WEEKDAY.replace('wd', 'wd2')}\s+(?:(?:phone|video)\s+)?"
    r"(?:call|conversation|talks|meeting)\b"
)


def _context_date(doc: _Doc, c: Cand) -> str | None:
    """The date of a call whose own sentence gives none: the first date in a sentence attached to it that
    speaks of the call and of no other time ("last spoke", "next week")."""
    for s in c.sents:
        text = doc.sents[s].text[doc.date_floor[s] :]
        if _ABOUT_CALL_RE.search(text) and not _OTHER_TIME_RE.search(text):
            date = dates.resolve_first(text, doc.anchor)
            if date:
                return date
    first = min(c.sents) if c.sents else c.sent
    for s in range(first, min(len(doc.sents), first + 4)):
        # "Details of Wednesday's call were not released", "the two leaders' Tuesday meeting"
        named = _WEEKDAY_CALL_RE.search(doc.sents[s].text)
        if named and (date := dates.resolve_first(named.group("wd") or named.group("wd2"), doc.anchor)):
            return date
    if c.sent > 0 and _BACKREF_START_RE.match(doc.sents[c.sent].text):
        # "X and Y agreed on Saturday to ... . During half-hour phone talks, they also ...": the sentence before
        # told of the call, with its day
        text = doc.sents[c.sent - 1].text[doc.date_floor[c.sent - 1] :]
        surnames = [surname_of(p) for p in c.people if p.split()]
        named = any(re.search(rf"\b{re.escape(n)}\b", text) for n in surnames)
        if named and not _OTHER_TIME_RE.search(text) and (date := dates.resolve_first(text, doc.anchor)):
            return date
    for s in range(first - 1, max(-1, first - 3), -1):
        # "Putin held several phone calls on Thursday and Friday with CSTO leaders." and then the list
        text = doc.sents[s].text[doc.date_floor[s] :]
        if _CALLS_BEFORE_RE.search(text) and not _OTHER_TIME_RE.search(text):
            date = dates.resolve_first(text, doc.anchor)
            if date:
                return date
    return None


def _evidence(text: str, pos: int) -> str | None:
    text = text.strip()
    if len(text) > 500:
        start = max(0, pos - 200)
        text = text[start : start + 500].strip()
    return text if len(text) >= 5 else None


# "the call" referring back to a conversation told without a call word ("X spoke with Y. During the call, ...").
# "the call", and "It was a serious, sombre phone call" after the sentence that told of it
_CALL_BACKREF_RE = re.compile(
    r"\b(?=[it])(?:(?:the|this|that|these|those)\s+(?:(?:phone|telephone|video)\s+)?calls?\b|"
    r"(?:it|this|that)\s+was\s+an?\s+(?:[\w,-]+\s+){0,3}(?:phone|telephone|video)\s+call\b)",
    re.I,
)
# A sentence that announces several calls, so the next one's "he talked with A, B and C" is about them.
_CALLS_BEFORE_RE = re.compile(
    r"\b(?=[efnpstw\d])(?:(?:tele)?phone\s+(?:calls|conversations|talks)|series\s+of\s+(?:\w+\s+)?(?:calls|conversations)|"
    r"working\s+the\s+phones?|phoning|telephoning|"
    # "It was Yoon's fourth call with a foreign leader." and then whom he spoke with before
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:(?:tele)?phone\s+)?"
    r"(?:call|conversation)\s+with\s+(?:an?\s+)?(?:foreign|world)\s+leader)\b",
    re.I,
)
_SEPARATE_RE = re.compile(r"\bseparate(?:ly)?\b", re.I)
# A list of counterparts on one call: "a three-way call", "a joint video conference", "a trilateral summit".
_JOINT_RE = re.compile(
    r"\b(?:joint|three-?way|four-?way|trilateral|quadrilateral|multilateral|conference\s+call|together|"
    r"all\s+(?:three|four|five)|(?:virtual|video|online|phone|telephone)\s+summit|virtual\s+meeting|group\s+call)\b",
    re.I,
)


_HAD_A_RE = re.compile(r"\b(?:had|held)\s+an?\s+$")


def _one_call_each(text: str, t: patterns.Trigger, subjects: list[str], objects: list[str]) -> bool:
    """One record per counterpart (the spec: "spoke by phone with the leaders of A, B and C" is three calls):
    when the trigger says so ("phone calls", "separately"), or when one person called or spoke with a list
    of people and nothing in the sentence makes it one joint call."""
    if t.plural or _SEPARATE_RE.search(text):
        return True
    if t.kind == "call_with" and re.match(r"(?i)an?\s", t.text):
        return False  # "held a call with the leaders of A, B and C": one call, with all of them
    if t.kind == "noun" and _HAD_A_RE.search(text, max(0, t.start - 20), t.start) and text.startswith(" with", t.end):
        return False  # "had a telephone conversation with A and B": one conversation, with both
    return len(subjects) == 1 and len(objects) >= 2 and not _JOINT_RE.search(text)


# "Leaders who called Putin included A, B and C", "Among those who phoned Putin were A and B": each of the list
# placed a call to the one after the verb
_WHO_CALLED_RE = re.compile(
    r"\b(?:those|leaders|counterparts|presidents|heads\s+of\s+(?:state|government)|people)\s+who\s+(?:have\s+|had\s+)?$",
    re.I,
)
_INCLUDED_RE = re.compile(r"\b(?:included|include|includes|were|are)\b")


def callers_list(
    text: str, t: patterns.Trigger, mentions: list[tuple[Mention, str]]
) -> tuple[list[str], list[tuple[Mention, str]]] | None:
    """``([the one called], [the callers])`` where ``t`` is the verb of "those who called X were A and B"."""
    if t.kind != "verb" or not _WHO_CALLED_RE.search(text[: t.start]):
        return None
    verb = _INCLUDED_RE.search(text, t.end)
    if verb is None:
        return None
    called = [k for m, k in mentions if t.end <= m.start < verb.start()][:1]
    callers = [(m, k) for m, k in mentions if m.start >= verb.end() and k not in called]
    return (called, callers) if called and callers else None


def _counterparts_only(text: str, t: patterns.Trigger, objects: list[str]) -> bool:
    """A list of counterparts after the trigger ("talked with A, B and C", "phone calls with A and B") whose
    caller the sentence names in no way the rules read (not even by a pronoun): they were each on a call with
    that caller, not on one call together."""
    if t.kind not in {"call_with", "speak", "speak_weak"} or _JOINT_RE.search(text):
        return False
    if re.search(r"\b(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey)\b", text[: t.start]):
        return False  # "I had a long discussion on the phone with A and B": the writer, whom the article names
    return len(objects) >= 3 or (len(objects) == 2 and (t.plural or bool(_SEPARATE_RE.search(text))))


def _uniq(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def placed_calls_before(doc: _Doc, i: int, key: str) -> bool:
    """Whether the sentence before ``i`` says ``key`` made or returned calls to leaders ("Obama today returned
    phone calls to five world leaders"), so the calls sentence ``i`` lists were placed by them."""
    m = _PLACED_CALLS_RE.search(doc.sents[i - 1].text) if i > 0 else None
    return m is not None and any(k == key and mm.end <= m.start() for mm, k in doc.mentions[i - 1])


_BULLET_RE = re.compile(r"^\s*(?:[-_\u2022*\u00b7\u2013\u2014]|\d{1,2}[.)])\s+")


def _bullet_lines(sents: list[Sentence], i: int, limit: int = 15) -> range:
    """The sentences after sentence ``i`` that are bullet lines ("_ Georgian President Mikheil Saakashvili"),
    at most ``limit``."""
    j = i + 1
    while j < min(len(sents), i + 1 + limit) and _BULLET_RE.match(sents[j].text):
        j += 1
    return range(i + 1, j)


def _bullet_people(doc: _Doc, i: int) -> list[tuple[Mention, str]]:
    """The people listed one per line after sentence ``i`` ("Obama's calls on Monday included:" and a
    list): the first person each bullet line names."""
    named = ([(m, k) for m, k in doc.mentions[j] if not m.reporter] for j in _bullet_lines(doc.sents, i))
    return [people[0] for people in named if people]


def _listed_after(sents: list[Sentence], trig_lists: list[list[patterns.Trigger]]) -> frozenset[int]:
    """The bullet lines that follow a sentence reporting calls and ending in a colon, and a sentence that
    goes on with a list of counterparts ("Others included ..."): where people are sought."""
    bullets = (
        j
        for i, triggers in enumerate(trig_lists)
        if triggers and sents[i].text.rstrip().endswith(":")
        for j in _bullet_lines(sents, i)
    )
    more = (i + 1 for i, triggers in enumerate(trig_lists[:-1]) if triggers and _list_goes_on(sents, i))
    also = (i for i, s in enumerate(sents) if _ALSO_HAD_CALL_RE.search(s.text) and any(trig_lists[:i]))
    return frozenset([*bullets, *more, *also])


# "A, B and C said they had also received a call on Tuesday": each of them, a call with the article's counterpart.
_ALSO_HAD_CALL_RE = re.compile(
    r"\b(?:said|say|says)\s+(?:that\s+)?they\s+(?:had\s+|have\s+)?also\s+(?P<v>received|got|had|made)\s+"
    r"(?:(?:a|the|such\s+a|similar|their\s+own)\s+)?(?:(?:phone|telephone|congratulatory)\s+)?calls?\b"
)


def _also_had(doc: _Doc, i: int, earlier: list[Cand]) -> list[Cand]:
    """One call per person named before "said they had also received a call" in sentence ``i``, with the one
    person every call reported before it shares (the leader everyone spoke to)."""
    m = _ALSO_HAD_CALL_RE.search(doc.sents[i].text)
    groups = [c.people for c in earlier if len(c.people) >= 2]
    shared = set(groups[0]).intersection(*groups[1:]) if groups else set()
    if m is None or not shared:
        return []
    named = [k for ms in doc.mentions for _, k in ms]
    # of two, the one the calls were with (last in their groups), then the one the article names most
    leader = max(sorted(shared), key=lambda k: (sum(g[-1] == k for g in groups), named.count(k)))
    text = doc.sents[i].text
    date = dates.resolve_first(text[m.start() :], doc.anchor)
    out = []
    for key in _uniq([k for mm, k in doc.mentions[i] if mm.end <= m.start()]):  # those who said it
        if key == leader:
            continue
        placer = leader if m.group("v") in {"received", "got"} else key if m.group("v") == "made" else None
        cand = Cand(sent=i, people=[key, leader], initiator=placer, date=date)
        cand.evidence.append((i, 0))
        out.append(cand)
    return out


# "Others included A, B and C", "Other callers were ...": the sentence goes on with the previous one's list.
_OTHERS_RE = re.compile(r"^\s*(?:Others|Other\s+(?:callers|leaders|calls))\s+(?:included|include|were|came\s+from)\b")


def _list_goes_on(sents: list[Sentence], i: int) -> bool:
    """Whether sentence ``i + 1`` continues sentence ``i``'s list of counterparts."""
    return i + 1 < len(sents) and bool(_OTHERS_RE.match(sents[i + 1].text))


def _continued(doc: _Doc, i: int, listed: list[Cand]) -> list[Cand]:
    """One call per person named in sentence ``i``, which goes on with the list of ``listed`` (the calls of the
    sentence before it): each with the same leader, time and medium, and placed the same way."""
    if not listed or not _OTHERS_RE.match(doc.sents[i].text):
        return []
    last = listed[-1]
    leader, other = last.people[0], last.people[-1]
    out = []
    for key in _uniq([k for m, k in doc.mentions[i] if not m.reporter]):
        if key == leader or any(key in c.people for c in listed):
            continue
        placer = key if last.initiator == other else leader if last.initiator == leader else None
        cand = Cand(sent=i, people=[leader, key], initiator=placer, date=last.date, video=last.video)
        cand.evidence.append((i, 0))
        out.append(cand)
    return out
