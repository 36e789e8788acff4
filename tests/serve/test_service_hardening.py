"""The HTTP service under abuse and at its edges: CPU-bound work off the event loop, article size, credentials
in URLs, clean errors on shutdown and odd bodies, slow clients. Over real HTTP (uvicorn on a loopback port)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from llmextract.backends import Outcome
from llmextract.config import ServeSettings, Settings, load_serve_settings
from llmextract.engine.records import Article, Usage
from llmextract.serve.app import create_app
from llmextract.serve.run import Server, server_config
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.schema import Extraction
from llmextract.testing import running_app

ROOT = Path(__file__).resolve().parents[2]
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

        def slow(rules: RulesExtractor, article, **options):  # type: ignore[no-untyped-def]
            self.started.set()
            self.release.wait(20)
            return real(rules, article, **options)

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


# ---------------------------------------------------------------- credentials in URLs

SECRET = "pa55word-never-shown"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app, options: ServeSettings | None = None, log_level: str = "warning") -> Iterator[str]:
    """Serve ``app`` as ``llmextract serve`` does (its uvicorn options and log filters), on a free loopback port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = Server(server_config(app, options or ServeSettings(), log_level))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


class LeakyBackend:
    """A test double: fails every article with an unexpected error that quotes a URL with credentials."""

    name = "leaky"
    model = "leaky-model"
    prompt = None
    max_concurrency = None

    async def extract(self, article: Article) -> Outcome:
        raise RuntimeError(f"cannot connect to http://admin:{SECRET}@10.0.0.1/v1/chat/completions")


def test_a_base_url_with_credentials_never_appears_in_healthz_or_503_answers():
    settings = Settings(
        backend="llm", base_url=f"http://admin:{SECRET}@127.0.0.1:{closed_port()}/v1", model="m", max_retries=0
    )
    with running_app(create_app(settings)) as url:
        health = httpx.get(f"{url}/healthz")
        one = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA})
        batch = httpx.post(f"{url}/v1/extract/batch", json={"articles": [{"text": PUTIN_OBAMA}]})
    assert health.status_code == 503 and one.status_code == 503 and batch.status_code == 503
    for answer in (health, one, batch):
        assert SECRET not in answer.text and "admin" not in answer.text
    assert "http://***@127.0.0.1:" in health.json()["detail"]


def test_an_error_quoting_a_url_with_credentials_is_redacted_in_the_answer_and_the_log(capfd):
    with serving(create_app(Settings(backend="llm"), backend=LeakyBackend()), log_level="info") as url:
        one = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA})
        batch = httpx.post(f"{url}/v1/extract/batch", json={"articles": [{"text": PUTIN_OBAMA}]})
    log = capfd.readouterr().err
    assert one.status_code == 500 and one.json()["error"]["kind"] == "internal"
    assert "http://***@10.0.0.1/v1/chat/completions" in one.json()["error"]["message"]
    assert "http://***@10.0.0.1/v1" in batch.json()["results"][0]["error"]["message"]
    assert "Exception in ASGI application" in log and "http://***@10.0.0.1/v1" in log  # the traceback is logged
    for text in (one.text, batch.text, log):
        assert SECRET not in text


# ---------------------------------------------------------------- clean errors


class GatedBackend:
    """A test double: each extraction waits until the test opens the gate (or 20 s), then finds no call."""

    name = "gated"
    model = "gated-model"
    prompt = None
    max_concurrency = None

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()

    async def extract(self, article: Article) -> Outcome:
        self.started.set()
        await asyncio.to_thread(self.gate.wait, 20)
        return Outcome(Extraction(), Usage(requests=1), 0.0)


