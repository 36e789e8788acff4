"""The review page of a declarative task: each system's records paired with gold as the scorer pairs them,
fields marked right, partly right or wrong, false records and missed gold records named."""

from __future__ import annotations

import json

from llmextract.cli import main
from llmextract.eval import generic
from llmextract.eval.task_page import build_task_page
from llmextract.tasks import load_task

GOLD = {
    "article_id": "a1",
    "meetings": [
        {"participants": ["Bill Clinton", "Boris Yeltsin"], "place": "Cologne", "date": "1999-06-20",
         "topics": ["START III", "Kosovo"], "evidence": ["Clinton and Yeltsin met in Cologne."]},
        {"participants": ["Bill Clinton", "Gerhard Schroeder"], "place": "Bonn", "date": "1999-06-21",
         "topics": [], "evidence": ["Clinton met Schroeder in Bonn."]},
    ],
}  # fmt: skip
RESULT = {
    "article_id": "a1",
    "backend": "llm",
    "meetings": [
        {"participants": ["Bill Clinton", "Boris Yeltsin"], "place": "Cologne", "date": "1999-06-19",
         "topics": ["START III", "trade <b>tariffs</b>"], "evidence": ["Clinton and Yeltsin met in Cologne."]},
        {"participants": ["Tony Blair", "Jacques Chirac"], "place": "Paris", "date": None, "topics": [],
         "evidence": ["Blair met Chirac."]},
    ],
}  # fmt: skip


def _task(root):
    return load_task(root / "examples" / "meetings")


def test_the_page_pairs_records_like_the_scorer_and_marks_each_field(root):
    task = _task(root)
    gold = {"a1": task.gold_model.model_validate(GOLD)}
    runs = {"run": {"a1": task.result_model.model_validate(RESULT)}}
    scores = {"run": generic.score_corpus(task, gold, runs["run"])}
    page = build_task_page(task, {"a1": "Clinton and Yeltsin met in Cologne. <script>x</script>"}, runs, gold, scores)
    assert page.count('<tr class="paired">') == 1 and page.count('<tr class="false">') == 1
    assert page.count('<tr class="missed">') == 1 and "Gerhard Schroeder" in page
    assert '<td class="correct">Cologne</td>' in page
    assert '<td class="wrong">1999-06-19 <span class="gold">gold: 1999-06-20</span></td>' in page
    assert 'class="partial">START III; trade &lt;b&gt;tariffs&lt;/b&gt;' in page  # one topic of two, escaped
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page  # the article text is escaped
    assert "<h2>run</h2>" in page and "<td>meetings</td>" in page  # the score table


def test_without_gold_nothing_is_marked(root):
    task = _task(root)
    runs = {"run": {"a1": task.result_model.model_validate(RESULT)}}
    page = build_task_page(task, {}, runs)
    assert "nothing is marked" in page and 'class="paired"' not in page and "article text not found" in page


def test_eval_of_a_task_writes_the_page_the_tables_and_the_report_by_suffix(root, tmp_path):
    task = _task(root)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a1.json").write_text(json.dumps(GOLD))
    (gold_dir / "a1.txt").write_text("Clinton and Yeltsin met in Cologne. Clinton met Schroeder in Bonn.")
    run = tmp_path / "run.jsonl"
    run.write_text(json.dumps(RESULT) + "\n")
    outs = [tmp_path / "out" / name for name in ("page.html", "tables.json", "report.md")]
    argv = ["eval", "--task", str(task.folder), "--gold", str(gold_dir), str(run), "--no-history"]
    assert main([*argv, *(a for out in outs for a in ("--out", str(out)))]) == 0
    page, tables, report = (out.read_text() for out in outs)
    assert page.startswith("<!DOCTYPE html>") and '<tr class="missed">' in page
    assert json.loads(tables)["systems"]["run"]["meetings"] == {
        "p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1, "ci95": None
    }  # fmt: skip
    assert report.startswith("# meetings: evaluation")


def test_review_with_a_task_writes_the_tasks_page(root, tmp_path, capsys):
    task = _task(root)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a1.json").write_text(json.dumps(GOLD))
    (gold_dir / "a1.txt").write_text("Clinton and Yeltsin met in Cologne.")
    run = tmp_path / "run.jsonl"
    run.write_text(json.dumps(RESULT) + "\n")
    out = tmp_path / "review.html"
    argv = ["review", "--task", str(task.folder), str(run), "--gold", str(gold_dir), "-o", str(out)]
    assert main(argv) == 0
    assert '<tr class="paired">' in out.read_text() and "Clinton and Yeltsin met in Cologne." in out.read_text()
    assert "1 article(s) of meetings, scored against" in capsys.readouterr().err


def test_view_with_a_task_writes_its_review_page_from_the_recordings(root, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(root)
    out = tmp_path / "view.html"
    assert main(["view", "--task", "examples/meetings", "-o", str(out)]) == 0
    page = out.read_text()
    assert "llmextract review: meetings" in page and "<h2>llm:meetings_v1</h2>" in page
    assert page.count('<section class="article"') == 14
