"""The hybrid backend: rules first; the model asked about topics of the calls rules found, and about articles
where rules found none (its calls checked by the rules). The model here is FakeOpenAIServer, a test double."""

from __future__ import annotations

import asyncio
import json

from llmextract.backends import answer_model, open_backend, per_call_model
from llmextract.backends.hybrid import (
    WINDOW_MAX_CHARS,
    HybridBackend,
    call_passage,
    call_window,
    calls_of_window,
    merge_outcomes,
    merge_sources,
    merge_topics,
    missed_calls,
    unreported_sentences,
)
from llmextract.config import Settings
from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.verify import check_call
from llmextract.tasks.calls.schema import CallDetails, CallTopics, Extraction, WindowCalls
from llmextract.testing import FakeOpenAIServer, Reply

RULES_FIND_IT = Article(
    id="found",
    text="MOSCOW, 5 March 2021 - Russian President Vladimir Putin spoke by phone with French President Emmanuel "
    "Macron on Thursday, the Kremlin said. They discussed Iran's nuclear programme and vaccines.",
)
RULES_MISS_IT = Article(
    id="missed",
    text="DOHA, 16 October 2023 - Qatar's Emir Tamim bin Hamad Al Thani and French President Emmanuel Macron "
    "reviewed the situation in Gaza by telephone on Monday, the Amiri Diwan said.",
)
DECOY = Article(
    id="decoy",
    text="GENEVA - U.N. Secretary-General Antonio Guterres on Thursday called for a humanitarian pause in Sudan.",
)
NO_CALL_WORDS = Article(id="quiet", text="The central bank left interest rates unchanged on Thursday.")

TOPICS = {
    "topics": [
        "Iran's nuclear programme",
        "vaccines",
        "telephone call",
        "Vladimir Putin",
        "weather on Mars",
        "Angela Merkel",
    ]
}


def model_answer(article: Article, evidence: str) -> dict:
    names = ["Tamim bin Hamad Al Thani", "Emmanuel Macron"]
    if article is DECOY:
        names = ["Antonio Guterres", "Abdel Fattah al-Burhan"]
    return {"calls": [{"participants": [{"name": n} for n in names], "date": "2023-10-20", "evidence": [evidence]}]}


def script(number: int, body: dict) -> Reply:
    """Answer the topics question or the extraction question, by the tool the request asks for."""
    tool = body["tools"][0]["function"]["name"]
    if tool == "CallTopics":
        return Reply(answer=TOPICS)
    if tool == "CallDetails":
        return Reply(answer={**TOPICS, "outcomes": ["agreed to meet in Geneva"], "reported_by": ["Kremlin"]})
    if tool == "WindowCalls":
        return Reply(answer={"calls": [{"participants": ["Vladimir Putin", "Emmanuel Macron"], "placed_by": None}]})
    user = body["messages"][-1]["content"]
    if RULES_MISS_IT.text in user:
        return Reply(answer=model_answer(RULES_MISS_IT, "reviewed the situation in Gaza by telephone on Monday"))
    return Reply(answer=model_answer(DECOY, "Guterres on Thursday called for a humanitarian pause in Sudan."))


def run(articles, **prompts):
    """The hybrid against a fake model server (a test double); by default with the earlier questions, the
    whole-article extraction (calls_v1), topics only (topics_v2) and no question about unreported sentences,
    which these tests specify."""
    prompts = {"prompt": "calls_v1", "topics_prompt": "topics_v2", "focus_prompt": "none", **prompts}
    with FakeOpenAIServer(script) as server:
        settings = Settings(
            backend="hybrid", base_url=server.base_url, model="fake", api_key="k", max_retries=0, **prompts
        )

        async def go():
            async with open_backend(settings, announce=lambda m: None) as backend:
                assert isinstance(backend, HybridBackend)
                return [await backend.extract(a) for a in articles]

        outcomes = asyncio.run(go())
        return outcomes, [json.loads(json.dumps(r)) for r in server.requests]


