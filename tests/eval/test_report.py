"""Reports: terminal table, JSON, Markdown, paired comparison and flips."""

from __future__ import annotations

import copy
import json
from typing import Any

from llmextract.eval.gold import GoldArticle
from llmextract.eval.report import Flip, find_flips, render_comparison, render_flips, render_table, to_json, to_markdown
from llmextract.eval.score import FIELDS, ROWS, CorpusScore, bootstrap_ci, paired_bootstrap, score_corpus
from llmextract.tasks.calls.schema import Call

TEXT = "Obama has called up Putin to discuss Syria and counter-terrorism."

GOLD_CALL: dict[str, Any] = {
    "participants": [{"name": "Barack Obama", "country": "US"}, {"name": "Vladimir Putin", "country": "RU"}],
    "date": "2013-04-29",
    "topics": ["Syria", "counter-terrorism"],
    "evidence": ["Obama has called up Putin"],
}


def call(**changes: Any) -> Call:
    data = copy.deepcopy(GOLD_CALL)
    data.update(changes)
    return Call.model_validate(data)


def golds(n: int = 4) -> dict[str, GoldArticle]:
    out = {f"a{k}": GoldArticle.model_validate({"article_id": f"a{k}", "calls": [GOLD_CALL]}) for k in range(n)}
    out["empty"] = GoldArticle.model_validate({"article_id": "empty", "calls": []})
    return out


def system(preds: dict[str, list[Call]], n: int = 4) -> CorpusScore:
    g = golds(n)
    return score_corpus(g, preds, dict.fromkeys(g, TEXT))


def systems() -> tuple[CorpusScore, CorpusScore]:
    # A: right date, wrong topics in a0; B: wrong date in a0, right topics; a3 missing in A
    a = system({"a0": [call(topics=["Iran"])], "a1": [call()], "a2": [call()], "empty": []})
    b = system({"a0": [call(date="2013-04-28")], "a1": [call()], "a2": [call()], "a3": [call()], "empty": []})
    return a, b


def test_table_has_every_row_and_system_and_looks_plain() -> None:
    a, b = systems()
    out = render_table({"baseline": a, "prompt-v2": b})
    lines = out.splitlines()
    assert "baseline" in lines[0] and "prompt-v2" in lines[0]
    assert lines[1].split() == ["field", "P", "R", "F1", "P", "R", "F1"]
    for r in ROWS:
        assert any(line.startswith(r + " ") for line in lines), r
    assert "\x1b" not in out  # no terminal codes: same text in a pipe or a file
    rows = [line for line in lines if line.split() and line.split()[0] in ROWS]
    assert len(rows) == len(ROWS) and len({len(line) for line in rows}) == 1  # columns line up
    # a: 3 calls predicted and paired out of 4 gold calls
    calls_row = next(line for line in rows if line.startswith("calls "))
    assert calls_row.split()[1:4] == ["1.000", "0.750", "0.857"]
    assert (
        "baseline: 5 articles (1 without a prediction); evidence grounded 100.0% (3/3), "
        "located 100.0% (3/3: 3 exact, 0 normalised, 0 fuzzy); names supported 100.0% (6/6)"
    ) in out.splitlines()
    assert "prompt-v2: 5 articles; evidence grounded 100.0% (4/4), located 100.0% (4/4: " in out


def test_table_shows_undefined_as_dash_and_ci_column() -> None:
    s = system({})  # nothing predicted: precision undefined
    ci = {"empty run": bootstrap_ci(s, n=50)}
    out = render_table({"empty run": s}, ci)
    assert "F1 95% CI" in out
    row = next(line for line in out.splitlines() if line.startswith("date "))
    assert row.split()[1:] == ["—", "0.000", "0.000", "[0.00,", "0.00]"]
    row = next(line for line in out.splitlines() if line.startswith("duration_minutes "))
    assert row.split()[1:] == ["—", "—", "—", "—"]  # nothing in gold, nothing predicted
    assert "evidence grounded — (0/0), located — (0/0); names supported — (0/0)" in out


