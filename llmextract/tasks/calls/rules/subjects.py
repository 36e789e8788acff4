"""Who is on the calling side of a call report: the people named before its trigger in the clause, or, when
the clause names none, the one a pronoun, a fronted phrase ("In the call with X, Y ...") or the sentences
before stand for; and whom "him" or "her" after "rang" stands for."""

from __future__ import annotations

import dataclasses
import re

from llmextract.tasks.calls.rules import patterns
from llmextract.tasks.calls.rules.actors import Mention
from llmextract.tasks.calls.rules.assemble import _uniq
from llmextract.tasks.calls.rules.clauses import OBJ_BREAK_RE, PRONOUN_RE, RELATION_AFTER_RE, TELLING
from llmextract.tasks.calls.rules.doc import _Doc
from llmextract.tasks.calls.schema import MAX_PARTICIPANTS

__all__ = [
    "clause_start",
    "find_subjects",
    "objects_after",
    "own_clause",
    "pronoun_object",
    "protagonists",
    "recent_person",
]

_QUOTE_OR_PARTICIPLE_RE = re.compile(r"(?:\band\s+|,\s*)[\"“]\s*$|\bsaid,\s+(?:noting|citing|adding)\s*$")
_FRONTED_RE = re.compile(
    r"^\s*(?:In|During|Prior\s+to|Before|After|Ahead\s+of|Following)\s+"
    r"(?:(?:the|a|an|his|her|their|(?:[A-Z][a-z]+|yesterday|today)['’]s)\s+)?"  # or "In Wednesday's call,"
    r"(?:(?:separate|two|three|several|brief|recent|lengthy)\s+)?\s*$"  # "In separate phone calls with A and B, X"
)
# A fronted phrase of time whose people were on another call: "After the conversation with Putin, ..."
_TIME_FRONTED_RE = re.compile(
    r"\s*(?:After|Before|Following|Ahead\s+of|Prior\s+to)\s+(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:conversation|call|talk|discussion)s?\s+(?:with|from|to)\b"
)
# A passive clause before a call noun that names no caller: "... were discussed in a phone conversation with".
_BARE_NOUN_CLAUSE_RE = re.compile(
    r"\b(?:was|were)\s+(?:\w+\s+)?(?:discussed|reviewed|raised|addressed)\s+(?:in|during)\s+an?\s+$"
)
_ASIDE_RE = re.compile(
    r"\b(?:[Aa]side\s+from|[Aa]part\s+from|[Bb]esides|[Ii]n\s+addition\s+to|[Oo]ther\s+than)\s+[^,;]{2,60},"
)
_FIRST_PERSON_RE = re.compile(
    r"(?:^|[\"“]\s*)I\s+(?:(?:also|just|have|had|then|personally)\s+){0,2}"
    r"(?:(?:had|held|made)\s+an?\s+(?:[\w-]+\s+){0,3}(?:(?:discussion|conversation|talk|chat)\s+)?)?$"
)  # "I rang", "I had a very long discussion (on the phone with)", "I had a good (phone call)"
_NAMED_CALLER_GAP_RE = re.compile(r"^[\s,]*(?:(?:also|then|later|first|personally|\w+day|has|had|have)\s+){0,2}$", re.I)


# A full stop that ends an abbreviation, not a sentence: "on Nov. 7", "U.S. President", "Mr. Blair".
_ABBREVIATION_END = "".join(
    rf"(?<!{a}\.)"
    for a in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs", "Ms",
              "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "No")
)  # fmt: skip
_POSSESSIVE_END_RE = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}$")
_AFTER_A_END_RE = re.compile(r"\b(?:after|before|following)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}$")
_SAID_HE_RE = re.compile(r"\b(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:he|she)\b")
_TOOK_PLACE_BETWEEN_RE = re.compile(r"\s+(?:took\s+place|was\s+held|happened)\s+between\b")
_CLAUSE_BREAK_RE = re.compile(rf"[;:\"“”]|,\s+(?:but|while|and|although)\b|\.(?<![A-Z]\.){_ABBREVIATION_END}\s")


