"""Test helpers. Chiefly a fake OpenAI-compatible server on loopback: a TEST DOUBLE, never a real model.

Used by unit tests (retries, errors, usage accounting) and by the batch
benchmark. It answers ``POST /v1/chat/completions`` with whatever a *script*
says: a valid extraction as a tool call after some latency, or an injected
fault (429 with Retry-After, 500, a hang past the client's timeout, a dropped
connection, or an invalid answer to trigger instructor's re-ask).

``running_app`` serves an ASGI app (the HTTP service) on a loopback port in a
thread, for tests and benchmarks that go over real HTTP.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VALID_ANSWER: dict[str, Any] = {
    "calls": [
        {
            "participants": [
                {"name": "Test Leader One", "role": "President", "country": "FR"},
                {"name": "Test Leader Two", "role": "Prime Minister", "country": "IT"},
            ],
            "initiator": None,
            "date": None,
            "medium": "phone",
            "duration_minutes": None,
            "topics": ["trade"],
            "outcomes": [],
            "reported_by": [],
            "evidence": ["a passage from the fake server"],
        }
    ]
}


@dataclass
class Reply:
    """What the fake server does with one request."""

    status: int = 200
    answer: dict[str, Any] | str | None = field(default_factory=lambda: VALID_ANSWER)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    prompt_tokens: int = 100
    completion_tokens: int = 20


Script = Callable[[int, dict[str, Any]], Reply]  # (request number from 1, request body) -> reply


def always(reply: Reply) -> Script:
    return lambda n, body: reply


def sequence(*replies: Reply) -> Script:
    """Reply in order; the last reply repeats."""
    return lambda n, body: replies[min(n, len(replies)) - 1]


def faulty(latency: float, fault_rate: float, seed: int = 0, retry_after: str = "0") -> Script:
    """Valid answers after ``latency`` s; a share of requests fail in one of four ways."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def script(n: int, body: dict[str, Any]) -> Reply:
        with lock:
            roll, kind = rng.random(), rng.randrange(4)
        if roll >= fault_rate:
            return Reply(delay=latency)
        return [
            Reply(status=429, headers={"Retry-After": retry_after}, answer=None, delay=latency / 4),
            Reply(status=500, answer=None, delay=latency / 4),
            Reply(delay=60.0),  # hangs: the client's timeout fires
            Reply(drop=True, delay=latency / 4),
        ][kind]

    return script


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops the SYNs of a burst of new connections; the client then
    # waits 1 s or more to retry them.
    request_queue_size = 1024


class FakeOpenAIServer:
    """Serve ``script`` on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: with Nagle's algorithm on, the second one
            # waits for the client's delayed ACK (~40 ms per request).
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    number = len(server.requests)
                reply = server.script(number, body)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                if reply.status != 200:
                    self._send(
                        reply.status, {"error": {"message": f"fake {reply.status}", "type": "fake"}}, reply.headers
                    )
                    return
                self._send(200, completion(body, reply), reply.headers)

            def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """A chat completion answering with ``reply.answer`` as a tool call (or plain content)."""
    arguments = reply.answer if isinstance(reply.answer, str) else json.dumps(reply.answer)
    tools = body.get("tools") or []
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tools:
        name = tools[0]["function"]["name"]
        message["tool_calls"] = [
            {"id": "call_fake", "type": "function", "function": {"name": name, "arguments": arguments}}
        ]
    else:
        message["content"] = arguments
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tools else "stop"}],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }


@contextlib.contextmanager
def running_app(app: Any, log_level: str = "warning") -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port in a background thread; yield its base URL.

    For tests and benchmarks that must go over real HTTP. The socket is bound before the server starts, so the
    port is known without a race; on exit the server shuts down gracefully (lifespan included).
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level=log_level, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the app did not start (see the log)")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
