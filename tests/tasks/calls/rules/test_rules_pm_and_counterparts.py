"""A leader's title written "PM", a counterpart named elsewhere, a headline's verb after a name, and two more ways
of saying a call took place (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor


def calls(rules: RulesExtractor, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    return rules.extract(Article(id="t", text=text, published=published)).calls


def roles(call) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {p.name: p.role for p in call.participants}


def test_pm_before_a_name_the_dictionary_lacks_is_a_prime_ministers_title(rules: RulesExtractor) -> None:
    [call] = calls(rules, "Thai PM Srettha Thavisin spoke by phone with US President Joe Biden on Monday.")
    assert roles(call)["Srettha Thavisin"] == "Thai Prime Minister"
    assert {p.country for p in call.participants} == {"TH", "US"}


def test_pm_elect_is_the_prime_minister_elect(rules: RulesExtractor) -> None:
    [call] = calls(rules, "PM-elect Tony Abbott spoke by phone with Indonesian President Susilo Bambang Yudhoyono.")
    assert roles(call)["Tony Abbott"] == "Prime Minister-elect"


@pytest.mark.parametrize("title", ["PM", "Prime Minister"])
def test_a_headlines_verb_ends_the_name_before_it(rules: RulesExtractor, title: str) -> None:
    [call] = calls(rules, f"Bush, Iraqi {title} Maliki Discuss Security in Videoconference")
    assert "Maliki" in roles(call)


def test_a_counterpart_the_article_names_elsewhere_is_that_leader(rules: RulesExtractor) -> None:
    text = (
        "Turkish President Recep Tayyip Erdogan phoned his Russian counterpart on Monday, and the two leaders "
        "discussed Syria. Vladimir Putin thanked him for the call."
    )
    [call] = calls(rules, text, published="2022-03-01")
    assert {p.name for p in call.participants} == {"Recep Tayyip Erdogan", "Vladimir Putin"}
    assert call.initiator == "Recep Tayyip Erdogan"


def test_a_counterpart_the_article_never_names_gives_no_call(rules: RulesExtractor) -> None:
    assert calls(rules, "Turkish President Recep Tayyip Erdogan phoned his Russian counterpart on Monday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "US President Joe Biden and Israeli Prime Minister Benjamin Netanyahu spoke on a call Sunday.",
        "Canadian Prime Minister Justin Trudeau connected by phone with Indian Prime Minister Narendra Modi.",
    ],
)
def test_spoke_on_a_call_and_connected_by_phone_are_calls(rules: RulesExtractor, text: str) -> None:
    assert len(calls(rules, text)) == 1
