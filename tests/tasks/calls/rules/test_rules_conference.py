"""Conference calls, calls taken or ended, and what only looks like one (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor


def calls(rules: RulesExtractor, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    return rules.extract(Article(id="t", text="Leaders talk\n" + text, published=published)).calls


def people(call) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in call.participants}


def test_a_video_conference_call_with_a_list_is_one_call_with_all_of_them(rules: RulesExtractor) -> None:
    found = calls(
        rules,
        "David Cameron held a video conference call with President Obama, Chancellor Merkel and President Hollande.",
    )
    assert len(found) == 1
    assert people(found[0]) == {"David Cameron", "Barack Obama", "Angela Merkel", "François Hollande"}
    assert found[0].medium == "video"


def test_a_conference_call_with_one_leader_is_a_phone_call(rules: RulesExtractor) -> None:
    found = calls(rules, "Angela Merkel held a conference call with Emmanuel Macron on Monday.")
    assert [people(c) for c in found] == [{"Angela Merkel", "Emmanuel Macron"}]
    assert found[0].medium == "phone"


@pytest.mark.parametrize(
    "text",
    [
        "Barack Obama held a conference call with reporters on Monday.",
        "Joe Biden held a conference call with Democratic governors on Monday.",
    ],
)
def test_a_conference_call_with_the_press_or_unnamed_officials_is_none(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == []


def test_a_summit_the_callers_talked_about_does_not_make_the_list_one_call(rules: RulesExtractor) -> None:
    found = calls(
        rules,
        "George Bush talked by telephone with Francois Mitterrand, Brian Mulroney and Helmut Kohl about the summit.",
    )
    assert len(found) == 3
    assert all(len(people(c)) == 2 for c in found)


def test_a_fronted_phrase_of_time_names_someone_on_another_call(rules: RulesExtractor) -> None:
    found = calls(rules, "After the conversation with Putin, Emmanuel Macron called Volodymyr Zelensky.")
    assert [people(c) for c in found] == [{"Emmanuel Macron", "Volodymyr Zelensky"}]
    assert found[0].initiator == "Emmanuel Macron"


def test_woken_to_take_a_call_is_a_call_the_other_placed(rules: RulesExtractor) -> None:
    found = calls(rules, "Brian Mulroney was woken up to take a call from President George H.W. Bush.")
    assert len(found) == 1
    assert found[0].initiator == "George H. W. Bush"


@pytest.mark.parametrize(
    "text",
    [
        "Brian Mulroney refused to take a call from George H.W. Bush.",
        "Brian Mulroney did not take a call from George H.W. Bush.",
    ],
)
def test_a_call_not_taken_is_none(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "In a farewell call to Queen Elizabeth, Prime Minister John Key thanked her for her support.",
        "Donald Trump said his first call with new Canadian Prime Minister Mark Carney was productive.",
    ],
)
def test_a_farewell_call_and_a_new_leader_are_calls(rules: RulesExtractor, text: str) -> None:
    assert len(calls(rules, text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Mark Carney says he is available for a call with Donald Trump.",
        "A date for the visit is expected to be discussed during the phone conversation of Putin and Trump.",
        "King Abdullah of Jordan is refusing Netanyahu's phone calls.",
    ],
)
def test_a_call_someone_is_available_for_or_refusing_is_none(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == []


def test_a_headline_with_names_and_an_infinitive_is_a_planned_call(rules: RulesExtractor) -> None:
    text = "Putin, Trump to talk soon over phone\nMOSCOW: The Kremlin said nothing more."
    assert rules.extract(Article(id="t", text=text)).calls == []
    assert len(rules.extract(Article(id="t", text="Putin, Trump talk over phone")).calls) == 1


def test_sources_credited_as_presidential_or_diplomatic_sources(rules: RulesExtractor) -> None:
    found = calls(
        rules, "Erdogan and Putin discussed Syria in a phone call on Monday, according to presidential sources."
    )
    assert found[0].reported_by == ["presidential sources"]
