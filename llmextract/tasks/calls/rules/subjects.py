"""Who is on the calling side of a call report: the people named before its trigger in the clause, or, when
the clause names none, the one a pronoun, a fronted phrase ("In the call with X, Y ...") or the sentences
before stand for; and whom "him" or "her" after "rang" stands for."""

from __future__ import annotations

import dataclasses
import re

from llmextract.tasks.calls.rules import patterns
from llmextract.tasks.calls.rules.actors import Mention
from llmextract.tasks.calls.rules.doc import _OBJ_BREAK_RE, _PRONOUN_RE, _RELATION_AFTER_RE, _Doc

__all__ = ["clause_start", "find_subjects", "objects_after", "pronoun_object", "recent_person"]

_QUOTE_OR_PARTICIPLE_RE = re.compile(r"(?:\band\s+|,\s*)[\"“]\s*$|\bsaid,\s+(?:noting|citing|adding)\s*$")
_FRONTED_RE = re.compile(
    r"^\s*(?:In|During|Prior\s+to|Before|After|Ahead\s+of|Following)\s+(?:the|a|an|his|her|their)?\s*$"
)
# A passive clause before a call noun that names no caller: "... were discussed in a phone conversation with".
_BARE_NOUN_CLAUSE_RE = re.compile(
    r"\b(?:was|were)\s+(?:\w+\s+)?(?:discussed|reviewed|raised|addressed)\s+(?:in|during)\s+an?\s+$"
)
_ASIDE_RE = re.compile(
    r"\b(?:[Aa]side\s+from|[Aa]part\s+from|[Bb]esides|[Ii]n\s+addition\s+to|[Oo]ther\s+than)\s+[^,;]{2,60},"
)
_FIRST_PERSON_RE = re.compile(r"(?:^|[\"“]\s*)I\s+(?:(?:also|just|have|had|then|personally)\s+){0,2}$")
_NAMED_CALLER_GAP_RE = re.compile(r"^[\s,]*(?:(?:also|then|later|first|personally|\w+day|has|had|have)\s+){0,2}$", re.I)