def test_a_call_the_rules_find_keeps_their_fields_and_gains_the_models_new_topics_from_the_article():
    (outcome,), requests = run([RULES_FIND_IT])
    assert len(requests) == 1 and requests[0]["tools"][0]["function"]["name"] == "CallTopics"
    assert "The call: Vladimir Putin and Emmanuel Macron, 2021-03-04" in requests[0]["messages"][-1]["content"]
    (call,) = outcome.extraction.calls
    assert call.date == "2021-03-04" and {p.name for p in call.participants} == {"Vladimir Putin", "Emmanuel Macron"}
    assert "vaccines" in call.topics and "Iran's nuclear programme" in " ".join(call.topics)
    # about the call itself, a person, or not in the article: dropped
    assert not {"telephone call", "Vladimir Putin", "weather on Mars", "Angela Merkel"} & set(call.topics)
    assert outcome.usage.requests == 1


def test_where_rules_find_nothing_the_models_call_is_kept_when_its_evidence_reports_a_call():
    (outcome,), requests = run([RULES_MISS_IT])
    assert requests[0]["tools"][0]["function"]["name"] == "Extraction"
    (call,) = outcome.extraction.calls
    assert call.date == "2023-10-16"  # re-read from the sentence and the dateline, not the model's guess
    assert {p.name for p in call.participants} == {"Tamim bin Hamad Al Thani", "Emmanuel Macron"}


def test_an_article_whose_sentences_report_no_call_costs_no_request():
    """A decoy ("called for") and an article without call words alike: the rules' own test finds no sentence
    reporting a call, so the model is not asked (the rules' check drops a model's call on a decoy anyway)."""
    (decoy, quiet), requests = run([DECOY, NO_CALL_WORDS])
    assert decoy.extraction.calls == [] and decoy.usage.requests == 0
    assert quiet.extraction.calls == [] and quiet.usage.requests == 0
    assert requests == []


def test_merge_topics_adds_only_new_grounded_topics_up_to_the_limit():
    text = "They discussed trade, the war in Syria and counter-terrorism cooperation by telephone."
    new = ["war in Syria", "trade", "counter-terrorism cooperation", "phone call", "20 minutes", "Syria peace talks"]
    merged = merge_topics(["Syria"], new, text + " The Syria peace talks.")
    assert merged == ["Syria", "trade", "counter-terrorism cooperation"]  # "Syria peace talks" shares "Syria"
    assert merge_topics([], ["nuclear talks"], "They held nuclear talks.") == ["nuclear talks"]
    assert merge_topics([], ["trade"] * 3 + ["Syria"], text, limit=1) == ["trade"]


def test_merge_topics_adds_at_most_max_new_topics_in_the_models_order():
    text = "They discussed trade, energy, Syria, Iran and Belarus."
    new = ["trade", "energy", "Syria", "Iran", "Belarus"]
    assert merge_topics(["Syria"], new, text) == ["Syria", "trade", "energy", "Iran"]  # three new, the default
    assert merge_topics([], new, text, max_new=1) == ["trade"]
    assert merge_topics([], ["", "trade", "energy"], text, max_new=1) == ["trade"]  # a dropped topic costs nothing


def test_merge_topics_drops_foreign_script_own_countries_and_the_call_itself():
    text = "Erdogan and Putin discussed Syria, the border of Turkey and support for the Palestinian people by phone."
    new = [
        "support for the Palestinian人民",  # letters of a script the article does not use
        "Turkey",  # a participant's own country is not a subject
        "agree to continue cooperation during phone call",  # about the call
        "Syria",
        "border of Turkey",
    ]
    assert merge_topics([], new, text, countries=["TR", "RU"], max_new=6) == ["Syria", "border of Turkey"]
    assert merge_topics([], ["Turkey"], text, countries=["US"]) == ["Turkey"]  # another country is a subject
    cyrillic = "Путин и Эрдоган обсудили Сирию."
    assert merge_topics([], ["Сирию"], cyrillic) == ["Сирию"]  # the article's own script is fine


