"""The ``llm`` backend: each article goes to an OpenAI-compatible model (the embedded llama.cpp server when no
endpoint is configured)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from llmextract.config import Settings
from llmextract.engine import local
from llmextract.engine.endpoint import Endpoint, endpoint_kind, probe_endpoint
from llmextract.engine.llm import LLMExtractor
from llmextract.engine.records import Article, Health, Outcome


class LLMBackend:
    name = "llm"

    def __init__(
        self,
        extractor: LLMExtractor,
        max_concurrency: int | None = None,
        servers: Sequence[local.LocalServer] = (),
    ) -> None:
        self._extractor = extractor
        self._servers = tuple(servers)
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
        for server in self._servers:
            if not server.running:
                return Health(False, f"the embedded llama.cpp server has exited; its log: {server.log_path}")
        ok, detail = await probe_endpoint(self._extractor.endpoint, timeout)
        return Health(ok, detail)


def local_model_name(settings: Settings) -> str:
    if settings.model_path:
        return settings.model or Path(settings.model_path).stem
    return settings.model or local.model_spec(settings.local_model).filename.removesuffix(".gguf")


@dataclass(frozen=True)
class Endpoints:
    """Where each kind of question goes, how many requests may be in flight (None: no limit of its own) and
    the embedded servers started. Every kind goes to the one endpoint, unless the embedded model runs one
    server per kind: llama.cpp reuses only the prompt prefix of the request before, so questions of two
    kinds that take turns on one server each pay for their whole system prompt again."""

    endpoints: tuple[Endpoint, ...]
    limit: int | None
    servers: tuple[local.LocalServer, ...] = ()

    def for_kind(self, index: int) -> Endpoint:
        return self.endpoints[index % len(self.endpoints)]


@contextlib.asynccontextmanager
async def open_endpoints(
    settings: Settings, announce: Callable[[str], None], kinds: int = 1
) -> AsyncIterator[Endpoints]:
    """The endpoints for ``kinds`` kinds of question. The embedded model starts when no endpoint is
    configured, as up to ``settings.local_servers`` servers on the one model file (whose pages the kernel
    shares), and stops on exit."""
    if not settings.embedded:
        if not settings.model:
            raise ValueError("--base-url needs --model (or LLMEXTRACT_MODEL): the model name the endpoint serves")
        base_url = settings.base_url or ""
        yield Endpoints((Endpoint(base_url, settings.model, settings.api_key or "", endpoint_kind(base_url)),), None)
        return
    name = local_model_name(settings)
    if settings.store_mode == "replay":
        # Replay never talks to a model: no need to start one.
        yield Endpoints((Endpoint("http://127.0.0.1:9/v1", name, "", "llama.cpp"),), 1)
        return
    model_path = Path(
        settings.model_path
        or await asyncio.to_thread(local.pull_model, settings.local_model, settings.cache_dir, _pull_progress(announce))
    )
    count = max(1, min(kinds, settings.local_servers))
    servers = tuple(
        local.LocalServer(
            model_path,
            alias=name,
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            log_path=local.default_log_path(i),
        )
        for i in range(count)
    )
    several = f"{count} llama_cpp.server processes (one per kind of question)" if count > 1 else "llama_cpp.server"
    announce(f"starting {several} with {model_path.name} ...")
    started = time.perf_counter()
    try:
        failed = [
            exc
            for exc in await asyncio.gather(*(asyncio.to_thread(s.start) for s in servers), return_exceptions=True)
            if isinstance(exc, BaseException)
        ]
        if failed:
            raise failed[0]
        urls = " and ".join(s.base_url for s in servers)
        announce(f"local model ready at {urls} in {time.perf_counter() - started:.1f}s")
        # llama.cpp's server answers one request at a time: more in flight only queue up and time out. One
        # article at a time also keeps two servers from sharing the cores: its questions are asked in turn.
        yield Endpoints(tuple(Endpoint(s.base_url, name, "", "llama.cpp") for s in servers), 1, servers)
    finally:
        await asyncio.gather(*(asyncio.to_thread(s.stop) for s in servers))


def _pull_progress(announce):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int, message: str) -> None:
        if done == 0 or done == total or message.startswith("added"):
            announce(f"model pull: {done}/{total} parts ({message})")

    return progress
