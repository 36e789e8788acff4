"""Worker processes: the same results as one process, every article once, a crashed worker fails only its own."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal

import pytest

from llmextract.backends.workers import WorkerPool, WorkerStartError, check_workers, open_worker_pool
from llmextract.cli import main
from llmextract.config import Settings
from llmextract.engine.articles import SourcedArticle
from llmextract.engine.pipeline import RunOptions, run
from llmextract.engine.records import Article
from llmextract.tasks.calls import CALLS
from llmextract.testing import FakeOpenAIServer, Reply, always

TEXT = "President Alpha spoke by phone with Prime Minister Beta on Monday about trade, the Alpha office said."


def items(n):
    return [SourcedArticle(Article(id=f"a{i}", text=f"{TEXT} ({i})"), f"mem:{i}") for i in range(n)]


def endpoint_settings(url: str) -> Settings:
    return Settings(backend="llm", base_url=url, model="fake-model", api_key="fake", max_retries=0)


async def run_with(settings: Settings, workers: int, inputs, concurrency: int = 8, during=None):
    out = io.StringIO()
    async with open_worker_pool(settings, workers, announce=lambda message: None) as backend:
        task = asyncio.create_task(run(inputs, backend, out, RunOptions(concurrency=concurrency), task=CALLS))
        if during is not None:
            await during(backend)
        summary = await task
    return summary, [json.loads(line) for line in out.getvalue().splitlines()], backend


def test_two_workers_give_the_same_records_as_one_process():
    with FakeOpenAIServer(always(Reply(delay=0.01))) as server:  # a test double, not a model
        settings = endpoint_settings(server.base_url)
        one, one_lines, _ = asyncio.run(run_with(settings, 1, items(30)))
        two, two_lines, pool = asyncio.run(run_with(settings, 2, items(30)))
    assert isinstance(pool, WorkerPool) and len(pool.pids) == 2
    assert (two.ok, two.failed) == (30, 0)
    assert sorted(line["article_id"] for line in two_lines) == sorted(f"a{i}" for i in range(30))

    def comparable(lines):
        return {line["article_id"]: (line["calls"], line["usage"], line["model"]) for line in lines}

    assert comparable(two_lines) == comparable(one_lines)
    assert two.usage == one.usage  # token accounting crosses the process boundary


def test_the_rules_backend_runs_in_workers_too():
    summary, lines, pool = asyncio.run(run_with(Settings(backend="rules"), 2, items(12)))
    assert summary.ok == 12 and pool.name == "rules" and pool.max_concurrency == 2
    assert all(line["calls"] for line in lines)


def test_a_killed_worker_fails_only_its_in_flight_articles_and_the_others_finish():
    with FakeOpenAIServer(always(Reply(delay=0.5))) as server:  # a test double, not a model
        settings = endpoint_settings(server.base_url)

        async def kill_one(pool: WorkerPool) -> None:
            await asyncio.sleep(0.3)  # both workers have requests in flight
            os.kill(pool.pids[0], signal.SIGKILL)

        summary, lines, _ = asyncio.run(run_with(settings, 2, items(20), concurrency=4, during=kill_one))
    ids = [line["article_id"] for line in lines]
    assert sorted(ids) == sorted(f"a{i}" for i in range(20))  # each exactly once
    crashed = [line for line in lines if not line["ok"]]
    assert crashed and all(line["error"]["kind"] == "worker_crashed" for line in crashed)
    assert "exited with code -9" in crashed[0]["error"]["message"]
    assert summary.ok == 20 - len(crashed) and summary.ok > len(crashed)


def test_a_worker_that_cannot_build_its_backend_is_a_clear_error():
    settings = Settings(base_url="http://127.0.0.1:9/v1", model="m", prompt="no_such_prompt")

    async def start():
        async with open_worker_pool(settings, 2, announce=lambda message: None):
            pass

    with pytest.raises(WorkerStartError, match=r"could not start its backend.*no_such_prompt"):
        asyncio.run(start())


def test_workers_are_refused_for_the_embedded_model_which_serves_one_request_at_a_time():
    with pytest.raises(ValueError, match="--workers needs an endpoint"):
        check_workers(Settings(), 2)  # the default: the hybrid backend on the embedded model
    with pytest.raises(ValueError, match="--workers needs an endpoint"):
        check_workers(Settings(backend="llm"), 2)
    with pytest.raises(ValueError, match="at least 1"):
        check_workers(Settings(backend="rules"), 0)
    check_workers(Settings(), 1)


def test_cli_workers_flag(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"x{i}", "text": TEXT}) + "\n" for i in range(6)))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--backend", "rules", "--workers", "2", "-q"]) == 0
    assert sorted(json.loads(line)["article_id"] for line in out.read_text().splitlines()) == [
        f"x{i}" for i in range(6)
    ]
    assert main(["extract", str(src), "--workers", "2"]) == 2
    assert "--workers needs an endpoint" in capsys.readouterr().err
