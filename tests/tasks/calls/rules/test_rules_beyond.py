"""What an article tells of its calls beyond their own sentences: a denial elsewhere, the initiative of a round of
calls, a leader's own country, and the decoys of a headline or a habit."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.countries import countries_told, home_country
from llmextract.tasks.calls.schema import Call


def run(rules: RulesExtractor, text: str, published: str | None = "2024-11-12") -> list[Call]:
    return rules.extract(Article(id="t", text=text, published=published)).calls


def test_a_call_another_sentence_denies_took_place_is_no_call(rules: RulesExtractor) -> None:
    text = (
        "The Kremlin on Monday denied a US media report that Russian President Vladimir Putin and US President-elect "
        "Donald Trump had spoken on the phone last week. The Washington Post reported on Sunday that Trump talked by "
        "phone on Thursday with Putin about the war."
    )
    assert run(rules, text) == []


def test_a_denial_of_what_was_said_leaves_the_call(rules: RulesExtractor) -> None:
    text = (
        "US President Joe Biden spoke by phone with Chinese President Xi Jinping on Thursday. The White House "
        "denied that Biden had discussed tariffs with Xi."
    )
    assert [{p.name for p in c.participants} for c in run(rules, text)] == [{"Joe Biden", "Xi Jinping"}]


def test_a_round_of_calls_told_as_a_whole_says_who_placed_each(rules: RulesExtractor) -> None:
    placed = (
        "US President Barack Obama has called more than a dozen world leaders to thank them for their messages. "
        "Among the leaders he spoke to by phone were Prime Minister Julia Gillard of Australia, President Dilma "
        "Rousseff of Brazil and Prime Minister Stephen Harper of Canada."
    )
    calls = run(rules, placed, "2012-11-09")
    assert [c.participants[1].name for c in calls] == ["Julia Gillard", "Dilma Rousseff", "Stephen Harper"]
    assert {c.initiator for c in calls} == {"Barack Obama"}
    taken = (
        "President Cyril Ramaphosa received messages of congratulations from Heads of State during a round of "
        "telephone calls on Sunday, among them President Joao Lourenco of Angola and Prime Minister Theresa May of "
        "the United Kingdom. President Ramaphosa took the calls at his official residence in Cape Town."
    )
    calls = run(rules, taken, "2018-02-19")
    assert [c.initiator for c in calls] == [c.participants[1].name for c in calls] == ["Joao Lourenco", "Theresa May"]


def test_calls_held_with_leaders_say_nothing_of_who_placed_them(rules: RulesExtractor) -> None:
    text = (
        "Russian President Vladimir Putin held several phone calls on Thursday with leaders of the CSTO, among them "
        "President Alexander Lukashenko of Belarus and Prime Minister Nikol Pashinyan of Armenia."
    )
    calls = run(rules, text, "2022-01-07")
    assert len(calls) == 2 and {c.initiator for c in calls} == {None}


@pytest.mark.parametrize(
    "text",
    [
        "Xi, Putin To Speak Via Video Link: Kremlin",
        "Putin, Rouhani to have telephone conversation on Monday",
        "US President George W. Bush confers via video link at least every two weeks with Iraqi Prime Minister Nuri "
        "al-Maliki, the New York Times reported.",
    ],
)
def test_a_headlines_infinitive_or_a_habit_is_no_call(rules: RulesExtractor, text: str) -> None:
    assert run(rules, text) == []


def test_a_sentence_opening_with_to_still_reports_its_call(rules: RulesExtractor) -> None:
    text = "To the surprise of aides Obama phoned Putin on Monday."
    assert [{p.name for p in c.participants} for c in run(rules, text)] == [{"Barack Obama", "Vladimir Putin"}]


def test_a_video_teleconference_and_a_call_taken_from_someone_are_calls(rules: RulesExtractor) -> None:
    video = "In a secure videoteleconference, President Bush and Prime Minister Maliki discussed the new strategy."
    assert [c.medium for c in run(rules, video, "2007-01-05")] == ["video"]
    taken = "Prime Minister Kevin Rudd took the call from President George W. Bush on October 10."
    assert [c.initiator for c in run(rules, taken, "2008-10-20")] == ["George W. Bush"]


def test_the_country_an_article_names_most_is_that_of_a_leader_it_places_nowhere(rules: RulesExtractor) -> None:
    assert countries_told("Kenya's election. The Kenyan president and Uganda.") == {"KE": 2, "UG": 1}
    assert home_country("Kenya's election. The Kenyan president and Uganda.", taken=()) == "KE"
    assert home_country("Kenya's election. The Kenyan president.", taken={"KE"}) is None
    assert home_country("Kenya and Uganda.", taken=()) is None  # once each: none stands out
    text = (
        "President William Ruto on Wednesday telephoned President Uhuru Kenyatta to thank him for a smooth "
        "transition. Kenya's new leader said Kenyans had spoken. Kenya will hold its inauguration on Tuesday."
    )
    assert [(p.name, p.country) for c in run(rules, text, "2022-09-07") for p in c.participants] == [
        ("William Ruto", "KE"),
        ("Uhuru Kenyatta", "KE"),
    ]


def test_an_international_office_or_a_leader_the_article_places_takes_no_home_country(rules: RulesExtractor) -> None:
    text = (
        "UN Secretary-General Kofi Annan telephoned Prime Minister Ehud Olmert on Wednesday. Lebanon was discussed; "
        "Lebanon's government and the Lebanese army were mentioned, and Israel too."
    )
    countries = {p.name: p.country for c in run(rules, text, "2006-07-19") for p in c.participants}
    assert countries == {"Kofi Annan": None, "Ehud Olmert": "IL"}


def test_the_source_that_introduces_a_quote_telling_of_the_call_is_its_source(rules: RulesExtractor) -> None:
    text = (
        "Readout of the Prime Minister's call with President Obama\n\n"
        "David Cameron spoke by phone with Barack Obama on Tuesday.\n\n"
        "A Downing Street spokesperson said:\n\n"
        "The Prime Minister and the President discussed the situation in Syria on the call."
    )
    assert [c.reported_by for c in run(rules, text, "2013-08-27")] == [["Downing Street"]]
