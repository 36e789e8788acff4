"""Counterparts the actor dictionary lacks: a separate call with one of them is not another account of a call the
rules found (so the hybrid asks the model about it); a name after "Mr." and before its office, after a known person
and "and", after an office of a place or a country's possessive is a person; a quoted leader's "I held phone
discussions with A and B" is a call with each. And what is no call: a courtesy call (a visit), a summit a headline
"sets" (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.backends.hybrid import unreported_sentences
from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.sentences import split_sentences
from llmextract.tasks.calls.rules.verify import reports_call

FIRST = "President Ann Example held a phone call with Algerian President Abdelmadjid Tebboune on Sunday."


def no_one(sentence: str) -> list[tuple[int, int]]:
    """A test double for the recogniser that finds no one: only the rules' own patterns name people."""
    return []


def calls_of(extractor: RulesExtractor, text: str) -> list[list[str]]:
    calls = extractor.extract(Article(id="t", text=text, published="2024-03-31")).calls
    return [sorted(p.name for p in call.participants) for call in calls]


@pytest.mark.parametrize(
    "other",
    [
        "Example held a separate phone call with Qorbanov Zhelmatuly, the national leader of the Steppe people.",
        "Example also had a telephone conversation with Qorbanov Zhelmatuly, the chairman of the People's Council.",
    ],
)
def test_a_separate_call_with_an_unknown_counterpart_is_not_evidence_of_the_found_call(other: str) -> None:
    article = Article(id="separate", text=f"{FIRST} {other}")
    calls = RulesExtractor().extract(article).calls
    assert [sorted(p.name for p in c.participants) for c in calls] == [["Abdelmadjid Tebboune", "Ann Example"]]
    assert calls[0].evidence == [FIRST]
    assert unreported_sentences(article, calls) == [other]


def test_a_further_account_of_the_found_call_is_still_its_evidence() -> None:
    more = "Example said during the phone call that Algiers would keep working for a ceasefire."
    article = Article(id="same", text=f"{FIRST} {more}")
    calls = RulesExtractor().extract(article).calls
    assert len(calls) == 1
    assert unreported_sentences(article, calls) == []


def test_a_courtesy_title_before_a_name_and_its_office_after_it_still_name_a_person() -> None:
    text = "Modi spoke with Mr. Dorje Wangmo, Prime Minister of Bhutan, and Ms. Rina Shrestha, President of Nepal."
    found = {(m.name, m.title) for m in ActorDB().find_mentions(text)}
    assert {("Dorje Wangmo", "Prime Minister of Bhutan"), ("Rina Shrestha", "President of Nepal")} <= found


def test_a_bracketed_abbreviation_does_not_end_the_sentence() -> None:
    text = "Modi spoke with Mr. Lyonchhen (Dr.) Dorje Wangmo, Prime Minister of Bhutan, on Monday."
    assert [s.text for s in split_sentences(text)] == [text]


def test_the_office_of_a_state_written_in_full_gives_the_role_and_country() -> None:
    emir = "Sabah Al Ahmed Al Jabir al-Sabah"

    def finds_the_emir(sentence: str) -> list[tuple[int, int]]:
        """A test double for the recogniser: it names the emir wherever he occurs."""
        start = sentence.find(emir)
        return [] if start < 0 else [(start, start + len(emir))]

    text = f"Sultan Haitham bin Tariq today phoned Sheikh {emir}, Emir of the State of Kuwait."
    (call,) = RulesExtractor(finds_the_emir).extract(Article(id="t", text=text)).calls
    assert [(p.role, p.country) for p in call.participants if p.name == emir] == [("Emir of Kuwait", "KW")]


def test_the_family_name_after_a_name_the_dictionary_knows_is_not_another_person() -> None:
    text = (
        "Foreign Minister Shah Mahmood Qureshi received a telephonic call from Prince Faisal bin Farhan Al Saud, "
        "Foreign Minister of the Kingdom of Saudi Arabia."
    )
    assert "Al Saud" not in {m.name for m in ActorDB().find_mentions(text)}


@pytest.mark.parametrize(
    "text,counterparts",
    [
        (
            "Abiy Ahmed held phone discussions with Antonio Guterres and Moussa Faki Mahamat on current issues.",
            ["Antonio Guterres", "Moussa Faki Mahamat"],
        ),
        (
            "Rishi Sunak called the First Minister of Scotland, Ailsa Brodie and Rhys Morgan, First Minister of Wales.",
            ["Ailsa Brodie", "Rhys Morgan"],
        ),
        (
            "In separate phone conversations with Turkmenistan's Gurbanguly Berdimuhamedow and Uzbek President Shavkat "
            "Mirziyoyev, Recep Tayyip Erdogan discussed regional issues.",
            ["Gurbanguly Berdimuhamedow", "Shavkat Mirziyoyev"],
        ),
    ],
)
def test_names_the_recogniser_missed_in_a_list_of_counterparts_are_each_a_call(
    text: str, counterparts: list[str]
) -> None:
    calls = calls_of(RulesExtractor(no_one), text)
    assert sorted(name for call in calls for name in call if name in counterparts) == counterparts
    assert len(calls) == len(counterparts)


def test_a_headline_verb_after_and_is_not_a_name() -> None:
    text = "Bush Phones Kim Dae-jung and Urges Him to Continue Talks"
    assert calls_of(RulesExtractor(no_one), text) == [["George W. Bush", "Kim Dae-jung"]]


def test_a_quoted_leaders_phone_discussions_with_two_people_are_a_call_with_each() -> None:
    text = (
        "Prime Minister Abiy Ahmed today discussed with UN Secretary General Antonio Guterres and African Union "
        "Commission Chairperson Moussa Faki Mahamat. “I have held productive phone discussions with Antonio Guterres "
        "and Moussa Faki Mahamat on current issues,” Abiy said."
    )
    assert calls_of(RulesExtractor(no_one), text) == [
        ["Abiy Ahmed", "Antonio Guterres"],
        ["Abiy Ahmed", "Moussa Faki Mahamat"],
    ]


def test_a_telephone_conversation_with_two_leaders_is_one_call_with_both(rules: RulesExtractor) -> None:
    text = "Vladimir Putin had a telephone conversation with Chancellor Angela Merkel and President Francois Hollande."
    assert calls_of(rules, text) == [["Angela Merkel", "Francois Hollande", "Vladimir Putin"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "Prime Minister Anwar Ibrahim today received four courtesy calls, including a visit from a scholar.",
        "Australian PM Sets Virtual Summit With India's Modi",
        "The two leaders' aides schedule a phone call between Biden and Xi.",
    ],
)
def test_a_courtesy_call_or_a_call_being_set_up_is_no_call(sentence: str, rules: RulesExtractor) -> None:
    assert reports_call(sentence) is not None
    assert calls_of(rules, sentence) == []
