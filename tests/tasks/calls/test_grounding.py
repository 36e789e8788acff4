"""Grounding: evidence located in the article with offsets, names and durations checked against the text."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from llmextract.tasks.calls.grounding import (
    FoldedText,
    fold,
    ground_call,
    ground_calls,
    locate_evidence,
    name_supported,
    stated_durations,
    unsupported_messages,
)
from llmextract.tasks.calls.schema import Call

TEXT = (
    "MOSCOW, May 3 \u2014 Russian President Vladimir Putin and U.S. President Barack Obama spoke by phone\n"
    "on Friday, the Kremlin said. \u201cWe agreed to keep talking,\u201d Putin told reporters.\n\n"
    "The conversation lasted about 40 minutes. Xi Jinping\u2019s office declined to comment."
)
FOLDED = FoldedText.of(TEXT)


def located(passage: str) -> tuple[str, str | None]:
    span = locate_evidence(passage, FOLDED)
    return span.match, None if span.start is None else TEXT[span.start : span.end]


def call(**changes: Any) -> Call:
    data: dict[str, Any] = {
        "participants": [{"name": "Vladimir Putin"}, {"name": "Barack Obama"}],
        "duration_minutes": 40,
        "evidence": ["Russian President Vladimir Putin and U.S. President Barack Obama spoke by phone"],
    }
    data.update(changes)
    return Call.model_validate(data)


# --------------------------------------------------------------------------- folding


def test_fold_maps_every_character_back_to_its_source():
    source = "  Élysée\u2019s  \u201cCall\u201d\t\u2014 ok  "
    folded, index = fold(source)
    assert folded == 'elysee\'s "call" - ok'
    assert len(index) == len(folded)
    assert index[0] == 2  # "É" after two leading spaces
    assert source[index[folded.index("'")]] == "\u2019"  # the curly apostrophe became a plain one
    assert source[index[folded.index("c")] : index[folded.rindex("l")] + 1] == "Call"


def test_fold_expands_an_ellipsis_and_keeps_offsets_monotonic():
    folded, index = fold("Wait\u2026 what")
    assert folded == "wait... what"
    assert list(index) == sorted(index) and index[4:7] == (4, 4, 4)


# --------------------------------------------------------------------------- evidence


def test_a_verbatim_passage_is_exact_with_its_offsets():
    match, span = located("Putin told reporters.")
    assert (match, span) == ("exact", "Putin told reporters.")
    assert locate_evidence("Putin told reporters.", FOLDED).start == TEXT.index("Putin told reporters.")


def test_white_space_quotes_dashes_and_case_are_normalised():
    match, span = located('on friday, the kremlin said. "We agreed to keep talking," Putin told reporters.')
    assert match == "normalised"
    assert span == "on Friday, the Kremlin said. \u201cWe agreed to keep talking,\u201d Putin told reporters."
    # a line break in the article, a single space in the passage
    match, span = located("Barack Obama spoke by phone on Friday")
    assert match == "normalised" and span == "Barack Obama spoke by phone\non Friday"


def test_spaces_added_or_dropped_inside_words_are_normalised():
    match, span = located("U. S. President Barack Obama spoke by phone")
    assert match == "normalised" and span == "U.S. President Barack Obama spoke by phone"


def test_small_differences_are_a_fuzzy_match_widened_to_whole_words():
    span = locate_evidence("Russian President Vladimir Putin and US President Barack Obama spoke on the phone", FOLDED)
    assert span.match == "fuzzy" and span.score is not None and 90 <= span.score < 100
    text = TEXT[span.start : span.end]
    assert text.startswith("Russian President Vladimir Putin") and "spoke by phone" in text
    assert text[-1].isalnum() and TEXT[span.end].isspace()  # ends on a word boundary


def test_an_invented_passage_is_not_found():
    assert located("Obama and Putin agreed to meet in Helsinki next month.") == ("not_found", None)
    # short passages must match exactly or after normalising: no fuzzy guess
    assert located("Putin tald") == ("not_found", None)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name",
    [
        "Vladimir Putin",
        "Putin",
        "U. S. President Barack Obama",  # titles and odd spacing: the surname is in the text
        "Barack H. Obama",  # a dictionary variant
        "Xi Jinping",
        "Xi",  # two letters: found through the actor dictionary's variants
        "VLADIMIR PUTIN",
    ],
)
def test_names_found_in_the_text_are_supported(name):
    assert name_supported(name, FOLDED)


@pytest.mark.parametrize("name", ["Angela Merkel", "Emmanuel Macron", "Putinov", "Ras Put"])
def test_names_not_in_the_text_are_unsupported(name):
    assert not name_supported(name, FOLDED)


def test_a_given_variant_table_is_used_instead_of_the_actor_file():
    text = FoldedText.of("Lula phoned Petro.")
    table = {"luiz inacio lula da silva": frozenset({"luiz inacio lula da silva", "lula"})}
    assert name_supported("Luiz Inácio Lula da Silva", text, table)
    assert not name_supported("Luiz Inácio Lula da Silva", text, {})  # surname "silva" is not in the text


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The call lasted 20 minutes.", {20}),
        ("a 45-minute conversation", {45}),
        ("It lasted twenty-five minutes", {25}),
        ("They spoke for an hour.", {60}),
        ("an hour-long call", {60}),
        ("the talks lasted two hours", {120}),
        ("for half an hour", {30}),
        ("a half-hour call", {30}),
        ("an hour and a half", {90}),
        ("1.5 hours", {90}),
        ("two and a half hours", {150}),
        ("a quarter of an hour", {15}),
        ("Two hours later, the Kremlin said they had spoken.", set()),  # a time, not a length
        ("No length is given.", set()),
    ],
)
def test_stated_durations(text, minutes):
    assert stated_durations(FoldedText.of(text)) == minutes


# --------------------------------------------------------------------------- calls


def test_a_grounded_call_has_offsets_for_every_passage_and_nothing_unsupported():
    g = ground_call(call(), TEXT)
    assert [s.match for s in g.evidence] == ["exact"]
    assert g.unsupported == []


def test_unsupported_values_are_listed_as_field_paths():
    c = call(
        participants=[{"name": "Vladimir Putin"}, {"name": "Angela Merkel"}],
        duration_minutes=30,
        evidence=["Putin told reporters.", "Putin and Merkel discussed gas prices at length."],
    )
    g = ground_call(c, TEXT)
    assert [s.match for s in g.evidence] == ["exact", "not_found"]
    assert g.evidence[1].start is None and g.evidence[1].end is None
    assert g.unsupported == ["evidence.1", "participants.1.name", "duration_minutes"]


def test_ground_calls_is_parallel_to_the_calls():
    gs = ground_calls(TEXT, [call(), call(duration_minutes=None), call(duration_minutes=5)])
    assert [g.unsupported for g in gs] == [[], [], ["duration_minutes"]]


def test_messages_for_the_reask_are_short_and_name_the_value():
    c = call(participants=[{"name": "Vladimir Putin"}, {"name": "Angela Merkel"}], duration_minutes=30,
             evidence=["Putin and Merkel discussed gas prices at length."])  # fmt: skip
    messages = unsupported_messages([call(), c], ground_calls(TEXT, [call(), c]))
    assert messages == [
        'calls.1.evidence.0 is not in the article: "Putin and Merkel discussed gas prices at length."',
        'calls.1.participants.1.name "Angela Merkel" is not in the article',
        "calls.1.duration_minutes 30 is not stated in the article",
    ]


def test_long_passages_are_clipped_in_messages():
    c = call(evidence=["Invented " * 40])
    [message] = unsupported_messages([c], ground_calls(TEXT, [c]))
    assert message.endswith('…"') and len(message) < 140


def test_the_ascii_fast_path_of_fold_equals_the_general_one(root):
    from llmextract.tasks.calls.grounding import _fold_any, _fold_ascii

    every_ascii = "".join(chr(i) for i in range(128) if chr(i) != "`")
    texts = [
        every_ascii,
        "  Obama  called\tPutin.\n\n On Friday ",
        "\x1c\x1fA\x0bB\x0c ",
        "one space only",
        "\tx",
        "x\n",
        "a \n b  c\r\nd",
        "",
        "   ",
        (root / "seeds" / "000_d383e982f209da4c.txt")
        .read_text(encoding="utf-8")
        .encode("ascii", "ignore")
        .decode()
        .replace("`", "'"),
    ]
    for text in texts:
        assert _fold_ascii(text) == _fold_any(text), repr(text)


def _fold_by_character(text: str) -> tuple[str, tuple[int, ...]]:
    """The definition of folding, one character at a time (the oracle the fast paths must equal)."""
    from llmextract.tasks.calls.grounding import _CHAR_MAP

    out: list[str] = []
    index: list[int] = []
    space = True
    for i, ch in enumerate(text):
        rep = _CHAR_MAP.get(ch)
        if rep is None:
            if ch.isspace():
                rep = " "
            elif ch.isascii():
                rep = ch.lower()
            else:
                rep = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()
        for c in rep:
            if c == " " and space:
                continue
            space = c == " "
            out.append(c)
            index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), tuple(index)


def test_fold_equals_folding_one_character_at_a_time_on_every_article_and_every_character(root):
    from llmextract.tasks.calls.grounding import fold

    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("gold/**/*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    every = [chr(c) for c in range(0x2FFFF) if not 0xD800 <= c <= 0xDFFF]
    texts += ["".join(every[k : k + 500]) for k in range(0, len(every), 500)]
    texts += ["".join(every[k : k + 300]).replace("a", " \u00a0\t") for k in range(0, 3000, 300)]
    texts += [" \u00a8x", "x \u00a8 y", "\u2003 Caf\u00e9\u2026 ", "`Ab`", "\u0130stanbul", "\ufb01ne  \u00a0 x\u00a0"]
    for text in texts:
        assert fold(text) == _fold_by_character(text), repr(text[:60])


def test_the_compact_form_drops_every_space_and_maps_back_to_each_characters_source_offset(root):
    from llmextract.tasks.calls.grounding import FoldedText

    seed = (root / "seeds" / "000_d383e982f209da4c.txt").read_text(encoding="utf-8")
    for text in [seed, "  U. S.  President\n\nBiden — “called”  Zelenskyy ", "one", "a b"]:
        folded = FoldedText.of(text)
        kept = [(c, i) for c, i in zip(folded.folded, folded.index, strict=True) if c != " "]
        assert folded.compact == "".join(c for c, _ in kept)
        for start in range(len(kept)):
            for end in (start + 1, min(len(kept), start + 7), len(kept)):
                assert folded.compact_span(start, end) == (kept[start][1], kept[end - 1][1] + 1), (text[:20], start)


def test_a_country_code_the_spec_does_not_know_becomes_null_with_a_grounding_note():
    from llmextract.tasks.calls.grounding import ground_calls
    from llmextract.tasks.calls.schema import Extraction

    people = [{"name": "Vladimir Putin", "country": "ZZ"}, {"name": "Joe Biden", "country": "US"}]
    answer = Extraction.model_validate({"calls": [{"participants": people, "evidence": ["Putin called Biden."]}]})
    (call,) = answer.calls
    assert [p.country for p in call.participants] == [None, "US"]  # the article is not failed
    (grounding,) = ground_calls("Putin called Biden.", answer.calls)
    assert grounding.notes == ["participants.0.country: 'ZZ' is not a country code of the spec; set to null"]
    assert grounding.unsupported == []  # a note, not a re-ask
