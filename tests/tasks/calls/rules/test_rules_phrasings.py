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


@pytest.mark.parametrize(
    ("text", "placer"),
    [
        (
            "Arab League Secretary General Ahmed Abul Gheit made a phone call with African Union Commission Chairperson"
            " Moussa Faki on Sunday.",
            "Ahmed Abul Gheit",
        ),
        (
            "Ehud Olmert spoke on Wednesday with UN Secretary-General Kofi Annan, who telephoned from South Africa.",
            "Kofi Annan",
        ),
        (
            "Alexander Lukashenko had a telephone conversation with Russian President Vladimir Putin. It was initiated"
            " by the Russian President.",
            "Vladimir Putin",
        ),
        (
            "In a call initiated by Moscow, Russian President Vladimir Putin and Indian Prime Minister Narendra Modi"
            " discussed trade.",
            "Vladimir Putin",
        ),
    ],
)
def test_who_placed_the_call_in_other_words(rules: RulesExtractor, text: str, placer: str) -> None:
    (call,) = calls(rules, text, published="2021-03-01")
    assert call.initiator == placer


@pytest.mark.parametrize(
    "text",
    [
        "In Wednesday's call, Putin told Modi that the grain deal was over.",
        "In their call, Putin told Modi that the grain deal was over.",
        "In a phone call, Russian President Vladimir Putin and Indian Prime Minister Narendra Modi discussed trade.",
        "Putin, Modi discuss Ukraine over phone",
        "Putin-Modi phone call: leaders discuss Ukraine",
    ],
)
def test_a_fronted_call_a_headline_or_a_hyphenated_pair_names_both(rules: RulesExtractor, text: str) -> None:
    assert [people(c) for c in calls(rules, text)] == [{"Narendra Modi", "Vladimir Putin"}], text


def test_a_possible_call_is_not_one(rules: RulesExtractor) -> None:
    text = "A possible telephone conversation between Putin and Modi could be their first contact since June."
    assert calls(rules, text) == []


def test_a_call_it_came_after_is_an_earlier_one_and_hours_add_up(rules: RulesExtractor) -> None:
    text = (
        "French President Emmanuel Macron on Sunday held new telephone talks with Vladimir Putin, the Elysee said. "
        "The call lasted 1 hour 45 minutes. It came after a tense call on March 3 which the Elysee said had left "
        "Macron pessimistic."
    )
    found = calls(rules, text, published="2022-03-06")
    assert sorted((c.date, c.duration_minutes) for c in found) == [("2022-03-03", None), ("2022-03-06", 105)]


def test_the_one_quoted_on_a_call_in_the_first_person_is_on_it(rules: RulesExtractor) -> None:
    text = '"I had a good phone call with President Putin," Modi wrote on X on Friday.'
    assert [people(c) for c in calls(rules, text)] == [{"Narendra Modi", "Vladimir Putin"}]


@pytest.mark.parametrize(
    ("text", "medium"),
    [
        ("Putin held online talks with Modi on Friday.", "video"),
        ("Putin and Modi talked via Zoom on Friday.", "video"),
        ("Putin and Modi held talks in video format on Friday.", "video"),
        ("Putin and Modi held a virtual bilateral summit on Friday.", "video"),
        ("Putin had a teleconference with Modi on Friday.", "phone"),
        ("Putin and Modi held a 40-minute call on Friday.", "phone"),
    ],
)
def test_online_talks_a_teleconference_or_a_call_held_are_calls(rules: RulesExtractor, text: str, medium: str) -> None:
    found = calls(rules, text)
    assert [(people(c), c.medium) for c in found] == [({"Narendra Modi", "Vladimir Putin"}, medium)], text


@pytest.mark.parametrize(
    "text",
    [
        "Putin will hold online talks with Modi on Friday.",
        "Modi had a call for peace ready when he met Putin on Friday.",
    ],
)
def test_a_planned_online_talk_or_a_plea_is_no_call(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "In separate phone calls with Modi and Erdogan, Putin discussed Ukraine.",
        "In separate phone calls with Indian Prime Minister Narendra Modi and Turkish President Erdogan, Putin"
        " discussed Ukraine.",
        "Putin stepped up his telephone diplomacy on Tuesday, holding talks with Modi and Erdogan.",
        "Putin first called Modi and then talked to Erdogan.",
    ],
)
def test_one_leader_and_a_list_told_before_or_after(rules: RulesExtractor, text: str) -> None:
    found = calls(rules, text)
    assert sorted(sorted(people(c)) for c in found) == [
        ["Narendra Modi", "Vladimir Putin"],
        ["Recep Tayyip Erdoğan", "Vladimir Putin"],
    ], text


@pytest.mark.parametrize(
    "text",
    [
        "Hayashi sounded out China about the possibility of a phone call between Kishida and Xi.",
        "In the phone conversation slated for Tuesday night, Moon and Trump plan to discuss North Korea.",
        "The issue arose in a meeting between Hayashi and Chinese counterpart Qin Gang, with Hayashi urging the call to"
        " happen soon.",
        "Hayashi met Qin Gang on Monday, urging a phone call between Kishida and Xi.",
        "Annan and Putin held what both sides called good talks yesterday.",
    ],
)
def test_a_possible_slated_or_urged_call_or_a_name_given_is_no_call(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == [], text


def test_a_call_last_month_is_dated_to_that_month_and_is_another_call(rules: RulesExtractor) -> None:
    text = (
        "Russian President Vladimir Putin and Indian Prime Minister Narendra Modi held a video summit on Friday. "
        "During a telephone conversation last month, both leaders agreed to hold it."
    )
    found = calls(rules, text, published="2021-06-05")
    assert sorted((c.date, c.medium) for c in found) == [("2021-05", "phone"), ("2021-06-04", "video")]


def test_a_headline_call_is_not_dated_by_the_dateline_below_it(rules: RulesExtractor) -> None:
    text = (
        "Putin-Modi Have First Telephonic Conversation\nNEW DELHI, Nov 22, 2004\n\n"
        "Russian President Vladimir Putin had a telephonic conversation with Indian Prime Minister Narendra Modi on "
        "November 5, an aide said."
    )
    found = rules.extract(Article(id="t", text=text, published="2004-11-22")).calls
    assert [c.date for c in found] == ["2004-11-05"]
