"""Which of the recogniser's people to keep: a person the actor dictionary lacks counts where a leader's title or
a call's own slot ("with", "from", "to") vouches for them, and not where the words around make them an aide, a
place, a byline or a headline's words."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules.actors import (
    HEAD_WORDS,
    HEADLINE_VERBS,
    TITLE_WORDS,
    Mention,
    title_country,
    with_country_after,
)
from llmextract.tasks.calls.rules.countries import title_of_place
from llmextract.tasks.calls.rules.sentences import Sentence
from llmextract.tasks.calls.rules.titles import _NOT_NAMES

__all__ = ["introducing_sentences", "recognised_people", "written_name"]

# "Prime Minister of Azad Jammu and Kashmir Sardar Tanvir Ilyas": a leader's title and its place before the name
_TITLE_OF_PLACE_RE = re.compile(
    r"\b(?:Prime\s+Minister|First\s+Minister|President|Premier|Chief\s+Minister|Governor|King|Emir|Sultan)\s+of\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+,?\s+(?:and\s+(?:[A-Z][\w-]+\s+){1,2})?$"
)
_RELATION_BEFORE_RE = re.compile(r"['’]s\s+(?:successor|predecessor)\s*,?\s+(?:[A-Z][\w'’]*\s+){0,3}$")
_CALL_WORD_RE = re.compile(r"(?i)(?:call|phone|talk|speak|spoke|dial|rang|ring)")
# The words after which a call's counterpart is named
_CALL_SLOTS = r"with|between|from|to|called|phoned|telephoned|rang"
_PERSON_SLOT_RE = re.compile(rf"(?:^|\b(?:{_CALL_SLOTS}|and|congratulate|congratulated|thank|thanked))\s*$")
# "telephoned Chief Executive Gen Pervez Musharraf": a call's slot before a run of titles
_SLOT_WORD_RE = re.compile(rf"\b(?:{_CALL_SLOTS})\s*$")
# "Bill Shorten called me": the subject of a call verb is a person's slot too
_CALLER_SLOT_RE = re.compile(
    r"^(?:\s*,[^,;]{2,90},)?\s+(?:(?:on\s+)?\w+day\s+)?(?:had\s+|has\s+|also\s+)?(?:called|phoned|telephoned|rang|"
    r"(?:held|had)\s+(?:an?\s+)?(?:(?:tele)?phone|video|telephonic)\s+(?:call|conversation|talks)|"
    r"spoke\s+(?:by|over|on)\s+(?:the\s+)?(?:tele)?phone)\b"
)  # "X, acting chairman of CEN-SAD, Saturday held a telephone conversation with"
_AIDE_AFTER_RE = re.compile(
    r"^,?\s*(?:(?:a|an|the|his|her)\s+)?(?:[\w-]+\s+){0,4}?(?:spokes\w+|aide|adviser|secretary)\b"
)
# "Haider al-Abadi", "Abdel Fattah el-Sisi": a last name after an Arabic article
_PARTICLE_NAME_RE = re.compile(r"(?:al|el|ad|as|ash|at|an|ar|az|ud)-[A-Z]")
# "Joseph Aoun, President of Lebanon": a leader's title of a country after the name
_HEAD_AFTER_RE = re.compile(
    r"^,\s+(?:the\s+)?(?:President|Prime\s+Minister|Premier|Chancellor|King|Queen|Emir|Amir|Sultan|Crown\s+Prince)"
    r"\s+of\s+(?:the\s+)?[A-Z]"
)
_SAID_AFTER_RE = re.compile(r"^\s*(?:said|says|told)\b")
_LIST_GAP_RE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:[A-Z][\w.'’-]*\s+){0,4}")
_TITLE_RUN_RE = re.compile(r"(?:(?:[A-Z][\w.'’-]*|of|the)\s+)*$")
# "Online by Gerhard Peters and John T. Woolley": a byline's or credit's names, not a call's list
_CREDIT_RE = re.compile(r"\b(?:[Bb]y|[Cc]redit:?|[Pp]hoto:?)\s+(?:[A-Z][\w.'’-]*\s+){1,4}and\s*$")
# A leader's title in lower case just before the name ("Palestinian leader Yasser Arafat", "opposition leader X").
_LOWER_TITLE_RE = re.compile(
    r"\b(?:leader|head|president|premier|chancellor|taoiseach|king|queen|emir|amir|sultan|prime\s+minister)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?,?\s+$",
    re.I,
)


# "Prime Minister Dickon Mitchell said ...": where a report introduces a leader by title and full name
_INTRODUCED_RE = re.compile(
    r"\b(?:President|Prime\s+Minister|Premier|Chancellor|King|Queen|Emir|Amir|Sheikh|Sultan|Prince|Taoiseach)\s+[A-Z]"
)


def introducing_sentences(sents: list[Sentence]) -> set[int]:
    """The sentences that introduce a leader by title and full name ("Prime Minister Dickon Mitchell said ..."),
    so that a later "Mitchell said he had received a call" is known."""
    return {i for i, s in enumerate(sents) if _INTRODUCED_RE.search(s.text)}


def recognised_people(text: str, spans: list[tuple[int, int]], known: list[Mention]) -> list[Mention]:
    """Mentions for the recogniser's people that no dictionary or title mention covers, each with the
    title words written before it ("the Foreign Minister of Australia, Ms. Marise Payne"). The last of a pair the
    recogniser missed, or a name a country's office or possessive sets before (:func:`_placed_names`), counts as one
    of its people."""
    out = []
    for start, end in sorted({*spans, *_pair_ends(text, [*known, *spans]), *_placed_names(text)}):
        if any(m.start < end and start < m.end for m in known):
            continue
        if any(m.start >= end and not text[end : m.start].strip() for m in known):
            continue  # "Atal Behari" of "Atal Behari Vajpayee": the first words of a name the dictionary knows
        name = written_name(text[start:end].removesuffix("'s").removesuffix("’s"))
        words = name.split()
        if len(words) < 2 or not (words[-1][:1].isupper() or _PARTICLE_NAME_RE.match(words[-1])):
            continue
        if any(
            w in TITLE_WORDS or w in HEAD_WORDS or w in _NOT_NAMES or title_country(w) or _CALL_WORD_RE.match(w)
            for w in words
        ):
            continue  # a title, a place or a headline's words ("Calls Qatar"), not a name
        if title_country(name):
            continue  # "Sri Lankan prime minister X": a country's adjective the recogniser took for a name
        head = text[max(0, start - 80) : start]
        head = re.sub(r",?\s*(?:M[rs]s?\.?|Dr\.?)\s*$", " ", head).rstrip(", ") + " "
        run = _TITLE_RUN_RE.search(head)
        words_before = [re.sub(r"['’]s$", "", w) for w in (run.group(0).split() if run else [])]  # "Spain’s"
        title = " ".join(w for w in words_before if w in TITLE_WORDS or title_country(w))
        title = title or title_of_place(head)
        vouched = (
            set(title.split()) & HEAD_WORDS
            or _PERSON_SLOT_RE.search(head)
            or (run is not None and title and _SLOT_WORD_RE.search(head[: run.start()]))
            or _RELATION_BEFORE_RE.search(text[max(0, start - 80) : start])
            or _TITLE_OF_PLACE_RE.search(text[max(0, start - 80) : start])
            or _LOWER_TITLE_RE.search(head)
            or _CALLER_SLOT_RE.match(text[end:])
            or _HEAD_AFTER_RE.match(text[end:])
            # the next of a list a vouched person opens ("called Alabama Governor A, Indiana Governor B, and ...")
            or (out and _LIST_GAP_RE.fullmatch(text[out[-1].end : start]))
        )
        said = _SAID_AFTER_RE.match(text[end:]) and not set(title.split()) & HEAD_WORDS  # "Prime Minister X said"
        place = re.search(r"\bof\s+$", head)  # "Prime Minister of Azad Jammu": what follows "of" is a place
        dateline = re.match(r"\s*:", text[end:])  # "Abu Dhabi: His Highness ...": a dateline's place, a speaker
        if not vouched or said or place or dateline or _AIDE_AFTER_RE.match(text[end:]) or _CREDIT_RE.search(head):
            continue  # a leader's title or a call's own slot ("with", "from", "to") vouches for a person
        first = start + text[start:end].index(words[0])
        m = Mention(first, first + len(name), name, title=with_country_after(title, text[end : end + 80]))
        m.country = title_country(m.title)
        out.append(m)
    return out


# "with Antonio Guterres and Moussa Faki Mahamat on ...": two to four capitalised words after a person and "and",
# ending the sentence, a clause or the list
_PAIR_END_RE = re.compile(
    r"\s+and\s+(?P<name>[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){1,3})(?=\s+(?:on|about|over|in|to|for|at|by)\s|[,.;:”\"]|\s*$)"
)


def _pair_ends(text: str, known: list[Mention | tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of names written after a known person and "and" ("A and Moussa Faki Mahamat"): the recogniser
    misses names it has rarely seen; the checks of :func:`recognised_people` then apply to them as to its own."""
    out = []
    for k in known:
        end = k[1] if isinstance(k, tuple) else k.end
        m = _PAIR_END_RE.match(text, end)
        if m and not any(w in HEADLINE_VERBS or w == "Him" for w in m.group("name").split()):  # "... and Urges Him"
            out.append((m.start("name"), m.end("name")))
    return out


