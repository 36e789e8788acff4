"""Gold files: loading, alternatives, and every problem ``check_gold_dir`` must report (file and field)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from llmextract.eval.gold import (
    GoldArticle,
    GoldError,
    alternatives,
    check_gold_dir,
    evidence_in_text,
    load_articles_dir,
    load_gold_dir,
    load_gold_file,
)

TEXT = (
    "Berlin, 14 May 2021. Macron phoned Merkel on Thursday for a 45-minute conversation.\n"
    "They discussed COVID-19 vaccines and Belarus, the Elysee said."
)

GOOD: dict[str, Any] = {
    "article_id": "berlin",
    "published": "2021-05-14",
    "calls": [
        {
            "participants": [
                {"name": "Angela Merkel", "role": ["Chancellor of Germany", "German Chancellor"], "country": "DE"},
                {"name": "Emmanuel Macron", "role": "President of France", "country": "FR"},
            ],
            "initiator": "Macron",
            "date": "2021-05-13",
            "medium": "phone",
            "duration_minutes": 45,
            "topics": [["COVID-19 vaccines", "vaccine distribution"], "Belarus"],
            "outcomes": [],
            "reported_by": ["Elysee"],
            "evidence": [
                "Macron phoned Merkel on Thursday for a 45-minute conversation",
                "They discussed COVID-19 vaccines and Belarus",
            ],
        }
    ],
}


def write(d: Path, name: str, data: Any) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    path = d / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def setup(tmp_path: Path, data: Any, article_id: str = "berlin", text: str = TEXT) -> tuple[Path, Path]:
    gold_dir, art_dir = tmp_path / "gold", tmp_path / "articles"
    write(gold_dir, f"{article_id}.json", data)
    write(art_dir, f"{article_id}.txt", text)
    return gold_dir, art_dir


def changed(**call_changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data["calls"][0].update(call_changes)
    return data


def problems(tmp_path: Path, data: Any) -> list[str]:
    gold_dir, art_dir = setup(tmp_path, data)
    return [str(p).replace(str(tmp_path) + "/", "") for p in check_gold_dir(gold_dir, [art_dir])]


# --------------------------------------------------------------------------- loading


def test_good_file_loads_and_checks_clean(tmp_path: Path) -> None:
    gold_dir, art_dir = setup(tmp_path, GOOD)
    assert check_gold_dir(gold_dir, [art_dir]) == []
    loaded = load_gold_dir(gold_dir)
    assert list(loaded) == ["berlin"]
    call = loaded["berlin"].calls[0]
    assert call.participants[0].role == ["Chancellor of Germany", "German Chancellor"]
    assert call.topics[0] == ["COVID-19 vaccines", "vaccine distribution"]
    assert call.duration_minutes == 45


def test_defaults_and_no_call_articles(tmp_path: Path) -> None:
    g = GoldArticle.model_validate({"article_id": "x", "calls": []})
    assert g.calls == [] and g.published is None
    call = GoldArticle.model_validate(
        {"article_id": "x", "calls": [{"participants": [{"name": "A B"}, {"name": "C D"}], "evidence": ["e"]}]}
    ).calls[0]
    assert call.medium == "phone"
    assert (call.initiator, call.date, call.duration_minutes) == (None, None, None)
    assert call.topics == call.outcomes == call.reported_by == []


def test_any_string_may_be_alternatives() -> None:
    data = {
        "article_id": "x",
        "published": ["2021-05-14", "2021-05"],
        "calls": [
            {
                "participants": [{"name": ["Xi Jinping", "Xi"], "country": ["CN"]}, {"name": "Joe Biden"}],
                "initiator": ["Joe Biden", "Biden"],
                "date": ["2021-11-15", "2021-11-16"],
                "medium": ["video", "phone"],
                "duration_minutes": [210, 200],
                "outcomes": [["agreed to talk", "agreed to keep talking"]],
                "reported_by": [["White House", "US officials"]],
                "evidence": [["some passage", "other passage"]],
            }
        ],
    }
    call = GoldArticle.model_validate(data).calls[0]
    assert call.initiator == ["Joe Biden", "Biden"]
    assert call.medium == ["video", "phone"]


def test_alternatives_helper() -> None:
    assert alternatives(None) == []
    assert alternatives("a") == ["a"]
    assert alternatives(["a", "b"]) == ["a", "b"]
    assert alternatives(5) == [5]


def test_load_gold_dir_reads_only_top_level_json(tmp_path: Path) -> None:
    gold_dir, _ = setup(tmp_path, GOOD)
    write(gold_dir / "old", "other.json", {"not": "gold"})
    write(gold_dir, "notes.txt", "ignore me")
    assert list(load_gold_dir(gold_dir)) == ["berlin"]


def test_load_gold_dir_raises_with_every_problem(tmp_path: Path) -> None:
    gold_dir, _ = setup(tmp_path, GOOD)
    write(gold_dir, "broken.json", "{")
    write(gold_dir, "wrong.json", GOOD)  # article_id differs from the file name
    with pytest.raises(GoldError) as info:
        load_gold_dir(gold_dir)
    files = sorted(p.file.name for p in info.value.problems)
    assert files == ["broken.json", "wrong.json"]
    assert "broken.json: invalid JSON" in str(info.value)
    with pytest.raises(FileNotFoundError):
        load_gold_dir(tmp_path / "nope")


def test_load_gold_file(tmp_path: Path) -> None:
    path = write(tmp_path, "berlin.json", GOOD)
    assert load_gold_file(path).article_id == "berlin"
    bad = write(tmp_path, "berlin2.json", GOOD)
    with pytest.raises(GoldError, match="article_id"):
        load_gold_file(bad)


def test_load_articles_dir_first_folder_wins(tmp_path: Path) -> None:
    write(tmp_path / "a", "x.txt", "first")
    write(tmp_path / "b", "x.txt", "second")
    write(tmp_path / "b", "y.txt", "why")
    write(tmp_path / "b", "z.json", "{}")
    assert load_articles_dir([tmp_path / "a", tmp_path / "b"]) == {"x": "first", "y": "why"}
    assert load_articles_dir(tmp_path / "b") == {"x": "second", "y": "why"}


def test_evidence_in_text_collapses_white_space_only() -> None:
    assert evidence_in_text("Macron phoned   Merkel", "x Macron phoned\nMerkel y")
    assert not evidence_in_text("macron phoned merkel", "Macron phoned Merkel")
    assert not evidence_in_text("   ", "anything")


# --------------------------------------------------------------------------- checking


def test_check_invalid_json(tmp_path: Path) -> None:
    (msg,) = problems(tmp_path, '{"article_id": "berlin",')
    assert msg.startswith("gold/berlin.json: invalid JSON:")
    assert "line 1" in msg


def test_check_schema_errors_name_the_field(tmp_path: Path) -> None:
    data = changed(participants=[{"name": "Angela Merkel"}], typo_field=1)
    data["calls"][0]["evidence"] = []
    got = problems(tmp_path, data)
    assert "gold/berlin.json: calls[0].participants: List should have at least 2 items after validation, not 1" in got
    assert "gold/berlin.json: calls[0].evidence: List should have at least 2 items after validation, not 0" not in got
    assert any(m.startswith("gold/berlin.json: calls[0].evidence: List should have at least 1 item") for m in got)
    assert "gold/berlin.json: calls[0].typo_field: Extra inputs are not permitted" in got


def test_check_string_or_alternatives_shape(tmp_path: Path) -> None:
    got = problems(tmp_path, changed(topics=["Belarus", [], ["ok", 3]], initiator=""))
    assert "gold/berlin.json: calls[0].topics[1]: empty list of alternatives" in got
    assert "gold/berlin.json: calls[0].topics[2]: alternative [1] must be a non-empty string, got 3" in got
    assert "gold/berlin.json: calls[0].initiator: empty string" in got


def test_check_article_id_must_match_file_name(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    data["article_id"] = "paris"
    assert problems(tmp_path, data) == ["gold/berlin.json: article_id: 'paris' differs from the file name 'berlin'"]


def test_check_article_file_must_exist(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    write(gold_dir, "berlin.json", GOOD)
    write(tmp_path / "a1", "other.txt", TEXT)
    got = check_gold_dir(gold_dir, [tmp_path / "a1", tmp_path / "a2"])
    assert len(got) == 1 and got[0].kind == "article"
    assert str(got[0]).startswith(f"{gold_dir / 'berlin.json'}: no article file berlin.txt in ")
    # found in the second folder: fine
    write(tmp_path / "a2", "berlin.txt", TEXT)
    assert check_gold_dir(gold_dir, [tmp_path / "a1", tmp_path / "a2"]) == []


def test_check_evidence_must_be_in_the_article(tmp_path: Path) -> None:
    data = changed(
        evidence=[
            "Macron phoned Merkel on Thursday",
            "Macron called Merkel",  # not in the text
            "conversation. They discussed",  # across a line break: fine after white space collapse
            ["a 45-minute conversation", "a 45 minute conversation"],  # second alternative not in the text
        ]
    )
    assert problems(tmp_path, data) == [
        "gold/berlin.json: calls[0].evidence[1]: not found in article text",
        "gold/berlin.json: calls[0].evidence[3]: not found in article text",
    ]


def test_check_initiator_must_be_one_participant(tmp_path: Path) -> None:
    assert problems(tmp_path, changed(initiator="Emmanuel Macron")) == []
    assert problems(tmp_path, changed(initiator="Joe Biden")) == [
        "gold/berlin.json: calls[0].initiator: 'Joe Biden' is not exactly one of the participants (by the name rule)"
    ]
    got = problems(tmp_path, changed(initiator=["Macron", "Biden"]))
    assert got == [
        "gold/berlin.json: calls[0].initiator: 'Biden' is not exactly one of the participants (by the name rule)"
    ]


def test_check_initiator_ambiguous(tmp_path: Path) -> None:
    data = changed(
        participants=[{"name": "Kim Jong Un"}, {"name": "Kim Yo Jong"}],
        initiator="Kim",
    )
    (msg,) = problems(tmp_path, data)
    assert msg.startswith("gold/berlin.json: calls[0].initiator: 'Kim' is not exactly one")


_CODES = (
    "an ISO 3166-1 alpha-2 country code (e.g. 'US', 'GB'), 'XK' or a former state's ISO 3166-3 code "
    "('SU', 'YU', 'CS', 'DD')"
)


def test_check_country_codes(tmp_path: Path) -> None:
    data = changed(
        participants=[
            {"name": "Angela Merkel", "country": "XX"},
            {"name": "Emmanuel Macron", "country": "fr"},
        ]
    )
    assert problems(tmp_path, data) == [
        f"gold/berlin.json: calls[0].participants[0].country: 'XX' is not {_CODES}",
        f"gold/berlin.json: calls[0].participants[1].country: 'fr' is not {_CODES}",
    ]
    for former in ("SU", "YU", "CS", "DD", "XK"):
        assert (
            problems(tmp_path, changed(participants=[{"name": "Emmanuel Macron", "country": former}, {"name": "C D"}]))
            == []
        )
    for bad in ("UK", "USA", "Germany", ["DE", "Russia"]):
        got = problems(tmp_path, changed(participants=[{"name": "A B", "country": bad}, {"name": "C D"}]))
        assert len(got) == 1 and "participants[0].country" in got[0], bad


def test_check_dates(tmp_path: Path) -> None:
    got = problems(tmp_path, changed(date="2021-02-30"))
    assert got == ["gold/berlin.json: calls[0].date: '2021-02-30' is not a valid date: day is out of range for month"]
    got = problems(tmp_path, changed(date=["2021-05-13", "13 May 2021"]))
    assert got == ["gold/berlin.json: calls[0].date: '13 May 2021' is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"]
    assert problems(tmp_path, changed(date="unknown")) == [
        "gold/berlin.json: calls[0].date: 'unknown' is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"
    ]
    assert problems(tmp_path, changed(date=["2021", "2021-05"])) == []
    data = copy.deepcopy(GOOD)
    data["published"] = "May 2021"
    assert problems(tmp_path, data) == [
        "gold/berlin.json: published: 'May 2021' is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"
    ]


def test_check_medium_and_duration(tmp_path: Path) -> None:
    got = problems(tmp_path, changed(medium="telegram", duration_minutes="45"))
    assert "gold/berlin.json: calls[0].medium: medium must be 'phone' or 'video', got 'telegram'" in got
    assert any(
        m.startswith("gold/berlin.json: calls[0].duration_minutes: duration_minutes must be an integer") for m in got
    )


def test_check_reports_every_file_sorted(tmp_path: Path) -> None:
    gold_dir, art_dir = setup(tmp_path, GOOD)
    write(gold_dir, "a_broken.json", "[1,")
    write(art_dir, "a_broken.txt", "x")
    write(gold_dir, "z_nocall.json", {"article_id": "z_nocall", "calls": []})
    got = check_gold_dir(gold_dir, [art_dir])
    assert [(p.file.name, p.kind) for p in got] == [("a_broken.json", "json"), ("z_nocall.json", "article")]


def test_check_empty_or_missing_dir(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (p,) = check_gold_dir(tmp_path / "gold", [])
    assert "no <article_id>.json gold files" in str(p)
    (p,) = check_gold_dir(tmp_path / "missing", [])
    assert "not found" in str(p)


@pytest.mark.parametrize("folder", ["gold", "gold/heldout", "gold/test", "gold/test2"])
def test_every_committed_gold_folder_checks_clean_with_the_default_article_folders(root, folder, monkeypatch, capsys):
    from llmextract.cli import main

    monkeypatch.chdir(root)
    assert main(["gold", "check", folder]) == 0, capsys.readouterr().out
    assert "0 problem(s)" in capsys.readouterr().err
