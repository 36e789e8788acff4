"""Merging the model's answers into the rules' calls: whether two records are one call, and which of the model's
topics, outcomes and sources are kept."""

from __future__ import annotations

from llmextract.backends.merge import merge_outcomes, merge_sources, merge_topics, same_call
from llmextract.tasks.calls.schema import Call, Participant


def call(*names: str, date: str | None = None) -> Call:
    return Call(participants=[Participant(name=n) for n in names], date=date, evidence=["They spoke by phone."])


def test_one_call_is_the_same_people_with_no_dates_that_differ() -> None:
    assert same_call(call("Joe Biden", "Xi Jinping", date="2021-09-09"), call("Biden", "Xi Jinping"))
    assert same_call(
        call("Joe Biden", "Xi Jinping", date="2021-09"), call("Joe Biden", "Xi Jinping", date="2021-09-09")
    )
    assert not same_call(
        call("Joe Biden", "Xi Jinping", date="2021-09-09"), call("Joe Biden", "Xi Jinping", date="2021-02-10")
    )
    assert not same_call(call("Joe Biden", "Xi Jinping"), call("Joe Biden", "Vladimir Putin"))


def test_two_spellings_of_one_actor_are_one_person() -> None:
    # the article's "Zelenskyy" and the dictionary's "Zelensky": the model's call is the rules' call again
    assert same_call(call("Volodymyr Zelenskyy", "Emmanuel Macron"), call("Volodymyr Zelensky", "Emmanuel Macron"))
    # names the dictionary does not give as one actor are other people, however alike
    assert not same_call(call("Kim Jong Un", "Xi Jinping"), call("Kim Jong Il", "Xi Jinping"))
    assert not same_call(call("Joe Biden", "Xi Jinping"), call("Hunter Biden", "Xi Jinping"))


def test_a_topic_naming_a_participant_is_who_not_what() -> None:
    text = "Soviet leader Mikhail Gorbachev and Bush discussed the situation in the Baltics by phone."
    new = ["Soviet leader Mikhail Gorbachev", "situation in the Baltics"]
    assert merge_topics([], new, text, names=["George H. W. Bush", "Mikhail Gorbachev"]) == ["situation in the Baltics"]


def test_condolences_and_hopes_are_no_outcome_of_a_call() -> None:
    text = (
        "Erdogan offered condolences to the families of the victims. The two leaders looked forward to meeting "
        "in person. They agreed to set up a joint working group."
    )
    new = ["offered condolences to the families of the victims", "looked forward to meeting in person",
           "agreed to set up a joint working group"]  # fmt: skip
    assert merge_outcomes([], new, text) == ["agreed to set up a joint working group"]


def test_a_news_agency_is_a_source_only_where_the_article_credits_it() -> None:
    credited = "ABU DHABI - Sheikh Mohamed bin Zayed received a phone call from Vladimir Putin, WAM reported."
    assert merge_sources([], ["WAM"], credited, participants=["Mohamed bin Zayed"]) == ["WAM"]
    according = "The leaders discussed trade, according to the official Xinhua news agency."
    assert merge_sources([], ["Xinhua"], according, participants=[]) == ["Xinhua"]
    byline = "MOSCOW (Reuters) - Putin spoke by phone with Macron on Friday, the Kremlin said."
    assert merge_sources([], ["Reuters"], byline, participants=["Vladimir Putin"]) == []
