"""Whom an article credits for the account of a call (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.tasks.calls.rules.reporters import find_reporters, header_source, own_account


def test_an_office_of_someone_on_the_call_is_a_source_the_person_is_not() -> None:
    passage = "Paul Martin held a telephone conversation with George W. Bush on Saturday, Martin's office said."
    assert find_reporters([passage], {"Paul Martin", "Martin", "George W. Bush"}) == ["Martin's office"]


def test_a_spokesperson_set_off_by_commas_is_the_source() -> None:
    passage = "The call lasted 15 minutes, Martin's spokesman, Melanie Gruer, said."
    assert find_reporters([passage], {"Paul Martin"}) == ["Melanie Gruer"]


def test_a_sentence_opening_word_or_a_bare_honorific_is_no_source() -> None:
    assert find_reporters(["Though Spicer said the call was brief."], set()) == ["Spicer"]
    assert find_reporters(["Mr. Modi said the call was warm."], {"Narendra Modi"}) == []


def test_a_line_that_credits_the_story_is_its_source() -> None:
    text = "Erdogan discussed over phone with Putin the ceasefire.\n\nSource: Qatar News Agency\n"
    assert header_source(text) == "Qatar News Agency"
    assert header_source("Erdogan discussed over phone with Putin the ceasefire.") is None


def test_a_ministry_or_press_service_written_in_lower_case_is_a_source() -> None:
    passage = "Putin and Modi spoke by phone on Friday, India's foreign ministry said in a statement."
    assert find_reporters([passage], {"Vladimir Putin", "Narendra Modi"}) == ["India's foreign ministry"]
    passage = "Putin and Modi spoke by phone on Friday, the Kremlin press service reported."
    assert find_reporters([passage], {"Vladimir Putin", "Narendra Modi"}) == ["Kremlin press service"]


def test_someone_on_the_call_who_posts_of_it_after_the_words_of_the_call_is_its_source() -> None:
    assert own_account(["Putin and Modi spoke by phone on Friday, Modi said on X."], [["Narendra Modi", "Modi"]]) == [
        "Narendra Modi"
    ]
    assert own_account(["Putin and Modi spoke by phone, Modi's aide said."], [["Narendra Modi", "Modi"]]) == []


@pytest.mark.parametrize(
    ("credit", "source"),
    [
        ("a statement from the Kremlin said", "Kremlin"),
        ("according to a readout from the Indian government", "Indian government"),
        ("the presidential press service reported", "presidential press service"),
        ("Pakistan television reported", "Pakistan television"),
        ("the Information Office of the State Council said", "Information Office of the State Council"),
    ],
)
def test_a_statement_from_an_office_a_broadcaster_or_an_office_of_a_body_is_a_source(credit: str, source: str) -> None:
    passage = f"Putin and Modi spoke by phone on Friday, {credit}."
    assert find_reporters([passage], {"Vladimir Putin", "Narendra Modi"}) == [source]


@pytest.mark.parametrize(
    ("credit", "source"),
    [
        ("CE Report quotes Anadolu Agency", "Anadolu Agency"),
        ("Kazinform has learnt from the Akorda's press service", "Akorda's press service"),
        ("as reported the press service of the Russian President", "press service of the Russian President"),
        ("the Kremlin informed", "Kremlin"),
        ("reports the Kremlin press service", "Kremlin press service"),
    ],
)
def test_quoted_learnt_from_informed_or_reported_after_the_verb(credit: str, source: str) -> None:
    passage = f"Putin and Modi spoke by phone on Friday, {credit}."
    assert find_reporters([passage], {"Vladimir Putin", "Narendra Modi"}) == [source]
