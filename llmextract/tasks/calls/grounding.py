"""Grounding: where in the article each extracted value comes from, and which values it does not support.

Pure functions of the article text and the calls; they sit between a
backend's validated records and scoring / reports, and apply the same way to
live, replayed and rule results.

Evidence passages
    Located in order of preference: ``exact`` (the passage occurs verbatim),
    ``normalised`` (equal after :func:`fold`: white space collapsed, curly
    quotes and dashes made plain, lower case, accents dropped; or equal once
    every space is removed, as in "U. S." for "U.S."), ``fuzzy``
    (the best window of the folded text has a similarity of at least
    :data:`FUZZY_MIN_SCORE` out of 100 by ``rapidfuzz``'s partial ratio, for
    passages of at least :data:`FUZZY_MIN_CHARS` characters; the span is
    widened to whole words), else ``not_found``. Offsets are character
    offsets into the text as given.

Participant names
    Supported when the name, one of its variants in the actor dictionary
    (``llmextract/rules/data/actors.csv``: "Obama" for "Barack Obama", "Lula"
    for "Luiz Inácio Lula da Silva") or its surname (the last word of at least
    three letters, suffixes such as "Jr." aside) occurs in the folded text as
    whole words (hyphens count as spaces).

Durations
    Supported when the text states that many minutes: "20 minutes",
    "a 45-minute call", "twenty minutes", "an hour" / "hour-long" (60),
    "two hours" (120), "half an hour" (30), "an hour and a half" /
    "1.5 hours" (90), "a quarter of an hour" (15).

What is checked is evidence, names and durations; dates (often resolved from
"on Friday" against a dateline), roles and free-text fields are not.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from llmextract.tasks.calls.actor_data import load_actor_rows
from llmextract.tasks.calls.schema import Call, CallGrounding, EvidenceSpan

__all__ = [
    "FUZZY_MIN_CHARS",
    "FUZZY_MIN_SCORE",
    "FoldedText",
    "actor_variants",
    "duration_supported",
    "fold",
    "ground_call",
    "ground_calls",
    "locate_evidence",
    "name_supported",
    "same_actor",
    "stated_durations",
    "unsupported_messages",
]

FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_CHARS = 20
QUOTE_CLIP = 80

_CHAR_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
}  # fmt: skip


# --------------------------------------------------------------------------- folding


@dataclass(frozen=True)
class FoldedText:
    """A text, its folded form and, for each folded character, the offset of the character it came from."""

    original: str
    folded: str
    index: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> FoldedText:
        folded, index = fold(text)
        return cls(text, folded, index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the folded span ``[start, end)`` (``end > start``)."""
        return self.index[start], self.index[end - 1] + 1

    @functools.cached_property
    def compact(self) -> str:
        """The folded text without any space (see :meth:`compact_span`)."""
        return self.folded.replace(" ", "")

    @functools.cached_property
    def _spaces_before(self) -> list[int]:
        """For the k-th space of the folded text, how many other characters precede it."""
        return [m.start() - k for k, m in enumerate(_SPACE.finditer(self.folded))]

    def compact_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the span ``[start, end)`` of :attr:`compact` (``end > start``).
        A compact position ``p`` is folded position ``p`` plus the spaces before it (each space is single)."""
        first = start + bisect.bisect_right(self._spaces_before, start)
        last = end - 1 + bisect.bisect_right(self._spaces_before, end - 1)
        return self.span(first, last + 1)

    @functools.cached_property
    def words(self) -> str:
        """The folded text with hyphens as spaces (for whole-word name search; same length and offsets)."""
        return self.folded.replace("-", " ")


def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold ``text`` for comparison and map each folded character back to its source offset.

    Runs of white space become one space (none at either end), curly quotes
    and dashes plain ones, "…" three dots; letters lose accents and case.
    """
    if text.isascii() and "`" not in text:
        return _fold_ascii(text)
    return _fold_any(text)


def _fold_any(text: str) -> tuple[str, tuple[int, ...]]:
    """:func:`fold` for any text: the characters outside ASCII (and the backquote) folded one by one
    (:func:`_fold_char`), then case and white space by :func:`_fold_ascii`, its offsets mapped back."""
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        at, rep = m.start(), _fold_char(m.group())
        pieces += (text[pos:at], rep)
        index += [*range(pos, at), *[at] * len(rep)]
        pos = at + 1
    pieces.append(text[pos:])
    index += range(pos, len(text))
    folded, spots = _fold_ascii("".join(pieces))
    return folded, tuple(map(index.__getitem__, spots))


