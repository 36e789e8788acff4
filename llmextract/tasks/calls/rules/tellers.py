"""Who a sentence that reports a call names, and in what part: someone on it, its callers only, the one who tells
of it, a spokesperson or a publication, and who placed it ("X phoned Y", "Y received a call from X")."""

from __future__ import annotations

import re

from llmextract.tasks.calls.rules import patterns

__all__ = [
    "SOMEONE_RE",
    "callers_only",
    "placed_by",
    "publication",
    "spokesperson",
    "tells_of_someone",
    "tells_of_the_call",
]


# "X (also) phoned Y" and "Y received a call from X", with the rules' own call verbs (patterns.VERB_RE, RECEIVED_RE).
_PLACED_VERB = rf"(?:\s+(?:also|then|first|personally))*\s+(?i:{patterns.VERB_RE.pattern})(?!\s+(?:for|on)\b)"
_CALL_FROM = rf"(?i:{patterns.RECEIVED_RE.pattern})\s+(?:[\w.'’-]+\s+){{0,4}}?"


# "Bush, Cheney and Powell called more than a dozen leaders": counterparts the sentence does not name.
_UNNAMED_COUNTERPARTS_RE = re.compile(
    r"\b(?:called|phoned|telephoned|rang|spoke\s+(?:with|to)|talked\s+(?:with|to))\s+(?:more\s+than\s+|over\s+|"
    r"some\s+)?(?:a\s+dozen|dozens\s+of|several|many|a\s+number\s+of|various|other|\d+|two|three|four|five|six|"
    r"seven|eight|nine|ten)\s+(?:\w+\s+)?(?:leaders|counterparts|heads\s+of\s+state)\b",
    re.I,
)


# Who a sentence reporting a call can tell of besides a name: a pronoun, "the two leaders", a title.
SOMEONE_RE = re.compile(
    r"\b(?:I|we|he|she|they|him|her|them|his|their|our|my|both|counterparts?|leaders?|head\s+of\s+(?:state|government)|"
    r"premier|chancellor|president|prime\s+minister|king|queen|prince|emir|amir|sultan|sheikh|minister|secretary)\b",
    re.I,
)


def tells_of_someone(sentence: str, names: list[str], anyone: bool = True) -> bool:
    """Whether ``sentence`` tells of a person at all: one of ``names`` (by any of its words) or, with ``anyone``,
    a pronoun or a title. "The congratulatory phone call is so last decade" reports no one's call."""
    words = {w for n in names for w in re.findall(r"[^\W\d_]{3,}", n)}
    someone = anyone and SOMEONE_RE.search(sentence) is not None
    return someone or any(re.search(rf"\b{re.escape(w)}\b", sentence) for w in words)


def callers_only(sentence: str, names: list[str]) -> bool:
    """Whether ``sentence`` names everyone in ``names`` as callers of counterparts it leaves unnamed."""
    m = _UNNAMED_COUNTERPARTS_RE.search(sentence)
    return m is not None and all(re.search(_name_re(n), sentence[: m.start()]) for n in names)


# ", editor in chief of Akhbar al-Yom,", ", the Kremlin spokesman,": the press or a spokesperson, after a name
_PRESS_AFTER = (
    r",\s+(?:(?:an?|the|its|his|her)\s+)?(?:(?:[A-Z][\w.'’-]*|senior|chief|deputy|managing|executive|veteran)\s+){0,3}?"
    r"(?i:spokes(?:man|woman|person)|press\s+secretary|"
    r"editor(?:[- ]in[- ]chief)?|journalist|columnist|correspondent|reporter|(?:TV|television|radio|talk[- ]show)\s+"
    r"(?:host|presenter|anchor))\b"
)


def spokesperson(name: str, text: str) -> bool:
    """Whether the article names ``name`` as a spokesperson, press secretary or aide ("Kremlin spokesperson
    Dmitry Peskov"), or as one of the press ("TV host Ibrahim Eissa", "Ibrahim Saada, editor in chief of Akhbar
    al-Yom,": a call with a journalist is none)."""
    before = (
        r"\b(?i:spokes(?:man|woman|person)|press\s+secretary|aide|adviser|advisor|(?:TV|television|radio|talk[- ]show)"
        r"\s+(?:host|presenter|anchor)|news\s+anchor|journalist|columnist|editor)\s+(?:[A-Z][\w.'’-]*\s+){0,2}"
    )
    return (
        re.search(before + _name_re(name), text) is not None
        or re.search(_name_re(name) + _PRESS_AFTER, text) is not None
    )


def publication(name: str, text: str) -> bool:
    """Whether the article credits ``name`` as a publication ("According to El País", "El Pais has published"):
    the source of the account, not a side of the call."""
    words = r"\s+".join(re.escape(w) for w in name.split())
    credit = rf"\b[Aa]ccording\s+to\s+(?:the\s+)?{words}\b|\b{words}\s+(?:has\s+|had\s+)?(?:published|reported)\b"
    return re.search(credit, text) is not None


# "told the press that the conversation ...", not "told Putin during the telephone conversation that ..."
_TOLD_OF_CALL = (
    r",?\s+(?:told|said|says|added)\b(?![^.;]{0,60}?\b(?:in|during|over|on)\s+(?:the|their|a)\s+(?:\S+\s+){0,2}"
    r"(?:call|conversation))[^.;]{0,60}?\bthe\s+(?:\S+\s+){0,2}(?:call|conversation)"
)


def tells_of_the_call(name: str, sentences: list[str]) -> bool:
    """Whether each of ``sentences`` that names ``name`` has them tell of a call already told ("Diana Mondino told
    the press that the conversation was very friendly"): its teller, not someone on it."""
    told = _name_re(name) + _TOLD_OF_CALL
    named = [s for s in sentences if re.search(_name_re(name), s)]
    return bool(named) and all(re.search(told, s) for s in named)


def _name_re(name: str) -> str:
    """Any word of a person's name of three letters or more ("Salman" or "Abdulaziz" for Salman bin Abdulaziz)."""
    words = [re.escape(w) for w in name.split() if len(w) >= 3 and w[0].isupper()] or [re.escape(name)]
    return rf"\b(?:{'|'.join(words)})\b"


def placed_by(sentences: list[str], names: list[str]) -> str | None:
    """Who placed the call, where a sentence that reports it says so: "X phoned Y", "Y received a call from X";
    the one such person among ``names``, else None."""
    placers = set()
    for name in names:
        me = _name_re(name)
        for other in (_name_re(n) for n in names if n != name):
            if any(
                re.search(rf"{me}{_PLACED_VERB}(?:\s+\S+){{0,5}}?\s+{other}", s)
                or re.search(rf"{other}[^.;]{{0,40}}{_CALL_FROM}{me}", s)
                for s in sentences
            ):
                placers.add(name)
    return placers.pop() if len(placers) == 1 else None