def test_the_passage_for_a_call_starts_at_its_report_and_is_bounded():
    article = Article(
        id="p",
        text="Headline about markets.\nStocks fell on Monday. Merkel phoned Macron on Tuesday. They discussed "
        "Belarus and vaccines. " + "Filler sentence here. " * 200,
    )
    from llmextract.tasks.calls.schema import Call

    call = Call.model_validate(
        {"participants": [{"name": "Angela Merkel"}, {"name": "Emmanuel Macron"}],
         "evidence": ["Merkel phoned Macron on Tuesday."]}
    )  # fmt: skip
    passage = call_passage(article, call)
    assert passage.startswith("Merkel phoned Macron on Tuesday. They discussed Belarus and vaccines.")
    assert len(passage) <= 1500
    elsewhere = call.model_copy(update={"evidence": ["A passage that is not in the article at all."]})
    assert call_passage(article, elsewhere).startswith("Headline about markets.")


TWO_CALLS = Article(
    id="two",
    text="BERLIN, 5 March 2021 - German Chancellor Angela Merkel spoke by phone with French President Emmanuel "
    "Macron on Thursday about vaccines, her spokesman said.\nOn Friday Russian President Vladimir Putin phoned "
    "Turkish President Recep Tayyip Erdogan to discuss Syria, the Kremlin said.",
)


def test_every_call_the_rules_find_gets_its_own_topics_question_and_the_usage_is_summed():
    (outcome,), requests = run([TWO_CALLS])
    assert len(outcome.extraction.calls) == 2 and len(requests) == 2
    assert outcome.usage.requests == 2 and outcome.usage.prompt_tokens == 200
    asked = [r["messages"][-1]["content"].split("The call: ")[1].splitlines()[0] for r in requests]
    assert any("Macron" in a for a in asked) and any("Erdogan" in a for a in asked)


LIST_OF_CALLS = Article(
    id="list",
    text="WASHINGTON, 12 September 2001 - President George W. Bush spoke by phone with British Prime Minister "
    "Tony Blair, French President Jacques Chirac and German Chancellor Gerhard Schroeder on Wednesday about vaccines.",
)


def test_the_calls_of_one_list_share_one_question_and_each_gets_its_answer():
    (outcome,), requests = run([LIST_OF_CALLS])
    assert len(outcome.extraction.calls) == 3
    assert len(requests) == 1 and outcome.usage.requests == 1  # one passage, one question
    assert all("vaccines" in call.topics for call in outcome.extraction.calls)


RESULT = "An agreement was reached to set up a joint working group, and Germany was mentioned."
ONE_CALL_WITH_A_RESULT = Article(id="one-result", text=RULES_FIND_IT.text + " " + RESULT)
LIST_WITH_A_RESULT = Article(id="list-result", text=LIST_OF_CALLS.text.replace("German ", "Germany's ") + " " + RESULT)


def details(number: int, body: dict) -> Reply:
    """The details question answered with an outcome and a country as a topic; the rest as :func:`script`."""
    if body["tools"][0]["function"]["name"] == "CallDetails":
        answer = {"topics": ["Germany", "working group"], "outcomes": ["agreed to set up a joint working group"]}
        return Reply(answer={**answer, "reported_by": []})
    return script(number, body)


def test_a_models_outcome_goes_to_its_one_call_but_not_to_the_calls_of_a_list_sharing_the_answer():
    """The shared answer does not say which of the list's calls produced it."""
    (one, listed), _ = run_window([ONE_CALL_WITH_A_RESULT, LIST_WITH_A_RESULT], details)
    (call,) = one.extraction.calls
    assert call.outcomes == ["agreed to set up a joint working group"]
    assert len(listed.extraction.calls) == 3 and all(c.outcomes == [] for c in listed.extraction.calls)


