"""One of the press set off after a name ("X, editor in chief of Y, wrote of the call A made to B") or a paper the
article credits ("According to El País") tells of a call and is never on it, in the rules' own calls and in the calls
a model proposes; a conversation that "took place between A, B and C" is theirs; "the second telephonic conversation
between A and B in a week" tells of an earlier one; a call that "can take place" has not (sentences written for the
tests)."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.ner import load_person_finder
from llmextract.tasks.calls.rules.tellers import spokesperson
from llmextract.tasks.calls.rules.verify import check_call, reports_call
from llmextract.tasks.calls.schema import Call, Participant

EDITOR = (
    "Hosni Mubarak invited Ariel Sharon to Cairo. Ibrahim Saada, editor in chief of Akhbar al-Yom, wrote of the "
    "telephone call Mubarak made to Sharon to congratulate him on his re-election."
)


@pytest.mark.parametrize(
    "name,text",
    [
        ("Ibrahim Saada", EDITOR),
        ("Dmitry Peskov", "Dmitry Peskov, the Kremlin spokesman, said Putin had called Modi."),
        ("Ann Lee", "Ann Lee, a senior BBC correspondent, said the two leaders spoke by phone."),
        ("Ann Lee", "Editor Ann Lee wrote that the leaders spoke by phone."),
    ],
)
def test_one_of_the_press_named_after_or_before_their_name_is_one(name: str, text: str) -> None:
    assert spokesperson(name, text)


@pytest.mark.parametrize(
    "name,text",
    [
        ("Vladimir Putin", "Vladimir Putin, who met the editor of Izvestia on Monday, later called Modi."),
        ("Narendra Modi", "Narendra Modi, the Indian Prime Minister, spoke with Putin by phone."),
    ],
)
def test_a_leader_beside_the_press_is_not_one_of_it(name: str, text: str) -> None:
    assert not spokesperson(name, text)


def test_a_models_call_with_the_editor_who_wrote_of_it_is_dropped() -> None:
    call = Call(
        participants=[Participant(name="Ibrahim Saada"), Participant(name="Hosni Mubarak")],
        medium="phone",
        evidence=["Ibrahim Saada, editor in chief of Akhbar al-Yom, wrote of the telephone call Mubarak made"],
    )
    verdict = check_call(call, Article(id="editor", text=EDITOR), ActorDB())
    assert verdict.call is None


@pytest.mark.skipif(load_person_finder() is None, reason="spaCy or en_core_web_sm is not installed (the ner extra)")
def test_the_rules_leave_the_editor_off_the_call_the_recogniser_finds_him_beside() -> None:
    calls = RulesExtractor(load_person_finder()).extract(Article(id="editor", text=EDITOR)).calls
    assert [{p.name for p in c.participants} for c in calls] == [{"Hosni Mubarak", "Ariel Sharon"}]


def test_a_models_call_with_the_paper_the_article_credits_is_dropped() -> None:
    text = (
        "According to El País, Bush was ready to invade. El País also states that a telephone conversation took place "
        "between Aznar, Bush and Tony Blair."
    )
    call = Call(
        participants=[Participant(name="El País"), Participant(name="Tony Blair")],
        medium="phone",
        evidence=["El País also states that a telephone conversation took place between Aznar, Bush and Tony Blair."],
    )
    assert check_call(call, Article(id="paper", text=text), ActorDB()).call is None


def test_a_conversation_that_took_place_between_them_is_theirs_not_the_one_who_tells_of_it(rules) -> None:
    text = (
        "Prime Minister Narendra Modi states that during the visit a four-way telephone conversation took place "
        "between Vladimir Putin, Xi Jinping and Emmanuel Macron."
    )
    calls = rules.extract(Article(id="between", text=text)).calls
    assert [{p.name for p in c.participants} for c in calls] == [{"Vladimir Putin", "Xi Jinping", "Emmanuel Macron"}]


def test_a_fourway_call_written_as_one_word_is_one_call(rules) -> None:
    text = "Vladimir Putin held a fourway phone call with Xi Jinping, Emmanuel Macron and Olaf Scholz on Monday."
    calls = rules.extract(Article(id="fourway", text=text)).calls
    assert len(calls) == 1 and len(calls[0].participants) == 4


def test_the_second_telephonic_conversation_between_them_in_a_week_tells_of_an_earlier_one(rules) -> None:
    text = (
        "Antony Blinken spoke to S. Jaishankar by phone on Monday. It was the second telephonic conversation between "
        "Jaishankar and Blinken in a week."
    )
    assert len(rules.extract(Article(id="second", text=text)).calls) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "The Erdogan-Assad contact can take place over the phone, the newspaper wrote.",
        "A conversation between the two can soon be held by phone.",
    ],
)
def test_a_call_that_can_take_place_is_planned(sentence: str) -> None:
    assert reports_call(sentence) == "planned"


def test_a_call_that_took_place_over_the_phone_is_not_planned() -> None:
    assert reports_call("The Erdogan-Assad contact took place over the phone, the newspaper wrote.") is None
