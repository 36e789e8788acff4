"""Worker processes: a :class:`~llmextract.backends.Backend` that spreads articles over child processes.

One Python process spends a few milliseconds of CPU per request inside the
OpenAI client, instructor and pydantic, which caps it at a few hundred
requests per second however fast the endpoint is. ``--workers N`` moves that
work into N child processes. The parent keeps everything that must happen
exactly once (reading inputs, writing the output, progress, resume, budgets,
rate limits: :mod:`llmextract.engine.pipeline` is unchanged); each child builds its
own backend from the same :class:`~llmextract.config.Settings` and runs many
requests at once on its own event loop.

The parent and a child talk in JSON lines over the child's stdin and stdout:

* parent -> child, first line: ``{"settings": {...}}`` (on stdin, so an API key never shows in ``ps``)
* child -> parent: ``{"ready": {"name", "model", "prompt", "max_concurrency"}}`` or ``{"fatal": message}``
* parent -> child: ``{"id": n, "article": {...}}``; closing stdin means "finish and exit"
* child -> parent: ``{"id": n, "outcome": {...}}`` or ``{"id": n, "error": {...}}``

A child that dies fails the articles it had in flight (kind ``worker_crashed``,
so they end in the output with a reason and ``--resume`` does not retry them);
new articles go to the children still alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from llmextract.backends import Backend, Outcome, open_backend
from llmextract.config import Settings
from llmextract.engine.llm import ExtractionError
from llmextract.engine.pipeline import tune_gc_for_batch
from llmextract.engine.records import Article, ErrorInfo, PromptRef, Usage
from llmextract.tasks import load_task

LINE_LIMIT = 256 * 1024 * 1024  # longest protocol line (one article or one answer)
START_TIMEOUT_S = 120.0


class WorkerStartError(Exception):
    """A worker process could not build its backend."""


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse combinations where more processes cannot help, with a reason."""
    if workers < 1:
        raise ValueError(f"--workers must be at least 1 (got {workers})")
    if workers > 1 and settings.backend != "rules" and settings.embedded and settings.store_mode != "replay":
        raise ValueError(
            "--workers needs an endpoint (--base-url): the embedded local model serves one request at a time, "
            "so more client processes cannot make it faster"
        )


# ---------------------------------------------------------------- parent side


@dataclass
class _Child:
    number: int
    process: asyncio.subprocess.Process
    pending: dict[int, asyncio.Future[Outcome]] = field(default_factory=dict)
    alive: bool = True
    reader: asyncio.Task[None] | None = None


class WorkerPool:
    """A backend whose ``extract`` runs in the least busy of several child processes."""

    def __init__(self, children: list[_Child], hello: dict[str, Any], answer: type[BaseModel]) -> None:
        self._answer = answer  # the task's response model: what a child's outcome holds
        self._children = children
        self._ids = itertools.count()
        self.name: str = hello["name"]
        self.model: str | None = hello["model"]
        self.prompt: PromptRef | None = PromptRef.model_validate(hello["prompt"]) if hello["prompt"] else None
        per_child = hello["max_concurrency"]
        self.max_concurrency: int | None = per_child * len(children) if per_child else None

    @property
    def pids(self) -> list[int]:
        return [c.process.pid for c in self._children]

    async def extract(self, article: Article) -> Outcome:
        alive = [c for c in self._children if c.alive]
        if not alive:
            raise ExtractionError(ErrorInfo(kind="worker_crashed", message="every worker process has exited"))
        child = min(alive, key=lambda c: len(c.pending))
        number = next(self._ids)
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        child.pending[number] = future
        line = '{"id": %d, "article": %s}\n' % (number, article.model_dump_json())  # noqa: UP031
        try:
            assert child.process.stdin is not None
            child.process.stdin.write(line.encode())
            await child.process.stdin.drain()
            return await future
        except (BrokenPipeError, ConnectionResetError):
            if future.done() and not future.cancelled():
                future.exception()  # the reader already failed it: mark the exception as seen
            raise ExtractionError(_crashed(child)) from None
        finally:
            child.pending.pop(number, None)

    async def _read(self, child: _Child) -> None:
        """Resolve the child's answers until it exits, then fail whatever it still had."""
        assert child.process.stdout is not None
        try:
            while line := await child.process.stdout.readline():
                try:
                    message = json.loads(line)
                    future = child.pending.get(message["id"])
                except (ValueError, KeyError, TypeError):
                    print(f"worker process {child.number} broke the protocol: {line[:200]!r}", file=sys.stderr)
                    child.process.kill()
                    break
                if future is None or future.done():  # the parent gave up on it (article timeout)
                    continue
                if "outcome" in message:
                    future.set_result(_outcome(message["outcome"], self._answer))
                else:
                    error = message["error"]
                    future.set_exception(
                        ExtractionError(
                            ErrorInfo.model_validate(error["info"]),
                            Usage.model_validate(error["usage"]),
                            error["latency_s"],
                        )
                    )
        finally:
            child.alive = False
            with contextlib.suppress(ProcessLookupError, asyncio.TimeoutError):
                await asyncio.wait_for(child.process.wait(), 5)
            for future in child.pending.values():
                if not future.done():
                    future.set_exception(ExtractionError(_crashed(child)))


def _crashed(child: _Child) -> ErrorInfo:
    code = child.process.returncode
    how = f"exited with code {code}" if code is not None else "stopped answering"
    return ErrorInfo(
        kind="worker_crashed",
        message=f"worker process {child.number} (pid {child.process.pid}) {how} while extracting this article",
    )


