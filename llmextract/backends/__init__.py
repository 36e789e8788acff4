"""Backends: the one small interface the pipeline talks to.

A backend turns one :class:`~llmextract.tasks.calls.schema.Article` into an
:class:`Outcome` (calls, usage, latency). ``llm`` sends the article to an
OpenAI-compatible model (starting the embedded llama.cpp server when no
endpoint is configured); ``rules`` runs the rule-based baseline.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from llmextract.config import Settings
from llmextract.engine import local
from llmextract.engine.llm import Endpoint, LLMExtractor, endpoint_kind, probe_endpoint
from llmextract.engine.prompts import load_prompt
from llmextract.engine.store import ResponseStore
from llmextract.tasks.calls.schema import Article, CallDetails, CallTopics, Extraction, PromptRef, Usage, WindowCalls


@dataclass(frozen=True)
class Health:
    """Whether a backend can answer now. ``ok`` None: it took the connection but answered too slowly to tell."""

    ok: bool | None
    detail: str


@dataclass
class Outcome:
    extraction: Extraction
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    replayed: bool = False


class Backend(Protocol):
    name: str
    model: str | None
    prompt: PromptRef | None
    max_concurrency: int | None  # None: no limit of its own

    async def extract(self, article: Article) -> Outcome: ...


class LLMBackend:
    name = "llm"

    def __init__(
        self, extractor: LLMExtractor, max_concurrency: int | None = None, server: local.LocalServer | None = None
    ) -> None:
        self._extractor = extractor
        self._server = server
        self.model = extractor.model
        self.prompt = extractor.prompt.ref
        self.max_concurrency = max_concurrency

    async def extract(self, article: Article) -> Outcome:
        result = await self._extractor.extract(article)
        return Outcome(result.extraction, result.usage, result.latency_s, result.replayed)

    async def check(self, timeout: float = 2.0) -> Health:
        """Replay needs no model; otherwise the endpoint (or the embedded server) must answer ``GET /models``."""
        settings = self._extractor.settings
        if settings.store_mode == "replay":
            return Health(True, f"replay: answers come from the recordings in {settings.store}, no model is called")
        if self._server is not None and not self._server.running:
            return Health(False, f"the embedded llama.cpp server has exited; its log: {self._server.log_path}")
        ok, detail = await probe_endpoint(self._extractor.endpoint, timeout)
        return Health(ok, detail)


class RulesBackend:
    name = "rules"
    prompt = None
    max_concurrency = 1  # CPU-bound and instant: more workers would not help

    def __init__(self) -> None:
        from llmextract.tasks.calls.rules import VERSION, RulesExtractor

        self._rules = RulesExtractor()
        self.model = f"rules-{VERSION}"

    async def extract(self, article: Article) -> Outcome:
        """The rules run in a worker thread: pure Python, seconds on a huge article, they must not hold an event
        loop that serves other requests (the service's ``/healthz``)."""
        started = time.perf_counter()
        extraction = await asyncio.to_thread(self._rules.extract, article)
        return Outcome(extraction, Usage(), time.perf_counter() - started)

    async def check(self) -> Health:
        return Health(True, "rules: no model to reach")


def per_call_model(prompt_name: str) -> type[CallTopics]:
    """The answer the hybrid's per-call prompt asks for: ``details_*`` prompts also ask outcomes and sources."""
    return CallDetails if prompt_name.startswith("details") else CallTopics


def answer_model(prompt_name: str) -> type[Extraction] | type[WindowCalls]:
    """The answer the hybrid's fallback prompt asks for: ``calls_window_*`` asks only who was on each call."""
    return WindowCalls if prompt_name.startswith("calls_window") else Extraction


def local_model_name(settings: Settings) -> str:
    if settings.model_path:
        return settings.model or Path(settings.model_path).stem
    return settings.model or local.model_spec(settings.local_model).filename.removesuffix(".gguf")


@contextlib.asynccontextmanager
async def open_backend(settings: Settings, announce: Callable[[str], None] = print) -> AsyncIterator[Backend]:
    """Yield a ready backend; stop whatever it started (the local server) on exit."""
    if settings.backend == "rules":
        yield RulesBackend()
        return
    if settings.backend not in ("llm", "hybrid"):
        raise ValueError(f"unknown backend {settings.backend!r} (choose llm, hybrid or rules)")
    prompt = load_prompt(settings.prompt, settings.prompts_dir)
    # The hybrid's extra questions ('none' turns one off); loaded up front, so a bad name fails before any work.
    topics_prompt, focus_prompt = (
        load_prompt(name, settings.prompts_dir) if settings.backend == "hybrid" and name.lower() != "none" else None
        for name in (settings.topics_prompt, settings.focus_prompt)
    )
    store = ResponseStore(settings.store) if settings.store else None
    async with _open_endpoint(settings, announce) as (endpoint, limit, server):
        answer = answer_model(prompt.name) if settings.backend == "hybrid" else Extraction
        extractor = LLMExtractor(settings, endpoint, prompt, store, response_model=answer)
        extra: list[LLMExtractor] = []
        try:
            llm = LLMBackend(extractor, max_concurrency=limit, server=server)
            if settings.backend == "llm":
                yield llm
                return
            from llmextract.backends.hybrid import HybridBackend
            from llmextract.tasks.calls.rules import RulesExtractor
            from llmextract.tasks.calls.rules.ner import load_person_finder

            topics = focus = None
            if topics_prompt is not None:
                answer = per_call_model(topics_prompt.name)
                topics = LLMExtractor(settings, endpoint, topics_prompt, store, response_model=answer)
                extra.append(topics)
            if focus_prompt is not None:
                focus = LLMExtractor(settings, endpoint, focus_prompt, store)
                extra.append(focus)
            rules = RulesExtractor(await asyncio.to_thread(load_person_finder))
            yield HybridBackend(llm, topics=topics, focus=focus, rules=rules)
        finally:
            for client in (extractor, *extra):
                await client.close()


@contextlib.asynccontextmanager
async def _open_endpoint(
    settings: Settings, announce: Callable[[str], None]
) -> AsyncIterator[tuple[Endpoint, int | None, local.LocalServer | None]]:
    """Where model requests go, how many may be in flight (None: no limit of its own) and the embedded
    server if one was started: it starts when no endpoint is configured, and stops on exit."""
    if not settings.embedded:
        if not settings.model:
            raise ValueError("--base-url needs --model (or LLMEXTRACT_MODEL): the model name the endpoint serves")
        base_url = settings.base_url or ""
        yield Endpoint(base_url, settings.model, settings.api_key or "", endpoint_kind(base_url)), None, None
        return
    name = local_model_name(settings)
    if settings.store_mode == "replay":
        # Replay never talks to a model: no need to start one.
        yield Endpoint("http://127.0.0.1:9/v1", name, "", "llama.cpp"), 1, None
        return
    model_path = settings.model_path or await asyncio.to_thread(
        local.pull_model, settings.local_model, settings.cache_dir, _pull_progress(announce)
    )
    server = local.LocalServer(Path(model_path), alias=name, n_ctx=settings.n_ctx, n_threads=settings.n_threads)
    announce(f"starting llama_cpp.server with {Path(model_path).name} ...")
    started = time.perf_counter()
    await asyncio.to_thread(server.start)
    announce(f"local model ready at {server.base_url} in {time.perf_counter() - started:.1f}s")
    try:
        # llama.cpp's server answers one request at a time: more in flight only queue up and time out.
        yield Endpoint(server.base_url, name, "", "llama.cpp"), 1, server
    finally:
        await asyncio.to_thread(server.stop)


def _pull_progress(announce):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int, message: str) -> None:
        if done == 0 or done == total or message.startswith("added"):
            announce(f"model pull: {done}/{total} parts ({message})")

    return progress
