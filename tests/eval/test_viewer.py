"""The eval viewer page (llmextract view, eval --out x.html), read as HTML, without a browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_review import GOLD_CALL, call, result
from test_review import gold as gold_article

from llmextract.cli import main
from llmextract.eval.runner import System, load_eval_set, score
from llmextract.eval.score import GoldOutcome
from llmextract.eval.view import cell_f1, flipped, history_series, index_store, recordings_for


@pytest.fixture(scope="module")
def heldout_page(tmp_path_factory: Any) -> str:
    """The viewer of gold/heldout for the rules and calls_v1, replayed from the committed recordings."""
    root = Path(__file__).resolve().parents[2]
    out = tmp_path_factory.mktemp("view") / "view.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        args = ["eval", "--gold", "gold/heldout", "--baseline", "--run-prompt", "calls_v1", "--ci", "--no-history"]
        assert main([*args, "--out", str(out)]) == 0
    return out.read_text()


def test_an_article_cell_is_its_f1_or_says_why_there_is_none() -> None:
    golds = {"a1": gold_article("a1", [GOLD_CALL]), "a2": gold_article("a2", []), "a3": gold_article("a3", [])}
    from llmextract.eval.runner import EvalSet

    eval_set = EvalSet(golds, {})
    corpus = score(System("s", {"a1": result("a1", [call()]), "a2": result("a2", []),
                                "a3": result("a3", [], ok=False)}), eval_set)  # fmt: skip
    assert cell_f1(corpus, "a1") == (1.0, "ok")
    assert cell_f1(corpus, "a2") == (None, "empty")
    assert cell_f1(corpus, "a3")[1] == "failed"
    assert cell_f1(corpus, "elsewhere") == (None, "missing")


def test_flipped_fields_are_the_gold_values_some_systems_got_and_others_missed() -> None:
    def outcome(field: str, matched: bool) -> GoldOutcome:
        return GoldOutcome("a1", 0, field, None, "x", matched)

    flips = flipped({"rules": [outcome("date", True), outcome("medium", True)],
                     "llm": [outcome("date", False), outcome("medium", True)]})  # fmt: skip
    assert [(f.field, f.matched) for f in flips] == [("date", {"rules": True, "llm": False})]


def test_recorded_answers_are_found_by_article_id_and_prompt_name(root: Path) -> None:
    eval_set = load_eval_set(root / "gold", [root / "seeds", root / "gold" / "synthetic"])
    from llmextract.engine.records import Article, PromptRef

    article = Article(id="002_3c0780f787e20235", text=eval_set.texts["002_3c0780f787e20235"])
    line = result(article.id, [call()]).model_copy(update={"prompt": PromptRef(name="calls_v1", hash="any")})
    (rec,) = recordings_for(line, article, index_store(root / "eval" / "recordings"))
    assert rec.prompt == "calls_v1" and rec.prompt_hash == "4cbd7419ee7a2cd3"
    assert [e.article_id for e in rec.entries] == [article.id] and rec.entries[0].raw_outputs[0]
    (messages,) = rec.messages
    assert [m["role"] for m in messages] == ["system", "user"] and article.text.strip()[:60] in messages[1]["content"]


def test_a_hybrids_answers_are_found_for_each_of_its_prompts(root: Path) -> None:
    from llmextract.engine.records import Article, PromptRef

    text = (root / "seeds" / "002_3c0780f787e20235.txt").read_text()
    article = Article(id="002_3c0780f787e20235", text=text)
    line = result(article.id, [call()]).model_copy(update={"prompt": PromptRef(name="calls_v1+topics_v2", hash="h")})
    recordings = recordings_for(line, article, index_store(root / "eval" / "recordings"))
    assert [r.prompt for r in recordings] == ["calls_v1", "topics_v2"]
    topics = recordings[1]
    assert len(topics.messages) == 1 and "Barack Obama and Vladimir Putin" in topics.messages[0][1]["content"]


def test_history_has_a_point_per_commit_and_a_line_per_system() -> None:
    rows = [
        {"date": "2026-12-01T10:00", "commit": "aaa", "system": "rules", "f1": {"macro": 0.5}},
        {"date": "2026-12-01T10:00", "commit": "aaa", "system": "calls_v1", "f1": {"macro": 0.25}},
        {"date": "2026-12-02T10:00", "commit": "bbb", "system": "rules", "f1": {"macro": 0.75}},
    ]
    points, series, _ = history_series(rows, "macro")
    assert points == ["aaa", "bbb"]
    assert series == {"rules": [0.5, 0.75], "calls_v1": [0.25, None]}


def test_the_page_is_offline_and_has_the_chart_the_table_and_the_matrix(heldout_page: str) -> None:
    page = heldout_page
    assert 'content="default-src &#39;none&#39;;' in page  # the Content-Security-Policy forbids loading
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the page must load nothing"
    chart = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart bars"') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count('<g class="bar"') == 13 * 2 and 'class="whisker"' in chart
    assert '<table class="scores wide">' in page
    rows = re.findall(r'<tr data-row="([^"]+)">', page)
    assert len(rows) == 12 and all(r.startswith("hold_") for r in rows)
    assert page.count('class="cell ') == 12 * 2
    assert page.count('<article class="art"') == 12


def test_an_article_shows_the_gold_and_each_systems_calls_and_recorded_answers(heldout_page: str) -> None:
    page = heldout_page
    first = page[page.index('<article class="art" id="art-1"') :]
    first = first[: first.index("</article>")]
    assert 'class="column gold-col"' in first
    assert 'data-system="rules"' in first and 'data-system="calls_v1"' in first
    assert "recorded answer" in first and "raw answer" in first


def test_eval_report_still_works_and_says_to_use_out(root: Path, tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.chdir(root)
    out = tmp_path / "r.md"
    assert main(["eval", "--gold", "gold/heldout", "--baseline", "--no-history", "--report", str(out)]) == 0
    assert "--report is deprecated, use --out" in capsys.readouterr().err
    assert out.read_text().startswith("# Evaluation")
