"""Sentences: an article split into sentences (abbreviations, wrapped lines and over-long sentences handled),
with offsets; where a dateline ends."""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------- sentences

# ... and a full stop with no space after it between two words ("missile launches.Yoon's office said", "on
# January 20.On January 21", a scrape)
_BOUNDARY_RE = re.compile(
    # the mark first, then its two cases, so the pattern engine skips to each mark
    r"[.!?](?:[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|(?:(?<=[a-z]{3}[.!?])|(?<=\d{2}[.!?]))(?=[A-Z][a-z]{2}|(?:On|In|At)\s))"
)
_ABBREV = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "St",
        "Gen",
        "Sen",
        "Rep",
        "Gov",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "No",
        "Lt",
        "Col",
        "Jr",
        "Sr",
        "Prof",
        "vs",
        "Mt",
        "Ft",
        "Adm",
        "Capt",
        "Sgt",
        "Corp",
        "Inc",
        "Co",
        "Ltd",
    ]
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (lines first, then sentence punctuation; a line wrapped in the
    middle of a sentence, as old wire copy is, continues on the next line)."""
    out: list[Sentence] = []
    for block_start, block in _blocks(text):
        cut = 0
        for m in _BOUNDARY_RE.finditer(block):
            head = block[max(cut, m.start() - 40) : m.start()].split()
            last_word = head[-1].lstrip('("“‘[') if head else ""  # "Mr. Lyonchhen (Dr.) Lotay Tshering"
            if last_word in _ABBREV or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", last_word):
                continue
            end = m.end()
            _add(out, text, block_start + cut, block_start + end)
            cut = end
        _add(out, text, block_start + cut, block_start + len(block))
    return out


# A line that breaks off a sentence: long, and not ended by sentence punctuation or a colon.
_WRAPPED_MIN_CHARS = 50
# How much longer than the line before a wrapped line may be (the word that did not fit on it).
_WRAP_SLACK = 25
_LINE_END_RE = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _blocks(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of ``text`` with their offsets, a hard-wrapped line joined to the next."""
    blocks: list[tuple[int, str]] = []
    pos = 0
    joinable = False
    width = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            joinable = False
            continue
        # a wrapped line runs on in a line no longer than it (a headline runs into a paragraph: not wrapped)
        if joinable and blocks and line.lstrip()[:1].isalnum() and len(line.strip()) <= width + _WRAP_SLACK:
            first, _ = blocks[-1]
            blocks[-1] = (first, text[first : start + len(line)])
        else:
            blocks.append((start, line))
        joinable = len(line.strip()) >= _WRAPPED_MIN_CHARS and not _LINE_END_RE.search(line)
        width = len(line.strip())
    return blocks


# Text with no sentence punctuation (a run-on scrape, a table) is cut into pieces of at most this many
# characters, at a space: every later step works sentence by sentence, so the rules stay linear in the length.
MAX_SENTENCE_CHARS = 1500


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append(Sentence(start, cut, text[start:cut]))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


_DATELINE_RE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:\([^)]{1,30}\))?\s*,[^—–]{4,40}?\d{4}[^—–]{0,20}?[—–-]+\s*")


def dateline_end(text: str) -> int:
    """Where a dateline ("MOSCOW, July 3, 2002 -") at the start of ``text`` ends (0: none)."""
    m = _DATELINE_RE.match(text)
    return m.end() if m else 0
