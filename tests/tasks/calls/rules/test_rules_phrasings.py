"""How news commonly words a call: the one who speaks on it, a fronted call, a verb "by phone", the call an earlier
one, and the wordings that only seem to report one (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.actors import ActorDB


def calls(rules: RulesExtractor, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    return rules.extract(Article(id="t", text="Leaders talk\n" + text, published=published)).calls


def people(call) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in call.participants}


@pytest.mark.parametrize(
    "text",
    [
        "Xi told Biden in a phone call on Thursday that Taiwan was the most important issue.",
        "In a phone call with Joe Biden, Chinese President Xi Jinping said Taiwan was the most important issue.",
        "Chinese President Xi Jinping said in a phone call with Joe Biden that Taiwan was the most important issue.",
        "In their phone call, Chinese President Xi Jinping told Joe Biden that Taiwan was the most important issue.",
        "Speaking by phone with Joe Biden, Chinese President Xi Jinping said Taiwan was the most important issue.",
        "Macron told Putin during a telephone conversation on Sunday that he wanted a ceasefire.",
        "Following a phone call with Narendra Modi, Vladimir Putin announced new measures.",
        "After speaking by phone with Narendra Modi, Vladimir Putin announced new measures.",
        "After receiving a phone call from Narendra Modi, Vladimir Putin said he was pleased.",
    ],
)
def test_the_one_who_speaks_or_is_told_on_the_call_is_on_it(rules: RulesExtractor, text: str) -> None:
    found = calls(rules, text)
    assert len(found) == 1, text
    assert len(people(found[0])) == 2


def test_a_fronted_call_with_no_counterpart_named_takes_both_subjects(rules: RulesExtractor) -> None:
    found = calls(rules, "After their phone call, Modi and Putin announced new measures.")
    assert [people(c) for c in found] == [{"Narendra Modi", "Vladimir Putin"}]


@pytest.mark.parametrize(
    "text",
    [
        "Modi and Putin discussed trade over the phone on Friday.",
        "Modi briefed Putin by phone on the situation.",
        "Modi congratulated Putin by phone on his re-election.",
        "Modi reached out to Putin by phone on Friday.",
        "Modi expressed his condolences to Putin over the phone.",
        "Modi wished Putin a happy birthday over the phone.",
        "Putin thanked Modi by telephone for his support.",
        "Modi and Putin exchanged New Year greetings by phone.",
        "Modi had a telephonic talk with Putin on Friday.",
        "Modi spoke telephonically with Putin on Friday.",
        "Modi and Putin conferred by phone on Friday.",
        "Modi, Putin talk over phone",
        "Putin phoned to wish Narendra Modi a happy birthday.",
    ],
)
def test_a_verb_done_by_phone_is_a_call(rules: RulesExtractor, text: str) -> None:
    found = calls(rules, text)
    assert [people(c) for c in found] == [{"Narendra Modi", "Vladimir Putin"}], text


@pytest.mark.parametrize("verb", ["received", "answered", "took"])
def test_whose_call_it_was_placed_it(rules: RulesExtractor, verb: str) -> None:
    (call,) = calls(rules, f"Putin {verb} Modi's call on Friday.")
    assert call.initiator == "Narendra Modi"


@pytest.mark.parametrize(
    "text",
    [
        "Modi initiated a phone call with Putin on Friday.",
        "A phone call from Modi to Putin took place on Friday.",
    ],
)
def test_who_initiated_the_call(rules: RulesExtractor, text: str) -> None:
    (call,) = calls(rules, text)
    assert call.initiator == "Narendra Modi"


@pytest.mark.parametrize(
    "text",
    [
        "Peskov told Interfax by phone that Putin had no plans to call Modi.",
        "Putin received Modi's call for peace with scepticism.",
        "Modi and Putin to talk over phone on Friday",
        "Modi, Putin to speak by phone",
        "Peskov also said that a phone conversation between Putin and Modi is not currently under discussion.",
        "Peskov said that contacts about the date of the first phone call between Putin and Modi were under way.",
        "Modi only received a letter, even though Putin has held phone calls with more than a dozen international"
        " leaders.",
    ],
)
def test_wordings_that_report_no_call(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == [], text


def test_a_weekday_after_said_dates_the_saying_not_the_call(rules: RulesExtractor) -> None:
    text = (
        "President Yoon Suk Yeol said Friday he agreed with Japanese Prime Minister Fumio Kishida in a phone call "
        "that ties should be restored. Yoon spoke of the phone call held Thursday evening."
    )
    found = calls(rules, text, published="2022-10-07")
    assert [c.date for c in found] == ["2022-10-06"]


@pytest.mark.parametrize(
    "text",
    [
        "Putin called Bush on Wednesday to express his condolences. Putin was the first world leader to call Bush "
        "after the attacks last year.",
        "Zelensky said he had spoken by phone with Donald Trump for the second time in two days. Zelensky called the "
        "call very productive.",
        "Bush telephoned Indonesian President Megawati Soekarnoputri on Monday to discuss Iraq. The call was the "
        "second in the past two months.",
    ],
)
def test_an_earlier_call_of_the_same_two_is_its_own_record(rules: RulesExtractor, text: str) -> None:
    found = calls(rules, text)
    assert len(found) == 2, text
    assert people(found[0]) == people(found[1])


def test_the_previous_call_told_without_names_is_the_same_two_on_another_day(rules: RulesExtractor) -> None:
    text = (
        "Zelensky spoke by phone with Donald Trump on Oct. 12, 2025. The previous call between Zelensky and Trump "
        "took place on Oct. 11, 2025."
    )
    assert sorted(c.date for c in calls(rules, text)) == ["2025-10-11", "2025-10-12"]


def test_two_reports_naming_a_leader_shorter_and_longer_are_one_call(rules: RulesExtractor) -> None:
    text = (
        "Crown Prince Abdullah receives call from President Bush\n"
        "Crown Prince Abdullah bin Abdulaziz received a telephone call yesterday from U.S. President George W. Bush."
    )
    (call,) = calls(rules, text)
    assert "Abdullah bin Abdulaziz" in people(call)


def test_the_last_of_a_list_with_a_comma_before_and_is_still_the_list(rules: RulesExtractor) -> None:
    text = (
        "The leaders of France, Germany, and the UK held a phone call with US President Donald Trump on Wednesday. "
        "Prime Minister Keir Starmer spoke on the phone with French President Emmanuel Macron, German Chancellor "
        "Friedrich Merz, and Trump."
    )
    (call,) = calls(rules, text, published="2025-12-10")
    assert people(call) == {"Keir Starmer", "Emmanuel Macron", "Friedrich Merz", "Donald Trump"}


def test_a_first_name_the_dictionary_person_lacks_is_another_person() -> None:
    db = ActorDB()
    found = db.find_mentions("Secretary of Homeland Security Janet Napolitano called the governors.")
    assert all(m.name != "Giorgio Napolitano" for m in found)
    spelled = db.find_mentions("Palestinian President Mahmud Abbas called Putin.")
    assert any(m.name == "Mahmoud Abbas" for m in spelled)