def test_json_report_has_numbers_and_errors() -> None:
    a, b = systems()
    ci = {"A": bootstrap_ci(a, n=50), "B": bootstrap_ci(b, n=50)}
    comparisons = {("A", "B"): paired_bootstrap(a, b, n=50)}
    data = to_json({"A": a, "B": b}, ci=ci, comparisons=comparisons)
    json.dumps(data)  # serialisable as is
    assert data["fields"] == list(FIELDS)
    sa = data["systems"]["A"]
    assert (sa["articles"], sa["missing_predictions"], sa["failed_predictions"]) == (5, 1, 0)
    topics = sa["scores"]["topics"]
    # A: a0 gets 0 of 2 topics and 1 wrong; a1, a2 right; a3 missed
    assert (topics["tp"], topics["fp"], topics["fn"]) == (4, 1, 4)
    assert topics["precision"] == 0.8 and topics["recall"] == 0.5
    assert len(topics["f1_ci"]) == 2
    assert set(sa["scores"]) == set(ROWS)
    assert sa["evidence"] == {
        "total": 3,
        "grounded": 3,
        "rate": 1.0,
        "located": 3,
        "located_rate": 1.0,
        "by_match": {"exact": 3, "normalised": 0, "fuzzy": 0, "not_found": 0},
    }
    assert sa["names"] == {"total": 6, "supported": 6, "rate": 1.0}
    assert sa["durations"] == {"total": 0, "supported": 0}
    topic_errors = [e for e in sa["errors"] if e["field"] == "topics"]
    assert topic_errors == [
        {
            "article_id": "a0",
            "gold_call": 0,
            "pred_call": 0,
            "field": "topics",
            "gold": ["Syria", "counter-terrorism"],
            "predicted": ["Iran"],
        }
    ]
    missed = [e for e in sa["errors"] if e["field"] == "call"]
    assert missed[0]["article_id"] == "a3" and missed[0]["predicted"] is None
    date_errors = [e for e in data["systems"]["B"]["errors"] if e["field"] == "date"]
    assert [(e["gold"], e["predicted"]) for e in date_errors] == [("2013-04-29", "2013-04-28")]
    per_article = {x["article_id"]: x for x in sa["per_article"]}
    assert per_article["a3"]["status"] == "missing"
    assert per_article["a1"]["alignment"] == [[0, 0]]
    comp = data["comparisons"][0]
    assert (comp["a"], comp["b"]) == ("A", "B") and set(comp["rows"]) == set(ROWS)


def test_markdown_report() -> None:
    a, b = systems()
    md = to_markdown({"A": a, "B": b}, comparisons={("A", "B"): paired_bootstrap(a, b, n=50)})
    assert "| field | A P | A R | A F1 | B P | B R | B F1 |" in md
    assert "| **overall** |" in md and "| **calls** |" in md
    assert "## Comparisons" in md and "B vs A" in md
    assert "## Errors" in md and "### A (" in md and "#### a0" in md
    assert '- call 0 (predicted 0): `topics`: missed ["Syria", "counter-terrorism"]; extra ["Iran"]' in md
    assert '- call 0 (predicted 0): `date`: gold "2013-04-29", predicted "2013-04-28"' in md
    assert '- gold call 0: missed call {"participants": ["Barack Obama", "Vladimir Putin"]' in md
    md_short = to_markdown({"A": a}, max_errors=1)
    assert "... and" in md_short


def test_markdown_spurious_call() -> None:
    s = system({"empty": [call()]})
    md = to_markdown({"S": s})
    assert '- predicted call 0: spurious call {"participants": ["Barack Obama", "Vladimir Putin"]' in md


def test_comparison_text_says_who_is_better() -> None:
    g = golds(12)
    right = {aid: [call()] for aid in g if aid != "empty"}
    wrong = {aid: [call(date="2000-01-01")] for aid in g if aid != "empty"}
    a = score_corpus(g, wrong, dict.fromkeys(g, TEXT))
    b = score_corpus(g, right, dict.fromkeys(g, TEXT))
    out = render_comparison(paired_bootstrap(a, b, n=100), "old", "new")
    date = next(line for line in out.splitlines() if line.startswith("date "))
    assert date.endswith("new better")
    assert "+1.000" in date
    topics = next(line for line in out.splitlines() if line.startswith("topics "))
    assert topics.endswith("no clear difference")


def test_flips_both_ways() -> None:
    a, b = systems()
    flips = find_flips(a, b)
    got = {(f.article_id, f.field, f.item, f.right_in) for f in flips}
    assert ("a0", "date", None, "A") in got
    assert ("a0", "topics", 0, "B") in got and ("a0", "topics", 1, "B") in got
    assert ("a3", "participants.name", 0, "B") in got  # A had no prediction for a3
    assert all(f.article_id in {"a0", "a3"} for f in flips)
    assert find_flips(a, a) == []
    text = render_flips(flips, "A", "B")
    assert "right in A, wrong in B: 1" in text
    assert '  a0 call 0 date: "2013-04-29"' in text
    assert '  a0 call 0 topics[0]: "Syria"' in text
    assert Flip("a0", 0, "date", None, "2013-04-29", "A") in flips