# A full stop that ends an abbreviation, not a sentence: "on Nov. 7", "U.S. President", "Mr. Blair".
_ABBREVIATION_END = "".join(
    f"(?<!{a})"
    for a in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs", "Ms",
              "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "No")
)  # fmt: skip
_CLAUSE_BREAK_RE = re.compile(rf"[;:\"“”]|,\s+(?:but|while|and|although)\b|(?<![A-Z]){_ABBREVIATION_END}\.\s")


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after a semicolon, colon, quote, ", but", or a sentence end)."""
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(text[:pos]):
        start = m.end()
    return start


def find_subjects(
    doc: _Doc,
    i: int,
    text: str,
    kept: list[patterns.Trigger],
    n: int,
    mentions: list[tuple[Mention, str]],
    objects: list[tuple[Mention, str]],
    first_subject: list[str],
) -> tuple[list[str], list[tuple[Mention, str]]]:
    """The people on the calling side of trigger ``kept[n]`` of sentence ``i``, and its objects (a fronted
    phrase moves the person after its comma from the objects to the subjects)."""
    t = kept[n]
    cstart = max(clause_start(text, t.start), kept[n - 1].end if n else 0)
    # "aside from President Arroyo, Obama also called ...": the one set aside was on another call
    aside = [a.span() for a in _ASIDE_RE.finditer(text, cstart, t.start)]
    subjects = [k for m, k in mentions if cstart <= m.start < t.start and not any(a <= m.start < b for a, b in aside)]
    comma = text.rfind(",", cstart, t.start)
    if n and len(subjects) > 1 and comma >= 0:
        # "Before the telephone talk with Abe, Trump held a telephone talk with Moon": Trump's, not Abe's
        subjects = [k for m, k in mentions if comma < m.start < t.start] or subjects
    possessive = re.search(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}$", text[cstart : t.start])
    # "Macron spoke with Zelensky for 30 minutes, right after a long phone conversation with Putin": Macron's
    after = re.search(r"\b(?:after|before|following)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}$", text[cstart : t.start])
    if (possessive or after) and t.kind in {"noun", "call_with"} and n and first_subject:
        subjects = list(first_subject)
    said_he = re.search(r"\b(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:he|she)\b", text[cstart : t.start])
    if said_he and t.kind in {"noun", "call_with"}:
        # "Duterte said he mentioned Trump in his telephone conversation with X", "... relayed Trump's message
        # to Xi in a phone conversation": the one who said it, not the one named inside the clause
        speaker = [k for m, k in doc.mentions[i] if m.reporter and m.end <= cstart + said_he.start()]
        subjects = speaker[-1:] or subjects
    if not subjects and n and first_subject:
        subjects = list(first_subject)
    if not subjects and _FRONTED_RE.match(text[cstart : t.start]):
        # "In the call with Abbott, Obama offered ...": the speaker follows the fronted phrase
        comma = text.find(",", t.end)
        if comma > 0:
            subjects = [k for m, k in objects if m.start > comma][:1]
            objects = [(m, k) for m, k in objects if m.start < comma]
    if not subjects and objects and t.kind in {"placed", "speak", "noun"} and not n:
        # 'Bush arrived at 7:10 and "made a series of phone calls to ..."': the subject before the quote
        obj_keys = {k for _, k in objects}
        before = [k for m, k in mentions if m.end <= cstart and k not in obj_keys]
        if before and _QUOTE_OR_PARTICIPLE_RE.search(text[:cstart]):
            subjects = before[-1:]
    between = t.kind == "call_with" and t.text.lower().endswith("between")
    if (
        not subjects
        and not between  # "the call between A and B" names everyone on it
        and t.kind in {"verb", "passive", "received", "placed", "call_with", "speak", "speak_weak", "noun"}
        and (_PRONOUN_RE.search(text[cstart : t.start]) or t.kind == "call_with")
        and (t.kind != "noun" or objects)  # "he had phone conversations with A and B"
    ):
        obj_keys = {k for _, k in objects}
        # "Ardern said she phoned Morrison": the one who said it, else the last person named before
        speaker = [k for m, k in doc.mentions[i] if m.reporter and m.end <= t.start and k not in obj_keys]
        pron = speaker[-1] if speaker else recent_person(doc, i, exclude=obj_keys)
        if pron:
            subjects = [pron]
    if (
        not subjects
        and objects
        and not between
        and t.kind == "noun"
        and _BARE_NOUN_CLAUSE_RE.search(text[cstart : t.start])
    ):
        # "Bilateral relations were discussed in a phone conversation with X": the leader the article is about
        subjects = [k for k in [recent_person(doc, i, exclude={k for _, k in objects})] if k]
    if not subjects and _FIRST_PERSON_RE.search(text[cstart : t.start]):
        # '"I rang Chris Hipkins last night ...," Albanese told reporters': the one quoted
        subjects = [k for m, k in doc.mentions[i] if m.reporter and m.start > t.end][:1]
    if not subjects and t.kind in {"speak", "speak_weak"} and re.match(r"(?i)speaking|talking", t.text):
        # "Speaking to X over the phone, Y conveyed ...": the speaker follows the participle's clause
        comma = text.find(",", t.end)
        subjects = [k for m, k in mentions if comma > 0 and m.start > comma][:1]
    return subjects, objects


def objects_after(
    text: str, mentions: list[tuple[Mention, str]], t: patterns.Trigger, end: int
) -> list[tuple[Mention, str]]:
    """The people named after trigger ``t`` and before ``end``, up to the first break of the clause ("said",
    "after", a full stop): those the call was with ("called A, B and C")."""
    objs = []
    pos = t.end
    for m, k in mentions:
        if m.start < t.end or m.start >= end:
            continue
        if _OBJ_BREAK_RE.search(text[pos : m.start]):
            break
        pos = m.end
        if _RELATION_AFTER_RE.match(text[m.end :]):
            continue  # "called Mr Muhyiddin's successor X": X is the one called
        objs.append((m, k))
    return objs


def pronoun_object(
    doc: _Doc, i: int, text: str, mentions: list[tuple[Mention, str]], t: patterns.Trigger, span: range
) -> list[tuple[Mention, str]]:
    """ "X rang him": the person "him" or "her" stands for, the person named before X in the sentence (else in
    the three sentences before), as a mention at the pronoun; none when there is no such person."""
    callers = [(m, k) for m, k in mentions if m.end <= t.start]
    if not callers or not _NAMED_CALLER_GAP_RE.match(text[callers[-1][0].end : t.start]):
        return []  # the caller must be named just before the verb ("he rang him" is too unclear)
    subject = callers[-1][1]
    # the one it stands for may be the one who told of the call ("Merkel said Macron had called her")
    earlier = [(m, k) for m, k in doc.mentions[i] if m.end <= t.start and k != subject]
    if not earlier:
        for j in range(i - 1, max(-1, i - 4), -1):
            earlier = [(m, k) for m, k in doc.mentions[j] if not m.reporter and k != subject]
            if earlier:
                break
    if not earlier:
        return []
    m, k = earlier[-1]
    return [(dataclasses.replace(m, start=span.start, end=span.stop), k)]


def recent_person(doc: _Doc, i: int, exclude: set[str]) -> str | None:
    """The last person named in the three sentences before sentence ``i``: not a source, unless the article also
    names them as anything but a source ("Dr Muscat said ... He also had a discussion on the phone with X")."""
    for j in range(i - 1, max(-1, i - 4), -1):
        for m, k in doc.mentions[j]:
            if k not in exclude and (not m.reporter or _named_not_as_source(doc, k)):
                return k
    return None


def _named_not_as_source(doc: _Doc, key: str) -> bool:
    return any(k == key and not m.reporter for found in doc.mentions for m, k in found)
