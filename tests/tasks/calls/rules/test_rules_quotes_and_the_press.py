"""Scare quotes inside a negated clause, a call "between A and B" inside what someone said, a headline's verb in
the past tense, a name after "called ... a" and a call with one of the press (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.verify import check_call, reports_call
from llmextract.tasks.calls.schema import Call


def people(rules: RulesExtractor, text: str) -> list[set[str]]:
    return [{p.name for p in c.participants} for c in rules.extract(Article(id="t", text=text)).calls]


def test_scare_quotes_do_not_cut_a_negation_off_its_call(rules: RulesExtractor) -> None:
    text = (
        "ANKARA (AP) - Turkish Prime Minister Recep Tayyip Erdogan has said he no longer holds “direct” telephone "
        "conversations with U.S. President Barack Obama."
    )
    assert people(rules, text) == []


def test_a_call_in_scare_quotes_that_took_place_is_still_a_call(rules: RulesExtractor) -> None:
    text = "Obama hailed the “very productive” phone call with Russian President Vladimir Putin on Tuesday."
    assert people(rules, text) == [{"Barack Obama", "Vladimir Putin"}]


def test_a_conversation_between_two_people_that_someone_was_aware_of_is_theirs(rules: RulesExtractor) -> None:
    text = (
        "Volodymyr Zelensky said that he was aware of a telephone conversation between Petro Poroshenko and "
        "Vladimir Putin."
    )
    assert people(rules, text) == [{"Petro Poroshenko", "Vladimir Putin"}]


def test_a_headlines_past_tense_verb_is_not_part_of_the_name(rules: RulesExtractor) -> None:
    text = (
        "President Jiang Held Phone Talks with Blair, Chirac and Putin\n"
        "Chinese President Jiang Zemin held respective phone talks with French President Jacques Chirac, British "
        "Prime Minister Tony Blair and Russian President Vladimir Putin on Tuesday night."
    )
    found = people(rules, text)
    assert {"Jiang Zemin", "Tony Blair"} in found and {"Jiang Zemin", "Vladimir Putin"} in found
    assert not any("Held" in name for call in found for name in call)


def test_calling_someone_a_name_is_not_a_call() -> None:
    why = reports_call("He was the one who called Arafat an unrepentant terrorist and kept him at bay for months.")
    assert why is not None and "naming" in why
    assert reports_call("Netanyahu called Arafat on Tuesday to discuss the talks.") is None


@pytest.mark.parametrize("who", ["TV host", "talk-show host", "journalist", "columnist"])
def test_a_call_with_one_of_the_press_is_not_kept(who: str) -> None:
    article = Article(
        id="p",
        text=(
            f"{who.capitalize()} Ibrahim Eissa said he received an 18-minute phone call from President Abdel Fattah "
            "al-Sisi thanking him for his programme."
        ),
    )
    proposed = Call.model_validate(
        {
            "participants": [{"name": "Ibrahim Eissa"}, {"name": "Abdel Fattah al-Sisi"}],
            "evidence": ["said he received an 18-minute phone call from President Abdel Fattah al-Sisi"],
        }
    )
    assert check_call(proposed, article, ActorDB()).call is None
