"""Who a sentence that reports a call names, and in what part (sentences written for the tests)."""

from __future__ import annotations

import pytest

from llmextract.tasks.calls.rules.tellers import placed_by, spokesperson, tells_of_the_call


@pytest.mark.parametrize(
    "sentence,placer",
    [
        ("Prime Minister Sharif also phoned the PDM chief Maulana Fazlur Rehman.", "Shehbaz Sharif"),
        ("King Salman received a phone call from Sheikh Sabah Al-Ahmad, the Emir of Kuwait.", "Sabah Al-Ahmad"),
        ("Merkel and Obama spoke by phone.", None),
        ("Obama called for Merkel to step in.", None),
    ],
)
def test_who_placed_a_models_call_is_read_off_the_sentence(sentence: str, placer: str | None) -> None:
    names = {"Sharif": ["Shehbaz Sharif", "Fazlur Rehman"], "Salman": ["Salman bin Abdulaziz", "Sabah Al-Ahmad"]}
    key = next((k for k in names if k in sentence), None)
    assert placed_by([sentence], names[key] if key else ["Angela Merkel", "Barack Obama"]) == placer


def test_one_who_tells_of_the_call_is_not_on_it_but_one_who_speaks_on_it_is() -> None:
    assert tells_of_the_call("Diana Mondino", ["Diana Mondino told the press that the conversation was friendly."])
    assert not tells_of_the_call("Emmanuel Macron", ["Macron told Putin during the telephone conversation that ..."])


def test_a_spokesperson_is_named_as_one() -> None:
    assert spokesperson("Dmitry Peskov", "Kremlin spokesperson Dmitry Peskov said the call was useful.")
    assert not spokesperson("Vladimir Putin", "Kremlin spokesperson Dmitry Peskov said Putin called Modi.")
