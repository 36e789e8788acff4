"""The review command: two runs on one page, runs that cover part of the gold, texts of every gold folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_review import GOLD_CALL, TEXT, call, result
from test_review import gold as gold_article

from llmextract.cli import main
from llmextract.eval.review import build_page, covered_gold
from llmextract.tasks.calls.schema import ArticleResult


def write_run(path: Path, results: list[ArticleResult]) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in results))
    return path


def test_two_runs_are_scored_and_shown_side_by_side() -> None:
    golds = {"a1": gold_article("a1", [GOLD_CALL])}
    first = {"a1": result("a1", [call()])}
    second = {"a1": result("a1", [call(date="2013-04-30")])}
    page = build_page(first, {"a1": TEXT}, golds, other=second, names=["rules", "hybrid"])
    assert '<h2 class="run-name">rules</h2>' in page and '<h2 class="run-name">hybrid</h2>' in page
    section = page[page.index('<section class="article"') :]
    assert '<div class="cols two">' in section
    assert section.index('<h3 class="run-name">rules</h3>') < section.index('<h3 class="run-name">hybrid</h3>')
    hybrid_cards = section[section.index('<h3 class="run-name">hybrid</h3>') :]
    assert "2013-04-30" in hybrid_cards and "gold: 2013-04-29" in hybrid_cards
    assert section.count('class="card predicted') == 2


def test_a_run_covering_some_gold_articles_is_scored_on_those_only() -> None:
    golds = {aid: gold_article(aid, [GOLD_CALL]) for aid in ("a1", "a2", "a3")}
    covered, warning = covered_gold(golds, [{"a1": result("a1", [call()])}])
    assert list(covered) == ["a1"]
    assert warning == "the run covers 1 of the 3 gold articles: only those 1 are scored"
    page = build_page({"a1": result("a1", [call()])}, {"a1": TEXT}, golds)
    assert "only those 1 are scored" in page and "missed call" not in page
    assert covered_gold(golds, [dict.fromkeys(golds, result("a1", []))])[1] is None


def test_the_texts_of_every_gold_folder_are_found(root: Path, tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(root)
    run = write_run(tmp_path / "run.jsonl", [
        result("syn_denied_call", [], source="gold:syn_denied_call"),
        result("hold_albanese_rang_hipkins", [], source="gold:hold_albanese_rang_hipkins"),
    ])  # fmt: skip
    out = tmp_path / "review.html"
    assert main(["review", str(run), "--gold", "gold", "--gold", "gold/heldout", "--articles", "seeds",
                 "-o", str(out)]) == 0  # fmt: skip
    page = out.read_text()
    assert "Article text not found" not in page
    assert "article text not found" not in capsys.readouterr().err


def test_report_still_works_and_says_it_is_now_review(tmp_path: Path, capsys: Any) -> None:
    run = write_run(tmp_path / "run.jsonl", [result("a1", [call()])])
    assert main(["report", str(run), "-o", str(tmp_path / "x.html")]) == 0
    assert "'llmextract report' is now 'llmextract review'" in capsys.readouterr().err
    assert (tmp_path / "x.html").read_text().startswith("<!DOCTYPE html>")


def test_review_compares_two_run_files_from_the_command_line(tmp_path: Path, capsys: Any) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a1.json").write_text(json.dumps({"article_id": "a1", "calls": [GOLD_CALL]}))
    (gold_dir / "a1.txt").write_text(TEXT)
    a = write_run(tmp_path / "rules.jsonl", [result("a1", [call()])])
    b = write_run(tmp_path / "hybrid.jsonl", [result("a1", [])])
    out = tmp_path / "compare.html"
    assert main(["review", str(a), str(b), "--gold", str(gold_dir), "-o", str(out)]) == 0
    page = out.read_text()
    assert "Review: rules.jsonl vs hybrid.jsonl" in page
    assert '<h3 class="run-name">rules</h3>' in page and '<h3 class="run-name">hybrid</h3>' in page