def test_a_country_of_someone_on_the_articles_calls_is_not_a_topic_of_any_of_them():
    """ "Germany" is Schroeder's country: it says who was called, also on Bush's call with Blair."""
    (one, listed), _ = run_window([ONE_CALL_WITH_A_RESULT, LIST_WITH_A_RESULT], details)
    assert "Germany" in one.extraction.calls[0].topics  # nobody on the Putin-Macron call is German
    assert all("Germany" not in c.topics and "working group" in c.topics for c in listed.extraction.calls)


def test_the_question_names_the_call_as_the_article_dates_it_and_the_record_gets_the_reports_day():
    """An undated call takes the report's own day, but the model is not told that the article says so."""
    undated = Article(id="undated", text=RULES_FIND_IT.text.replace(" on Thursday", ""))
    (outcome,), requests = run([undated])
    assert "The call: Vladimir Putin and Emmanuel Macron\n" in requests[0]["messages"][-1]["content"]
    assert outcome.extraction.calls[0].date == "2021-03-05"


def test_merge_outcomes_keeps_what_one_sentence_says_was_agreed_not_what_a_leader_stressed():
    text = (
        "The two leaders discussed the importance of a prompt international investigation. "
        "They agreed to hold a summit in Geneva."
    )
    new = ["agreed to a prompt international investigation", "agreed to hold a summit in Geneva"]
    assert merge_outcomes([], new, text) == ["agreed to hold a summit in Geneva"]


def test_a_failed_topics_question_keeps_the_rules_call_with_the_rules_topics():
    def broken(number, body):
        if body["tools"][0]["function"]["name"] in ("CallTopics", "CallDetails"):
            return Reply(answer="not json")
        return script(number, body)

    with FakeOpenAIServer(broken) as server:
        settings = Settings(backend="hybrid", base_url=server.base_url, model="fake", api_key="k", max_retries=0)

        async def go():
            async with open_backend(settings, announce=lambda m: None) as backend:
                return await backend.extract(RULES_FIND_IT)

        outcome = asyncio.run(go())
    (call,) = outcome.extraction.calls
    assert {p.name for p in call.participants} == {"Vladimir Putin", "Emmanuel Macron"}
    assert outcome.usage.requests == 3  # the question and its two re-asks, all counted


def test_without_a_topics_prompt_a_found_call_costs_no_model_time():
    with FakeOpenAIServer(script) as server:
        settings = Settings(backend="hybrid", base_url=server.base_url, model="fake", api_key="k", topics_prompt="none")

        async def go():
            async with open_backend(settings, announce=lambda m: None) as backend:
                assert backend.prompt.name == "calls_window_v1+calls_window_v1"  # the fallback and the focus question
                return await backend.extract(RULES_FIND_IT)

        outcome = asyncio.run(go())
        assert outcome.usage.requests == 0 and not server.requests


def test_the_output_names_every_prompt():
    with FakeOpenAIServer(script) as server:
        settings = Settings(backend="hybrid", base_url=server.base_url, model="fake", api_key="k")

        async def go():
            async with open_backend(settings, announce=lambda m: None) as backend:
                return backend.prompt

        prompt = asyncio.run(go())
    assert prompt.name == "calls_window_v1+details_v1+calls_window_v1" and len(prompt.hash) == 16


# ---------------------------------------------------------------- --focus-prompt: calls the rules missed

SECOND_CALL = Article(
    id="second",
    text="Riyadh, October 11, 2023, SPA -- His Royal Highness Prince Mohammed bin Salman, Crown Prince and Prime "
    "Minister, received a phone call today from President Ebrahim Raisi of Iran.\n\nDuring the call, they discussed "
    "the escalation in Gaza.\n\nAlso today, HRH spoke by telephone with President Abdel Fattah "
    "al-Sisi of the Arab Republic of Egypt. The two sides reviewed bilateral relations.",
)
SECOND = "Also today, HRH spoke by telephone with President Abdel Fattah al-Sisi of the Arab Republic of Egypt."


