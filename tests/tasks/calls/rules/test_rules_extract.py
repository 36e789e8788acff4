"""Whole-article behaviour: initiator, fields, merging and splitting, robustness."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import VERSION, RulesExtractor
from llmextract.tasks.calls.rules.fields import find_duration, find_outcomes, find_reporters, find_topics
from llmextract.tasks.calls.rules.names import name_prefixes, surname_of
from llmextract.tasks.calls.rules.sentences import split_sentences
from llmextract.tasks.calls.schema import MAX_CALLS, Extraction


def run(rules: RulesExtractor, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    return rules.extract(Article(id="t", text=text, published=published)).calls


def test_version_and_empty_article(rules: RulesExtractor) -> None:
    assert VERSION
    assert rules.extract(Article(id="t", text="Nothing to see here.")) == Extraction(calls=[])


@pytest.mark.parametrize(
    "text,initiator",
    [
        ("Emmanuel Macron called Olaf Scholz on Monday.", "Emmanuel Macron"),
        ("Olaf Scholz received a call from Emmanuel Macron on Monday.", "Emmanuel Macron"),
        ("Olaf Scholz on Tuesday got an early morning phone call from Emmanuel Macron.", "Emmanuel Macron"),
        ("Olaf Scholz was called by Emmanuel Macron on Monday.", "Emmanuel Macron"),
        ("A call was placed by Emmanuel Macron to Olaf Scholz.", "Emmanuel Macron"),
        ("Olaf Scholz had a phone call with Emmanuel Macron at the initiative of the French side.", "Emmanuel Macron"),
        (
            "President Yoon Suk Yeol on Nov. 7 made his first phone call to President-elect Donald Trump.",
            "Yoon Suk Yeol",
        ),
        ("Late Saturday, President Barack Obama returned Prime Minister Manmohan Singh's phone call.", "Barack Obama"),
        (
            "Boris Yeltsin spoke by telephone with Bill Clinton. A spokesman said Mr Clinton initiated the "
            "40-minute call.",
            "Bill Clinton",
        ),
        (
            "Tokyo, Dec. 21 - Shinzo Abe and Donald Trump held phone talks on Saturday. Abe spoke after the "
            "phone conversation, which took place at the request of the U.S. leader.",
            "Donald Trump",
        ),
        (
            "Vladimir Putin held a series of phone conversations on Saturday, reaching out to his close ally "
            "President Alexander Lukashenko of Belarus.",
            "Vladimir Putin",
        ),
        # reported speech: the one named after "said" placed the call; so did the ones calls came from
        ("US reports said Angela Merkel phoned Barack Obama on Sunday evening.", "Angela Merkel"),
        ("Donald Trump spent the day receiving congratulatory phone calls from Emmanuel Macron.", "Emmanuel Macron"),
        ("Olaf Scholz spoke by phone with Emmanuel Macron on Monday.", None),
        ("Olaf Scholz and Emmanuel Macron held phone talks.", None),
        # the initiative credited to a seat of government or a capital; "made the telephone call"; "who initiated"
        (
            "Shinzo Abe and Barack Obama held a 10-minute telephone conversation initiated by the White House.",
            "Barack Obama",
        ),
        ("Olaf Scholz and Vladimir Putin spoke by phone. The call, initiated by Berlin, lasted long.", "Olaf Scholz"),
        ("President Jacques Chirac made the telephone call to George W. Bush on Tuesday.", "Jacques Chirac"),
        ("President Xi Jinping held telephone talks with U.S. President Donald Trump at request.", "Donald Trump"),
        (
            "Emmanuel Macron spoke by phone on Saturday with President Recep Tayyip Erdogan, who initiated the call.",
            "Recep Tayyip Erdogan",
        ),
    ],
)
def test_initiator_from_syntax(rules: RulesExtractor, text: str, initiator: str | None) -> None:
    (call,) = run(rules, text)
    assert call.initiator == initiator


def test_duration_forms() -> None:
    assert find_duration("The conversation lasted about 20 minutes.") == 20
    assert find_duration("In an hour-long call, they talked.") == 60
    assert find_duration("a 90-minute call") == 90
    assert find_duration("a two-hour videoconference") == 120
    assert find_duration("hours after the attack") is None
    assert find_duration("no length given") is None


def test_topics_outcomes_reporters() -> None:
    text = "The two leaders discussed the war in Sudan and energy prices, the Elysee said."
    assert find_topics([text]) == ["war in Sudan", "energy prices"]
    assert find_reporters([text]) == ["Elysee"]
    out = find_outcomes(["They agreed to meet in Rome next month and instructed their ministers to draft a plan."])
    assert out == ["agreed to meet in Rome next month", "instructed their ministers to draft a plan"]
    assert find_reporters(["Peace is near, according to the Kremlin."]) == ["Kremlin"]
    assert find_reporters(["Kremlin spokesman Dmitry Peskov told reporters it went well."]) == ["Dmitry Peskov"]
    assert find_reporters(["Obama called Rutte to discuss the crash, AFP reports."]) == ["AFP"]
    assert find_reporters(["He hoped for progress, reported Emirates News Agency."]) == ["Emirates News Agency"]


@pytest.mark.parametrize(
    "passage,reporters",
    [
        (
            "The Spokesman for the Presidency said the call came amid mediation efforts.",
            ["Spokesman for the Presidency"],
        ),
        (
            "Telephone conversation - Communiqué issued by the Presidency of the Republic (Paris - May 30, 2017)",
            ["Presidency of the Republic"],
        ),
        ("Netanyahu spoke on the phone Saturday with Vladimir Putin, his office said.", ["his office"]),
        ("Netanyahu spoke with Putin, the premier's office said in a statement.", ["premier's office"]),
    ],
)
def test_reporters_of_official_readouts(passage: str, reporters: list[str]) -> None:
    assert find_reporters([passage]) == reporters


def test_a_readout_pages_header_is_the_account_of_its_calls(rules: RulesExtractor) -> None:
    page = (
        "THE WHITE HOUSE\nOffice of the Press Secretary\n\n"
        "President Barack Obama spoke by phone with Prime Minister David Cameron today."
    )
    (call,) = run(rules, page, "2013-05-01")
    assert call.reported_by == ["White House"]
    kremlin = (
        "Official website of the President of Russia\n\nVladimir Putin had a telephone conversation with Narendra Modi."
    )
    assert [c.reported_by for c in run(rules, kremlin)] == [["Official website of the President of Russia"]]
    # an ordinary article's first line is not a source
    assert [c.reported_by for c in run(rules, "Obama phoned Cameron\n\nBarack Obama phoned David Cameron.")] == [[]]


def test_fields_of_one_call(rules: RulesExtractor) -> None:
    text = (
        "ROME, May 10, 2023 — Italian Prime Minister Giorgia Meloni phoned Indian Prime Minister Narendra Modi "
        "on Tuesday in a 30-minute call, the Italian government said.\n"
        "The two leaders discussed trade and the war in Ukraine, and agreed to meet at the G7 summit."
    )
    (call,) = run(rules, text)
    assert call.initiator == "Giorgia Meloni"
    assert call.date == "2023-05-09"
    assert call.duration_minutes == 30
    assert call.medium == "phone"
    assert "trade" in call.topics and "war in Ukraine" in call.topics
    assert call.outcomes == ["agreed to meet at the G7 summit"]
    assert call.reported_by == ["Italian government"]
    assert all(e in text for e in call.evidence)
    assert {p.country for p in call.participants} == {"IT", "IN"}


def test_repeated_mentions_merge_into_one_call(rules: RulesExtractor) -> None:
    text = (
        "Modi phones Meloni\n\n"
        "Indian Prime Minister Narendra Modi phoned Italian Prime Minister Giorgia Meloni on Monday.\n"
        "In the phone call, Modi and Meloni discussed defence cooperation."
    )
    (call,) = run(rules, text, published="2023-05-10")
    assert call.date == "2023-05-08"
    assert call.initiator == "Narendra Modi"
    assert len(call.evidence) >= 2


def test_different_counterparts_split(rules: RulesExtractor) -> None:
    text = (
        "Olaf Scholz spoke by phone with Emmanuel Macron on Monday. "
        "Later, Olaf Scholz spoke by phone with Joe Biden about Ukraine."
    )
    found = run(rules, text, published="2023-05-10")
    assert [sorted(p.name for p in c.participants) for c in found] == [
        ["Emmanuel Macron", "Olaf Scholz"],
        ["Joe Biden", "Olaf Scholz"],
    ]


def test_plural_conversations_split_per_counterpart(rules: RulesExtractor) -> None:
    text = "Vladimir Putin held telephone conversations with Alexander Lukashenko and Kassym-Jomart Tokayev."
    found = run(rules, text)
    assert len(found) == 2
    assert all("Vladimir Putin" in {p.name for p in c.participants} for c in found)


def test_three_way_call_is_one_call(rules: RulesExtractor) -> None:
    text = "A three-way phone call between Joe Biden, Fumio Kishida and Yoon Suk Yeol took place on Friday."
    (call,) = run(rules, text)
    assert len(call.participants) == 3


def test_same_people_on_another_day_is_another_call(rules: RulesExtractor) -> None:
    text = (
        "PARIS, March 8, 2024 — Emmanuel Macron spoke by phone with Olaf Scholz on Friday. "
        "On Tuesday the two leaders had spoken by phone about farm protests."
    )
    found = run(rules, text)
    assert sorted(c.date for c in found) == ["2024-03-05", "2024-03-08"]


def test_second_call_in_a_fortnight_adds_the_earlier_call(rules: RulesExtractor) -> None:
    text = "Emmanuel Macron called Olaf Scholz, the second call in a fortnight between the two."
    found = run(rules, text)
    assert len(found) == 2
    assert [c.initiator for c in found] == ["Emmanuel Macron", None]


def test_odd_input_never_raises(rules: RulesExtractor) -> None:
    for text in ["x", "called called called", "Phone call." * 500, "\n\n\n.", "Putin " * 1000 + "phoned Obama."]:
        result = rules.extract(Article(id="t", text=text))
        assert isinstance(result, Extraction)
        assert len(result.calls) <= MAX_CALLS


def test_sentence_splitting_keeps_offsets_and_abbreviations() -> None:
    text = "U.S. President Joe Biden spoke. Mr. Smith left.\nNew line here."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["U.S. President Joe Biden spoke.", "Mr. Smith left.", "New line here."]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_a_full_stop_with_no_space_after_it_still_ends_the_sentence() -> None:
    text = "Yoon Suk Yeol spoke on the phone with Fumio Kishida on the launches.Yoon's office said so. See kbs.co.kr."
    assert [s.text for s in split_sentences(text)] == [
        "Yoon Suk Yeol spoke on the phone with Fumio Kishida on the launches.",
        "Yoon's office said so.",
        "See kbs.co.kr.",
    ]


def test_a_headline_is_not_a_wrapped_line_of_the_paragraph_after_it() -> None:
    headline = "President Tsai talks with Palauan President-elect Whipps via video call"
    body = "President Tsai Ing-wen spoke with President-elect Surangel Whipps Jr. of the Republic of Palau " * 3
    assert split_sentences(f"{headline}\n{body.strip()}")[0].text == headline
    wrapped = "WASHINGTON (AP) - President Bush spoke by telephone on Monday with\nPrime Minister Tony Blair."
    assert len(split_sentences(wrapped)) == 1  # old wire copy, wrapped at a fixed width
    scraped = "Trump spoke with Trudeau on January 20.On January 21, he spoke with Pena Nieto.The call was brief."
    assert [x.text for x in split_sentences(scraped)] == [
        "Trump spoke with Trudeau on January 20.",
        "On January 21, he spoke with Pena Nieto.",
        "The call was brief.",
    ]


def test_a_name_suffix_is_not_the_surname_a_bare_mention_stands_for() -> None:
    assert surname_of("Surangel Whipps Jr.") == "Whipps"
    assert surname_of("George H. W. Bush") == "Bush"
    assert surname_of("Jr. Smith") == "Smith"


def test_a_name_written_by_its_first_two_words_is_the_longer_name() -> None:
    written = {"Nana Addo", "Nana Addo Dankwa Akufo-Addo", "John Dramani Mahama", "John Dramani"}
    assert name_prefixes(written) == {"Nana Addo": "Nana Addo Dankwa Akufo-Addo", "John Dramani": "John Dramani Mahama"}
    assert name_prefixes({"Kim Jong", "Kim Jong Un", "Kim Jong Il"}) == {}  # two longer names: neither
    # three words as the start of one five-word name
    assert name_prefixes({"Mohammad Bin Zayed", "Mohammad Bin Zayed Al Nahyan"}) == {
        "Mohammad Bin Zayed": "Mohammad Bin Zayed Al Nahyan"
    }


def test_a_call_received_from_a_leader_named_by_the_first_words_of_his_name(rules: RulesExtractor) -> None:
    text = (
        "President Nana Addo Dankwa Akufo-Addo congratulated the winner.\n"
        "President-elect John Mahama received a call from President Nana Addo on Monday."
    )
    (call,) = run(rules, text)
    assert call.initiator == "Nana Addo Dankwa Akufo-Addo"
    assert len(call.participants) == 2


def test_an_earlier_call_gets_a_month_only_when_the_phrase_bounds_it(rules: RulesExtractor) -> None:
    lead = "WASHINGTON, March 20, 2019 - President Donald Trump phoned President Emmanuel Macron on Wednesday"
    week, year = f"{lead}, their second call in a week.", f"{lead}, their second call this year."
    dates_week = sorted(c.date for c in rules.extract(Article(id="w", text=week)).calls)
    dates_year = [c.date for c in rules.extract(Article(id="y", text=year)).calls]
    assert dates_week == ["2019-03", "2019-03-20"]
    assert "2019-03-20" in dates_year and "2019-03" not in dates_year


# --------------------------------------------------------------------------- the 2026-12-06 spec


@pytest.mark.parametrize(
    "text,pairs",
    [
        (
            "Recep Tayyip Erdogan spoke by phone with Vladimir Putin, Emmanuel Macron and Olaf Scholz on Monday.",
            [
                {"Recep Tayyip Erdogan", "Vladimir Putin"},
                {"Recep Tayyip Erdogan", "Emmanuel Macron"},
                {"Recep Tayyip Erdogan", "Olaf Scholz"},
            ],
        ),
        (
            "Joe Biden also spoke separately by phone with Olaf Scholz and Emmanuel Macron.",
            [{"Joe Biden", "Olaf Scholz"}, {"Joe Biden", "Emmanuel Macron"}],
        ),
        (
            "Xi Jinping held a joint video call with Emmanuel Macron and Olaf Scholz on Friday.",
            [{"Xi Jinping", "Emmanuel Macron", "Olaf Scholz"}],
        ),
    ],
)
def test_a_list_of_counterparts_is_one_call_each_unless_joint(
    rules: RulesExtractor, text: str, pairs: list[set[str]]
) -> None:
    calls = run(rules, text, "2023-03-08")
    assert [{p.name for p in c.participants} for c in calls] == pairs


def test_spoke_with_alone_is_not_a_call_but_the_call_referring_back_makes_it_one(rules: RulesExtractor) -> None:
    alone = "Emmanuel Macron phoned Olaf Scholz on Monday. Later, Macron spoke with Benjamin Netanyahu."
    assert [{p.name for p in c.participants} for c in run(rules, alone, "2023-10-16")] == [
        {"Emmanuel Macron", "Olaf Scholz"}
    ]
    tied = (
        "Emmanuel Macron phoned Olaf Scholz on Monday. Later, Macron spoke with Benjamin Netanyahu. "
        "During the call, they discussed the hostages."
    )
    names = [{p.name for p in c.participants} for c in run(rules, tied, "2023-10-16")]
    assert {"Emmanuel Macron", "Benjamin Netanyahu"} in names


def test_a_readout_title_with_a_possessive_call_is_a_call(rules: RulesExtractor) -> None:
    text = "Readout of President Joe Biden's Call with Prime Minister Fumio Kishida of Japan\n\nThey discussed trade."
    (call,) = run(rules, text, "2023-05-02")
    assert {p.name for p in call.participants} == {"Joe Biden", "Fumio Kishida"}


def test_the_date_of_a_call_can_come_from_a_later_sentence_about_it(rules: RulesExtractor) -> None:
    text = (
        "WASHINGTON, March 9, 2023 - Joe Biden phoned Olaf Scholz to discuss Ukraine. "
        "The call on Wednesday lasted an hour, officials said."
    )
    (call,) = run(rules, text)
    assert call.date == "2023-03-08"


def test_a_known_leader_is_named_as_the_article_spells_the_name(rules: RulesExtractor) -> None:
    text = "Sheikh Mohamed bin Zayed Al Nahyan phoned President Bashar al-Assad of Syria on Monday."
    (call,) = run(rules, text, "2023-02-07")
    assert "Mohamed bin Zayed Al Nahyan" in {p.name for p in call.participants}


def test_calls_received_from_a_list_and_hard_wrapped_lines(rules: RulesExtractor) -> None:
    text = (
        "King Abdullah on Wednesday received phone calls from Palestinian President Mahmoud Abbas and\n"
        "Egyptian President Abdel Fattah al-Sisi, the Royal Court said."
    )
    calls = run(rules, text, "2020-03-12")
    assert len(calls) == 2 and all(c.initiator != "Abdullah II" for c in calls)


def test_a_pronoun_who_spoke_with_a_list_is_the_leader_before_it_one_call_each(rules: RulesExtractor) -> None:
    text = (
        "US President-elect Donald Trump held a series of telephone conversations with world leaders on Thursday. "
        "In particular, he talked with French President Emmanuel Macron and Indian Prime Minister Narendra Modi."
    )
    calls = run(rules, text, published="2024-11-08")
    assert [{p.name for p in c.participants} for c in calls] == [
        {"Donald Trump", "Emmanuel Macron"},
        {"Donald Trump", "Narendra Modi"},
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr Blair has spoken by telephone to Chinese President Jiang Zemin and will meet French President "
        "Jacques Chirac in coming days.",
        "Prime Minister Tony Blair spoke by phone with Chinese President Jiang Zemin during a meeting with French "
        "President Jacques Chirac.",
    ],
)
def test_people_after_a_meeting_or_a_new_clause_are_not_on_the_call(rules: RulesExtractor, text: str) -> None:
    calls = run(rules, text, published="2001-09-18")
    assert [{p.name for p in c.participants} for c in calls] == [{"Tony Blair", "Jiang Zemin"}]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Putin and Erdogan discussed the crisis in a call on Wednesday.", True),
        ("During Wednesday's call, Putin and Erdogan discussed the crisis.", True),
        ("Putin, in a call for calm, said Erdogan should withdraw.", False),
        ("Merkel joined Macron in a call on the government to resign.", False),
    ],
)
def test_in_a_call_reports_a_call_but_a_call_for_or_on_does_not(rules: RulesExtractor, text: str, found: bool) -> None:
    calls = run(rules, text, published="2020-11-11")
    assert bool(calls) is found


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "German Chancellor Angela Merkel said French President Emmanuel Macron had called her on Monday.",
            [{"Angela Merkel", "Emmanuel Macron"}],
        ),
        ("Joe Biden won the election. On Monday Donald Trump called him to concede.", [{"Joe Biden", "Donald Trump"}]),
        ("Joe Biden won the election. Donald Trump has not called him to concede.", []),
        ("Angela Merkel was told of it when he rang him before noon.", []),  # who "he" and "him" are is unclear
    ],
)
def test_him_or_her_after_a_named_caller_is_the_person_named_before(
    rules: RulesExtractor, text: str, people: list[set[str]]
) -> None:
    calls = run(rules, text, published="2020-11-10")
    assert [{p.name for p in c.participants} for c in calls] == people


def test_leaders_who_spoke_with_unnamed_counterparts_did_not_call_each_other(rules: RulesExtractor) -> None:
    text = "President-elect Barack Obama and Vice President-elect Joe Biden spoke with several world leaders by phone."
    assert run(rules, text, published="2008-11-10") == []
    reciprocal = "Putin and Erdogan spoke by phone on Monday."
    assert [{p.name for p in c.participants} for c in run(rules, reciprocal, published="2020-11-10")] == [
        {"Vladimir Putin", "Recep Tayyip Erdoğan"}
    ]


@pytest.mark.parametrize(
    "text,sources",
    [
        ("Clinton telephoned Rabin, a senior administration official said.", ["senior administration official"]),
        ("White House officials said Yeltsin initiated the call.", ["White House officials"]),
        ("Xinhua news agency quoted Kremlin as saying the calls took place.", ["Xinhua", "Kremlin"]),
        ("Two sources said he called.", []),  # a count of unnamed sources credits no one
    ],
)
def test_sources_named_as_officials_or_quoted_by_an_agency(text: str, sources: list[str]) -> None:
    assert find_reporters([text]) == sources


def test_a_topic_is_the_subject_without_the_call_it_was_discussed_in() -> None:
    assert find_topics(["Ardern discussed the Fiji outbreak in an hour-long video call."]) == ["Fiji outbreak"]
    assert find_topics(["They discussed in particular the Venezuelan situation."]) == ["Venezuelan situation"]
    assert find_topics(["They discussed ties between the UAE and the United Kingdom, and trade."]) == [
        "ties between the UAE and the United Kingdom",
        "trade",
    ]


def pairs_and_placers(
    rules: RulesExtractor, text: str, published: str = "2021-08-26"
) -> list[tuple[list[str], str | None]]:
    return [(sorted(p.name for p in c.participants), c.initiator) for c in run(rules, text, published)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a headline's "Calls" is never a person
        (
            "Readout of the President's Calls with British Prime Minister Cameron and French President Sarkozy\n\n"
            "Today President Barack Obama spoke by phone separately with British Prime Minister David Cameron and "
            "French President Nicolas Sarkozy.",
            [(["Barack Obama", "David Cameron"], None), (["Barack Obama", "Nicolas Sarkozy"], None)],
        ),
        # the one a possessive names ("Muhyiddin's successor") is not the one called; "Mr Lee" is Lee Hsien Loong
        (
            "Prime Minister Lee Hsien Loong thanked Muhyiddin Yassin. Mr Lee on Sunday called Mr Muhyiddin's "
            "successor Prime Minister Ismail Sabri Yaakob to congratulate him.",
            [(["Ismail Sabri Yaakob", "Lee Hsien Loong"], "Lee Hsien Loong")],
        ),
        # honorifics settle no office: "HRH the Crown Prince" is the crown prince named before
        (
            "His Royal Highness Prince Mohammed bin Salman received a phone call today from President Ebrahim Raisi. "
            "Also today, HRH the Crown Prince spoke by telephone with Prime Minister Mohammed Shia al-Sudani.",
            [
                (["Ebrahim Raisi", "Mohammed bin Salman"], "Ebrahim Raisi"),
                (["Mohammed Shia al-Sudani", "Mohammed bin Salman"], None),
            ],
        ),
        # a fronted "Prior to his phone call with X," belongs to the one after the comma
        (
            "Boris Yeltsin met Yevgeny Primakov. Prior to his phone call with Bill Clinton, Yeltsin warned the West.",
            [(["Bill Clinton", "Boris Yeltsin"], None)],
        ),
        # "the two men": the two people the sentences around it name
        (
            "Keir Starmer has had good early engagement with Donald Trump. There was a 45-minute call between the "
            "two men on Sunday.",
            [(["Donald Trump", "Keir Starmer"], None)],
        ),
        # the one quoted saying "I rang X"
        (
            '"I rang Chris Hipkins last night," Anthony Albanese told reporters.',
            [(["Anthony Albanese", "Chris Hipkins"], "Anthony Albanese")],
        ),
        ("Sheikh Tamim bin Hamad Al Thani and Emmanuel Macron exchanged views by telephone on Monday.", None),
        # a leader introduced by title and full name, then by surname alone
        (
            "Prime Minister Gaston Browne said the island was flattened. Browne said he had received a telephone "
            "call on Tuesday from Jamaican Prime Minister Andrew Holness.",
            [(["Andrew Holness", "Gaston Browne"], "Andrew Holness")],
        ),
        # where it was said is not a meeting
        (
            "Vladimir Putin phoned George W. Bush. Jacques Chirac said in a televised address that he also spoke "
            "with Bush.",
            [(["George W. Bush", "Vladimir Putin"], "Vladimir Putin"), (["George W. Bush", "Jacques Chirac"], None)],
        ),
    ],
)
def test_who_is_on_a_call(
    rules: RulesExtractor, text: str, expected: list[tuple[list[str], str | None]] | None
) -> None:
    found = pairs_and_placers(rules, text)
    if expected is None:  # one call, whoever placed it
        assert len(found) == 1
    else:
        assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Donald Trump made the call, but Hassan Rouhani informed him he would not take it.",
        'Volodymyr Zelensky said: "Today I initiated a telephone conversation with Vladimir Putin. '
        'The result: silence."',
        "Emmanuel Macron went to the hotel to ensure the phone call between Donald Trump and Hassan Rouhani "
        "took place.",
    ],
)
def test_a_call_not_taken_or_only_sought_is_no_call(rules: RulesExtractor, text: str) -> None:
    assert run(rules, text, "2019-10-02") == []


def test_the_first_and_the_second_call_of_a_series_are_two_calls(rules: RulesExtractor) -> None:
    text = (
        "In a second telephone conversation with Nikol Pashinyan this week Vladimir Putin again discussed the "
        "border. The first telephone conversation between Putin and Pashinyan this week was held upon the "
        "initiative of Pashinyan."
    )
    assert len(run(rules, text)) == 2
    # without an ordinal, two reports of the same people on no date are one call
    assert len(run(rules, "Vladimir Putin phoned Nikol Pashinyan. The telephone conversation was long.")) == 1


def test_a_leader_named_by_title_and_surname_is_the_one_who_held_that_office_then(rules: RulesExtractor) -> None:
    text = "WASHINGTON, Feb. 27, 1994 - President Clinton telephoned President Hosni Mubarak on Saturday."
    (call,) = run(rules, text)
    assert [(p.name, p.country) for p in call.participants] == [("Bill Clinton", "US"), ("Hosni Mubarak", "EG")]


def test_roles_follow_the_articles_title_and_an_undated_leader_keeps_the_office_that_made_them_one(
    rules: RulesExtractor,
) -> None:
    text = "Vice President Joe Biden spoke by phone with Prime Minister David Cameron."
    (call,) = run(rules, text, None)
    assert [p.role for p in call.participants] == [
        "Vice President of the United States",  # not the presidency he held later
        "Prime Minister of the United Kingdom",  # not his later office: the article has no date
    ]
    text = "His Highness Sheikh Tamim bin Hamad Al Thani received a phone call from Emmanuel Macron."
    (call,) = run(rules, text, None)
    assert all(p.role != "Sheikh" for p in call.participants)  # an honorific is no role


def test_a_leader_named_by_one_word_after_a_title_is_that_leader_where_the_word_stands_alone() -> None:
    text = (
        "DAVAO CITY - President Duterte received a call from Chinese President Xi Jinping last night. "
        "Vietnamese Prime Minister Nguyen Xuan Phuc called Duterte on May 27 to assure him of rice supply."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text, published="2020-06-11")).calls
    assert [sorted(p.name for p in c.participants) for c in calls] == [
        ["Duterte", "Xi Jinping"],
        ["Duterte", "Nguyen Xuan Phuc"],
    ]


def test_he_who_said_he_had_a_conversation_is_on_it_not_the_one_he_mentioned() -> None:
    text = (
        "Philippine President Rodrigo Duterte said he mentioned Donald Trump in his telephone conversation with "
        "Xi Jinping."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [sorted(p.name for p in c.participants) for c in calls] == [["Rodrigo Duterte", "Xi Jinping"]]


def test_a_weekday_between_spoke_and_with_still_reports_the_call_the_article_ties_it_to() -> None:
    text = (
        "JERUSALEM - Benjamin Netanyahu spoke Tuesday with Emmanuel Macron on the war. "
        "The French readout of the call did not mention a meeting."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [sorted(p.name for p in c.participants) for c in calls] == [["Benjamin Netanyahu", "Emmanuel Macron"]]


def test_an_hour_or_so_later_is_no_duration() -> None:
    assert find_duration("An hour or so later, a telephone call between the two presidents took place.") is None
    assert find_duration("They spoke by telephone for an hour or so.") == 60


def test_the_datelines_country_is_that_of_the_one_leader_titled_without_a_country() -> None:
    text = "DAVAO CITY, Philippines — President Duterte received a call from Chinese President Xi Jinping last night."
    calls = RulesExtractor().extract(Article(id="t", text=text, published="2020-06-11")).calls
    assert {p.name: p.country for p in calls[0].participants} == {"Duterte": "PH", "Xi Jinping": "CN"}
    # two people of no stated country: the one the dateline introduces is its leader
    text = (
        "ST GEORGE'S, Grenada — Prime Minister Dickon Mitchell spoke by phone with Prime Minister Keith Rowley "
        "on Tuesday."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text, published="2024-07-02")).calls
    assert [p.country for p in calls[0].participants] == ["GD", None]
    # ... and when it introduces no one, it does not say which one is its leader
    text = (
        "ST GEORGE'S, Grenada — Talks on the ferry link resumed.\n\nPrime Minister Dickon Mitchell spoke by phone "
        "with Prime Minister Keith Rowley on Tuesday."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text, published="2024-07-02")).calls
    assert [p.country for p in calls[0].participants] == [None, None]


def test_calls_to_a_list_are_one_call_each_placed_by_the_subject(rules: RulesExtractor) -> None:
    text = (
        "Mr. Bush began his day with calls to Italian Prime Minister Silvio Berlusconi, Polish President "
        "Aleksander Kwasniewski, and El Salvador's President Francisco Flores."
    )
    found = run(rules, text)
    assert sorted(c.participants[1].name for c in found) == [
        "Aleksander Kwasniewski",
        "Francisco Flores",
        "Silvio Berlusconi",
    ]
    assert {c.initiator for c in found} == {"George W. Bush"}


def test_someone_on_the_call_who_tells_of_it_is_its_source(rules: RulesExtractor) -> None:
    told = "Volodymyr Zelensky said on Sunday that he had spoken by phone with Donald Trump."
    assert run(rules, told)[0].reported_by == ["Volodymyr Zelensky"]
    # what a leader said on the call is its content, not an account of it
    during = "Volodymyr Zelensky held a phone call with Donald Trump on Sunday, and Trump said it went well."
    assert run(rules, during)[0].reported_by == []


def test_a_list_of_counterparts_whose_caller_is_unread_is_not_one_call_among_them(rules: RulesExtractor) -> None:
    headline = "Hu Talks By Phone With Putin, Merkel and Sarkozy"
    assert run(rules, headline) == []
    # a caller the sentence names by a pronoun is read: one call each
    told = (
        "Jacinda Ardern arrived in Tokyo.\n\n"
        "On Monday she talked by phone with Scott Morrison, Justin Trudeau and Boris Johnson."
    )
    assert [[p.name for p in c.participants] for c in run(rules, told)] == [
        ["Jacinda Ardern", "Scott Morrison"],
        ["Jacinda Ardern", "Justin Trudeau"],
        ["Jacinda Ardern", "Boris Johnson"],
    ]


def test_a_letter_from_someone_else_in_the_same_list_is_not_a_call(rules: RulesExtractor) -> None:
    text = "Anthony Albanese on Tuesday received a telephone call from Fumio Kishida and a letter from Emmanuel Macron."
    found = run(rules, text)
    assert [sorted(p.name for p in c.participants) for c in found] == [["Anthony Albanese", "Fumio Kishida"]]


def test_a_possessive_phone_call_is_its_owners_call_with_whom_follows(rules: RulesExtractor) -> None:
    text = "Donald Trump’s phone call with Vladimir Putin lasted two hours."
    assert [[p.name for p in c.participants] for c in run(rules, text)] == [["Donald Trump", "Vladimir Putin"]]
    # the one whose relative is named is not on the call
    father = "Psaki cited Joe Biden’s phone call with Prince Mohammed’s 86-year-old father, King Salman, on Feb. 9."
    assert [[p.name for p in c.participants] for c in run(rules, father, "2022-03-10")] == [
        ["Joe Biden", "Salman bin Abdulaziz"]
    ]


def test_calls_with_their_day_before_the_counterparts_are_one_call_each(rules: RulesExtractor) -> None:
    text = "Joe Biden had calls on Friday with Justin Trudeau and Andres Manuel Lopez Obrador."
    found = run(rules, text, "2021-01-24")
    assert [[p.name for p in c.participants] for c in found] == [
        ["Joe Biden", "Justin Trudeau"],
        ["Joe Biden", "Andres Manuel Lopez Obrador"],
    ]
    assert {c.date for c in found} == {"2021-01-22"}


def test_he_is_the_leader_who_spoke_in_the_sentence_before(rules: RulesExtractor) -> None:
    text = (
        "Prime Minister Joseph Muscat met Italian Prime Minister Enrico Letta in Rome. "
        "Both described their talks as fruitful, with Mr Letta saying that the EU needed to act. "
        "Dr Muscat said the two leaders had spoken on possible initiatives. "
        "He also had a discussion on the phone last week with Greek Prime Minister Antonis Samaras."
    )
    assert [[p.name for p in c.participants] for c in run(rules, text)] == [["Joseph Muscat", "Antonis Samaras"]]


def test_a_call_since_which_the_leaders_have_not_met_is_an_earlier_call(rules: RulesExtractor) -> None:
    text = (
        "US President Joe Biden and Chinese President Xi Jinping have held a virtual meeting. "
        "It was their first face-to-face encounter since a tense 90-minute phone call in September."
    )
    found = run(rules, text, "2021-11-16")
    assert [(c.medium, c.date) for c in found] == [("video", "2021-11-16"), ("phone", None)]
    assert found[1].duration_minutes == 90


def test_an_elect_title_and_an_office_are_read_as_such(rules: RulesExtractor) -> None:
    elect = "Tony Blair had a telephone conversation with Prime Minister-elect Zapatero on Monday."
    assert [(p.name, p.role) for p in run(rules, elect)[0].participants][1] == ("Zapatero", "Prime Minister-elect")
    # a headline's "Georgian President’s Administration" is an office, not a person called Administration
    headline = (
        "Information about Phone Conversation between Mikheil Saakashvili and Barack Obama is also Spread by "
        "Georgian President’s Administration"
    )
    assert all(p.name != "Administration" for c in run(rules, headline) for p in c.participants)


def test_how_a_call_went_or_calls_taken_from_a_list_report_calls(rules: RulesExtractor) -> None:
    went = "President Trump says he had a productive call with Russian President Vladimir Putin today."
    assert [[p.name for p in c.participants] for c in run(rules, went)] == [["Donald Trump", "Vladimir Putin"]]
    taken = (
        "Mr Cameron has since taken calls from Indian Prime Minister Manmohan Singh, "
        "Japanese Prime Minister Yukio Hatoyama and Irish Taoiseach Brian Cowen."
    )
    assert [[p.name for p in c.participants][1] for c in run(rules, taken, "2010-05-13")] == [
        "Manmohan Singh",
        "Yukio Hatoyama",
        "Brian Cowen",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a plea, not a call, though the sentence names two leaders after it
        "Ukrainian President Volodymyr Zelenskiy called on G20 leaders, including U.S. President Joe Biden, to adopt "
        "a 10-point peace formula.",
        "A phone conversation between the Russian and US presidents, Vladimir Putin and Joe Biden, has not been "
        "scheduled yet, Kremlin Spokesman Dmitry Peskov told reporters on Thursday.",
        "South Africa confirms Donald Trump's phone call request to Jacob Zuma",
    ],
)
def test_a_plea_a_call_not_yet_scheduled_and_a_call_request_are_no_calls(rules: RulesExtractor, text: str) -> None:
    assert run(rules, text, "2021-03-11") == []


def test_a_spokesperson_tells_of_the_call_and_whose_initiative_it_was(rules: RulesExtractor) -> None:
    text = (
        "President Jacques Chirac of France and President Vladimir Putin of the Russian Federation talked to each "
        "other over the phone in the evening of January 24. According to the Elysees Palace's official spokesperson "
        "Madame Catherine Colonna, the 25-minute phone conversation took place on Chirac's initiative."
    )
    [call] = run(rules, text)
    assert sorted(p.name for p in call.participants) == ["Jacques Chirac", "Vladimir Putin"]
    assert (call.initiator, call.duration_minutes) == ("Jacques Chirac", 25)
    side = "On Friday Vladimir Putin had a telephone conversation with Barack Obama on the American side's initiative."
    assert run(rules, side)[0].initiator == "Barack Obama"
    made = "Reporters listened in on Yudhoyono's phone call with Tony Abbott, the call Abbott made to Yudhoyono."
    assert run(rules, made)[0].initiator == "Tony Abbott"
    took = (
        "Donald Trump spoke by phone with Mauricio Macri on Friday. "
        "Macri received the phone call at the official presidential residence in Olivos."
    )
    assert run(rules, took)[0].initiator == "Donald Trump"


@pytest.mark.parametrize(
    "sentence,source",
    [
        ("White House on Tuesday confirmed the call.", "White House"),
        ("A Downing Street spokesman said the call was warm.", "Downing Street"),
        ("The two leaders discussed Yemen, Kuwait News Agency (KUNA) reported.", "Kuwait News Agency"),
        ("The below is attributable to Spokesperson Matthew Miller:", "Matthew Miller"),
    ],
)
def test_sources_credited_on_a_day_by_a_spokesman_by_an_acronym_or_in_a_readout(sentence: str, source: str) -> None:
    assert find_reporters([sentence])[:1] == [source]


def test_an_office_and_its_acronym_are_one_source() -> None:
    said = ["The Prime Minister's Office (PMO) said he made telephone calls to Joko Widodo.", "It was warm, said PMO."]
    assert find_reporters(said) == ["Prime Minister's Office"]


def test_a_later_sentence_gives_the_length_of_the_call_it_refers_to(rules: RulesExtractor) -> None:
    text = (
        "Bill Clinton telephoned Boris Yeltsin on Saturday. The Russian leader's thoughts were not fully clarified "
        "in the 90-minute conversation, the officials said."
    )
    assert run(rules, text)[0].duration_minutes == 90
    talked = "Bill Clinton telephoned Boris Yeltsin on Monday. The two leaders talked for about twenty minutes."
    assert run(rules, talked)[0].duration_minutes == 20
    # a length told after a list of calls belongs to none of them in particular
    listed = (
        "Joe Biden spoke by phone with Angela Merkel, Emmanuel Macron and Boris Johnson on Tuesday. "
        "Both the leaders spoke for about 25 minutes."
    )
    assert [c.duration_minutes for c in run(rules, listed)] == [None, None, None]


def test_the_initiative_of_an_articles_one_call_may_be_told_anywhere_in_it(rules: RulesExtractor) -> None:
    text = (
        "Prime Minister Tony Blair had a frank telephone exchange with French President Jacques Chirac today. "
        "Gerhard Schroeder met Vladimir Putin in Berlin on the same day. "
        "Mr Blair's spokesman said: \"The Prime Minister spoke to President Chirac at President Chirac's request.\""
    )
    assert run(rules, text)[0].initiator == "Jacques Chirac"


def test_an_outcome_runs_past_the_dots_of_an_abbreviation_and_agreed_about_is_one() -> None:
    assert find_outcomes(["Bush pledged continuing U.S. support for the democratic process."]) == [
        "pledged continuing U.S. support for the democratic process"
    ]
    assert find_outcomes(["The two leaders agreed about the need to back the UN."]) == [
        "agreed about the need to back the UN"
    ]


def test_the_one_source_an_article_credits_for_its_calls_is_each_calls_source(rules: RulesExtractor) -> None:
    text = (
        "Barack Obama spoke by phone with Angela Merkel and David Cameron on Thursday. "
        "Both congratulated him on his re-election. "
        "In each call, he thanked his counterpart for their friendship, the White House said."
    )
    assert [c.reported_by for c in run(rules, text, "2012-11-09")] == [["White House"], ["White House"]]