def _outcome(data: dict[str, Any], answer: type[BaseModel]) -> Outcome:
    return Outcome(
        answer.model_validate(data["extraction"]),
        Usage.model_validate(data["usage"]),
        data["latency_s"],
        data["replayed"],
    )


async def _start_child(number: int, settings: Settings) -> tuple[_Child, dict[str, Any]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "llmextract.backends.workers",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=LINE_LIMIT,
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write((json.dumps({"settings": settings.model_dump(mode="json")}) + "\n").encode())
        await process.stdin.drain()
        line = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT_S)
        if not line:
            raise WorkerStartError(f"worker process {number} exited with code {await process.wait()} before starting")
        message = json.loads(line)
        if "fatal" in message:
            await process.wait()
            raise WorkerStartError(f"worker process {number} could not start its backend: {message['fatal']}")
        return _Child(number, process), message["ready"]
    except BaseException:  # a child that did not start (or a cancelled start) must not outlive us
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise


@contextlib.asynccontextmanager
async def open_worker_pool(
    settings: Settings, workers: int, announce: Callable[[str], None] = print
) -> AsyncIterator[Backend]:
    """Yield a backend: the ordinary one for ``workers == 1``, else a :class:`WorkerPool` of child processes."""
    check_workers(settings, workers)
    if workers == 1:
        async with open_backend(settings, announce=announce) as backend:
            yield backend
        return
    children: list[_Child] = []
    try:
        started = await asyncio.gather(*(_start_child(n, settings) for n in range(workers)), return_exceptions=True)
        children = [s[0] for s in started if not isinstance(s, BaseException)]
        problems = [s for s in started if isinstance(s, BaseException)]
        if problems:
            raise problems[0]
        pool = WorkerPool(children, started[0][1], load_task(settings.task).response_model)  # type: ignore[index]
        for child in children:
            child.reader = asyncio.create_task(pool._read(child))
        announce(f"{workers} worker processes ready ({pool.name}, {pool.model})")
        yield pool
    finally:
        for child in children:  # closing stdin asks the child to finish in-flight work and exit
            if child.process.stdin is not None:
                child.process.stdin.close()
        await asyncio.gather(*(_stop(child) for child in children))
        await asyncio.gather(*(c.reader for c in children if c.reader is not None), return_exceptions=True)


async def _stop(child: _Child, grace_s: float = 30.0) -> None:
    """Wait for a child whose stdin is closed to finish its in-flight work; kill it after ``grace_s``."""
    try:
        await asyncio.wait_for(child.process.wait(), grace_s)
    except TimeoutError:
        child.process.kill()
        await child.process.wait()


# ---------------------------------------------------------------- child side


async def _child_main() -> int:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=LINE_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    # The protocol gets its own copy of stdout; anything else printed to fd 1 (a library's print) goes to stderr.
    protocol_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, protocol_out)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)

    def send(message: dict[str, Any]) -> None:
        writer.write((json.dumps(message, ensure_ascii=False) + "\n").encode())

    def note(text: str) -> None:
        print(f"[worker] {text}", file=sys.stderr)

    first = await reader.readline()
    try:
        settings = Settings.model_validate(json.loads(first)["settings"])
        backend_cm = open_backend(settings, announce=note)
        backend = await backend_cm.__aenter__()
    except Exception as exc:
        send({"fatal": f"{type(exc).__name__}: {exc}"})
        await writer.drain()
        return 1
    try:
        send(
            {
                "ready": {
                    "name": backend.name,
                    "model": backend.model,
                    "prompt": backend.prompt.model_dump() if backend.prompt else None,
                    "max_concurrency": backend.max_concurrency,
                }
            }
        )
        limit = asyncio.Semaphore(backend.max_concurrency or 1_000_000)

        async def handle(number: int, article: Article) -> None:
            async with limit:
                send({"id": number, **await _answer(backend, article)})

        async with asyncio.TaskGroup() as group:
            while line := await reader.readline():
                message = json.loads(line)
                group.create_task(handle(message["id"], Article.model_validate(message["article"])))
                if writer.transport.get_write_buffer_size() > 1 << 20:
                    await writer.drain()
        await writer.drain()
    finally:
        await backend_cm.__aexit__(None, None, None)
    return 0


async def _answer(backend: Backend, article: Article) -> dict[str, Any]:
    """One article's protocol answer: ``{"outcome": ...}`` or ``{"error": ...}``."""
    try:
        outcome = await backend.extract(article)
    except ExtractionError as exc:
        info, usage, latency = exc.info, exc.usage, exc.latency_s
    except Exception as exc:  # a bug must fail this article, not the worker
        info, usage, latency = ErrorInfo(kind="error", message=f"{type(exc).__name__}: {exc}"), Usage(), 0.0
    else:
        return {
            "outcome": {
                "extraction": outcome.extraction.model_dump(mode="json"),
                "usage": outcome.usage.model_dump(),
                "latency_s": outcome.latency_s,
                "replayed": outcome.replayed,
            }
        }
    return {"error": {"info": info.model_dump(), "usage": usage.model_dump(), "latency_s": latency}}


def main() -> None:
    tune_gc_for_batch()
    # instructor logs every failed attempt at ERROR; the parent reports failures itself (as the CLI does).
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    # Ctrl-C (and a SIGTERM sent to the process group) reaches every process: the parent decides when
    # workers stop (by closing stdin), after the articles in flight are done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(asyncio.run(_child_main()))


if __name__ == "__main__":
    main()
