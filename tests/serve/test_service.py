"""The HTTP service, over real HTTP (uvicorn on a loopback port): answers, limits, auth, saturation, errors.

Backends: the rule baseline, the committed recordings of the real model (replay), an llm endpoint where
nothing listens, the FakeOpenAIServer test double, and the small backend test doubles below.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from llmextract.backends import LLMBackend, Outcome, open_backend
from llmextract.config import ServeSettings, Settings
from llmextract.engine.endpoint import Endpoint
from llmextract.engine.llm import ExtractionError, LLMExtractor
from llmextract.engine.prompts import load_prompt
from llmextract.engine.records import Article, ErrorInfo, Usage
from llmextract.serve import app as service
from llmextract.serve.app import ErrorBody, create_app
from llmextract.tasks.calls import CALLS_ANSWER
from llmextract.tasks.calls.rules import VERSION
from llmextract.tasks.calls.schema import ArticleResult, Extraction, extraction_json_schema
from llmextract.testing import FakeOpenAIServer, Reply, always, running_app

ROOT = Path(__file__).resolve().parents[2]
SEED = "002_3c0780f787e20235"
JSON = {"content-type": "application/json"}
PUTIN_OBAMA = (
    "Russian President Vladimir Putin spoke by phone with U.S. President Barack Obama on Friday, the Kremlin said."
)


def seed_text(name: str = SEED) -> str:
    return (ROOT / "seeds" / f"{name}.txt").read_text(encoding="utf-8")


def replay_settings(**extra) -> Settings:
    return Settings(backend="llm", prompt="calls_v1", store=ROOT / "eval" / "recordings", store_mode="replay", **extra)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unreachable_settings() -> Settings:
    return Settings(backend="llm", base_url=f"http://127.0.0.1:{closed_port()}/v1", model="m", max_retries=0)


def assert_error(response: httpx.Response, status: int, kind: str) -> str:
    """Every error has the one shape {"error": {"kind", "message"}}; returns the message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    ErrorBody.model_validate(body)
    assert body["error"]["kind"] == kind, body
    assert body["error"]["message"]
    return body["error"]["message"]


class GatedBackend:
    """A test double: each extraction waits until the test opens the gate (or 10 s), then finds no call."""

    name = "gated"
    model = "gated-model"
    prompt = None
    max_concurrency = None

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)

    async def extract(self, article: Article) -> Outcome:
        self.started.release()
        await asyncio.to_thread(self.gate.wait, 10)
        return Outcome(Extraction(), Usage(requests=1), 0.0)


class FailingBackend:
    """A test double: fails the article ids it is told to, the way the model client does; no call for others."""

    name = "failing"
    model = "failing-model"
    prompt = None
    max_concurrency = None

    def __init__(self, fail: dict[str, str]) -> None:
        self.fail = fail  # article id -> error kind

    async def extract(self, article: Article) -> Outcome:
        if article.id in self.fail:
            kind = self.fail[article.id]
            raise ExtractionError(ErrorInfo(kind=kind, message=f"{kind} for {article.id}"), Usage(requests=2))
        return Outcome(Extraction(), Usage(prompt_tokens=10, completion_tokens=2, requests=1), 0.01)


@pytest.fixture(scope="module")
def rules_url():
    app = create_app(Settings(backend="rules"), ServeSettings(max_body_bytes=50_000, max_article_chars=20_000))
    with running_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def replay_url():
    with running_app(create_app(replay_settings())) as url:
        yield url


# ---------------------------------------------------------------- answers