# Scare quotes, one to three words with no punctuation ("hailed the “dialogue” between"): no break of the clause
_SCARE_QUOTES_RE = re.compile(r"[\"“][\w’'-]+(?:\s[\w’'-]+){0,2}[\"”]")


_TOLD_BEFORE_RE = re.compile(r"\b" + TELLING + r"\s+(?:(?:his|her|their)\s+)?(?:[\w.'’-]+\s+){0,4}$")
_LIST_BEFORE_RE = re.compile(r",\s*(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after a semicolon, colon, quote, ", but", or a sentence end)."""
    start = 0
    head = _SCARE_QUOTES_RE.sub(lambda m: "x" * len(m.group(0)), text[:pos])
    for m in _CLAUSE_BREAK_RE.finditer(head):
        last_of_list = m.group(0).startswith(",") and m.group(0).rstrip().endswith("and")
        if last_of_list and _LIST_BEFORE_RE.search(head, 0, m.start()):
            continue  # "The leaders of France, Germany, and the UK": the last of a list, not a new clause
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
    if t.kind == "call_with" and t.text[:2] in {"'s", "’s"}:
        subjects = [k for m, k in mentions if m.end == t.start]  # "Trump Official's Phone Call": not Trump's
    comma = text.rfind(",", cstart, t.start)
    if len(subjects) > 1 and comma >= 0 and (n or _TIME_FRONTED_RE.match(text, cstart, comma)):
        # "Before the telephone talk with Abe, Trump held a telephone talk with Moon": Trump's, not Abe's
        # ("After the conversation with Putin, Macron called Zelensky": only a call word of its own there)
        subjects = [k for m, k in mentions if comma < m.start < t.start] or subjects
    if n and first_subject and _FOLLOWED_BY_RE.search(text[cstart : t.start]):
        subjects = list(first_subject)  # "A held a phone call with B, followed by a call with C": A's too
    possessive = _POSSESSIVE_END_RE.search(text[cstart : t.start])
    # "Macron spoke with Zelensky for 30 minutes, right after a long phone conversation with Putin": Macron's
    after = _AFTER_A_END_RE.search(text[cstart : t.start])
    if (possessive or after) and t.kind in {"noun", "call_with"} and n and first_subject:
        subjects = list(first_subject)
    said_he = _SAID_HE_RE.search(text[cstart : t.start])
    if said_he and t.kind in {"noun", "call_with"}:
        # "Duterte said he mentioned Trump in his telephone conversation with X", "... relayed Trump's message
        # to Xi in a phone conversation": the one who said it, not the one named inside the clause
        speaker = [k for m, k in doc.mentions[i] if m.reporter and m.end <= cstart + said_he.start()]
        subjects = speaker[-1:] or subjects
    if not subjects and after and t.kind == "noun" and objects and not n:
        # "X toured a warship ..., and after a phone conversation with Y": the one the sentence is about before
        obj_keys = {k for _, k in objects}
        subjects = [k for m, k in mentions if m.end <= cstart and k not in obj_keys][-1:]
    if not subjects and n and first_subject:
        subjects = list(first_subject)
    elif n and first_subject and subjects:
        last = max((m.end for m, k in mentions if cstart <= m.start < t.start), default=t.start)
        if PRONOUN_RE.search(text[last : t.start]):
            subjects = list(first_subject)  # "he spoke with A and yesterday he had a telephonic conversation with B"
    if not subjects and _fronted(text[cstart : t.start], t.text):
        # "In the call with Abbott, Obama offered ...": the speaker follows the fronted phrase
        comma = text.find(",", t.end)
        # "In separate phone calls with A, B, and C, Putin discussed ...": the comma after the list
        last = next(
            (text.rfind(",", t.end, m.start) for m, _ in objects[1:] if _OPENS_CLAUSE_RE.match(text, m.end)), -1
        )
        comma = last if last > 0 and _NAMES_ONLY_RE.fullmatch(text, t.end, last) else comma
        if comma > 0:
            after = [(m, k) for m, k in objects if m.start > comma]
            objects = [(m, k) for m, k in objects if m.start < comma]
            subjects = [k for _, k in after[:1]]
            if not objects and len(after) > 1 and _AND_TITLED_RE.fullmatch(text[after[0][0].end : after[1][0].start]):
                subjects.append(after[1][1])  # "After their phone call, Modi and Putin announced ..."
            if not after and not objects and _BOTH_LEADERS_RE.match(text, comma + 1):
                subjects = protagonists(doc, i, two=True)  # "During a telephone conversation, both leaders agreed"
            if not objects and after:  # "In their phone call, Xi told Biden that ...": the one told
                objects = [
                    (m, k)
                    for m, k in mentions
                    if m.start > after[0][0].end and _TOLD_BEFORE_RE.search(text, after[0][0].end, m.start)
                ][:1]
    if not subjects and objects and t.kind in {"placed", "speak", "noun"} and not n:
        # 'Bush arrived at 7:10 and "made a series of phone calls to ..."': the subject before the quote
        obj_keys = {k for _, k in objects}
        before = [k for m, k in mentions if m.end <= cstart and k not in obj_keys]
        if before and _QUOTE_OR_PARTICIPLE_RE.search(text[:cstart]):
            subjects = before[-1:]
    if not subjects and (ref := _TITLE_REF_RE.search(text, cstart, t.start)):
        subjects = _titled(doc, ref.group("title"), {k for _, k in objects})  # "His Highness the Amir received"
    between = (t.kind == "call_with" and t.text.lower().endswith("between")) or (
        t.kind == "noun" and re.match(r"\s+between\b", text[t.end :]) is not None  # "a phone conversation between"
    )
    said_that = re.search(r"\bthat\s+(?:[\w'’-]+\s+){0,5}?(?:an?\s+|the\s+)?$", text[cstart : t.start])
    took_place = t.kind == "noun" and _TOOK_PLACE_BETWEEN_RE.match(text, t.end) is not None
    if ((between and said_that) or took_place) and len({k for _, k in objects}) >= 2:
        # "Peskov said that a phone conversation between A and B ...", "Zelensky said that he was aware of a
        # telephone conversation between A and B": A and B, not the one who said it ("X states that ... a telephone
        # conversation took place between A, B and C": theirs)
        subjects = []
    if (
        not subjects
        and not between  # "the call between A and B" names everyone on it
        and t.kind in {"verb", "passive", "received", "placed", "call_with", "speak", "speak_weak", "noun"}
        and (PRONOUN_RE.search(text[cstart : t.start]) or t.kind == "call_with")
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
        # '"I rang Chris Hipkins last night ...," Albanese told reporters': the one quoted; in a quote that runs on
        # from a sentence before ('"I had a similar call from Tony Blair last night."'), the one quoted there
        subjects = [k for m, k in doc.mentions[i] if m.reporter and m.start > t.end][:1]
        close = _QUOTE_END_RE.search(text, t.end)
        if not subjects and close:  # '"I also talked to X on a slightly different subject," Museveni remained coy'
            subjects = [k for m, k in doc.mentions[i] if close.end() <= m.start <= close.end() + 2][:1]
        if not subjects and text.lstrip()[:1] in {'"', "“"}:
            obj_keys = {k for _, k in objects}
            quoted = (k for j in range(i - 1, max(-1, i - 5), -1) for m, k in doc.mentions[j] if m.reporter)
            subjects = [k for k in quoted if k not in obj_keys][:1]
    if not subjects and t.kind in {"speak", "speak_weak"} and re.match(r"(?i)speaking|talking", t.text):
        # "Speaking to X over the phone, Y conveyed ...": the speaker follows the participle's clause
        comma = text.find(",", t.end)
        subjects = [k for m, k in mentions if comma > 0 and m.start > comma][:1]
    return subjects, objects


def _fronted(before: str, trigger: str) -> bool:
    """Whether a trigger is in a fronted phrase ("In the call with Abbott, Obama ..."): the words ``before`` it
    open one, or the trigger itself does ("In their call", "In separate conversations with")."""
    if _FRONTED_RE.match(before):
        return True
    return not before.strip() and bool(_FRONTED_RE.match(_CALL_NOUN_END_RE.sub(" ", trigger)))


# The call noun a trigger ends with ("In their phone call", "In separate conversations with")
_CALL_NOUN_END_RE = re.compile(
    r"\s*(?:(?:tele)?phone\s+|video\s+)?(?:calls?|conversations?|talks?|discussions?)(?:\s+with)?\s*$"
)
# "A and B", "A and Indian Prime Minister B": the second of two subjects, after its title
_AND_TITLED_RE = re.compile(r"\s+and\s+(?:(?:[A-Z][\w.'’-]*|of|the)\s+){0,6}")
_FOLLOWED_BY_RE = re.compile(
    r"(?:,\s*|\band\s+)(?:followed\s+by|then|later)\s+(?:by\s+)?(?:(?:an?|another)\s+(?:[\w-]+\s+)?)?$"
)
# A name followed by a verb, not by the rest of a list: "..., Putin discussed"
_OPENS_CLAUSE_RE = re.compile(r"\s+(?!and\b|or\b|of\b)[a-z]{3,}")
# ... after a list of names and titles only (not "a call on Tuesday between A and B, speculation arose that C would")
_NAMES_ONLY_RE = re.compile(
    r"(?:[\s,]|(?:with|and|or|of|the|his|her|their|counterparts?|bin|al|el|de|da|van|von)\b|[A-Z][\w.'’-]*)*"
)
_BOTH_LEADERS_RE = re.compile(
    r"\s*(?:both|the\s+two)\s+(?:leaders|presidents|prime\s+ministers|premiers|men|sides)\b", re.I
)
_QUOTE_END_RE = re.compile(r"[,.!?]?[”\"]\s*")
# A leader named by office alone: "His Highness the Amir received a similar call from X"
_TITLE_REF_RE = re.compile(
    r"\b(?:[Tt]he|His\s+Highness\s+the|His\s+Majesty\s+the)\s+(?P<title>Amir|Emir|King|Sultan|Crown\s+Prince|"
    r"President|Prime\s+Minister|Chancellor|Premier)\b(?!\s*,?\s*(?:[A-Z]|of\b))"
)


def _titled(doc: _Doc, title: str, exclude: set[str]) -> list[str]:
    """The one person the article most often names who holds ``title`` (the office a sentence names them by)."""
    counts: dict[str, int] = {}
    for found in doc.mentions:
        for _, k in found:
            if k not in exclude and re.search(rf"\b{title}\b", " ".join(doc.people[k].titles), re.I):
                counts[k] = counts.get(k, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return []
    return [ranked[0][0]]


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
        if OBJ_BREAK_RE.search(text[pos : m.start]):
            break
        pos = m.end
        if RELATION_AFTER_RE.match(text[m.end :]):
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


# "..., and yesterday he had a telephonic conversation with B": the clause of the next report of a call
_NEXT_CLAUSE_RE = re.compile(r",?\s+(?:and|but|while|whereas)\s+")


def own_clause(text: str, kept: list[patterns.Trigger], n: int, nxt: int) -> tuple[int, int]:
    """Where the words that may date the ``n``-th report of a call in a sentence start and end: from its clause's
    start (or, after another report, from the conjunction that begins its own clause) to the next report's
    clause."""
    t = kept[n]
    start = clause_start(text, t.start) if n == 0 else t.start
    if n:
        joins = list(_NEXT_CLAUSE_RE.finditer(text, kept[n - 1].end, t.start))
        start = joins[-1].end() if joins else t.start
    end = nxt
    if n + 1 < len(kept):
        joins = list(_NEXT_CLAUSE_RE.finditer(text, t.end, nxt))
        end = joins[-1].start() if joins else nxt
    return start, end


def protagonists(doc: _Doc, i: int, two: bool = False) -> list[str]:
    """The people of the nearest sentence around ``i`` that names two or more; with ``two`` ("the two
    leaders"), the nearest that names exactly two (even as the ones who said it), if any does."""
    order = [*range(i - 1, max(-1, i - 4), -1), *range(i + 1, min(len(doc.sents), i + 4))]
    named = [_uniq([k for m, k in doc.mentions[j] if not m.reporter]) for j in order]
    pairs = [keys for j in order if len(keys := _uniq([k for _, k in doc.mentions[j]])) == 2] if two else []
    return (pairs or [keys[:MAX_PARTICIPANTS] for keys in named if len(keys) >= 2] or [[]])[0]