def focus_script(number: int, body: dict) -> Reply:
    tool = body["tools"][0]["function"]["name"]
    if tool == "CallTopics":
        return Reply(answer={"topics": []})
    names = ["Mohammed bin Salman", "Abdel Fattah al-Sisi"]
    call = {"participants": [{"name": n} for n in names], "date": "2023-10-01", "evidence": ["(not copied)"]}
    return Reply(answer={"calls": [call]})


def run_focus(articles, focus_prompt="call_focus_v1"):
    with FakeOpenAIServer(focus_script) as server:
        settings = Settings(backend="hybrid", base_url=server.base_url, model="fake", api_key="k", max_retries=0,
                            prompt="calls_v1", topics_prompt="topics_v2", focus_prompt=focus_prompt)  # fmt: skip

        async def go():
            async with open_backend(settings, announce=lambda m: None) as backend:
                return backend, [await backend.extract(a) for a in articles]

        backend, outcomes = asyncio.run(go())
        return backend, outcomes, [json.loads(json.dumps(r)) for r in server.requests]


def test_with_a_focus_prompt_a_sentence_reporting_a_call_the_rules_missed_is_asked_about_and_its_call_kept():
    backend, (outcome,), requests = run_focus([SECOND_CALL])
    assert [r["tools"][0]["function"]["name"] for r in requests] == ["CallTopics", "Extraction"]
    assert f"Marked sentence: {SECOND}" in requests[1]["messages"][-1]["content"]
    first, second = outcome.extraction.calls
    assert {p.name for p in first.participants} == {"Mohammed bin Salman", "Ebrahim Raisi"}
    assert {p.name for p in second.participants} == {"Mohammed bin Salman", "Abdel Fattah al-Sisi"}
    assert second.evidence == [SECOND]  # the sentence asked about, whatever the model copied
    assert second.date != "2023-10-01"  # re-read from the sentence by the rules, never the model's guess
    assert outcome.usage.requests == 2
    assert backend.prompt.name == "calls_v1+topics_v2+call_focus_v1"


def test_without_a_focus_prompt_only_the_per_call_question_is_asked():
    backend, (outcome,), requests = run_focus([SECOND_CALL], focus_prompt="none")
    assert [r["tools"][0]["function"]["name"] for r in requests] == ["CallTopics"]
    assert len(outcome.extraction.calls) == 1 and backend.prompt.name == "calls_v1+topics_v2"


def window_script(number: int, body: dict) -> Reply:
    """The window question answers with the call of the sentence the rules missed, and one the text never
    reports (Putin is not in it); the per-call question with no topics."""
    if body["tools"][0]["function"]["name"] == "WindowCalls":
        calls = [
            {"participants": ["Mohammed bin Salman", "Abdel Fattah al-Sisi"], "placed_by": None},
            {"participants": ["Mohammed bin Salman", "Vladimir Putin"], "placed_by": None},
        ]
        return Reply(answer={"calls": calls})
    return Reply(answer={"topics": [], "outcomes": [], "reported_by": []})


def run_window(articles, responder=None):
    """The default hybrid (calls_window_v1 as the focus question) against a fake model server answering as
    ``responder`` (default :func:`window_script`)."""
    with FakeOpenAIServer(responder or window_script) as server:
        settings = Settings(backend="hybrid", base_url=server.base_url, model="fake", api_key="k", max_retries=0)

        async def go():
            async with open_backend(settings, announce=lambda m: None) as backend:
                return [await backend.extract(a) for a in articles]

        return asyncio.run(go()), [json.loads(json.dumps(r)) for r in server.requests]


