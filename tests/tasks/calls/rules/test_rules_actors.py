"""The actor dictionary, its terms in office and the fallback for unknown names."""

from __future__ import annotations

import datetime as dt

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.actors import (
    ActorDB,
    country_code,
    load_actor_rows,
    title_country,
    with_country_after,
)
from llmextract.tasks.calls.rules.countries import title_of_place
from llmextract.tasks.calls.schema import is_country_code


@pytest.fixture(scope="module")
def db() -> ActorDB:
    return ActorDB()


def test_dictionary_loads_with_well_formed_terms(db: ActorDB) -> None:
    rows = load_actor_rows()
    assert len(rows) > 400
    for name, _aliases, country, role, start, end in rows:
        assert name and role, name
        s = dt.date.fromisoformat(start)
        if end:
            assert s <= dt.date.fromisoformat(end), name
        if country:
            assert is_country_code(country), (name, country)  # ISO 3166-1, XK or a former state's
    for actor in db.actors:
        starts = [t.start for t in actor.terms]
        assert starts == sorted(starts)


@pytest.mark.parametrize(
    "country,role",
    [
        ("US", "President of the United States"),
        ("RU", "President of Russia"),
        ("CN", "Foreign Minister of China"),
        ("GB", "Prime Minister of the United Kingdom"),
        ("IN", "Prime Minister of India"),
        ("SA", "King of Saudi Arabia"),
        ("BR", "President of Brazil"),
        ("ZA", "President of South Africa"),
    ],
)
def test_g20_offices_are_covered_since_1990(db: ActorDB, country: str, role: str) -> None:
    terms = sorted(
        (t for a in db.actors for t in a.terms if t.country == country and t.role == role), key=lambda t: t.start
    )
    assert terms and terms[0].start <= dt.date(1991, 12, 31)  # Russia's presidency began in July 1991
    assert terms[-1].end is None or terms[-1].end >= dt.date(2024, 1, 1)


def test_terms_pick_the_role_held_on_a_date(db: ActorDB) -> None:
    (putin,) = [a for a in db.lookup("Putin") if a.name == "Vladimir Putin"]
    assert [t.role for t in putin.terms_at(dt.date(2010, 6, 1))] == ["Prime Minister of Russia"]
    assert [t.role for t in putin.terms_at(dt.date(2015, 6, 1))] == ["President of Russia"]


def test_mentions_strip_titles_and_keep_them_as_hints(db: ActorDB) -> None:
    (m,) = db.find_mentions("U.S. President Barack Obama arrived.")
    assert m.name == "Barack Obama"
    assert m.title == "U.S. President"
    assert text_of(m, "U.S. President Barack Obama arrived.") == "Barack Obama"


def text_of(m, text: str) -> str:  # type: ignore[no-untyped-def]
    return text[m.start : m.end]


def test_fallback_title_and_capitalised_name(db: ActorDB) -> None:
    (m,) = db.find_mentions("Prime Minister Jane Doerington said nothing.")
    assert m.name == "Jane Doerington"
    assert m.actor is None
    (k,) = db.find_mentions("President of Malawi Rufus Firefly spoke.")
    assert k.name == "Rufus Firefly"
    assert title_country(k.title) == "MW"


def test_a_fallback_name_ends_before_a_day_or_month(db: ActorDB) -> None:
    (m,) = db.find_mentions("A phone conversation with President Firefly Wednesday night was cordial.")
    assert m.name == "Firefly"
    (k,) = db.find_mentions("Prime Minister Jane Doerington Sunday spoke to him.")
    assert k.name == "Jane Doerington"


def test_the_head_of_a_country_named_after_it(db: ActorDB) -> None:
    (m,) = db.find_mentions("He spoke with the head of Tajikistan Rufus Firefly.")
    assert m.name == "Rufus Firefly"
    assert title_country(m.title) == "TJ"


def test_demonyms_and_country_names() -> None:
    assert country_code("Russian") == "RU"
    assert country_code("Iraqi") == "IQ"
    # smaller states' demonyms: "Tongan Prime Minister", "Palauan President-elect", "Zambian President"
    assert [country_code(w) for w in ("Tongan", "Palauan", "Zambian", "Ni-Vanuatu", "Bhutanese")] == [
        "TO",
        "PW",
        "ZM",
        "VU",
        "BT",
    ]
    assert country_code("French") == "FR"
    assert country_code("U.S.") == "US"
    assert country_code("Kazakhstan") == "KZ"
    assert country_code("Atlantis") is None
    assert title_country("Iraqi Prime Minister") == "IQ"
    assert title_country("President of Kazakhstan") == "KZ"


