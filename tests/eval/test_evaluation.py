"""The eval runner: scores prediction files side by side, keeps history, enforces thresholds."""

from __future__ import annotations

import json
from pathlib import Path

from llmextract.cli import main
from llmextract.eval.gold import alternatives
from llmextract.eval.runner import System, check_thresholds, load_eval_set, score
from llmextract.tasks.calls.schema import ArticleResult, Call


def first(value):
    alts = alternatives(value)
    return alts[0] if alts else None


def gold_as_predictions(eval_set):
    """Predictions made from the gold itself (first alternative of every value)."""
    out = {}
    for aid, g in eval_set.gold.items():
        calls = []
        for c in g.calls:
            data = c.model_dump()
            data["participants"] = [{k: first(v) for k, v in p.items()} for p in data["participants"]]
            for key in ("initiator", "date", "medium", "duration_minutes"):
                data[key] = first(data[key])
            for key in ("topics", "outcomes", "reported_by", "evidence"):
                data[key] = [first(v) for v in data[key]]
            calls.append(Call.model_validate(data))
        out[aid] = ArticleResult(article_id=aid, calls=calls, backend="gold")
    return out


def test_the_gold_scored_against_itself_is_perfect(root):
    eval_set = load_eval_set(root / "gold", [root / "seeds", root / "gold" / "synthetic"])
    corpus = score(System("gold", gold_as_predictions(eval_set)), eval_set)
    table = corpus.table()
    assert table["overall"].f1 == 1.0 and table["calls"].f1 == 1.0
    assert corpus.grounding_rate == 1.0
    assert len(eval_set.subset("seeds")) == 5 and len(eval_set.subset("syn")) >= 20


def test_thresholds_name_each_field_below_its_minimum(root):
    eval_set = load_eval_set(root / "gold", [root / "seeds", root / "gold" / "synthetic"])
    corpus = score(System("empty", {}), eval_set)
    problems = check_thresholds(corpus, {"participants.name": 0.5, "date": 0.0})
    assert len(problems) == 1 and problems[0].startswith("participants.name: F1 0.000 is below the threshold 0.500")


def test_eval_cli_scores_files_side_by_side_and_appends_history(root, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(root)
    eval_set = load_eval_set(root / "gold", [root / "seeds", root / "gold" / "synthetic"])
    perfect = tmp_path / "perfect.jsonl"
    perfect.write_text("".join(r.model_dump_json() + "\n" for r in gold_as_predictions(eval_set).values()))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    history = tmp_path / "history.jsonl"
    thresholds = tmp_path / "t.json"
    thresholds.write_text(json.dumps({"system": "perfect", "min_f1": {"overall": 0.99}}))
    report = tmp_path / "report.json"
    status = main(["eval", str(empty), str(perfect), "--history", str(history), "--thresholds", str(thresholds),
                   "--report", str(report)])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert "perfect" in out and "empty" in out and "flips between empty (A) and perfect (B)" in out
    records = [json.loads(line) for line in history.read_text().splitlines()]
    assert [r["system"] for r in records] == ["empty", "perfect"]
    assert records[1]["f1"]["overall"] == 1.0
    assert set(json.loads(report.read_text())) >= {"systems"}


def test_eval_cli_fails_below_thresholds_with_a_readable_message(root, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(root)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    thresholds = tmp_path / "t.json"
    thresholds.write_text(json.dumps({"min_f1": {"participants.name": 0.6}}))
    assert main(["eval", str(empty), "--no-history", "--thresholds", str(thresholds)]) == 1
    assert "BELOW THRESHOLD empty participants.name: F1 0.000 is below the threshold 0.600" in capsys.readouterr().err


def test_gold_check_reports_problems_with_file_and_field(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Merkel phoned Macron on Thursday.")
    (tmp_path / "a.json").write_text(json.dumps({"article_id": "a", "published": None, "calls": [
        {"participants": [{"name": "Angela Merkel", "role": None, "country": "DE"},
                          {"name": "Emmanuel Macron", "role": None, "country": "FR"}],
         "initiator": "Angela Merkel", "date": None, "medium": "phone", "duration_minutes": None,
         "topics": [], "outcomes": [], "reported_by": [], "evidence": ["Merkel called Macron"]}]}))  # fmt: skip
    assert main(["gold", "check", str(tmp_path), "--articles", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "a.json" in out and "calls[0].evidence[0]" in out


def test_several_gold_folders_are_scored_as_one_set_with_a_table_per_folder(root, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(root)
    both = load_eval_set([Path("gold"), Path("gold/heldout")], [Path("seeds"), Path("gold/synthetic")])
    dev, held = both.subset("gold"), both.subset("gold/heldout")
    assert dev and held and sorted(dev + held) == both.ids
    perfect = tmp_path / "perfect.jsonl"
    perfect.write_text("".join(r.model_dump_json() + "\n" for r in gold_as_predictions(both).values()))
    assert main(["eval", str(perfect), "--gold", "gold", "--gold", "gold/heldout", "--split", "--no-history"]) == 0
    out = capsys.readouterr().out
    assert f"gold: gold + gold/heldout ({len(both.ids)} article(s), subset all)" in out
    assert f"-- gold only ({len(dev)} article(s))" in out and f"-- gold/heldout only ({len(held)} article(s))" in out


def test_an_article_in_two_gold_folders_is_an_error_naming_it(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["eval", "--gold", "gold", "--gold", "gold", "--baseline", "--no-history"]) == 2
    err = capsys.readouterr().err
    assert "in more than one gold folder (gold)" in err and "000_d383e982f209da4c" in err
