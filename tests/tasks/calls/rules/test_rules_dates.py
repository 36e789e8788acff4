"""Datelines, publication dates and relative dates."""

from __future__ import annotations

import datetime as dt

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.dates import find_anchor, report_day, resolve_first

FRI = dt.date(2024, 6, 21)  # a Friday


def test_anchor_from_dateline_line_and_published() -> None:
    assert find_anchor("PARIS, March 14, 2019 — Something happened.") == dt.date(2019, 3, 14)
    assert find_anchor("BERLIN, 24 February 2022 — Something happened.") == dt.date(2022, 2, 24)
    assert find_anchor("Headline\n\nJanuary 6, 2022\n\nBody text.") == dt.date(2022, 1, 6)
    assert find_anchor("News, 03.03.2013, 07:25\n\nBody.") == dt.date(2013, 3, 3)
    assert find_anchor("Body without a date.", "2020-01-02") == dt.date(2020, 1, 2)
    assert find_anchor("Body without a date.") is None


def test_relative_dates_resolve_against_the_anchor() -> None:
    assert resolve_first("on Friday", FRI) == "2024-06-21"
    assert resolve_first("on Monday", FRI) == "2024-06-17"
    assert resolve_first("Tuesday's call", FRI) == "2024-06-18"
    assert resolve_first("yesterday", FRI) == "2024-06-20"
    assert resolve_first("earlier in the day", FRI) == "2024-06-21"
    assert resolve_first("on June 17", FRI) == "2024-06-17"
    assert resolve_first("March 3", FRI) == "2024-03-03"
    assert resolve_first("on 12 May 2020", FRI) == "2020-05-12"
    assert resolve_first("June 17, 2023", None) == "2023-06-17"
    assert resolve_first("held a telephonic conversation last evening", FRI) == "2024-06-20"


def test_a_date_written_after_yesterday_says_which_day() -> None:
    text = "US President George Bush yesterday evening (Wednesday), July 2, 2003, telephoned Ariel Sharon."
    assert resolve_first(text, dt.date(2003, 7, 3)) == "2003-07-02"
    assert resolve_first(text, dt.date(2003, 7, 4)) == "2003-07-02"


def test_no_anchor_means_no_date() -> None:
    assert resolve_first("on Friday", None) is None
    assert resolve_first("yesterday", None) is None
    assert resolve_first("on June 17", None) is None
    assert resolve_first("no date here", FRI) is None