def test_by_default_the_sentences_reporting_calls_the_rules_did_not_find_are_asked_about_in_one_window():
    (outcome,), requests = run_window([SECOND_CALL])
    tools = [r["tools"][0]["function"]["name"] for r in requests]
    assert tools == ["CallDetails", "WindowCalls", "CallDetails"]  # the rules' call, the window, the new call
    window = requests[1]["messages"][-1]["content"]
    assert SECOND in window and window.index("Text:") < window.index(SECOND)
    first, second = outcome.extraction.calls
    assert {p.name for p in first.participants} == {"Mohammed bin Salman", "Ebrahim Raisi"}
    assert {p.name for p in second.participants} == {"Mohammed bin Salman", "Abdel Fattah al-Sisi"}
    assert second.evidence == [SECOND]  # Putin is not in the article: that call is dropped
    assert outcome.usage.requests == 3


def test_no_window_question_when_the_rules_calls_cover_every_sentence_that_reports_one():
    (outcome,), requests = run_window([RULES_FIND_IT])
    assert [r["tools"][0]["function"]["name"] for r in requests] == ["CallDetails"]
    assert len(outcome.extraction.calls) == 1


def test_the_window_of_unreported_sentences_holds_the_top_and_only_those_sentences():
    window = call_window(SECOND_CALL, only=[SECOND])
    assert window is not None and SECOND in window.text
    assert "Ebrahim Raisi" in window.text  # the article's top two sentences are always in
    assert call_window(SECOND_CALL, only=["a sentence that is not in the article"]) is None


def test_unreported_sentences_are_those_reporting_a_call_outside_the_found_calls_evidence():
    from llmextract.tasks.calls.rules import RulesExtractor

    found = RulesExtractor().extract(SECOND_CALL).calls
    assert unreported_sentences(SECOND_CALL, found) == [SECOND]
    assert len(unreported_sentences(SECOND_CALL, [])) == 2  # with no call found, both sentences report one


def test_a_missed_call_must_pass_the_rules_check_report_in_an_unread_sentence_and_be_new():
    from llmextract.tasks.calls.rules import RulesExtractor
    from llmextract.tasks.calls.schema import Call, Participant

    rules = RulesExtractor()
    have = rules.extract(SECOND_CALL).calls

    def call(*names, evidence=SECOND, date=None):
        return Call(participants=[Participant(name=n) for n in names], date=date, evidence=[evidence])

    new = call("Mohammed bin Salman", "Abdel Fattah al-Sisi")
    again = call("Mohammed bin Salman", "Ebrahim Raisi")  # the rules' call, told again
    elsewhere = call("Mohammed bin Salman", "Abdel Fattah al-Sisi", evidence=have[0].evidence[0])
    kept = missed_calls([new, again, elsewhere, new], have, [SECOND], SECOND_CALL, rules.db)
    assert [{p.name for p in c.participants} for c in kept] == [{"Mohammed bin Salman", "Abdel Fattah al-Sisi"}]


# ---------------------------------------------------------------- the details question and the bounded fallback


def test_the_models_outcomes_are_kept_only_when_they_say_what_the_call_produced_in_the_articles_words():
    text = "They agreed to meet in Rome next month, agreed to set up a working group on energy and stressed unity."
    kept = merge_outcomes(
        ["agreed to meet in Rome next month"],
        [
            "agreed to meet in Rome",  # a near duplicate of the rules' outcome
            "stressed unity",  # said, not produced
            "agreed to set up a working group on energy",
            "signed a treaty on lunar mining",  # not in the article
        ],
        text,
    )
    assert kept == ["agreed to meet in Rome next month", "agreed to set up a working group on energy"]


def test_the_models_source_must_be_credited_in_the_article_and_be_neither_a_participant_nor_an_agency():
    text = "MOSCOW (Reuters) - Putin phoned Erdogan, the Kremlin said. Peskov was also there."
    candidates = ["Reuters", "Vladimir Putin", "White House", "Kremlin", "Peskov"]
    assert merge_sources([], candidates, text, ["Vladimir Putin"]) == ["Kremlin"]  # at most one new source
    hosted = "The White House hosted a state dinner for the emir on Friday. Putin phoned Erdogan on Monday."
    assert merge_sources([], ["White House"], hosted, ["Vladimir Putin"]) == []  # named, but not credited