def test_extract_one_article_with_the_rules(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract", json={"id": "a1", "text": PUTIN_OBAMA, "published": "2013-04-30"})
    assert r.status_code == 200, r.text
    result = ArticleResult.model_validate(r.json())
    assert result.ok and result.article_id == "a1" and result.backend == "rules" and result.model == f"rules-{VERSION}"
    [call] = result.calls
    assert {p.name for p in call.participants} == {"Vladimir Putin", "Barack Obama"}
    assert call.medium == "phone" and call.reported_by == ["Kremlin"]
    assert call.date == "2013-04-26"  # "on Friday", resolved against the published date


def test_an_article_without_an_id_gets_one_from_its_text(rules_url):
    first = httpx.post(f"{rules_url}/v1/extract", json={"text": PUTIN_OBAMA}).json()
    again = httpx.post(f"{rules_url}/v1/extract", json={"text": PUTIN_OBAMA}).json()
    assert first["article_id"].startswith("text-") and first["article_id"] == again["article_id"]


def test_extract_replays_the_recorded_model_answer(replay_url):
    r = httpx.post(f"{replay_url}/v1/extract", json={"id": SEED, "text": seed_text()})
    assert r.status_code == 200, r.text
    result = ArticleResult.model_validate(r.json())
    assert result.replayed and result.model == "qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert result.prompt is not None and result.prompt.name == "calls_v1"
    assert result.usage.prompt_tokens > 0 and result.usage.requests >= 1

    async def direct() -> Extraction:
        async with open_backend(replay_settings(), announce=lambda m: None) as backend:
            return (await backend.extract(Article(id=SEED, text=seed_text()))).extraction

    # The same answer as the library gives for the same article: the recorded one.
    assert [c.model_dump() for c in result.calls] == [c.model_dump() for c in asyncio.run(direct()).calls]
    assert {p.name for p in result.calls[0].participants} == {"Vladimir Putin", "Barack Obama"}


def test_an_article_with_no_recording_gets_502_naming_it(replay_url):
    r = httpx.post(f"{replay_url}/v1/extract", json={"id": "new-one", "text": "Merkel phoned Macron on Monday."})
    message = assert_error(r, 502, "replay_missing")
    assert "'new-one'" in message and "calls_v1" in message


def test_a_batch_answers_every_article_in_order_and_a_bad_one_costs_no_other(replay_url):
    articles = [
        {"id": SEED, "text": seed_text()},
        {"id": "blank", "text": "   "},
        {"id": "bad-date", "text": "Merkel phoned Macron.", "published": "2013-13-01"},
        {"text": "no id and an unknown field", "colour": "red"},
        {"id": "004_4a6360bd356b1477", "text": seed_text("004_4a6360bd356b1477")},
    ]
    r = httpx.post(f"{replay_url}/v1/extract/batch", json={"articles": articles})
    assert r.status_code == 200, r.text
    body = r.json()
    results = [ArticleResult.model_validate(x) for x in body["results"]]
    assert [x.article_id for x in results] == [SEED, "blank", "bad-date", "articles[3]", "004_4a6360bd356b1477"]
    assert [x.ok for x in results] == [True, False, False, False, True]
    assert (body["ok"], body["failed"]) == (2, 3)
    assert results[0].replayed and results[0].calls and results[4].calls
    errors = [x.error for x in results if x.error]
    assert {e.kind for e in errors} == {"input"}
    assert errors[0].message == "articles[1]: text: is blank: give the article's text"
    assert errors[1].message.startswith("articles[2]: published: '2013-13-01' is not a date")
    assert "articles[3]: colour: Extra inputs are not permitted" in errors[2].message


def test_a_batch_article_whose_extraction_fails_gets_its_own_error():
    backend = FailingBackend({"b": "invalid_output"})
    with running_app(create_app(Settings(backend="llm"), backend=backend)) as url:
        articles = [{"id": i, "text": f"article {i}"} for i in ("a", "b", "c")]
        r = httpx.post(f"{url}/v1/extract/batch", json={"articles": articles})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["ok"] for x in results] == [True, False, True]
    assert results[1]["error"] == {"kind": "invalid_output", "message": "invalid_output for b"}
    assert results[1]["usage"]["requests"] == 2 and results[1]["source"] == "articles[1]"