def _fold_char(ch: str) -> str:
    """A curly quote, dash or ellipsis made plain, white space one space, else the character's compatibility
    decomposition without accents, in lower case (so that folding case again leaves it as it is)."""
    rep = _CHAR_MAP.get(ch)
    if rep is not None:
        return rep
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _fold_ascii(text: str) -> tuple[str, tuple[int, ...]]:
    """:func:`fold` for ASCII text with no backquote, which only has case and white space to fold:
    the same result, many times faster (every article of a batch is folded). Text between two runs of
    white space other than one plain space (paragraph breaks, double spaces, tabs) maps one to one, so
    its offsets are a ``range``, built in C; a few such runs per article is the common case."""
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    pieces: list[str] = []
    index: list[int] = []
    pos = start
    for run in _ODD_SPACE.finditer(text, start, end):
        pieces += (text[pos : run.start()], " ")
        index += range(pos, run.start() + 1)  # the space stands for the first white space character of a run
        pos = run.end()
    pieces.append(text[pos:end])
    index += range(pos, end)
    return "".join(pieces).lower(), tuple(index)


_SPACE = re.compile(" ")
_SPECIAL = re.compile(r"[^\x00-\x5f\x61-\x7f]")  # a character outside ASCII, or the backquote
# White space that folding changes: a run that starts with white space other than a plain space, or a plain
# space followed by more white space (spelt so: about three times faster to scan for than ``\s{2,}|[^\S ]``).
_ODD_SPACE = re.compile(r"[^\S ]\s*| \s+")


# --------------------------------------------------------------------------- evidence


def locate_evidence(passage: str, text: FoldedText) -> EvidenceSpan:
    """Find ``passage`` in the article: exact, then normalised, then fuzzy (see the module docstring)."""
    needle = passage.strip()
    if not needle:
        return EvidenceSpan(match="not_found")
    at = text.original.find(needle)
    if at >= 0:
        return EvidenceSpan(match="exact", start=at, end=at + len(needle))
    folded, _ = fold(needle)
    if not folded:
        return EvidenceSpan(match="not_found")
    at = text.folded.find(folded)
    if at >= 0:
        start, end = text.span(at, at + len(folded))
        return EvidenceSpan(match="normalised", start=start, end=end)
    squeezed = folded.replace(" ", "")
    at = text.compact.find(squeezed) if squeezed else -1
    if at >= 0:  # spaces added or dropped: "U. S. President" for "U.S. President"
        start, end = text.compact_span(at, at + len(squeezed))
        return EvidenceSpan(match="normalised", start=start, end=end)
    if len(folded) >= FUZZY_MIN_CHARS and text.folded:
        found = fuzz.partial_ratio_alignment(folded, text.folded, score_cutoff=FUZZY_MIN_SCORE)
        if found is not None and found.dest_end > found.dest_start:
            start, end = _whole_words(text.original, *text.span(found.dest_start, found.dest_end))
            return EvidenceSpan(match="fuzzy", start=start, end=end, score=round(found.score, 1))
    return EvidenceSpan(match="not_found")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a fuzzy span to whole words; drop white space and separating commas at its ends."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


# --------------------------------------------------------------------------- names

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@functools.cache
def actor_variants() -> Mapping[str, frozenset[str]]:
    """Folded name or alias -> every folded name and alias of the actors it may denote (from actors.csv)."""
    groups: dict[str, set[str]] = {}
    for name, aliases, *_ in load_actor_rows():
        group = groups.setdefault(name, {name})
        group.update(a.strip() for a in aliases.split(";") if a.strip())
    index: dict[str, set[str]] = {}
    for group in groups.values():
        keys = {_name_key(v) for v in group} - {""}
        for key in keys:
            index.setdefault(key, set()).update(keys)
    return {k: frozenset(v) for k, v in index.items()}


def same_actor(a: str, b: str) -> bool:
    """Whether two names are written forms of one actor in the dictionary ("Zelenskyy" and "Zelensky")."""
    return _name_key(b) in actor_variants().get(_name_key(a), frozenset())


def _name_key(name: str) -> str:
    """Folded, hyphens as spaces, possessives dropped: "Jean-Yves Le Drian's" -> "jean yves le drian"."""
    words = fold(name)[0].replace("-", " ").split()
    return " ".join(w.removesuffix("'s").removesuffix("'") for w in words)


def _surname(key: str) -> str | None:
    words = [w.strip(".,'") for w in key.split()]
    words = [w for w in words if w]
    while words and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) < 2:
        return None
    last = words[-1]
    return last if sum(c.isalpha() for c in last) >= 3 else None


