"""Who is on the calling side of a report, and which of its words say when (sentences written for the tests):
the subject across scare quotes, a leader named by office alone, the speaker of a quote, "the two", a pronoun
after a conjunction, and each report's own clause for its date."""

from __future__ import annotations

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.subjects import clause_start


def calls(rules: RulesExtractor, text: str, published: str | None = None) -> list[tuple[tuple[str, ...], str | None]]:
    found = rules.extract(Article(id="t", text=text, published=published)).calls
    return [(tuple(sorted(p.name for p in c.participants)), c.date) for c in found]


def test_scare_quotes_do_not_end_the_clause_that_holds_the_subject() -> None:
    text = "Chinese President Xi Jinping hailed the “dialogue” between Beijing and Manila during a phone call"
    assert clause_start(text, len(text)) == 0
    quoted = 'He said: "We agreed on everything." Then a phone call'
    assert clause_start(quoted, len(quoted)) > 0  # a real quotation still ends its clause


def test_the_subject_before_scare_quotes_is_on_the_call(rules: RulesExtractor) -> None:
    text = (
        "Chinese President Xi Jinping hailed the “dialogue” over the South China Sea during a phone call with "
        "Philippine President Rodrigo Duterte, state media reported."
    )
    assert [people for people, _ in calls(rules, text)] == [("Rodrigo Duterte", "Xi Jinping")]


def test_a_leader_named_by_office_alone_is_the_one_the_article_gives_that_office(rules: RulesExtractor) -> None:
    text = (
        "KUWAIT: His Highness the Amir Sheikh Nawaf Al-Ahmad Al-Jaber Al-Sabah received a telephone call from "
        "Bahraini King Hamad bin Isa Al-Khalifa.\n\n"
        "His Highness Sheikh Nawaf also received a call from Palestinian President Mahmoud Abbas.\n\n"
        "His Highness the Amir, in return, thanked the Palestinian president for his condolences.\n\n"
        "Furthermore, His Highness the Amir received a similar call from Turkish President Recep Tayyip Erdogan."
    )
    found = [people for people, _ in calls(rules, text)]
    assert ("Nawaf Al-Ahmad Al-Jaber Al-Sabah", "Recep Tayyip Erdogan") in found
    assert ("Mahmoud Abbas", "Recep Tayyip Erdogan") not in found


def test_a_quote_that_runs_on_is_its_speakers_and_had_a_call_from_is_a_call_received(rules: RulesExtractor) -> None:
    text = (
        '"I had a half-an-hour conversation with the president this morning," Mr Howard told the radio program.\n\n'
        '"I had a similar call from Tony Blair last night."\n\n'
        "Australian Prime Minister John Howard spoke to reporters in Canberra."
    )
    found = rules.extract(Article(id="t", text=text, published="2002-10-15")).calls
    assert [(sorted(p.name for p in c.participants), c.initiator, c.date) for c in found] == [
        (["John Howard", "Tony Blair"], "Tony Blair", "2002-10-14")
    ]


def test_the_speaker_named_just_after_a_quote_is_on_its_call(rules: RulesExtractor) -> None:
    text = (
        "British Prime Minister Boris Johnson on Wednesday phoned his European counterparts.\n\n"
        "“I had a very long discussion on the phone with Mark Rutte and Olaf Scholz about gas supplies,” "
        "Johnson’s post on his Facebook page reads."
    )
    assert sorted(people for people, _ in calls(rules, text)) == [
        ("Boris Johnson", "Mark Rutte"),
        ("Boris Johnson", "Olaf Scholz"),
    ]


def test_the_two_are_the_two_people_a_sentence_before_names(rules: RulesExtractor) -> None:
    text = (
        "Canadian Prime Minister Stephen Harper said Tuesday he wanted to see the details of President Bush's vow.\n\n"
        '"I take the president at his word," Harper said at a news conference in Ottawa. The two spoke by '
        "telephone Monday, three days before their summit with Mexican President Vicente Fox."
    )
    assert [people for people, _ in calls(rules, text, "2006-03-28")] == [("George W. Bush", "Stephen Harper")]


def test_a_pronoun_after_a_conjunction_is_the_first_callers_and_each_report_has_its_own_day(
    rules: RulesExtractor,
) -> None:
    text = (
        "Donald Trump has spoken with four foreign leaders since taking office.\n\n"
        "On Sunday, he spoke with Israeli Prime Minister Benjamin Netanyahu and yesterday he had a telephonic "
        "conversation with the Egyptian President Abdel Fattah el-Sisi."
    )
    assert sorted(calls(rules, text, "2017-01-24")) == [
        (("Abdel Fattah el-Sisi", "Donald Trump"), "2017-01-23"),
        (("Benjamin Netanyahu", "Donald Trump"), "2017-01-22"),
    ]


def test_spoke_with_beside_another_report_needs_someone_named(rules: RulesExtractor) -> None:
    text = (
        "Donald Trump took office on Friday.\n\n"
        "On Sunday, Trump spoke with the Israeli Prime Minister and on Monday he had a telephonic "
        "conversation with the Egyptian President Abdel Fattah el-Sisi."
    )
    assert calls(rules, text, "2017-01-25") == [(("Abdel Fattah el-Sisi", "Donald Trump"), "2017-01-23")]


def test_an_officials_possessive_is_not_the_named_leaders_call(rules: RulesExtractor) -> None:
    text = (
        "Details of Trump Official's Phone Call to Uhuru\n\n"
        "US Secretary of State Mike Pompeo made a telephone call to President Uhuru Kenyatta on Friday."
    )
    assert [people for people, _ in calls(rules, text)] == [("Mike Pompeo", "Uhuru Kenyatta")]


def test_a_list_after_a_series_of_calls_is_one_call_each(rules: RulesExtractor) -> None:
    text = (
        "UAE President Sheikh Mohamed bin Zayed Al Nahyan held a series of phone calls with world leaders.\n\n"
        "During the discussions, the leaders condemned the attacks.\n\n"
        "Sheikh Mohamed spoke with Gulf leaders, including Emir Sheikh Tamim bin Hamad Al Thani of Qatar and "
        "Crown Prince Mohammed bin Salman of Saudi Arabia.\n\n"
        "He also held discussions with regional leaders such as Recep Tayyip Erdogan, President of Turkey; and "
        "Emmanuel Macron, President of France."
    )
    found = [people for people, _ in calls(rules, text)]
    assert len(found) == 4
    assert all("Mohamed bin Zayed Al Nahyan" in people and len(people) == 2 for people in found)
