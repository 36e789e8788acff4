"""The meetings example end to end from its committed recordings (the embedded Qwen2.5-Coder-1.5B's answers)."""

from __future__ import annotations

from llmextract.config import Settings
from llmextract.eval import generic
from llmextract.tasks import load_task


def test_the_meetings_eval_replays_and_scores_every_article(root):
    task = load_task(root / "examples" / "meetings")
    gold = generic.load_gold(task, task.gold_dir)
    articles = generic.load_articles(task, task.gold_dir, gold)
    settings = Settings(backend="llm", task=str(task.folder), store=root / "eval" / "recordings", store_mode="replay")
    results, summary = generic.run_system(settings, task, articles, announce=lambda message: None)
    missing = {a: r.error.message for a, r in results.items() if r.error and r.error.kind != "invalid_output"}
    assert not missing, f"record the meetings task with --store-mode cached: {missing}"
    assert summary.replayed == len(articles) == 14
    score = generic.score_corpus(task, gold, results)
    assert score.n_articles == 14 and score.n_missing == 0
    table = score.table()
    assert table["overall"].tp + table["overall"].fn > 0 and table["meetings"].f1 is not None