def test_a_request_cut_by_the_shutdown_timeout_gets_the_json_error_shape():
    backend = GatedBackend()
    answers: list[httpx.Response] = []
    app = create_app(Settings(backend="llm"), backend=backend)
    try:
        with serving(app, ServeSettings(shutdown_timeout=1)) as url:

            def ask() -> None:
                try:
                    answers.append(httpx.post(f"{url}/v1/extract", json={"text": "x"}, timeout=30))
                finally:
                    backend.gate.set()  # answered: let the backend's thread end, so the server can stop

            client = threading.Thread(target=ask)
            client.start()
            assert backend.started.wait(20), "the extraction never started"
        # Leaving the block stopped the server: it waited 1 s for the request, then cut it.
        client.join(30)
    finally:
        backend.gate.set()
    [answer] = answers
    assert answer.status_code == 503 and answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["kind"] == "shutting_down" and "--shutdown-timeout" in error["message"]
    assert int(answer.headers["retry-after"]) >= 1


def test_a_token_read_with_a_trailing_newline_is_stripped():
    options = load_serve_settings(environ={"LLMEXTRACT_SERVE_TOKEN": "  s3cret-token\n"})
    with running_app(create_app(Settings(backend="rules"), options)) as url:
        good = httpx.post(
            f"{url}/v1/extract", json={"text": PUTIN_OBAMA}, headers={"Authorization": "Bearer s3cret-token"}
        )
        wrong = httpx.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA}, headers={"Authorization": "Bearer s3cret"})
    assert good.status_code == 200, good.text
    assert wrong.status_code == 401 and wrong.json()["error"]["kind"] == "unauthorized"
    with pytest.raises(ValueError, match="LLMEXTRACT_SERVE_TOKEN is blank"):
        create_app(Settings(backend="rules"), ServeSettings(token=" \n"))


# ---------------------------------------------------------------- slow clients


def read_until_closed(sock: socket.socket, within_s: float) -> bytes:
    """Everything the server sends until it closes the connection; fails if it is still open after ``within_s``."""
    sock.settimeout(within_s)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        pytest.fail(f"the server kept the connection open for {within_s} s (received {received!r})")
    return received


def test_a_client_that_sends_half_a_request_line_and_stops_is_disconnected():
    options = ServeSettings(read_timeout=1)
    with serving(create_app(Settings(backend="rules"), options), options) as url:
        port = int(url.rsplit(":", 1)[1])
        with (
            socket.create_connection(("127.0.0.1", port)) as half,
            socket.create_connection(("127.0.0.1", port)) as mute,
        ):
            half.sendall(b"GET /heal")
            assert read_until_closed(half, within_s=20) == b""  # dropped after about 1 s
            assert read_until_closed(mute, within_s=20) == b""  # connected, never sent a byte: dropped too
        assert httpx.get(f"{url}/healthz").status_code == 200  # the server is fine


def test_a_client_that_stops_in_the_middle_of_its_body_gets_408_and_is_disconnected():
    options = ServeSettings(read_timeout=1)
    with serving(create_app(Settings(backend="rules"), options), options) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            head = (
                b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            )
            sock.sendall(head + b'\r\n{"text": "Merkel')
            answer = read_until_closed(sock, within_s=20)
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 408 Request Timeout"
    body = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert body["error"]["kind"] == "request_timeout" and "1 seconds" in body["error"]["message"]


def test_keep_alive_outlasts_the_clients_reuse_and_a_reused_connection_serves_every_request():
    options = ServeSettings(read_timeout=1)
    # Clients and proxies keep idle connections for reuse up to 5 s (httpx), 15 s (aiohttp), 60 s (nginx, cloud
    # load balancers): the server must keep them longer, or it may close one just as a request is sent on it.
    assert server_config(create_app(Settings(backend="rules")), ServeSettings()).timeout_keep_alive > 60
    with serving(create_app(Settings(backend="rules"), options), options) as url, httpx.Client() as client:
        first = client.get(f"{url}/healthz")
        time.sleep(1.5)  # idle for longer than the read timeout: a kept-alive connection is not waiting for a head
        second = client.post(f"{url}/v1/extract", json={"text": PUTIN_OBAMA})
        third = client.get(f"{url}/healthz")
    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    # One connection served all three: the server never closed it between requests.
    assert (
        first.extensions["network_stream"] is second.extensions["network_stream"] is third.extensions["network_stream"]
    )