def test_a_batch_that_is_not_a_list_of_objects_is_refused_whole(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract/batch", json={"articles": [{"text": PUTIN_OBAMA}, "just a string"]})
    message = assert_error(r, 422, "validation")
    assert message.startswith("articles[1]: Input should be a valid dictionary")


def test_schema_is_the_extraction_json_schema(rules_url):
    r = httpx.get(f"{rules_url}/v1/schema")
    assert r.status_code == 200 and r.json() == extraction_json_schema()


def test_the_openapi_document_describes_the_routes_and_the_limits(rules_url):
    doc = httpx.get(f"{rules_url}/openapi.json").json()
    assert {"/v1/extract", "/v1/extract/batch", "/v1/schema", "/healthz"} <= set(doc["paths"])
    schemas = doc["components"]["schemas"]
    assert schemas["ArticleIn"]["properties"]["text"]["maxLength"] == 20_000
    assert schemas["BatchRequest"]["properties"]["articles"]["maxItems"] == 32
    responses = doc["paths"]["/v1/extract"]["post"]["responses"]
    assert {"200", "413", "422", "429", "503"} <= set(responses)
    assert responses["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "securitySchemes" not in doc["components"]  # no token set: no auth declared


def test_the_docs_page_needs_no_cdn(rules_url):
    page = httpx.get(f"{rules_url}/docs")
    assert page.status_code == 200
    scripts = [line for line in page.text.splitlines() if "src=" in line or "href=" in line]
    assert scripts and not any("http" in line for line in scripts), scripts
    bundle = httpx.get(f"{rules_url}/static-offline-docs/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


# ---------------------------------------------------------------- health


def test_healthz_is_ok_for_the_rules_and_for_replay(rules_url, replay_url):
    rules = httpx.get(f"{rules_url}/healthz")
    assert rules.status_code == 200 and rules.json()["status"] == "ok" and rules.json()["backend"] == "rules"
    replay = httpx.get(f"{replay_url}/healthz").json()
    assert replay["status"] == "ok" and replay["detail"].startswith("replay:")
    assert replay["model"] == "qwen2.5-coder-1.5b-instruct-q4_k_m" and replay["prompt"]["name"] == "calls_v1"


def test_healthz_asks_a_live_endpoint_for_its_models():
    with FakeOpenAIServer(always(Reply())) as fake:
        settings = Settings(backend="llm", base_url=fake.base_url, model="fake", max_retries=0)
        with running_app(create_app(settings)) as url:
            r = httpx.get(f"{url}/healthz")
            extracted = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA})
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.json()["detail"].startswith(f"GET {fake.base_url}/models answered 200")
    assert extracted.status_code == 200 and extracted.json()["model"] == "fake"


def test_a_backend_that_cannot_be_reached_gives_503_on_healthz_and_on_extract():
    with running_app(create_app(unreachable_settings())) as url:
        health = httpx.get(f"{url}/healthz")
        one = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA})
        batch = httpx.post(f"{url}/v1/extract/batch", json={"articles": [{"text": "a b c"}, {"text": ""}]})
    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "unavailable" and "cannot reach the model endpoint" in body["detail"]
    assert body["error"]["kind"] == "backend_unavailable"
    assert "cannot reach the model endpoint" in assert_error(one, 503, "endpoint")
    assert one.headers["retry-after"] == "5"
    assert_error(batch, 503, "endpoint")


def test_an_endpoint_that_takes_the_connection_but_does_not_answer_is_down_when_idle():
    with socket.socket() as listener:  # listens, never accepts: connections complete, requests never answer
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        settings = Settings(backend="llm", base_url=f"http://127.0.0.1:{listener.getsockname()[1]}/v1", model="m")

        async def check():
            async with open_backend(settings) as backend:
                return await backend.check(timeout=0.2)

        health = asyncio.run(check())
    assert health.ok is None and "no answer within 0.2s" in health.detail


def test_the_embedded_model_is_down_when_its_server_process_has_exited():
    class ExitedServer:
        """A test double for local.LocalServer whose process has exited."""

        running = False
        log_path = Path("/tmp/llmextract-server.log")

    settings = Settings(backend="llm", store_mode="live")
    endpoint = Endpoint("http://127.0.0.1:9/v1", "local", "", "llama.cpp")
    backend = LLMBackend(
        LLMExtractor(settings, endpoint, load_prompt("calls_v1"), **CALLS_ANSWER), 1, servers=[ExitedServer()]
    )
    health = asyncio.run(backend.check())
    assert health.ok is False and "embedded llama.cpp server has exited" in health.detail


