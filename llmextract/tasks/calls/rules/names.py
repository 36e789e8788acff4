"""How the article writes a name: the surname a bare mention stands for, a name's first words standing for it,
and a possessive that owns something other than a call."""

from __future__ import annotations

import re

__all__ = ["name_prefixes", "possessive_of_other", "surname_of"]

_SUFFIXES = frozenset(["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"])


def surname_of(name: str) -> str:
    """The last word of a name that is not a suffix ("Surangel Whipps Jr." -> "Whipps")."""
    words = name.split()
    while len(words) > 2 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return words[-1]


# "Marcos' five-day trip", "Trump's message": a possessive before anything but a call ("Putin's phone call")
# or the name's own voice ('"I had a long discussion on the phone with A and B," Museveni's post reads')
_POSSESSIVE_OTHER_RE = re.compile(
    r"['’]s?\s+(?![\w-]+\s+(?:(?:tele)?phone|video|calls?|conversations?|talks?)\b)"
    r"(?!(?:(?:tele)?phone|video|calls?|conversations?|talks?|first|second|latest|earlier|post|tweet|statement|"
    r"office|account|page|website|spokes\w+)\b)[a-z]"
)


def possessive_of_other(text: str, end: int) -> bool:
    """Whether the name that ends at ``end`` owns something other than a call ("Marcos' five-day trip")."""
    start = end - 1 if end and text[end - 1] in "'’" else end
    return bool(_POSSESSIVE_OTHER_RE.match(text, start))


def name_prefixes(written: set[str]) -> dict[str, str]:
    """Names of two words or more that are the first words of one longer name also written ("President Nana
    Addo" and "Nana Addo Dankwa Akufo-Addo", "Mohammad Bin Zayed" and "Mohammad Bin Zayed Al Nahyan"), mapped to
    that name."""
    longer = sorted(n for n in written if len(n.split()) > 2 and all(w[:1].isupper() for w in n.split()))
    out = {}
    for name in written:
        words = name.split()
        full = [n for n in longer if len(n.split()) > len(words) and n.split()[: len(words)] == words]
        full = full if len(words) >= 2 else []
        if len(full) == 1:
            out[name] = full[0]
    return out
