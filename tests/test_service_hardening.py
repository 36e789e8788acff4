"""The HTTP service under abuse and at its edges: CPU-bound work off the event loop, article size, credentials
in URLs, clean errors on shutdown and odd bodies, slow clients. Over real HTTP (uvicorn on a loopback port)."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from llmextract.config import ServeSettings, Settings
from llmextract.rules import RulesExtractor
from llmextract.service import create_app
from llmextract.testing import running_app

ROOT = Path(__file__).resolve().parent.parent
PUTIN_OBAMA = (
    "Russian President Vladimir Putin spoke by phone with U.S. President Barack Obama on Friday, the Kremlin said."
)


class BlockingRules:
    """A test double for the rule extraction of a huge article: like seconds of pure-Python work, it holds the
    thread it runs on (here until the test releases it, or 20 s), then finds what the real rules find."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = RulesExtractor.extract

        def slow(rules: RulesExtractor, article):  # type: ignore[no-untyped-def]
            self.started.set()
            self.release.wait(20)
            return real(rules, article)

        monkeypatch.setattr(RulesExtractor, "extract", slow)


# ---------------------------------------------------------------- CPU-bound work off the event loop


@pytest.mark.parametrize(
    "settings",
    [
        Settings(backend="rules"),
        # The hybrid's rules find the call; no model question (topics off, answers replayed): no model needed.
        Settings(backend="hybrid", topics_prompt="none", store=ROOT / "eval" / "recordings", store_mode="replay"),
    ],
    ids=["rules", "hybrid"],
)
def test_healthz_answers_while_the_rules_work_on_a_big_article(monkeypatch, settings):
    slow = BlockingRules(monkeypatch)
    answers: list[httpx.Response] = []
    with running_app(create_app(settings)) as url:
        worker = threading.Thread(
            target=lambda: answers.append(httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA}, timeout=60))
        )
        worker.start()
        assert slow.started.wait(20), "the extraction never started"
        try:
            # While the rules hold their thread, the event loop is free: the health check answers at once.
            health = httpx.get(f"{url}/healthz", timeout=5)
        finally:
            slow.release.set()
            worker.join(60)
    assert health.status_code == 200 and health.json()["in_flight"] == 1
    [answer] = answers
    assert answer.status_code == 200, answer.text
    assert {p["name"] for p in answer.json()["calls"][0]["participants"]} == {"Vladimir Putin", "Barack Obama"}


# ---------------------------------------------------------------- article size


def test_an_article_over_the_size_limit_fails_alone_in_a_batch_naming_the_limit():
    app = create_app(Settings(backend="rules"), ServeSettings(max_article_chars=1_000))
    with running_app(app) as url:
        one = httpx.post(f"{url}/v1/extract", json={"id": "big", "text": "x" * 1_001})
        batch = httpx.post(
            f"{url}/v1/extract/batch",
            json={"articles": [{"id": "ok", "text": PUTIN_OBAMA}, {"id": "big", "text": "y" * 1_001}]},
        )
    assert one.status_code == 422
    error = one.json()["error"]
    assert error["kind"] == "article_too_long"
    assert "1,000 characters" in error["message"] and "--max-article-chars" in error["message"]
    assert error["details"] == [
        {"loc": ["text"], "message": error["message"].removeprefix("text: "), "type": "string_too_long"}
    ]
    assert batch.status_code == 200
    ok, big = batch.json()["results"]
    assert ok["ok"] and ok["calls"]
    assert not big["ok"] and big["article_id"] == "big" and big["error"]["kind"] == "article_too_long"
    assert big["error"]["message"].startswith("articles[1]: text: the article is longer than 1,000 characters")
    assert "--max-article-chars" in big["error"]["message"]
