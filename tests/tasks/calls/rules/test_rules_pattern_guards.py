"""A costly pattern may open with a guard, ``\\b(?=[cdhst])``: the letters a match can begin with, so the pattern
engine gives up at once at every other word. A guard is only a shortcut, never a filter: it admits every character
that the rest of its pattern can begin a match with (checked here from the parsed patterns of every rules module).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from re import _constants as C
from re import _parser as P

import pytest

import llmextract.tasks.calls.rules as rules_package

_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


def _rules_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module_info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value not in found.values():
                found[f"{module_info.name}.{name}"] = value
    return found


def _first_of_items(items: list) -> tuple[set, bool] | None:
    """What a match of ``items`` can begin with (characters, or ``("category", c)``), and whether it can be empty."""
    out: set = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        one = _first_of_op(op, av)
        if one is None:
            return None
        chars, empty = one
        out |= chars
        if not empty:
            return out, False
    return out, True


def _first_of_op(op, av) -> tuple[set, bool] | None:
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        chars: set = set()
        for item_op, item in av:
            if item_op is C.LITERAL:
                chars.add(chr(item))
            elif item_op is C.RANGE:
                chars |= {chr(c) for c in range(item[0], item[1] + 1)}
            elif item_op is C.CATEGORY:
                chars.add(("category", item))
            else:
                return None
        return chars, False
    if op is C.BRANCH:
        chars, empty = set(), False
        for alternative in av[1]:
            one = _first_of_items(list(alternative))
            if one is None:
                return None
            chars |= one[0]
            empty = empty or one[1]
        return chars, empty
    if op is C.SUBPATTERN:
        return _first_of_items(list(av[-1]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        one = _first_of_items(list(av[2]))
        return None if one is None else (one[0], one[1] or av[0] == 0)
    return None


def _guard(items: list) -> list | None:
    """The character class of a guard that opens ``items`` (after an optional ``\\b``), else None."""
    rest = items[1:] if items and items[0][0] is C.AT else items
    if not rest or rest[0][0] is not C.ASSERT or rest[0][1][0] != 1:  # a lookahead
        return None
    inner = list(rest[0][1][1])
    return inner[0][1] if len(inner) == 1 and inner[0][0] is C.IN else None


def _admits(guard: list, first: str | tuple, ignore_case: bool) -> bool:
    if isinstance(first, tuple):
        return (C.CATEGORY, first[1]) in guard
    forms = {first, first.lower(), first.upper()} if ignore_case else {first}
    for op, av in guard:
        if op is C.LITERAL and chr(av) in forms:
            return True
        if op is C.RANGE and any(av[0] <= ord(f) <= av[1] for f in forms):
            return True
        if op is C.CATEGORY and av is C.CATEGORY_DIGIT and first.isdigit():
            return True
    return False


def _guarded_parts(pattern: re.Pattern[str]) -> list[tuple[list, list]]:
    """(guard, the rest of its pattern) for the whole pattern, or for each guarded alternative of a top-level choice."""
    items = list(P.parse(pattern.pattern, pattern.flags))
    parts = [items]
    lead = items[:1] if items and items[0][0] is C.AT else []  # a "\b" that every alternative begins with
    body = items[len(lead) :]
    if body and body[0][0] is C.SUBPATTERN and body[0][1][0] is None:  # (?:A|B) and what follows it
        body = list(body[0][1][-1]) + body[1:]
    if body and body[0][0] is C.BRANCH:
        parts = [lead + list(alternative) + body[1:] for alternative in body[0][1][1]]
    out = []
    for part in parts:
        guard = _guard(part)
        if guard is not None:
            out.append((guard, part))
    return out


GUARDED = {name: rx for name, rx in _rules_patterns().items() if _guarded_parts(rx)}


def test_the_costly_patterns_of_the_rules_are_guarded() -> None:
    for name in ("patterns.VERB_RE", "patterns.SPEAK_RE", "patterns.NOUN_RE", "reporters._SAID_RE", "dates._WEEKDAY"):
        assert name in GUARDED
    assert len(GUARDED) >= 15


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_guard_admits_every_first_character_of_its_pattern(name: str) -> None:
    pattern = GUARDED[name]
    for guard, part in _guarded_parts(pattern):
        first = _first_of_items(part)
        assert first is not None, f"{name}: what a match can begin with is not known"
        chars, can_be_empty = first
        assert not can_be_empty, f"{name}: a match can be empty, so it can begin with anything"
        missing = sorted(str(c) for c in chars if not _admits(guard, c, bool(pattern.flags & re.I)))
        assert not missing, f"{name}: its guard refuses {missing}"


def test_a_guard_that_refused_a_first_letter_would_be_caught() -> None:
    narrow = re.compile(r"\b(?=[ct])(?:called|phoned|telephoned)\b", re.I)  # "phoned" begins with p
    ((guard, part),) = _guarded_parts(narrow)
    chars, _ = _first_of_items(part)
    assert [c for c in chars if not _admits(guard, c, True)] == ["p"]