# ---------------------------------------------------------------- auth


def test_a_token_is_required_on_v1_when_set_and_healthz_stays_open():
    app = create_app(Settings(backend="rules"), ServeSettings(token="s3cret-token"))
    with running_app(app) as url:
        missing = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA})
        wrong = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA}, headers={"Authorization": "Bearer nope"})
        basic = httpx.get(f"{url}/v1/schema", headers={"Authorization": "Basic czNjcmV0LXRva2Vu"})
        # Refused before the body is even read: a malformed body still gets 401, not 422.
        malformed = httpx.post(f"{url}/v1/extract", content=b"{oops", headers={"content-type": "application/json"})
        good = httpx.post(
            f"{url}/v1/extract", json={"text": PUTIN_OBAMA}, headers={"Authorization": "Bearer s3cret-token"}
        )
        health = httpx.get(f"{url}/healthz")
        doc = httpx.get(f"{url}/openapi.json").json()
    for r in (missing, wrong, basic, malformed):
        assert "LLMEXTRACT_SERVE_TOKEN" in assert_error(r, 401, "unauthorized")
        assert r.headers["www-authenticate"] == "Bearer"
    assert good.status_code == 200 and good.json()["calls"]
    assert health.status_code == 200
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert doc["paths"]["/v1/extract"]["post"]["security"] == [{"HTTPBearer": []}]


def test_without_a_token_no_header_is_needed(rules_url):
    assert httpx.post(f"{rules_url}/v1/extract", json={"text": PUTIN_OBAMA}).status_code == 200


# ---------------------------------------------------------------- limits and malformed requests


def test_a_body_over_the_limit_gets_413_before_parsing(rules_url):
    big = b'{"text": "' + b"x" * 60_000 + b'"}'
    r = httpx.post(f"{rules_url}/v1/extract", content=big, headers={"content-type": "application/json"})
    assert "50,000 bytes" in assert_error(r, 413, "body_too_large")


def test_a_chunked_body_over_the_limit_gets_413_too(rules_url):
    def chunks():  # no Content-Length: the limit is counted while reading
        yield b'{"text": "'
        for _ in range(20):
            yield b"y" * 5_000
        yield b'"}'

    r = httpx.post(f"{rules_url}/v1/extract", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413, "body_too_large")


