"""One leader and several counterparts, and leaders named by their country alone: the spec's one record
per named counterpart, and none for a counterpart the article never names."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor, dates
from llmextract.tasks.calls.rules.refs import find_country_refs, is_head_role


@pytest.fixture(scope="module")
def rules() -> RulesExtractor:
    return RulesExtractor()


def pairs(rules: RulesExtractor, text: str, published: str | None = None) -> list[tuple[str, ...]]:
    calls = rules.extract(Article(id="t", text=text, published=published)).calls
    return [tuple(sorted(p.name for p in c.participants)) for c in calls]


def test_country_refs_are_found_with_their_country_and_title() -> None:
    refs = find_country_refs("Obama spoke by phone with the leaders of Germany, Britain and Australia.")
    assert [(r.country, r.head) for r in refs] == [("DE", "leader"), ("GB", "leader"), ("AU", "leader")]
    (ref,) = find_country_refs("Mr Netanyahu called Turkey's prime minister today.")
    assert (ref.country, ref.head) == ("TR", "prime minister")
    (ref,) = find_country_refs("In a phone call with the UAE president, he said ...")
    assert ref.country == "AE"
    # a title followed by the name is an ordinary mention, not a reference by country
    assert find_country_refs("He called Turkey's prime minister Recep Tayyip Erdogan.") == []
    # a list that is not made of countries
    assert find_country_refs("the leaders of the Group of Seven and others") == []


def test_head_roles() -> None:
    assert is_head_role("President of Russia")
    assert is_head_role("Prime Minister of Japan", "prime minister")
    assert not is_head_role("Vice President of the United States")
    assert not is_head_role("Foreign Minister of Russia")
    assert not is_head_role("President of Russia", "prime minister")


def test_the_leaders_of_a_b_and_c_are_one_call_each_when_the_article_names_them(rules: RulesExtractor) -> None:
    text = (
        "Angela Merkel, David Cameron and Tony Abbott all condemned the attack.\n\n"
        "US President Barack Obama spoke by phone with the leaders of Germany, Britain and Australia on Friday."
    )
    assert sorted(pairs(rules, text, "2014-07-19")) == [
        ("Angela Merkel", "Barack Obama"),
        ("Barack Obama", "David Cameron"),
        ("Barack Obama", "Tony Abbott"),
    ]


def test_leaders_never_named_give_no_call(rules: RulesExtractor) -> None:
    text = "US President Barack Obama spoke by phone with the leaders of Chile and Peru on Friday."
    assert pairs(rules, text, "2014-07-19") == []


def test_a_title_with_a_country_stands_for_the_one_leader_named(rules: RulesExtractor) -> None:
    text = (
        "Prime Minister Recep Tayyip Erdogan had demanded an apology.\n\n"
        "Benjamin Netanyahu called Turkey's prime minister on Friday to apologise."
    )
    calls = rules.extract(Article(id="t", text=text, published="2013-03-22")).calls
    # the name as the article writes it
    assert [sorted(p.name for p in c.participants) for c in calls] == [["Benjamin Netanyahu", "Recep Tayyip Erdogan"]]
    assert calls[0].initiator == "Benjamin Netanyahu"


def test_a_singular_call_with_the_leaders_of_several_countries_is_one_joint_call(rules: RulesExtractor) -> None:
    text = (
        "Emmanuel Macron and Olaf Scholz met in Paris.\n\n"
        "Joe Biden held a call with the leaders of France and Germany on Monday."
    )
    assert pairs(rules, text, "2022-01-24") == [("Emmanuel Macron", "Joe Biden", "Olaf Scholz")]


def test_received_calls_from_a_list_are_placed_by_each_caller(rules: RulesExtractor) -> None:
    text = (
        "King Abdullah II received phone calls on Tuesday from Palestinian President Mahmoud Abbas "
        "and Egyptian President Abdel Fattah el-Sisi."
    )
    calls = rules.extract(Article(id="t", text=text, published="2022-12-06")).calls
    assert {c.initiator for c in calls} == {"Mahmoud Abbas", "Abdel Fattah el-Sisi"}
    assert len(calls) == 2


def test_a_bulleted_list_after_a_colon_gives_one_call_per_line(rules: RulesExtractor) -> None:
    text = (
        "Obama's calls on Monday included:\n\n"
        "_ Georgian President Mikheil Saakashvili\n\n"
        "_ Turkish President Abdullah Gul\n\n"
        "The transition office gave no details."
    )
    assert sorted(pairs(rules, text, "2008-11-18")) == [
        ("Abdullah Gul", "Barack Obama"),
        ("Barack Obama", "Mikheil Saakashvili"),
    ]


def test_the_speaker_after_a_fronted_call_phrase(rules: RulesExtractor) -> None:
    text = "Angela Merkel spoke earlier.\n\nIn the call with Tony Abbott, Barack Obama offered condolences."
    assert pairs(rules, text, "2014-07-19") == [("Barack Obama", "Tony Abbott")]


def test_the_call_between_a_and_b_has_no_third_person(rules: RulesExtractor) -> None:
    text = "Kassym-Jomart Tokayev was informed.\n\nThe call between Vladimir Putin and Alexander Lukashenko was long."
    assert pairs(rules, text, "2023-06-25") == [("Alexander Lukashenko", "Vladimir Putin")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Joe Biden also called Emmanuel Macron on Monday.", [("Emmanuel Macron", "Joe Biden")]),
        (
            "Donald Trump was on the phone on Wednesday afternoon to speak with Mauricio Macri.",
            [("Donald Trump", "Mauricio Macri")],
        ),
        ("'Get the prime minister on the phone to the president,' Jonathan Powell said.", []),
        ("Olaf Scholz said the right time for a phone conversation with Vladimir Putin had come.", []),
        ("Who called Imran Khan ahead of the press conference?", []),
    ],
)
def test_call_wordings(rules: RulesExtractor, text: str, expected: list[tuple[str, ...]]) -> None:
    assert pairs(rules, text, "2017-02-16") == expected


@pytest.mark.parametrize(
    "text,initiator",
    [
        (
            "Nikol Pashinyan had a phone conversation with UN Secretary-General Antonio Guterres. "
            "The phone call was initiated by the UN Secretary-General.",
            "Antonio Guterres",
        ),
        (
            "Nikol Pashinyan held a telephone conversation with UN Secretary-General Antonio Guterres "
            "on the latter's initiative.",
            "Antonio Guterres",
        ),
        (
            "Bill Clinton and Boris Yeltsin agreed in a telephone conversation to keep in touch. "
            "Officials said Yeltsin initiated the call.",
            "Boris Yeltsin",
        ),
        (
            "Xi Jinping held a video call with Emmanuel Macron. "
            "Xi welcomed France to join a partnership initiated by China.",
            None,
        ),
    ],
)
def test_initiative_told_in_the_call_sentence_or_after_it(
    rules: RulesExtractor, text: str, initiator: str | None
) -> None:
    (call,) = rules.extract(Article(id="t", text=text, published="2021-04-16")).calls
    assert call.initiator == initiator


def test_a_spoke_to_sentence_is_tied_to_a_phone_call_two_sentences_on(rules: RulesExtractor) -> None:
    text = (
        "Ireland protested on Wednesday.\n\n"
        "Taoiseach Micheál Martin spoke to British Prime Minister Boris Johnson last night. "
        'He "set out his concerns," a spokeswoman said.\n\n'
        '"It was a serious, sombre phone call," a source said.'
    )
    calls = rules.extract(Article(id="t", text=text, published="2020-09-10")).calls
    assert [c.date for c in calls] == ["2020-09-09"]


def test_a_weekday_that_dates_something_else_is_not_the_calls_date() -> None:
    assert [e.kind for e in dates.find_date_exprs("a five-day trip from Wednesday")] == []
    assert [e.kind for e in dates.find_date_exprs("the call, which had been arranged Tuesday")] == []
    assert [e.kind for e in dates.find_date_exprs("the call on Tuesday")] == ["weekday"]