def test_unknown_leader_in_a_call_gets_name_role_and_country() -> None:
    text = "Iraqi Prime Minister Karim Testanov phoned French President Emmanuel Macron on security."
    (call,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    by_name = {p.name: p for p in call.participants}
    assert set(by_name) == {"Karim Testanov", "Emmanuel Macron"}
    assert by_name["Karim Testanov"].country == "IQ"
    assert by_name["Karim Testanov"].role == "Iraqi Prime Minister"
    assert by_name["Emmanuel Macron"].role == "President of France"
    assert by_name["Emmanuel Macron"].country == "FR"


def test_international_officials_have_no_country() -> None:
    text = "U.N. Secretary-General Antonio Guterres spoke by phone with Kenyan President William Ruto."
    (call,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    by_name = {p.name: p for p in call.participants}
    assert by_name["Antonio Guterres"].country is None  # the article's spelling
    assert by_name["William Ruto"].country == "KE"


def test_role_follows_the_date_of_the_call() -> None:
    text = "MOSCOW, June 3, 2010 — Vladimir Putin spoke by phone with Silvio Berlusconi on Tuesday."
    (call,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    roles = {p.name: p.role for p in call.participants}
    assert roles["Vladimir Putin"] == "Prime Minister of Russia"
    assert roles["Silvio Berlusconi"] == "Prime Minister of Italy"


def test_the_country_written_after_a_name_completes_its_title() -> None:
    assert with_country_after("President", " of Djibouti, President Mahmud Abbas") == "President of Djibouti"
    assert with_country_after("Sheikh", ", the Emir of Kuwait, congratulating him") == "Emir of Kuwait"
    assert with_country_after("Russian President", " of Djibouti") == "Russian President"  # it names one already
    assert with_country_after("President", " of the board said") == "President"  # not a country


def test_a_place_before_a_leaders_word_in_lower_case_gives_the_country() -> None:
    text = (
        "Kyrgyz President Sooronbai Jeenbekov had a telephone conversation with his Tajik counterpart Emomali Rahmon."
    )
    (call,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [p.country for p in call.participants] == ["KG", "TJ"]
    assert title_of_place("the talks with Somalia's president, ") == "Somalia President"
    assert title_of_place("said Palestinian leader ") == "Palestinian Leader"
    assert title_of_place("with the opposition leader ") == ""  # no place: no title


def test_the_role_is_the_title_that_says_the_office() -> None:
    text = (
        "Moldova's Sandu, Romania's Iohannis talk by phone\n\n"
        "CHISINAU (Reuters) - Moldovan President Maia Sandu spoke by phone with Romanian President Klaus Iohannis."
    )
    (call,) = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [p.role for p in call.participants] == ["Moldovan President", "Romanian President"]


def test_an_office_of_a_country_set_off_by_a_comma_is_a_title() -> None:
    assert title_of_place("and the President of the Republic of Gabon, ") == "President of Gabon"
    assert title_of_place("with the Prime Minister of Libya, Mr. ") == "Prime Minister of Libya"


def test_the_leader_a_dateline_introduces_is_of_its_country_among_others_of_no_stated_country() -> None:
    text = (
        "SINGAPORE: Prime Minister Lee Hsien Loong on Sunday made telephone calls to Brunei's Sultan "
        "Hassanal Bolkiah and to Prime Minister Muhyiddin Yassin."
    )
    calls = RulesExtractor().extract(Article(id="t", text=text)).calls
    assert [[p.country for p in c.participants] for c in calls] == [["SG", "BN"], ["SG", None]]


def test_the_end_of_a_countrys_name_after_a_leader_is_no_person(db: ActorDB) -> None:
    text = "Obama spoke with King Abdullah bin Abd al-Aziz of Saudi Arabia and Prime Minister David Cameron."
    assert "Arabia" not in [m.name for m in db.find_mentions(text)]


def test_a_name_the_dictionary_lacks_is_a_person_when_a_leaders_office_of_a_country_follows_it(db: ActorDB) -> None:
    found = db.find_mentions(
        "He spoke with Aleksandar Vučić, President of Serbia; and Kyriakos Mitsotakis, Prime Minister of Greece."
    )
    assert [(m.name, m.title, m.country) for m in found] == [
        ("Aleksandar Vučić", "President of Serbia", "RS"),
        ("Kyriakos Mitsotakis", "Prime Minister of Greece", "GR"),
    ]
    assert db.find_mentions("Members of the European Council, President of the Commission") == []
