"""One leader and several counterparts, and leaders named by their country alone: the spec's one record
per named counterpart, and none for a counterpart the article never names."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor, dates
from llmextract.tasks.calls.rules.refs import find_country_refs, home_country, is_head_role
from llmextract.tasks.calls.schema import MAX_CALLS


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


def calls_of(rules: RulesExtractor, text: str, published: str = "2020-11-11") -> list[tuple[list[str], str | None]]:
    calls = rules.extract(Article(id="t", text=text, published=published)).calls
    return [(sorted(p.name for p in c.participants), c.initiator) for c in calls]


def test_telephone_calls_to_a_list_are_one_call_each_placed_by_the_caller(rules: RulesExtractor) -> None:
    text = (
        "SINGAPORE: Prime Minister Lee Hsien Loong made telephone calls to Indonesian President Joko Widodo, "
        "Malaysian Prime Minister Muhyiddin Yassin and Brunei's Sultan Hassanal Bolkiah on Sunday."
    )
    assert calls_of(rules, text) == [
        (["Joko Widodo", "Lee Hsien Loong"], "Lee Hsien Loong"),
        (["Lee Hsien Loong", "Muhyiddin Yassin"], "Lee Hsien Loong"),
        (["Hassanal Bolkiah", "Lee Hsien Loong"], "Lee Hsien Loong"),
    ]


def test_more_calls_than_a_model_is_asked_for_are_all_kept(rules: RulesExtractor) -> None:
    names = [
        "David Cameron", "Angela Merkel", "Manmohan Singh", "Benjamin Netanyahu", "Stephen Harper",
        "Julia Gillard", "Dilma Rousseff", "Recep Tayyip Erdogan",
    ]  # fmt: skip
    text = f"Barack Obama made phone calls on Thursday to {', '.join(names[:-1])} and {names[-1]}."
    assert len(calls_of(rules, text)) == len(names) > MAX_CALLS


@pytest.mark.parametrize(
    "text,expected",
    [
        # "spoke with" tied to calls by "The calls" after it
        (
            "Obama spoke on Thursday with British Prime Minister David Cameron and German Chancellor Angela Merkel. "
            "The calls came after his re-election.",
            [(["Barack Obama", "David Cameron"], None), (["Angela Merkel", "Barack Obama"], None)],
        ),
        # "also spoke with" after a call the article reported
        (
            "Obama phoned British Prime Minister David Cameron on Thursday. "
            "The president also spoke with German Chancellor Angela Merkel.",
            [(["Barack Obama", "David Cameron"], "Barack Obama"), (["Angela Merkel", "Barack Obama"], None)],
        ),
        # "also spoke with" with no call before it stays a conversation
        ("The president also spoke with German Chancellor Angela Merkel.", []),
        # a received list after "the King" that refers back to the King named before
        (
            "King Salman received a phone call from Emir Tamim bin Hamad Al Thani. The King received more "
            "congratulating calls from Arab leaders including President Abdel Fattah el-Sisi of Egypt.",
            [
                (["Salman bin Abdulaziz", "Tamim bin Hamad Al Thani"], "Tamim bin Hamad Al Thani"),
                (["Abdel Fattah el-Sisi", "Salman bin Abdulaziz"], "Abdel Fattah el-Sisi"),
            ],
        ),
        # the counterparts after "were"
        (
            "US President Barack Obama thanked world leaders. Among the world leaders he spoke to over phone were "
            "Prime Minister Julia Gillard of Australia and President Dilma Rousseff of Brazil.",
            [(["Barack Obama", "Julia Gillard"], None), (["Barack Obama", "Dilma Rousseff"], None)],
        ),
        # ... and none when no one is named who "he" can be
        ("Among the leaders he spoke to over phone were Julia Gillard and Dilma Rousseff.", []),
        # a participle after a comma, in a sentence about phones
        (
            "Colin Powell worked the telephones from his home, calling Mexican President Vicente Fox and Japanese "
            "Prime Minister Junichiro Koizumi.",
            [
                (["Colin Powell", "Vicente Fox"], "Colin Powell"),
                (["Colin Powell", "Junichiro Koizumi"], "Colin Powell"),
            ],
        ),
        # "she" is the one who said it
        (
            "Prime Minister Jacinda Ardern said she phoned Scott Morrison to congratulate him.",
            [(["Jacinda Ardern", "Scott Morrison"], "Jacinda Ardern")],
        ),
        ("George W. Bush called to congratulate Tony Blair.", [(["George W. Bush", "Tony Blair"], "George W. Bush")]),
        (
            "Prime Minister Narendra Modi on Thursday spoke on telephone with Jordanian King Abdullah II.",
            [(["Abdullah II", "Narendra Modi"], None)],
        ),
        (
            "Vladimir Putin and Xi Jinping are holding talks via encrypted video channel.",
            [(["Vladimir Putin", "Xi Jinping"], None)],
        ),
        (
            "Hu Jintao spoke during a telephone meeting with President George W. Bush.",
            [(["George W. Bush", "Hu Jintao"], None)],
        ),
        (
            "Belarusian President Alexander Lukashenko held telephone conversations on Tuesday. "
            "Bilateral relations were discussed in a phone conversation with Azerbaijan President Ilham Aliyev.",
            [(["Alexander Lukashenko", "Ilham Aliyev"], None)],
        ),
        (
            "Alexander Lukashenko held telephone conversations on Tuesday. The head of state also had a telephone "
            "conversation with Kazakh President Kassym-Jomart Tokayev.",
            [(["Alexander Lukashenko", "Kassym-Jomart Tokayev"], None)],
        ),
        # the counterparts after "among them" or "including"; the one who returns calls places them
        (
            "Joe Biden returned calls from world leaders who had phoned to congratulate him, among them Emmanuel "
            "Macron of France and Angela Merkel of Germany.",
            [(["Emmanuel Macron", "Joe Biden"], "Joe Biden"), (["Angela Merkel", "Joe Biden"], "Joe Biden")],
        ),
        (
            "Barack Obama has called more than a dozen world leaders, including Indian Prime Minister Manmohan Singh "
            "and David Cameron.",
            [(["Barack Obama", "Manmohan Singh"], "Barack Obama"), (["Barack Obama", "David Cameron"], "Barack Obama")],
        ),
        (
            "Joe Biden had two separate conversations with Emmanuel Macron and Angela Merkel. The calls were on Iran.",
            [(["Emmanuel Macron", "Joe Biden"], None), (["Angela Merkel", "Joe Biden"], None)],
        ),
        # "conducted discussions with" after "took the calls"; "held talks with" alone is a meeting
        (
            "President Cyril Ramaphosa took the calls at his official residence. President Ramaphosa conducted "
            "discussions with President Joe Biden.",
            [(["Cyril Ramaphosa", "Joe Biden"], None)],
        ),
        ("Cyril Ramaphosa held talks with Joe Biden in Washington.", []),
        (
            "Donald Trump phoned Hassan Rouhani last month but he refused to take the call, a source said.",
            [],
        ),
    ],
)
def test_lists_and_wordings_of_real_readouts(
    rules: RulesExtractor, text: str, expected: list[tuple[list[str], str | None]]
) -> None:
    assert calls_of(rules, text) == expected


def test_a_date_the_call_is_counted_from_is_not_its_date(rules: RulesExtractor) -> None:
    text = (
        "Boris Johnson spoke to Joe Biden on Tuesday during their first official telephone call since Biden "
        "won the November 3 election."
    )
    assert [c.date for c in rules.extract(Article(id="t", text=text, published="2020-11-11")).calls] == ["2020-11-10"]
    # ... but "since June 10, when they spoke by telephone" dates the earlier call
    assert dates.resolve_first("since June 10, when they spoke", dates.find_anchor("", "2023-08-01")) == "2023-06-10"


def test_the_previous_call_between_a_and_b_is_a_call(rules: RulesExtractor) -> None:
    text = "The previous call between Volodymyr Zelensky and Donald Trump took place on Oct. 11."
    assert [c.date for c in rules.extract(Article(id="t", text=text, published="2025-11-01")).calls] == ["2025-10-11"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a list goes on in the next sentence: the same leader, each caller placing their own call
        (
            "King Salman received calls from Arab leaders including King Abdullah II and Abdel Fattah al-Sisi. "
            "Others included Sultan Qaboos of Oman and Emir Tamim bin Hamad Al Thani.",
            [
                (["Abdullah II", "Salman bin Abdulaziz"], "Abdullah II"),
                (["Abdel Fattah al-Sisi", "Salman bin Abdulaziz"], "Abdel Fattah al-Sisi"),
                (["Qaboos", "Salman bin Abdulaziz"], "Qaboos"),
                (["Salman bin Abdulaziz", "Tamim bin Hamad Al Thani"], "Tamim bin Hamad Al Thani"),
            ],
        ),
        # several people who say they too had a call: each with the leader the calls before were with
        (
            "Boris Johnson spoke to Joe Biden on Tuesday in a telephone call. Angela Merkel and Emmanuel Macron "
            "said they had also received a call on Tuesday.",
            [
                (["Boris Johnson", "Joe Biden"], None),
                (["Angela Merkel", "Joe Biden"], "Joe Biden"),
                (["Emmanuel Macron", "Joe Biden"], "Joe Biden"),
            ],
        ),
        # "Others included" with no list before it continues nothing
        ("Others included Angela Merkel and Emmanuel Macron.", []),
        # after a day of calls, "He spoke for the second day running with A and B": and the day before
        (
            "Vice President Joe Biden was also working the phones. He spoke for the second day running with "
            "Ukrainian President Petro Poroshenko and Polish Prime Minister Donald Tusk.",
            [(["Joe Biden", "Petro Poroshenko"], None), (["Donald Tusk", "Joe Biden"], None)] * 2,
        ),
    ],
)
def test_lists_that_go_on_past_their_sentence(
    rules: RulesExtractor, text: str, expected: list[tuple[list[str], str | None]]
) -> None:
    assert calls_of(rules, text) == expected


def test_calls_announced_as_returned_or_made_to_leaders_were_placed_by_the_one_who_made_them() -> None:
    text = (
        "November 19, 2008\nPresident-elect Barack Obama today returned phone calls to two world leaders. "
        "President-elect Obama spoke with:\n  • Canadian Prime Minister Stephen Harper\n  • Mexican President "
        "Felipe Calderon\n"
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [(sorted(p.name for p in c.participants), c.initiator) for c in calls] == [
        (["Barack Obama", "Stephen Harper"], "Barack Obama"),
        (["Barack Obama", "Felipe Calderon"], "Barack Obama"),
    ]


def test_the_datelines_country_by_its_name_or_its_capital() -> None:
    assert home_country("DAVAO CITY , Philippines — President Duterte said") == "PH"
    assert home_country("New Delhi, February 2: Musharraf called") == "IN"
    assert home_country("Headline\nWASHINGTON (AP) — Biden said") == "US"
    assert home_country("Paris, Berlin agree on gas") is None  # a headline, not a dateline


def test_a_counterpart_set_aside_is_on_another_call(rules: RulesExtractor) -> None:
    text = (
        "George W. Bush phoned Tony Blair on Tuesday. An aide said that aside from Tony Blair, Bush also called "
        "President Jacques Chirac of France and Chancellor Gerhard Schroeder of Germany."
    )
    assert sorted(pairs(rules, text)) == [
        ("George W. Bush", "Gerhard Schroeder"),
        ("George W. Bush", "Jacques Chirac"),
        ("George W. Bush", "Tony Blair"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Leaders who called Putin included Modi, Erdogan and Macron.",
        "Among those who phoned Putin on Friday were Modi, Erdogan and Macron.",
    ],
)
def test_those_who_called_one_leader_each_placed_their_own_call(rules: RulesExtractor, text: str) -> None:
    calls = rules.extract(Article(id="t", text=text)).calls
    assert [c.initiator for c in calls] == ["Narendra Modi", "Recep Tayyip Erdoğan", "Emmanuel Macron"]
    assert all("Vladimir Putin" in {p.name for p in c.participants} for c in calls)


@pytest.mark.parametrize(
    "text",
    [
        "Putin spoke by phone with Modi and later with Erdogan.",
        "Putin held a phone call with Modi, followed by a call with Erdogan.",
    ],
)
def test_a_later_call_of_the_same_leader_is_with_the_next_counterpart(rules: RulesExtractor, text: str) -> None:
    assert pairs(rules, text) == [("Narendra Modi", "Vladimir Putin"), ("Recep Tayyip Erdoğan", "Vladimir Putin")]