def test_call_date_from_dateline() -> None:
    text = "LONDON, June 21, 2024 — Keir Starmer phoned Olaf Scholz on Wednesday about Ukraine."
    (call,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert call.date == "2024-06-19"


def test_call_date_from_published_field() -> None:
    text = "Keir Starmer phoned Olaf Scholz yesterday about Ukraine."
    (call,) = RulesExtractor().extract(Article(id="t", text=text, published="2024-06-21")).calls
    assert call.date == "2024-06-20"
    (undated,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert undated.date is None


def test_anchors_at_the_ends_of_the_calendar_give_no_date_instead_of_an_error() -> None:
    from llmextract.engine.records import Article
    from llmextract.tasks.calls.rules import RulesExtractor

    for published in ("0001-01-01", "9999-12-31"):
        text = "President Joe Biden spoke by phone with Chancellor Olaf Scholz on Monday and again on March 3."
        result = RulesExtractor().extract(Article(id="t", text=text, published=published))
        assert result.calls and all(c.date is None or c.date.startswith(published[:4]) for c in result.calls)


def test_a_call_the_report_gives_no_time_for_takes_the_reports_own_day() -> None:
    text = (
        "ABU DHABI, 6 February 2023 (WAM) - UAE President Sheikh Mohamed bin Zayed Al Nahyan made two separate "
        "phone calls to President Bashar al-Assad of Syria and President Recep Tayyip Erdogan of Turkey."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert len(calls) == 2 and {c.date for c in calls} == {"2023-02-06"}
    asked = RulesExtractor().extract(Article(id="t", text=text), report_dates=False).calls
    assert {c.date for c in asked} == {None}  # what the article itself says, for a caller that adds it later


def test_report_day_only_where_nothing_places_the_call_at_another_time() -> None:
    assert report_day(["Macron phoned Scholz to discuss Ukraine."], FRI) == "2024-06-21"
    assert report_day(["Macron phoned Scholz to discuss Ukraine."], None) is None  # an undated report
    for other_time in (
        "A day later, he had phone conversations with Merkel and May.",
        "Macron had phoned Scholz to discuss Ukraine.",
        "Putin was the first foreign leader to call Erdogan.",
        "Obama spoke by phone with Rouhani in 2013.",
        "Macron phoned Scholz last week.",
    ):
        assert report_day([other_time], FRI) is None, other_time
    assert report_day(["PARIS, 21 June 2024 - Macron phoned Scholz."], FRI) == "2024-06-21"  # the dateline's own
    assert report_day(["Macron phoned Scholz on 12 March 2003."], FRI) is None


def test_the_calls_weekday_in_a_later_sentence() -> None:
    rules = RulesExtractor()

    def date_of(text: str) -> str | None:
        (call,) = rules.extract(Article(id="t", text=text, published=FRI.isoformat())).calls
        return call.date

    assert date_of(
        "Emmanuel Macron spoke by phone to Vladimir Putin. Details of Wednesday's call were not released."
    ) == ("2024-06-19")
    assert date_of(
        "Joe Biden and Xi Jinping held a video call. The two leaders' Tuesday meeting lasted two hours."
    ) == ("2024-06-18")
    # the call's own sentence decides first
    assert date_of("Joe Biden and Xi Jinping held a video call on Monday. Their Tuesday meeting was cancelled.") == (
        "2024-06-17"
    )


def test_a_month_with_or_without_its_year() -> None:
    anchor = dt.date(2024, 3, 15)
    assert resolve_first("they last spoke by telephone in December 2022", anchor) == "2022-12"
    assert resolve_first("a call in Dec. 2019", None) == "2019-12"
    assert resolve_first("the call in mid-February", anchor) == "2024-02"
    assert resolve_first("a call in December", anchor) is None  # last December or a plan for the next: not guessed
    assert resolve_first("leaders who may call", anchor) is None  # "may" the verb is no month
    assert resolve_first("on December 5, 2022", anchor) == "2022-12-05"  # a full date stays a day


def test_the_two_leaders_last_call_is_another_call_with_its_month() -> None:
    text = (
        "BERLIN, Nov 15, 2024 - Olaf Scholz and Vladimir Putin held a phone call on Friday. "
        "The two leaders last spoke by telephone in December 2022."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [(sorted(p.name for p in c.participants), c.date) for c in calls] == [
        (["Olaf Scholz", "Vladimir Putin"], "2024-11-15"),
        (["Olaf Scholz", "Vladimir Putin"], "2022-12"),
    ]


def test_a_slashed_date_where_its_day_and_month_can_be_told_apart() -> None:
    anchor = dt.date(2024, 9, 13)
    assert resolve_first("received a phone call on Friday 16/8/2024 from", anchor) == "2024-08-16"
    assert resolve_first("a call on 8/16/2024", anchor) == "2024-08-16"
    assert resolve_first("a call on 5/6/2024", anchor) is None  # May 6 or June 5: not guessed


def test_a_first_conversation_since_a_day_reports_the_call_of_that_day() -> None:
    text = (
        "PARIS, April 16, 2003 - Jacques Chirac telephoned George W. Bush yesterday for their first conversation "
        "since Feb. 7, when France tried to block military action."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [c.date for c in calls] == ["2003-04-15", "2003-02-07"]
    # "since" an event, not a day, reports no other call
    text = "PARIS, April 16, 2003 - Jacques Chirac telephoned George W. Bush for their first call since the war."
    assert len(RulesExtractor().extract(Article(id="t", text=text)).calls) == 1


def test_a_call_for_the_second_day_running_reports_the_call_of_the_day_before() -> None:
    text = (
        "KYIV, July 19, 2014 - Joe Biden spoke by phone for the second day running with Petro Poroshenko on Saturday."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [c.date for c in calls] == ["2014-07-19", "2014-07-18"]


def test_years_ago_give_the_year_only() -> None:
    anchor = dt.date(2002, 9, 11)
    assert resolve_first("One year ago, Putin was one of the first to call Bush", anchor) == "2001"
    assert resolve_first("they last spoke two years ago", anchor) == "2000"
    assert resolve_first("a call last year", anchor) == "2001"


def test_a_datelines_day_just_before_the_editions_date_is_the_reports_day() -> None:
    text = "Saturday, February 3, 2001\n\nNew Delhi, February 2: Musharraf called up Vajpayee this evening."
    assert find_anchor(text) == dt.date(2001, 2, 2)
    assert find_anchor("TOKYO, Dec. 21 (Kyodo) - Abe phoned Moon.", "2018-12-21") == dt.date(2018, 12, 21)
    # a dateline days before the edition is another story's day, not this one's
    assert find_anchor("LONDON, May 5 - Blair phoned Bush.", "2001-05-10") == dt.date(2001, 5, 10)


def test_a_first_conversation_since_a_month_in_the_next_sentence_reports_a_call_of_that_month() -> None:
    text = (
        "MOSCOW, December 30, 1998 - Boris Yeltsin chided Bill Clinton over Iraq in a phone call on Wednesday. "
        "But in their first conversation since October, the two leaders also agreed on the need to build ties."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [c.date for c in calls] == ["1998-12-30", "1998-10"]


def test_a_call_the_leaders_had_is_dated_by_the_report_but_one_they_had_held_before_is_not() -> None:
    anchor = dt.date(2020, 8, 24)
    text = "Vladimir Putin had a telephone conversation with President of Belarus Alexander Lukashenko."
    assert report_day([text], anchor) == "2020-08-24"
    assert report_day(["Putin had spoken by telephone with Lukashenko."], anchor) is None


def test_a_sentence_opening_on_the_call_takes_the_day_of_the_sentence_before() -> None:
    rules = RulesExtractor()
    text = (
        "SEOUL, Dec. 8, 2019 (Yonhap) -- Moon Jae-in and Donald Trump agreed Saturday that dialogue must go on.\n"
        "During half-hour phone talks, they also agreed that the situation is severe."
    )
    (call,) = rules.extract(Article(id="t", text=text, published="2019-12-08"), report_dates=False).calls
    assert call.date == "2019-12-07"
    other = text.replace("agreed Saturday", "agreed last Saturday")  # another time: not the call's day
    (call,) = rules.extract(Article(id="t", text=other, published="2019-12-08"), report_dates=False).calls
    assert call.date is None
