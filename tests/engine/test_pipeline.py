"""Batch runs: every input ends exactly once in the output, resumable, bounded, budgeted."""

from __future__ import annotations

import asyncio
import io
import json

import pytest

from llmextract.backends import Outcome, open_backend
from llmextract.config import Settings
from llmextract.engine.articles import InputProblem, SourcedArticle, iter_inputs
from llmextract.engine.llm import ExtractionError
from llmextract.engine.output import OutputExists, prepare_output
from llmextract.engine.pipeline import RunOptions, WindowLimiter, price_for, run
from llmextract.engine.records import Article, ErrorInfo, Usage
from llmextract.tasks.calls import CALLS
from llmextract.tasks.calls.schema import Extraction


class FakeBackend:
    """A test double: answers no calls after ``delay`` s, fails the ids it is told to."""

    name = "fake"
    model = "fake-model"
    prompt = None
    max_concurrency = None

    def __init__(self, delay=0.0, fail=(), hang=(), tokens=100):
        self.delay, self.fail, self.hang, self.tokens = delay, set(fail), set(hang), tokens
        self.in_flight = self.peak = 0
        self.seen: list[str] = []

    async def extract(self, article):
        self.seen.append(article.id)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(30 if article.id in self.hang else self.delay)
            if article.id in self.fail:
                raise ExtractionError(ErrorInfo(kind="http_500", message="boom"), Usage(requests=3))
            return Outcome(Extraction(), Usage(prompt_tokens=self.tokens, completion_tokens=10, requests=1), self.delay)
        finally:
            self.in_flight -= 1


def items(n, start=0):
    return [SourcedArticle(Article(id=f"a{i}", text=f"text {i}"), f"mem:{i}") for i in range(start, start + n)]


def go(inputs, backend, options=None, done=None, **kw):
    out = io.StringIO()
    summary = asyncio.run(run(inputs, backend, out, options or RunOptions(), done_ids=done, task=CALLS, **kw))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return summary, lines


def test_every_input_ends_once_in_the_output_ok_or_failed_with_a_reason():
    inputs = [*items(10), InputProblem("bad", "bad.txt", "empty file")]
    summary, lines = go(inputs, FakeBackend(fail={"a3"}), RunOptions(concurrency=4))
    ids = [line["article_id"] for line in lines]
    assert sorted(ids) == sorted([f"a{i}" for i in range(10)] + ["bad"])
    failed = {line["article_id"]: line["error"] for line in lines if not line["ok"]}
    assert failed["a3"]["kind"] == "http_500" and failed["bad"] == {"kind": "input", "message": "bad.txt: empty file"}
    assert (summary.ok, summary.failed) == (9, 2)
    assert summary.usage.requests == 9 + 3


def test_concurrency_is_bounded_and_used():
    backend = FakeBackend(delay=0.02)
    go(items(40), backend, RunOptions(concurrency=8))
    assert backend.peak == 8


def test_a_backend_limit_caps_concurrency():
    backend = FakeBackend(delay=0.01)
    backend.max_concurrency = 1
    go(items(5), backend, RunOptions(concurrency=16))
    assert backend.peak == 1


def test_duplicate_ids_are_reported_not_written_twice():
    summary, lines = go([*items(3), *items(1)], FakeBackend())
    assert len(lines) == 3 and summary.duplicates == ["a0 (mem:0)"]


def test_per_article_timeout_fails_only_that_article():
    summary, lines = go(items(3), FakeBackend(hang={"a1"}), RunOptions(article_timeout=0.2))
    assert {line["article_id"]: line["ok"] for line in lines} == {"a0": True, "a1": False, "a2": True}
    assert summary.failures["timeout"] == 1


def test_token_budget_stops_new_work_and_says_so():
    summary, lines = go(items(20), FakeBackend(tokens=1000), RunOptions(concurrency=1, max_tokens_total=3000))
    assert len(lines) == 3 and summary.not_started == 17
    assert "token budget" in summary.budget_stop