def test_an_article_over_the_length_limit_gets_422_naming_the_limit(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract", json={"text": "z" * 20_001})
    message = assert_error(r, 422, "article_too_long")
    assert message == (
        "text: the article is longer than 20,000 characters "
        "(this service's limit: --max-article-chars, LLMEXTRACT_SERVE_MAX_ARTICLE_CHARS)"
    )


def test_a_batch_over_the_length_limit_gets_422_naming_the_limit(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract/batch", json={"articles": [{"text": "a"}] * 33})
    assert "--max-batch" in assert_error(r, 422, "validation")


def test_malformed_json_gets_422_saying_where(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract", content=b'{"text": "a",}', headers={"content-type": "application/json"})
    message = assert_error(r, 422, "invalid_json")
    assert message.startswith("request body is not valid JSON: ") and "at character 13" in message


def test_a_body_that_is_not_utf8_or_too_deeply_nested_gets_422_too(rules_url):
    bad_bytes = httpx.post(f"{rules_url}/v1/extract", content=b'{"text": "\xff"}', headers=JSON)
    message = assert_error(bad_bytes, 422, "invalid_json")
    assert message.startswith("request body is not valid UTF-8: byte 0xff at byte offset 10")
    deep = httpx.post(f"{rules_url}/v1/extract", content=b"[" * 10_000 + b"]" * 10_000, headers=JSON)
    assert assert_error(deep, 422, "invalid_json").startswith("request body is nested too deeply to read")
    for r in (bad_bytes, deep):
        # Like every 422: the problem in details too; and said in the client's terms, not Python's.
        [detail] = r.json()["error"]["details"]
        assert detail == {"loc": [], "message": r.json()["error"]["message"], "type": "json_invalid"}
        for python in ("Error", "Traceback", "decode", "recursion"):
            assert python not in r.text


def test_invalid_fields_get_422_with_every_problem(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract", json={"text": "", "id": 7, "published": "30/04/2013"})
    assert_error(r, 422, "validation")
    details = r.json()["error"]["details"]
    assert [d["loc"] for d in details] == [["text"], ["id"], ["published"]]
    assert details[2]["message"] == "'30/04/2013' is not a date: give YYYY-MM-DD (a real day), YYYY-MM or YYYY"


def test_a_missing_body_and_a_lone_surrogate_are_refused_clearly(rules_url):
    missing = httpx.post(f"{rules_url}/v1/extract")
    assert assert_error(missing, 422, "validation") == "request body is missing: send a JSON object"
    surrogate = httpx.post(
        f"{rules_url}/v1/extract", content=b'{"text": "a \\ud800 b"}', headers={"content-type": "application/json"}
    )
    unicode = "Input should be a valid string, unable to parse raw data as a unicode string"
    assert assert_error(surrogate, 422, "validation") == f"text: {unicode} (a lone surrogate such as \\ud800)"
    key = httpx.post(f"{rules_url}/v1/extract", content=b'{"text": "a", "\\udc00": 1}', headers=JSON)
    assert assert_error(key, 422, "validation") == f"{unicode} (a lone surrogate such as \\ud800 in a key)"
    # A batch item's id is echoed only when it is valid.
    body = b'{"articles": [{"id": "\\ud800", "text": "a"}]}'
    batch = httpx.post(f"{rules_url}/v1/extract/batch", content=body, headers=JSON)
    assert batch.json()["results"][0]["article_id"] == "articles[0]"


def test_a_body_that_is_not_sent_as_json_gets_415(rules_url):
    r = httpx.post(f"{rules_url}/v1/extract", content=b"text=hello", headers={"content-type": "text/plain"})
    assert "Content-Type: application/json (got 'text/plain')" in assert_error(r, 415, "unsupported_media_type")
    r = httpx.post(f"{rules_url}/v1/extract", content=b'{"text": "a"}')
    assert "(got no Content-Type)" in assert_error(r, 415, "unsupported_media_type")
    r = httpx.post(f"{rules_url}/v1/extract", content=b'{"text": "a"}', headers={"content-type": "application/json"})
    assert r.status_code == 200


def test_unknown_routes_and_methods_get_the_same_error_shape(rules_url):
    assert "/openapi.json" in assert_error(httpx.get(f"{rules_url}/v2/extract"), 404, "not_found")
    r = httpx.get(f"{rules_url}/v1/extract")
    assert "allowed: POST" in assert_error(r, 405, "method_not_allowed") and r.headers["allow"] == "POST"


# ---------------------------------------------------------------- saturation


def test_a_saturated_service_answers_429_with_retry_after_and_serves_again_after():
    backend = GatedBackend()
    app = create_app(
        Settings(backend="llm"),
        ServeSettings(max_concurrency=1, max_queue=1, max_batch=2),
        backend=backend,
    )
    with running_app(app) as url, httpx.Client(base_url=url, timeout=20) as client:
        pool = [threading.Thread(target=client.post, args=("/v1/extract",), kwargs={"json": {"text": t}}) for t in "ab"]
        for thread in pool:
            thread.start()
        assert backend.started.acquire(timeout=10)  # "a" holds the one slot; "b" waits in the queue
        deadline = time.monotonic() + 10
        while client.get("/healthz").json()["waiting"] < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        busy = client.post("/v1/extract", json={"text": "c"})
        busy_batch = client.post("/v1/extract/batch", json={"articles": [{"text": "d"}]})
        health = client.get("/healthz").json()
        backend.gate.set()
        for thread in pool:
            thread.join(timeout=10)
        after = client.post("/v1/extract", json={"text": "e"})
    assert "saturated" in assert_error(busy, 429, "saturated")
    assert int(busy.headers["retry-after"]) >= 1
    assert_error(busy_batch, 429, "saturated")
    assert (health["in_flight"], health["waiting"]) == (1, 1)
    assert after.status_code == 200


# ---------------------------------------------------------------- shutdown


def test_shutdown_lets_the_request_in_flight_finish_then_closes_the_backend(monkeypatch):
    events: list[str] = []
    backend = GatedBackend()

    @contextlib.asynccontextmanager
    async def fake_open_backend(settings, announce=print):
        events.append("backend opened")
        try:
            yield backend
        finally:
            events.append("backend closed")

    monkeypatch.setattr(service, "open_backend", fake_open_backend)
    answers: list[httpx.Response] = []
    with running_app(create_app(Settings(backend="llm"))) as url:
        client = threading.Thread(target=lambda: answers.append(httpx.post(f"{url}/v1/extract", json={"text": "x"})))
        client.start()
        assert backend.started.acquire(timeout=10)
        # Leaving the block asks uvicorn to stop while the request is in flight; open the gate a moment later.
        threading.Timer(0.3, lambda: (events.append("request released"), backend.gate.set())).start()
    client.join(timeout=10)
    assert [a.status_code for a in answers] == [200]
    assert events == ["backend opened", "request released", "backend closed"]


def test_llmextract_serve_stops_on_sigterm_after_answering_the_request_in_flight(tmp_path):
    port = closed_port()
    with FakeOpenAIServer(always(Reply(delay=1.5))) as fake:
        cmd = [sys.executable, "-m", "llmextract.cli", "serve", "--port", str(port), "--base-url", fake.base_url]
        cmd += ["--backend", "llm"]
        cmd += ["--model", "fake", "--log-level", "warning"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{url}/healthz").status_code == 200:
                        break
                assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                time.sleep(0.1)
            answers: list[httpx.Response] = []
            client = threading.Thread(
                target=lambda: answers.append(httpx.post(f"{url}/v1/extract", json={"text": "x"}, timeout=20))
            )
            client.start()
            while not fake.requests:  # wait until the request is in flight: waiting on the fake model
                assert time.monotonic() < deadline + 30, "the request never reached the model"
                time.sleep(0.01)
            proc.send_signal(signal.SIGTERM)
            client.join(timeout=20)
            _, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert [a.status_code for a in answers] == [200] and answers[0].json()["model"] == "fake"
    assert proc.returncode == 0, err
    assert "auth: off" in err and err.rstrip().endswith("stopped")


def test_llmextract_serve_refuses_a_bad_configuration_before_listening(capsys):
    from llmextract.cli import main

    assert main(["serve", "--backend", "rules", "--max-batch", "100"]) == 2
    assert "max_batch (100) is more than max_concurrency + max_queue (4 + 32)" in capsys.readouterr().err
    assert main(["serve", "--base-url", "http://127.0.0.1:9/v1"]) == 2
    assert "error: --base-url needs --model" in capsys.readouterr().err


def test_the_service_grounds_its_answer_like_the_cli(tmp_path):
    """One step for every entry point: the service's answer carries the same grounding as the CLI's line."""
    article = tmp_path / "putin_obama.txt"
    article.write_text(PUTIN_OBAMA, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "llmextract.cli", "extract", str(article), "-o", str(out), "--backend", "rules"]
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=tmp_path)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    cli = ArticleResult.model_validate_json(line)
    with running_app(create_app(Settings(backend="rules"))) as url:
        answer = httpx.post(f"{url}/v1/extract", json={"id": cli.article_id, "text": PUTIN_OBAMA})
    assert answer.status_code == 200
    served = ArticleResult.model_validate(answer.json())
    assert cli.calls and served.grounding is not None
    assert served.calls == cli.calls and served.grounding == cli.grounding
