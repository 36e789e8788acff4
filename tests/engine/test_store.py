"""Recorded responses: record once, replay offline, keyed by everything that shapes the answer."""

from __future__ import annotations

import asyncio
import hashlib
import json

import pytest

from llmextract.config import Settings
from llmextract.engine.endpoint import Endpoint
from llmextract.engine.llm import ExtractionError, LLMExtractor
from llmextract.engine.prompts import load_prompt
from llmextract.engine.records import Article
from llmextract.engine.store import ResponseStore, canonical_json
from llmextract.tasks.calls import CALLS_ANSWER
from llmextract.testing import FakeOpenAIServer, Reply, always

ARTICLE = Article(id="a1", text="Merkel phoned Macron on Thursday.")
SECRET = "sk-test-" + "x" * 32


def extractor(store, store_mode, base_url="http://127.0.0.1:9/v1", **settings):
    return LLMExtractor(
        Settings(base_url=base_url, model="m", api_key=SECRET, store_mode=store_mode, **settings),
        Endpoint(base_url, "m", SECRET, "openai-compatible"),
        load_prompt("calls_v1"),
        **CALLS_ANSWER,
        store=store,
        wait=lambda state: 0.0,
    )


def extract(ex, article=ARTICLE):
    async def go():
        try:
            return await ex.extract(article)
        finally:
            await ex.close()

    return asyncio.run(go())


def test_record_then_replay_without_any_server(tmp_path):
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply(prompt_tokens=321))) as server:
        recorded = extract(extractor(store, "record", server.base_url))
        assert len(server.requests) == 1
    [entry] = list(store.entries())
    assert entry.article_id == "a1" and entry.prompt.name == "calls_v1" and entry.usage.prompt_tokens == 321
    assert entry.raw_outputs and json.loads(entry.raw_outputs[0])["calls"]
    replayed = extract(extractor(store, "replay"))  # port 9: nothing listens, nothing is called
    assert replayed.replayed and replayed.extraction.model_dump() == recorded.extraction.model_dump()
    assert replayed.usage == recorded.usage


def test_replay_of_a_missing_entry_names_article_prompt_and_model(tmp_path):
    with pytest.raises(ExtractionError) as info:
        extract(extractor(ResponseStore(tmp_path), "replay"))
    message = info.value.info.message
    assert info.value.info.kind == "replay_missing"
    assert "'a1'" in message and "calls_v1" in message and "'m'" in message


def test_cached_mode_replays_what_exists_and_records_the_rest(tmp_path):
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply())) as server:
        extract(extractor(store, "cached", server.base_url))
        extract(extractor(store, "cached", server.base_url))
        extract(extractor(store, "cached", server.base_url), Article(id="a2", text="Biden called Xi."))
        assert len(server.requests) == 2
    assert len(list(store.entries())) == 2


def test_an_answer_that_never_validates_is_recorded_and_replays_as_the_same_failure(tmp_path):
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply(answer='{"calls": [{"participants": []}]}'))) as server:
        with pytest.raises(ExtractionError) as live:
            extract(extractor(store, "cached", server.base_url, max_reasks=1))
        assert len(server.requests) == 2
    [entry] = list(store.entries())
    assert entry.parsed is None and entry.error.kind == "invalid_output" and len(entry.raw_outputs) == 2
    with pytest.raises(ExtractionError) as replayed:
        extract(extractor(store, "replay"))  # nothing listens: the failure comes from the store
    assert replayed.value.info == live.value.info
    assert replayed.value.usage.requests == 2


def test_transient_failures_are_not_recorded(tmp_path):
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply(status=500, answer=None))) as server, pytest.raises(ExtractionError):
        extract(extractor(store, "cached", server.base_url, max_retries=1))
    assert list(store.entries()) == []


def test_the_key_changes_with_model_prompt_text_mode_and_sampling(tmp_path):
    base = extractor(None, "live").key_parts(ARTICLE).key()
    assert extractor(None, "live", mode="json").key_parts(ARTICLE).key() != base
    assert extractor(None, "live", temperature=0.5).key_parts(ARTICLE).key() != base
    assert extractor(None, "live").key_parts(Article(id="a1", text="Other text.")).key() != base
    other_model = extractor(None, "live")
    other_model.endpoint = Endpoint("http://127.0.0.1:9/v1", "m2", "", "openai-compatible")
    assert other_model.key_parts(ARTICLE).key() != base
    # the article id alone does not change the answer, so it does not change the key
    assert extractor(None, "live").key_parts(Article(id="zz", text=ARTICLE.text)).key() == base


def test_recordings_never_hold_the_api_key(tmp_path):
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply())) as server:
        extract(extractor(store, "record", server.base_url))
    for path in tmp_path.rglob("*.json"):
        text = path.read_text()
        assert SECRET not in text and "authorization" not in text.lower()


def test_store_modes_other_than_live_need_a_store():
    with pytest.raises(ValueError, match="--store"):
        extractor(None, "replay")


def test_keys_without_extra_validation_are_the_keys_recordings_were_made_with():
    parts = extractor(None, "live").key_parts(ARTICLE)
    assert parts.validation is None
    # the hash of exactly the six parts that existed before optional parts were added
    old = {k: v for k, v in parts.model_dump(mode="json").items() if k != "validation"}
    blob = json.dumps(old, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert parts.key() == hashlib.sha256(blob.encode()).hexdigest()
    assert parts.key(canonical_json(parts.response_schema)) == parts.key()  # the schema serialised once
    assert extractor(None, "live", grounding="mark").key_parts(ARTICLE).key() == parts.key()
    assert extractor(None, "live", grounding="off").key_parts(ARTICLE).key() == parts.key()


def test_grounding_reask_has_its_own_key_and_records_and_replays_under_it(tmp_path):
    assert extractor(None, "live", grounding="reask").key_parts(ARTICLE).key() != (
        extractor(None, "live").key_parts(ARTICLE).key()
    )
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply())) as server:  # the fake's answer is not in the article: re-asked, then kept
        recorded = extract(extractor(store, "record", server.base_url, grounding="reask", max_reasks=1))
        assert len(server.requests) == 2
    [entry] = list(store.entries())
    assert entry.validation == "grounding" and len(entry.raw_outputs) == 2 and entry.parsed is not None
    replayed = extract(extractor(store, "replay", grounding="reask"))
    assert replayed.replayed and replayed.extraction.model_dump() == recorded.extraction.model_dump()
    with pytest.raises(ExtractionError) as missing:  # the plain key has no recording
        extract(extractor(store, "replay"))
    assert missing.value.info.kind == "replay_missing"


def test_entries_without_extra_validation_are_written_as_before(tmp_path):
    store = ResponseStore(tmp_path)
    with FakeOpenAIServer(always(Reply())) as server:
        extract(extractor(store, "record", server.base_url))
    [path] = list(tmp_path.rglob("*.json"))
    assert "validation" not in json.loads(path.read_text())
