"""Call triggers and decoys, one family at a time (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.decoys import is_decoy
from llmextract.tasks.calls.rules.patterns import find_triggers, has_call_word


def calls(rules: RulesExtractor, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    return rules.extract(Article(id="t", text=text, published=published)).calls


def names(call) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in call.participants}


@pytest.mark.parametrize(
    "text",
    [
        "French President Emmanuel Macron called German Chancellor Olaf Scholz on Monday.",
        "Canadian Prime Minister Justin Trudeau phoned Mexican President Claudia Sheinbaum.",
        "Japanese Prime Minister Fumio Kishida telephoned South Korean President Yoon Suk Yeol.",
        "Angela Merkel spoke by phone with Vladimir Putin about gas supplies.",
        "Joe Biden spoke to Narendra Modi over the phone about climate.",
        "Olaf Scholz talked on the phone with Xi Jinping for an hour.",
        "Emmanuel Macron had a phone call with Volodymyr Zelensky.",
        "Rishi Sunak held a telephone conversation with Giorgia Meloni.",
        "Xi Jinping and Lula held phone talks on trade.",
        "Vladimir Putin received a call from Recep Tayyip Erdogan.",
        "Xi Jinping and Joe Biden held a video call on Taiwan.",
        "Shinzo Abe and Narendra Modi held a videoconference on security.",
        "Olaf Scholz and Cyril Ramaphosa spoke via video link on Tuesday.",
        "Giorgia Meloni was called by Javier Milei about the summit.",
        "Obama Calls Putin",
        "Readout of President Joseph R. Biden, Jr. Call with Prime Minister Justin Trudeau of Canada",
        "Narendra Modi conveyed to his Australian counterpart Scott Morrison over the telephone that ties matter.",
        "Ankara, Turkish President Recep Tayyip Erdogan discussed over phone with Vladimir Putin the ceasefire.",
        "Fumio Kishida and Yoon Suk Yeol expressed hope to meet in person as they spoke by phone on Friday.",
    ],
)
def test_verbal_nominal_passive_and_headline_forms_are_calls(rules: RulesExtractor, text: str) -> None:
    found = calls(rules, text)
    assert len(found) == 1, text
    assert len(found[0].participants) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Joe Biden called for an immediate ceasefire in the region.",
        "Emmanuel Macron called on Vladimir Putin to withdraw his troops.",
        "Donald Trump called it a great day for the country.",
        "Angela Merkel criticised the so-called peace plan presented by Vladimir Putin.",
        "Donald Trump called Kim Jong Un a rocket man at the rally.",
        "Vladimir Putin sent a letter to Joe Biden about arms control.",
        "Xi Jinping sent a message of congratulations to Cyril Ramaphosa.",
        "Narendra Modi sent a telegram of condolences to Recep Tayyip Erdogan.",
        "Joe Biden met Vladimir Putin in Geneva for talks on Wednesday.",
        "Joe Biden will call Xi Jinping next week.",
        "Emmanuel Macron plans to call Vladimir Putin after the summit.",
        "Olaf Scholz and Emmanuel Macron agreed to speak again by phone soon.",
        "Joe Biden and Xi Jinping are expected to talk by phone on Friday.",
        "Justin Trudeau is due to hold a phone call with Joe Biden on Monday.",
        "Vladimir Putin did not speak by phone with Joe Biden this week.",
        "The Kremlin denied that Vladimir Putin had spoken by phone with Donald Trump.",
        'Asked about a call between Putin and Biden, Dmitry Peskov said: "There was no conversation."',
        "Boris Johnson held a conference call with journalists about Hong Kong.",
        "Donald Trump said he talks by phone with Xi Jinping all the time.",
        "A phone conversation between Vladimir Putin and Pope Francis is not planned for Monday, the Kremlin said.",
        "Angela Merkel's spokesman said such telephone conversations with Donald Trump are confirmed afterwards.",
        "Narendra Modi refused to attend President Donald Trump’s phone calls at least four times.",
        "Antonio Guterres asked to speak to Benjamin Netanyahu, and until now that phone call has not been received.",
        "It means Donald Trump and Kim Jong Un can talk on the phone whenever needed, an official said.",
        "It is said that Narendra Modi suffers from a trauma trigger called Trump, the paper wrote.",
        "Antonio Guterres said Benjamin Netanyahu ignored him. He has been talking to other people by phone.",
        "Cyril Ramaphosa is expecting a phone call from Joe Biden this afternoon.",
        "'Emmerson Mnangagwa ignoring Thabo Mbeki's phone calls'",
        "Despite talk of Joe Biden's intention to organize a phone call with Vladimir Putin, nothing is set.",
        "Shinzo Abe grew close to Donald Trump, playing golf and engaging in frequent phone calls.",
        "Donald Trump insisted Xi Jinping had called him, despite Beijing denying there had been any contact.",
        "Rodrigo Duterte, Joko Widodo phone call to focus on terrorism",
        "Dmytro Kuleba says preparations for the first phone call between Volodymyr Zelensky and Joe Biden are "
        "underway.",
        "The date for the first phone talk between Volodymyr Zelensky and Joe Biden has not yet been fixed.",
        "Yulia Tymoshenko telephoned Viktor Yushchenko by the government line. She said nobody answered her call.",
        "Paul Martin had called George W. Bush on Tuesday, but Bush did not return the call until Saturday.",
        "Ed Royce credited sanctions for getting the Iranian leader on the phone with Barack Obama.",
    ],
)
def test_decoys_are_not_calls(rules: RulesExtractor, text: str) -> None:
    assert calls(rules, text) == []


def test_readout_titles_without_a_possessive_report_a_call() -> None:
    for title in ["PM call with President Zelenskyy: 10 November 2022", "Readout of President Biden Call with Lula"]:
        assert [t.kind for t in find_triggers(title)] == ["call_with"], title
    assert find_triggers("Volunteers answer call with Pride") == []  # lower case, no determiner: no title


def test_decoy_reasons() -> None:
    sentence = "Joe Biden will call Xi Jinping next week."
    trig = find_triggers("Joe Biden will have a phone call with Xi Jinping.")[0]
    assert is_decoy("Joe Biden will have a phone call with Xi Jinping.", trig) == "planned"
    trig = find_triggers("Biden did not have a phone call with Xi.")[0]
    assert is_decoy("Biden did not have a phone call with Xi.", trig) == "negated"
    assert find_triggers(sentence) == []  # "call" in the base form is never a report


def test_a_first_sentence_with_a_verb_of_its_own_is_a_call_and_call_words_are_found(rules: RulesExtractor) -> None:
    text = "Joe Biden and Justin Trudeau exchanged greetings in a phone call to mark the end of the year."
    assert len(calls(rules, text)) == 1
    assert has_call_word("They SPOKE by Telephone") and not has_call_word("They met in Paris.")


def test_trigger_kinds() -> None:
    kinds = {t.kind for t in find_triggers("Putin was called by Macron, who later phoned Scholz.")}
    assert {"passive", "verb"} <= kinds
    video = find_triggers("The leaders held talks via video link.")
    assert len(video) == 1 and video[0].video
    plural = find_triggers("Putin held telephone conversations with Lukashenko and Tokayev.")
    assert plural[0].plural


def test_medium_video_vs_phone(rules: RulesExtractor) -> None:
    (video,) = calls(rules, "Xi Jinping and Olaf Scholz held a video call on climate.")
    (phone,) = calls(rules, "Xi Jinping and Olaf Scholz held a phone call on climate.")
    assert video.medium == "video"
    assert phone.medium == "phone"


def test_evidence_is_the_matched_sentence(rules: RulesExtractor) -> None:
    text = "Markets rose. Justin Trudeau phoned Joe Biden on trade. Oil fell."
    (call,) = calls(rules, text)
    assert call.evidence == ["Justin Trudeau phoned Joe Biden on trade."]
    assert all(e in text for e in call.evidence)