def test_the_fallback_reads_the_top_and_the_sentences_that_report_a_call():
    filler = " ".join(f"Markets rose on day {i} as traders bought shares." for i in range(40))
    article = Article(
        id="long",
        text=f"Headline about markets\nLONDON, 3 May 2023 - Stocks rose. {filler} The union called for a strike. "
        f"Later, Rishi Sunak phoned Joe Biden about trade. They agreed to talk again. {filler}",
    )
    window = call_window(article)
    assert window is not None and len(window.text) <= WINDOW_MAX_CHARS + 100
    assert window.text == (
        "Headline about markets\nLONDON, 3 May 2023 - Stocks rose.\n"
        "Later, Rishi Sunak phoned Joe Biden about trade.\nThey agreed to talk again."
    )


def test_an_article_where_no_sentence_reports_a_call_takes_no_model_time():
    decoys = Article(id="d", text="The president called for calm. He will call the king next week. A letter was sent.")
    assert call_window(decoys) is None


def test_a_details_prompt_asks_for_outcomes_and_sources_and_a_topics_prompt_for_topics_only():
    assert per_call_model("details_v1") is CallDetails
    assert per_call_model("topics_v2") is CallTopics


def test_the_fallback_answer_names_the_people_and_the_rules_check_fills_the_call():
    window = Article(
        id="w",
        text="Putin holds talks\nMOSCOW, July 3, 2002 - Vladimir Putin spoke by telephone with Murtaza Rakhimov "
        "on Tuesday. He also called for calm.",
        published="2002-07-03",
    )
    answer = WindowCalls.model_validate(
        {"calls": [{"participants": ["Vladimir Putin", "Murtaza Rakhimov"], "placed_by": None, "video": False},
                   {"participants": ["Vladimir Putin", "Somebody Else"], "placed_by": None, "video": False}]}
    )  # fmt: skip
    call, invented = calls_of_window(answer, window)
    assert [p.name for p in call.participants] == ["Vladimir Putin", "Murtaza Rakhimov"]
    assert call.evidence == [
        "MOSCOW, July 3, 2002 - Vladimir Putin spoke by telephone with Murtaza Rakhimov on Tuesday."
    ]
    db = RulesExtractor().db
    verdict = check_call(call, window, db)
    assert verdict.call is not None and verdict.call.date == "2002-07-02"  # the rules read the date off the text
    assert check_call(invented, window, db).call is None  # "Somebody Else" is named nowhere in the article


def test_the_hybrid_fallback_prompt_decides_the_answer_it_asks_for():
    assert answer_model("calls_window_v1") is WindowCalls
    assert answer_model("calls_v1") is Extraction


def test_by_default_the_hybrid_asks_the_details_of_each_call_and_who_was_on_a_call_the_rules_missed():
    (found, _), requests = run([RULES_FIND_IT, RULES_MISS_IT], prompt=None, topics_prompt="details_v1")
    tools = [r["tools"][0]["function"]["name"] for r in requests]
    assert tools[0] == "CallDetails" and "WindowCalls" in tools
    assert found.extraction.calls[0].topics and found.usage.requests == 1


def test_a_window_sentence_longer_than_a_passage_is_clipped_to_a_verbatim_start():
    long = "Joe Biden spoke by phone with Emmanuel Macron about " + ", ".join(["energy and trade"] * 40) + "."
    window = Article(id="w", text="Headline.\n" + long)
    answer = WindowCalls.model_validate({"calls": [{"participants": ["Joe Biden", "Emmanuel Macron"]}]})
    (call,) = calls_of_window(answer, window)
    (evidence,) = call.evidence
    assert len(long) > 500 >= len(evidence) and long.startswith(evidence)
