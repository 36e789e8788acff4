"""Where model requests go: one endpoint, or for the embedded model one server per kind of question."""

from __future__ import annotations

import asyncio
import sys

import pytest

from llmextract.backends import llm as llm_backend
from llmextract.backends import open_backend
from llmextract.config import Settings
from llmextract.engine.local import LocalModelError


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "m.gguf"
    path.write_bytes(b"GGUF")
    return path


@pytest.fixture
def fake_servers(monkeypatch, fake_llama_server):
    """The embedded servers are test doubles (no model); the list holds each one started."""
    started: list = []

    class Recorded(fake_llama_server):
        def start(self):
            started.append(self)
            return super().start()

    monkeypatch.setattr(llm_backend.local, "LocalServer", Recorded)
    return started


def open_endpoints(settings: Settings, kinds: int, said: list[str]):
    return llm_backend.open_endpoints(settings, said.append, kinds)


def test_the_embedded_model_runs_one_server_per_kind_of_question(model_file, fake_servers):
    said: list[str] = []

    async def run():
        async with open_endpoints(Settings(model_path=model_file), 2, said) as endpoints:
            assert [s.running for s in endpoints.servers] == [True, True]
            return endpoints

    endpoints = asyncio.run(run())
    first, second = endpoints.for_kind(0), endpoints.for_kind(1)
    assert first.base_url != second.base_url and first.model == second.model == "m"
    assert endpoints.limit == 1  # one request in flight: the two servers never share the cores
    assert not any(s.running for s in fake_servers)  # both stopped on exit
    assert said[0].startswith("starting 2 llama_cpp.server processes (one per kind of question) with m.gguf")
    assert said[1].startswith(f"local model ready at {first.base_url} and {second.base_url} in ")
    assert fake_servers[0].log_path != fake_servers[1].log_path


def test_one_local_server_serves_every_kind_when_asked(model_file, fake_servers):
    async def run():
        settings = Settings(model_path=model_file, local_servers=1)
        async with open_endpoints(settings, 3, []) as endpoints:
            return endpoints

    endpoints = asyncio.run(run())
    assert len(fake_servers) == 1
    assert endpoints.for_kind(0) == endpoints.for_kind(1) == endpoints.for_kind(2)


def test_no_more_servers_than_kinds_of_question(model_file, fake_servers):
    async def run():
        async with open_endpoints(Settings(model_path=model_file, local_servers=4), 1, []):
            pass

    asyncio.run(run())
    assert len(fake_servers) == 1


def test_a_configured_endpoint_takes_every_kind_and_starts_nothing(fake_servers):
    settings = Settings(base_url="http://127.0.0.1:8000/v1", model="served")

    async def run():
        async with open_endpoints(settings, 2, []) as endpoints:
            return endpoints

    endpoints = asyncio.run(run())
    assert fake_servers == [] and endpoints.servers == () and endpoints.limit is None
    assert endpoints.for_kind(1).base_url == "http://127.0.0.1:8000/v1"


def test_when_one_server_cannot_start_the_others_are_stopped(model_file, monkeypatch, fake_llama_server):
    started: list = []

    class SecondCrashes(fake_llama_server):
        def command(self):
            started.append(self)
            if len(started) == 2:
                return [sys.executable, "-c", "import sys; print('cannot load model'); sys.exit(3)"]
            return super().command()

    monkeypatch.setattr(llm_backend.local, "LocalServer", SecondCrashes)

    async def run():
        async with open_endpoints(Settings(model_path=model_file), 2, []):
            pass

    with pytest.raises(LocalModelError, match="cannot load model"):
        asyncio.run(run())
    assert len(started) == 2 and not any(s.running for s in started)


def test_the_hybrid_asks_its_per_call_question_on_a_server_of_its_own(model_file, fake_servers):
    """The fallback and the focus question are one kind (one prompt); the per-call question is another."""

    async def run():
        settings = Settings(model_path=model_file, backend="hybrid", store_mode="live")
        async with open_backend(settings, announce=lambda m: None) as backend:
            window = backend._llm._extractor.endpoint
            return window, backend._focus.endpoint, backend._topics.endpoint

    window, focus, per_call = asyncio.run(run())
    assert window == focus and per_call.base_url != window.base_url
    assert len(fake_servers) == 2