def _has_words(needle: str, haystack: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def name_supported(name: str, text: FoldedText, variants: Mapping[str, frozenset[str]] | None = None) -> bool:
    """Whether the article names this person: the name, a dictionary variant, or the surname, as whole words."""
    key = _name_key(name)
    if not key:
        return False
    table = actor_variants() if variants is None else variants
    candidates = {key, *table.get(key, ())}
    if (surname := _surname(key)) is not None:
        candidates.add(surname)
    return any(_has_words(c, text.words) for c in candidates)


# --------------------------------------------------------------------------- durations

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUM = (
    r"\d+(?:\.\d+)?|(?:" + "|".join(_TENS) + r")(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
_SEP = r"[ -]+"
_MINUTES_RE = re.compile(rf"(?<![\w.])(?P<n>{_NUM})[ -]*(?:minutes?|mins?)\b")
_HOURS_START = r"(?<![\w.])(?<!half )(?<!half-)(?<!of )"  # not the "an hour" of "half an hour"
_AND_A_HALF = rf"{_SEP}and{_SEP}a{_SEP}half"
_HOURS_RE = re.compile(rf"{_HOURS_START}(?P<n>{_NUM})[ -]*hours?\b(?P<half>{_AND_A_HALF}\b)?")
_AND_HALF_HOURS_RE = re.compile(rf"{_HOURS_START}(?P<n>{_NUM}){_AND_A_HALF}{_SEP}hours?\b")
_NOT_A_LENGTH_RE = re.compile(r"[ -]*(?:later|earlier|after|before|ago|ahead|behind)\b")  # "two hours later"
_FIXED = (
    (re.compile(rf"\bhalf{_SEP}(?:an{_SEP})?hour\b"), 30),
    (re.compile(rf"\bthree{_SEP}quarters{_SEP}of{_SEP}an{_SEP}hour\b"), 45),
    (re.compile(rf"\bquarter{_SEP}(?:of{_SEP})?an{_SEP}hour\b|\bquarter-hour\b"), 15),
    (re.compile(r"\bhour-?long\b|\bhour long\b"), 60),
)


def _number(word: str) -> float | None:
    word = word.strip()
    try:
        return float(word)
    except ValueError:
        pass
    if word in _UNITS:
        return _UNITS[word]
    parts = re.split(r"[ -]", word)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def stated_durations(text: FoldedText) -> set[int]:
    """Every length in minutes that the text states ("20 minutes", "an hour", "half an hour", ...)."""
    t = text.folded
    found: set[int] = set()
    for pattern, scale, extra in ((_MINUTES_RE, 1, 0), (_HOURS_RE, 60, 0), (_AND_HALF_HOURS_RE, 60, 30)):
        for m in pattern.finditer(t):
            n = _number(m.group("n"))
            if n is None or _NOT_A_LENGTH_RE.match(t, m.end()):
                continue
            half = 30 if m.groupdict().get("half") else 0  # "an hour and a half"
            found.add(round(n * scale) + extra + half)
    for fixed, minutes in _FIXED:
        if any(not _NOT_A_LENGTH_RE.match(t, m.end()) for m in fixed.finditer(t)):
            found.add(minutes)
    return {n for n in found if n > 0}


def duration_supported(minutes: int, text: FoldedText) -> bool:
    return minutes in stated_durations(text)


# --------------------------------------------------------------------------- calls


def ground_call(
    call: Call, text: FoldedText | str, variants: Mapping[str, frozenset[str]] | None = None
) -> CallGrounding:
    """Locate the call's evidence and list the values the text does not support (as field paths)."""
    folded = text if isinstance(text, FoldedText) else FoldedText.of(text)
    evidence = [locate_evidence(p, folded) for p in call.evidence]
    unsupported = [f"evidence.{k}" for k, span in enumerate(evidence) if span.match == "not_found"]
    for k, person in enumerate(call.participants):
        if not name_supported(person.name, folded, variants):
            unsupported.append(f"participants.{k}.name")
    if call.duration_minutes is not None and not duration_supported(call.duration_minutes, folded):
        unsupported.append("duration_minutes")
    notes = [
        f"participants.{k}.country: {person._dropped_country!r} is not a country code of the spec; set to null"
        for k, person in enumerate(call.participants)
        if person._dropped_country
    ]
    return CallGrounding(evidence=evidence, unsupported=unsupported, notes=notes)


def ground_calls(
    text: FoldedText | str, calls: Sequence[Call], variants: Mapping[str, frozenset[str]] | None = None
) -> list[CallGrounding]:
    """:func:`ground_call` for every call of one article (the text is folded once)."""
    folded = text if isinstance(text, FoldedText) else FoldedText.of(text)
    return [ground_call(c, folded, variants) for c in calls]


def _clip(text: str, limit: int = QUOTE_CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unsupported_messages(calls: Sequence[Call], groundings: Sequence[CallGrounding]) -> list[str]:
    """One short, specific line per unsupported value, fed back to the model when it is re-asked."""
    out = []
    for ci, (call, grounding) in enumerate(zip(calls, groundings, strict=True)):
        for path in grounding.unsupported:
            parts = path.split(".")
            if parts[0] == "evidence":
                out.append(f'calls.{ci}.{path} is not in the article: "{_clip(call.evidence[int(parts[1])])}"')
            elif parts[0] == "participants":
                name = call.participants[int(parts[1])].name
                out.append(f'calls.{ci}.{path} "{name}" is not in the article')
            elif path == "duration_minutes":
                out.append(f"calls.{ci}.duration_minutes {call.duration_minutes} is not stated in the article")
            else:  # pragma: no cover - every path above is produced by ground_call
                out.append(f"calls.{ci}.{path} is not supported by the article")
    return out
