"""The recogniser adds the people the actor dictionary lacks, in the sentences that report a call."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.ner import load_person_finder

TEXT = "Vladimir Putin spoke by telephone with Murtaza Rakhimov and discussed emergency aid, the Kremlin said."


def finder_double(sentence: str) -> list[tuple[int, int]]:
    """A test double for the recogniser: it names 'Murtaza Rakhimov' wherever he occurs."""
    start = sentence.find("Murtaza Rakhimov")
    return [] if start < 0 else [(start, start + len("Murtaza Rakhimov"))]


def names(extractor: RulesExtractor, text: str) -> list[set[str]]:
    calls = extractor.extract(Article(id="t", text=text, published="2002-07-02")).calls
    return [{p.name for p in call.participants} for call in calls]


def test_without_a_recogniser_a_person_with_no_title_is_not_found() -> None:
    assert names(RulesExtractor(), TEXT) == []


def test_a_recognised_person_in_a_call_slot_joins_the_call() -> None:
    assert names(RulesExtractor(finder_double), TEXT) == [{"Vladimir Putin", "Murtaza Rakhimov"}]


def test_a_recognised_person_after_between_joins_the_call() -> None:
    text = "A phone conversation between Murtaza Rakhimov and Vladimir Putin took place on Monday."
    assert names(RulesExtractor(finder_double), text) == [{"Vladimir Putin", "Murtaza Rakhimov"}]


def test_a_recognised_aide_or_a_headline_phrase_is_not_a_participant() -> None:
    def aide(sentence: str) -> list[tuple[int, int]]:
        start = sentence.find("Ben Rhodes")
        return [(start, start + len("Ben Rhodes"))] if start >= 0 else []

    text = "Barack Obama spoke by phone with Angela Merkel, Ben Rhodes, a deputy adviser, said."
    assert names(RulesExtractor(aide), text) == [{"Barack Obama", "Angela Merkel"}]


@pytest.mark.skipif(load_person_finder() is None, reason="spaCy or en_core_web_sm is not installed (the ner extra)")
def test_the_real_recogniser_finds_a_leader_the_dictionary_lacks() -> None:
    text = "Anwar Ibrahim had a phone call with Ahmad Zahid Hamidi on Saturday."
    assert names(RulesExtractor(), text) == []
    assert names(RulesExtractor(load_person_finder()), text) == [{"Anwar Ibrahim", "Ahmad Zahid Hamidi"}]


@pytest.mark.skipif(load_person_finder() is None, reason="spaCy or en_core_web_sm is not installed (the ner extra)")
def test_a_headlines_verb_is_not_part_of_the_name_before_it() -> None:
    finder = load_person_finder()
    assert finder is not None
    headline = "Pope Francis Makes Telephone Call to Italian President"
    assert all(not headline[start:end].endswith("Makes") for start, end in finder(headline))


def test_a_recognised_person_after_a_lower_case_leaders_title_joins_the_call() -> None:
    def arafat(sentence: str) -> list[tuple[int, int]]:
        start = sentence.find("Yasser Arafat")
        return [(start, start + len("Yasser Arafat"))] if start >= 0 else []

    text = "Egyptian President Hosni Mubarak on Friday had phone talks with Palestinian leader Yasser Arafat."
    assert names(RulesExtractor(arafat), text) == [{"Hosni Mubarak", "Yasser Arafat"}]


def finder_of(*people: str):  # type: ignore[no-untyped-def]
    """A test double for the recogniser that names each of ``people`` wherever they occur."""

    def find(sentence: str) -> list[tuple[int, int]]:
        return [(sentence.find(p), sentence.find(p) + len(p)) for p in people if p in sentence]

    return find


def test_a_list_after_a_title_with_its_country_or_a_comma_joins_the_calls() -> None:
    text = "Colin Powell worked the telephones, calling Vicente Fox and the amir of Bahrain Kalifia Hamad."
    found = names(RulesExtractor(finder_of("Kalifia Hamad")), text)
    assert found == [{"Colin Powell", "Vicente Fox"}, {"Colin Powell", "Kalifia Hamad"}]
    text = (
        "Boris Johnson spoke to Joe Biden on Tuesday in a telephone call. The German chancellor, Angela Merkel, "
        "and Irish taoiseach, Micheal Martin, said they had also received a call on Tuesday."
    )
    found = names(RulesExtractor(finder_of("Micheal Martin")), text)
    assert found == [{"Boris Johnson", "Joe Biden"}, {"Angela Merkel", "Joe Biden"}, {"Micheal Martin", "Joe Biden"}]


def test_names_in_a_credit_line_are_not_a_list_of_counterparts() -> None:
    text = (
        "Barack Obama, Readout of the President's Calls with Prime Minister David Cameron Online by Gerhard "
        "Peters and John T. Woolley, The American Presidency Project"
    )
    found = names(RulesExtractor(finder_of("Gerhard Peters", "John T. Woolley")), text)
    assert found == [{"Barack Obama", "David Cameron"}]


def test_a_first_name_after_a_title_stands_for_one_person_only_when_no_other_name_has_it() -> None:
    text = (
        "King Salman received calls from Arab leaders including President Ismail Omar Guelleh of Djibouti and "
        "President Omar bin Hasan Albashir of Sudan."
    )
    found = names(RulesExtractor(finder_of("Omar bin Hasan Albashir")), text)
    # "Omar" is not read as Albashir inside "Ismail Omar Guelleh"
    assert found == [
        {"Salman bin Abdulaziz", "Ismail Omar Guelleh"},
        {"Salman bin Abdulaziz", "Omar bin Hasan Albashir"},
    ]


def test_the_first_words_of_a_name_the_dictionary_knows_are_not_another_person() -> None:
    # the recogniser reads "Atal Behari" apart from "Vajpayee", which the dictionary knows (spelt "Bihari")
    text = "New Delhi - General Pervez Musharraf called up Prime Minister Atal Behari Vajpayee this evening."
    found = names(RulesExtractor(finder_of("Pervez Musharraf", "Atal Behari")), text)
    assert found == [{"Pervez Musharraf", "Atal Bihari Vajpayee"}]


def test_an_arabic_article_before_a_last_name_and_a_head_before_a_comma_vouch_for_people() -> None:
    abadi = "President Obama called Dr. Haider al-Abadi today to congratulate him."
    assert names(RulesExtractor(finder_of("Haider al-Abadi")), abadi) == [{"Barack Obama", "Haider al-Abadi"}]
    yunus = (
        "Malaysian Prime Minister Anwar Ibrahim assured Bangladesh of help during a phone call with the interim "
        "administration's head, Muhammad Yunus."
    )
    found = names(RulesExtractor(finder_of("Anwar Ibrahim", "Muhammad Yunus")), yunus)
    assert found == [{"Anwar Ibrahim", "Muhammad Yunus"}]


def test_a_datelines_place_is_no_person_and_shaikh_is_a_title() -> None:
    text = (
        "Abu Dhabi: His Highness Shaikh Mohammad Bin Zayed Al Nahyan, Abu Dhabi Crown Prince, received on Thursday "
        "a telephone call from Australian Prime Minister Malcolm Turnbull."
    )
    found = names(RulesExtractor(finder_of("Abu Dhabi", "Shaikh Mohammad Bin Zayed Al Nahyan")), text)
    assert found == [{"Mohammad Bin Zayed Al Nahyan", "Malcolm Turnbull"}]


def test_a_countrys_adjective_the_recogniser_takes_for_a_name_is_no_person() -> None:
    def adjective(sentence: str) -> list[tuple[int, int]]:
        """A test double for the recogniser: it names 'Sri Lankan' as spaCy's small model does."""
        start = sentence.find("Sri Lankan")
        return [(start, start + len("Sri Lankan"))] if start >= 0 else []

    text = "Sri Lankan Prime Minister Mahinda Rajapaksa spoke by phone with Indian Prime Minister Narendra Modi."
    assert names(RulesExtractor(adjective), text) == [{"Mahinda Rajapaksa", "Narendra Modi"}]
