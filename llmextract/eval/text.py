"""The spec's text rules: normalisation, token F1 (free text matches at F1 >= 0.5), gold alternatives and
the name rule (:func:`resolve_name`)."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import PlainValidator

from llmextract.tasks.calls.schema import same_person

TEXT_F1_THRESHOLD = 0.5


def _alt(value: Any) -> str | list[str]:
    """A non-empty string, or a non-empty list of non-empty strings (alternatives)."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("empty string")
        return value.strip()
    if isinstance(value, list):
        if not value:
            raise ValueError("empty list of alternatives")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise ValueError(f"alternative [{i}] must be a non-empty string, got {item!r}")
            out.append(item.strip())
        return out
    raise ValueError(f"expected a string or a list of alternative strings, got {type(value).__name__}")


Alt = Annotated[str | list[str], PlainValidator(_alt)]


def alternatives(value: Any) -> list[Any]:
    """``None`` -> ``[]``; a list -> the list; anything else -> ``[value]``."""
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


# --------------------------------------------------------------------------- text


_PUNCT = set(string.punctuation)
_ARTICLES_RE = re.compile(r"\b(a|an|the)\b")


def normalize_text(text: str) -> str:
    """SQuAD normalisation plus accent stripping: "The Élysée's" -> "elysees"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = "".join(ch for ch in text if ch not in _PUNCT and not unicodedata.category(ch).startswith("P"))
    text = _ARTICLES_RE.sub(" ", text)
    return " ".join(text.split())


def token_f1(pred: str, gold: str) -> float:
    """SQuAD token F1 between two strings (after :func:`normalize_text`)."""
    p, g = normalize_text(pred).split(), normalize_text(gold).split()
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    return 2 * common / (len(p) + len(g))  # == 2PR/(P+R), computed exactly


def text_match(pred: str, gold: Alt) -> bool:
    """Free-text rule: token F1 >= 0.5 with any alternative."""
    return any(token_f1(pred, alt) >= TEXT_F1_THRESHOLD for alt in alternatives(gold))


def _name_relation(name: str, candidate: Alt) -> int:
    """2: equal after normalisation; 1: the words of one all in the other; 0: no match."""
    n = normalize_text(name)
    best = 0
    for alt in alternatives(candidate):
        a = normalize_text(alt)
        if n and n == a:
            return 2
        if same_person(n, a):
            best = 1
    return best


def resolve_name(name: str, candidates: Sequence[Alt]) -> set[int]:
    """Indexes of the candidates ``name`` picks out by the name rule.

    The candidates equal to it after normalisation if any; else the one
    candidate whose words include or are included in its words, if exactly
    one does; else nothing.
    """
    rel = [_name_relation(name, c) for c in candidates]
    exact = {i for i, r in enumerate(rel) if r == 2}
    if exact:
        return exact
    loose = {i for i, r in enumerate(rel) if r == 1}
    return loose if len(loose) == 1 else set()
