"""The records validate what the spec says, and bound what a small model may emit."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from llmextract.engine.records import Article, normalize_date
from llmextract.tasks.calls.schema import (
    MAX_CALLS,
    MAX_RECORDS,
    Call,
    Extraction,
    extraction_json_schema,
    normalize_country,
    same_person,
)


def call(**overrides):
    data = {
        "participants": [
            {"name": "Barack Obama", "role": "President of the United States", "country": "US"},
            {"name": "Vladimir Putin", "role": "President of Russia", "country": "RU"},
        ],
        "evidence": ["Obama called Putin on Friday."],
    }
    data.update(overrides)
    return Call.model_validate(data)


def test_a_minimal_call_gets_the_spec_defaults():
    c = call()
    assert c.medium == "phone"
    assert c.initiator is None and c.date is None and c.duration_minutes is None
    assert c.topics == [] and c.outcomes == [] and c.reported_by == []


@pytest.mark.parametrize("value,code", [("us", "US"), ("USA", "US"), ("Russia", "RU"), ("UK", "GB"), (None, None)])
def test_countries_are_normalised_to_iso_alpha2(value, code):
    assert normalize_country(value) == code


def test_an_unknown_country_from_a_model_becomes_null_and_keeps_the_person():
    made = call(participants=[{"name": "A Person", "country": "Atlantis"}, {"name": "B Person", "country": "EU"}])
    assert [p.country for p in made.participants] == [None, None]


@pytest.mark.parametrize(
    "value,code",
    [
        ("SU", "SU"),
        ("su", "SU"),
        ("Soviet Union", "SU"),
        ("Yugoslavia", "YU"),
        ("CS", "CS"),
        ("DD", "DD"),
        ("XK", "XK"),
        ("Kosovo", "XK"),
        ("UK", "GB"),
    ],
)
def test_former_states_and_kosovo_have_the_codes_the_spec_gives(value, code):
    assert normalize_country(value) == code


def test_a_country_that_no_code_names_is_an_error_for_the_normaliser():
    with pytest.raises(ValueError, match="ISO 3166-1"):
        normalize_country("Atlantis")


@pytest.mark.parametrize("value", ["2013-04-29", "2013-04", "2013"])
def test_iso_dates_of_three_precisions_are_accepted(value):
    assert normalize_date(value) == value


@pytest.mark.parametrize("value", ["29 April 2013", "2013-02-30", "2013-13", "yesterday"])
def test_other_dates_are_rejected(value):
    with pytest.raises(ValidationError):
        call(date=value)


def test_initiator_is_resolved_to_the_full_participant_name():
    assert call(initiator="Obama").initiator == "Barack Obama"


def test_initiator_must_be_a_participant():
    with pytest.raises(ValidationError, match="must be exactly one of the participants"):
        call(initiator="Angela Merkel")


def test_a_call_needs_two_participants_and_evidence():
    with pytest.raises(ValidationError):
        call(participants=[{"name": "Barack Obama"}])
    with pytest.raises(ValidationError):
        call(evidence=[])


def test_lists_and_strings_are_bounded_in_the_schema_sent_to_the_model():
    schema = extraction_json_schema()
    assert schema["properties"]["calls"]["maxItems"] == MAX_CALLS
    props = schema["$defs"]["Call"]["properties"]
    for name in ("participants", "topics", "outcomes", "reported_by", "evidence"):
        assert "maxItems" in props[name], name
    assert props["topics"]["items"]["maxLength"] <= 200
    with pytest.raises(ValidationError):
        Extraction.model_validate({"calls": [call().model_dump()] * (MAX_RECORDS + 1)})


def test_a_record_holds_more_calls_than_a_model_is_asked_for():
    """A list of counterparts split by the rules ("spoke with A, B, ... and H") keeps every call."""
    many = Extraction.model_validate({"calls": [call().model_dump()] * (MAX_CALLS + 1)})
    assert len(many.calls) == MAX_CALLS + 1 <= MAX_RECORDS


def test_duration_must_be_positive_minutes():
    assert call(duration_minutes=20).duration_minutes == 20
    with pytest.raises(ValidationError):
        call(duration_minutes=0)


def test_name_rule_matches_surnames_both_ways():
    assert same_person("Putin", "Vladimir Putin")
    assert same_person("Xi Jinping", "Xi")
    assert not same_person("Putin", "Barack Obama")


def test_article_keeps_the_date_part_of_a_timestamp():
    assert Article(id="a", text="x", published="2013-04-30T10:22:00Z").published == "2013-04-30"