def test_cost_budget_uses_the_price_table():
    prices = {"fake-model": (1_000_000.0, 0.0)}  # $1 per prompt token
    summary, lines = go(items(10), FakeBackend(tokens=2), RunOptions(concurrency=1, max_cost=5), prices=prices)
    assert len(lines) == 3 and summary.cost_usd == pytest.approx(6.0)


def test_resume_cuts_a_torn_line_and_skips_what_is_done(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"article_id": "a0", "ok": true}\n{"article_id": "a1", "ok": false}\n{"article_id": "a2", "o')
    with pytest.raises(OutputExists, match="--resume"):
        prepare_output(out, resume=False, overwrite=False)
    done = prepare_output(out, resume=True, overwrite=False)
    assert done == {"a0", "a1"}
    assert out.read_text().endswith("}\n")
    backend = FakeBackend()
    summary, _lines = go(items(5), backend, done=done)
    assert backend.seen == ["a2", "a3", "a4"] and summary.skipped_resume == 2


def test_prices_match_dated_model_names_and_local_is_free():
    table = {"gpt-4o": (2.5, 10.0), "gpt-4o-mini": (0.15, 0.6)}
    assert price_for("gpt-4o-mini-2024-07-18", table, local=False) == (0.15, 0.6)
    assert price_for("mystery", table, local=False) is None
    assert price_for("mystery", table, local=True) == (0.0, 0.0)


def test_window_limiter_waits_for_the_window_to_slide():
    now = [0.0]
    sleeps = []

    async def go_limit():
        limiter = WindowLimiter(2, window=60, clock=lambda: now[0])

        async def fake_sleep(seconds):
            sleeps.append(seconds)
            now[0] += seconds

        real_sleep = asyncio.sleep
        asyncio.sleep = fake_sleep
        try:
            for _ in range(3):
                await limiter.acquire()
        finally:
            asyncio.sleep = real_sleep

    asyncio.run(go_limit())
    assert sleeps == [60.0]


def test_a_failing_writer_stops_the_run_instead_of_hanging(seeds_dir):
    class FullDisk(io.StringIO):
        def write(self, text):
            raise OSError(28, "No space left on device")

    items = list(iter_inputs([seeds_dir]))

    async def go():
        async with open_backend(Settings(backend="rules")) as backend:
            return await asyncio.wait_for(
                run(items, backend, FullDisk(), RunOptions(concurrency=2), task=CALLS), timeout=10
            )

    with pytest.raises(OSError, match="No space left"):
        asyncio.run(go())


class OneCallBackend(FakeBackend):
    """Answers one call whose second passage and second name are invented."""

    async def extract(self, article):
        call = {
            "participants": [{"name": "Angela Merkel"}, {"name": "Olaf Scholz"}],
            "evidence": ["Merkel phoned Macron", "Merkel and Scholz met in Berlin."],
        }
        return Outcome(Extraction.model_validate({"calls": [call]}), Usage(requests=1))


def test_each_line_carries_the_grounding_of_its_calls():
    inputs = [SourcedArticle(Article(id="m", text="Merkel phoned Macron on Thursday."), "mem:m")]
    _, [line] = go(inputs, OneCallBackend())
    [grounding] = line["grounding"]
    assert grounding["evidence"] == [{"match": "exact", "start": 0, "end": 20}, {"match": "not_found"}]
    assert grounding["unsupported"] == ["evidence.1", "participants.1.name"]
    assert len(line["calls"]) == 1 and line["calls"][0]["participants"][1]["name"] == "Olaf Scholz"  # kept


def test_grounding_off_leaves_the_line_as_before():
    inputs = [SourcedArticle(Article(id="m", text="Merkel phoned Macron on Thursday."), "mem:m")]
    _, [line] = go(inputs, OneCallBackend(), RunOptions(ground=False))
    assert "grounding" not in line and len(line["calls"]) == 1


def test_endpoint_failures_in_a_row_trip_the_breaker_and_the_rest_is_not_started():
    backend = FakeBackend(fail={f"a{i}" for i in range(20)})
    summary, lines = go(items(20), backend, RunOptions(concurrency=1, max_consecutive_failures=3))
    assert len(lines) == 3 and summary.not_started == 17 and backend.seen == ["a0", "a1", "a2"]
    assert summary.breaker_stop.startswith("3 endpoint failures in a row (last: boom)")


def test_an_answered_article_resets_the_breaker():
    backend = FakeBackend(fail={"a0", "a1", "a3", "a4", "a6", "a7"})
    summary, lines = go(items(9), backend, RunOptions(concurrency=1, max_consecutive_failures=3))
    assert len(lines) == 9 and summary.breaker_stop is None and summary.not_started == 0


def test_failures_of_the_article_itself_do_not_trip_the_breaker():
    class InvalidOutput(FakeBackend):
        async def extract(self, article):
            raise ExtractionError(ErrorInfo(kind="invalid_output", message="bad answer"))

    summary, lines = go(items(6), InvalidOutput(), RunOptions(concurrency=1, max_consecutive_failures=2))
    assert len(lines) == 6 and summary.breaker_stop is None


def test_error_messages_lose_the_credentials_of_urls_they_quote():
    class Leaky(FakeBackend):
        async def extract(self, article):
            raise ExtractionError(ErrorInfo(kind="endpoint", message="cannot reach http://u:pw@h:1/v1: refused"))

    _, [line] = go(items(1), Leaky())
    assert line["error"]["message"] == "cannot reach http://***@h:1/v1: refused"


def test_retry_failed_drops_failed_and_older_lines_and_keeps_the_rest_in_order(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(
        '{"article_id": "a0", "ok": true, "n": 1}\n'
        '{"article_id": "a1", "ok": false}\n'
        '{"article_id": "a2", "ok": false}\n'
        "not json, kept\n"
        '{"article_id": "a2", "ok": true, "n": 2}\n'
        '{"article_id": "a3", "ok": true}\n'
        '{"article_id": "a3", "ok": false}\n'
        '{"article_id": "a4", "o'
    )
    done = prepare_output(out, resume=True, overwrite=False, retry_failed=True)
    assert done == {"a0", "a2"}
    assert (
        out.read_text()
        == '{"article_id": "a0", "ok": true, "n": 1}\nnot json, kept\n{"article_id": "a2", "ok": true, "n": 2}\n'
    )
    backend = FakeBackend()
    go(items(5), backend, done=done)
    assert backend.seen == ["a1", "a3", "a4"]


def test_without_retry_failed_resume_counts_failed_lines_as_done(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"article_id": "a0", "ok": false}\n')
    assert prepare_output(out, resume=True, overwrite=False) == {"a0"}
    assert out.read_text() == '{"article_id": "a0", "ok": false}\n'


def test_a_rewrite_killed_before_the_rename_leaves_the_old_file_whole(tmp_path, monkeypatch):
    import llmextract.engine.output as pipeline

    out = tmp_path / "out.jsonl"
    original = '{"article_id": "a0", "ok": true}\n{"article_id": "a1", "ok": false}\n'
    out.write_text(original)

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        prepare_output(out, resume=True, overwrite=False, retry_failed=True)
    assert out.read_text() == original
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left behind


def test_an_interrupt_lets_the_articles_in_flight_finish_and_starts_no_new_one():
    interrupt_holder = {}

    class InterruptedDuringFirst(FakeBackend):
        async def extract(self, article):
            if article.id == "a1":
                interrupt_holder["event"].set()  # the signal arrives while a1 is in flight
            return await super().extract(article)

    async def go_interrupted():
        interrupt_holder["event"] = asyncio.Event()
        out = io.StringIO()
        backend = InterruptedDuringFirst()
        summary = await run(
            items(10), backend, out, RunOptions(concurrency=1), interrupt=interrupt_holder["event"], task=CALLS
        )
        return summary, backend, [json.loads(line) for line in out.getvalue().splitlines()]

    summary, backend, lines = asyncio.run(go_interrupted())
    assert [line["article_id"] for line in lines] == ["a0", "a1"] and all(line["ok"] for line in lines)
    assert backend.seen == ["a0", "a1"] and summary.interrupted
