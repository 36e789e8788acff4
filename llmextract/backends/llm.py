"""The ``llm`` backend: each article goes to an OpenAI-compatible model (the embedded llama.cpp server when no
endpoint is configured)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from llmextract.config import Settings
from llmextract.engine import local
from llmextract.engine.endpoint import Endpoint, endpoint_kind, probe_endpoint
from llmextract.engine.llm import LLMExtractor
from llmextract.engine.records import Article, Health, Outcome


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


def local_model_name(settings: Settings) -> str:
    if settings.model_path:
        return settings.model or Path(settings.model_path).stem
    return settings.model or local.model_spec(settings.local_model).filename.removesuffix(".gguf")


@contextlib.asynccontextmanager
async def open_endpoint(
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
