"""The public API (``import llmextract``): only its public names, the rules backend and the fake HTTP server."""

from __future__ import annotations

import asyncio
import json

import llmextract
from llmextract.testing import FakeOpenAIServer, Reply, always

PUTIN_OBAMA = (
    "MOSCOW, March 14, 2014 — President Vladimir Putin spoke by phone with President Barack Obama on Friday "
    "about Ukraine, the Kremlin said."
)
RULES = llmextract.Settings(backend="rules")


def test_extract_a_text_with_the_rules_gives_a_grounded_result():
    result = llmextract.extract(PUTIN_OBAMA, settings=RULES)
    assert isinstance(result, llmextract.ArticleResult) and result.ok
    assert result.article_id.startswith("text-") and result.backend == "rules"
    (call,) = result.calls
    assert isinstance(call, llmextract.Call) and all(isinstance(p, llmextract.Participant) for p in call.participants)
    assert {p.name for p in call.participants} == {"Vladimir Putin", "Barack Obama"}
    assert result.grounding is not None and result.grounding[0].evidence[0].match == "exact"


def test_extract_takes_an_article_record_and_keeps_its_id():
    article = llmextract.Article(id="a1", text=PUTIN_OBAMA, published="2014-03-14")
    assert llmextract.extract(article, settings=RULES, task="calls").article_id == "a1"


def test_the_batch_forms_give_one_result_per_article_in_input_order():
    texts = [PUTIN_OBAMA, "Nothing about any call here.", {"id": "x", "text": PUTIN_OBAMA}]

    async def collect():
        return [r async for r in llmextract.extract_batch(texts, settings=RULES, concurrency=2)]

    streamed = asyncio.run(collect())
    listed = asyncio.run(llmextract.aextract_many(texts, settings=RULES))
    assert [len(r.calls) for r in streamed] == [1, 0, 1] and streamed[2].article_id == "x"
    assert [r.model_dump(exclude={"latency_s"}) for r in listed] == [
        r.model_dump(exclude={"latency_s"}) for r in streamed
    ]


def test_extract_with_a_model_endpoint_goes_through_the_llm_backend():
    with FakeOpenAIServer(always(Reply())) as fake:
        settings = llmextract.Settings(backend="llm", base_url=fake.base_url, model="fake", max_retries=0)
        result = llmextract.extract(PUTIN_OBAMA, settings=settings)
    assert result.ok and result.model == "fake" and result.usage.requests == 1
    assert [p.name for p in result.calls[0].participants] == ["Test Leader One", "Test Leader Two"]
    # The fake's evidence is not in the article: grounding marks it.
    assert result.grounding is not None and "evidence.0" in result.grounding[0].unsupported


def test_a_failed_extraction_is_a_result_not_an_exception():
    with FakeOpenAIServer(always(Reply(status=500))) as fake:
        settings = llmextract.Settings(backend="llm", base_url=fake.base_url, model="fake", max_retries=0)
        result = llmextract.extract(PUTIN_OBAMA, settings=settings)
    assert not result.ok and result.error is not None and result.error.kind.startswith("http_5")


def test_evaluate_scores_predictions_against_a_gold_folder(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a1.txt").write_text(PUTIN_OBAMA, encoding="utf-8")
    result = llmextract.extract(llmextract.Article(id="a1", text=PUTIN_OBAMA), settings=RULES)
    answer = {"article_id": "a1", "calls": [c.model_dump(mode="json") for c in result.calls]}
    (gold / "a1.json").write_text(json.dumps(answer), encoding="utf-8")
    predictions = tmp_path / "out.jsonl"
    predictions.write_text(result.model_dump_json() + "\n", encoding="utf-8")
    for given in (predictions, [result], {"a1": result}):
        score = llmextract.evaluate(given, gold)
        assert isinstance(score, llmextract.CorpusScore)
        assert score.table()["participants.name"].f1 == 1.0 and score.n_articles == 1


def test_load_task_gives_the_calls_task_by_default():
    task = llmextract.load_task("calls")
    assert isinstance(task, llmextract.Task) and task.records_key == "calls"
    assert task.response_model is llmextract.Extraction
    assert llmextract.load_task(None) is task