# "the First Minister of Scotland, Nicola Sturgeon", "with Turkmenistan's Gurbanguly Berdimuhamedow": a name that an
# office of a place or a place's possessive sets before it
_NAME = r"(?P<name>[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){1,3})(?=[\s,.;:]|$)"
_PLACED_NAME_RE = re.compile(
    r"\b(?:(?:President|Prime\s+Minister|First\s+Minister|Chief\s+Minister|Premier|Chancellor|King|Queen|Emir|Sultan|"
    r"Governor)\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+,\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?|"
    rf"(?P<place>[A-Z][\w-]+)['’]s\s+){_NAME}"
)


def _placed_names(text: str) -> list[tuple[int, int]]:
    """The spans of names after "the First Minister of Scotland, " or a country's possessive ("Turkmenistan's")."""
    return [
        (m.start("name"), m.end("name"))
        for m in _PLACED_NAME_RE.finditer(text)
        if m.group("place") is None or title_country(m.group("place"))
    ]


# Courtesy words before a name: "H.E John Pombe Magufuli" (His Excellency), "Mr Lee"
_HONORIFICS = frozenset({"Mr", "Ms", "Dr", "H.E", "HE"})


def written_name(surface: str) -> str:
    """A name as the article writes it, without the titles it may start with ("Sheikh Tamim" -> "Tamim")."""
    words = surface.split()
    while words and (words[0] in TITLE_WORDS or words[0] in HEAD_WORDS or words[0].rstrip(".") in _HONORIFICS):
        words = words[1:]
    return " ".join(words)
