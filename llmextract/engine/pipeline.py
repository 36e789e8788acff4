"""Batch orchestration: articles in, one JSONL line per article out.

* Inputs are read lazily; results are appended and flushed as they finish,
  so a crash loses at most the articles in flight.
* Every input ends exactly once in the output: as calls, or as a failure with
  a reason. ``resume`` skips ids already in the output (after cutting a torn
  last line), so a killed run restarted with the same command finishes the
  rest without duplicates.
* ``concurrency`` workers share optional requests- and tokens-per-minute
  limits, a per-article timeout and a token / cost budget that stops new work
  cleanly when reached.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from llmextract.engine import step
from llmextract.engine.articles import InputProblem, Item, SourcedArticle
from llmextract.engine.jsonfile import read_json_file
from llmextract.engine.records import Backend, ErrorInfo, ResultBase, Usage
from llmextract.engine.redact import redact_text, redact_url
from llmextract.engine.task import Task

# US dollars per million tokens (input, output). Override with a price file.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
}
LOCAL_PRICE = (0.0, 0.0)


def price_for(model: str | None, prices: dict[str, tuple[float, float]], local: bool) -> tuple[float, float] | None:
    if local:
        return LOCAL_PRICE
    if model is None:
        return None
    if model in prices:
        return prices[model]
    # "gpt-4o-mini-2024-07-18" -> longest known prefix.
    matches = [name for name in prices if model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


class RunOptions(BaseModel):
    concurrency: int = 4
    rpm: float | None = None
    tpm: float | None = None
    article_timeout: float | None = None
    max_tokens_total: int | None = None
    max_cost: float | None = None
    resume: bool = False
    overwrite: bool = False
    ground: bool = True  # locate evidence and mark unsupported values on every result (tasks.calls.grounding)
    # Stop the run after this many endpoint failures in a row (kinds endpoint, timeout, http_5xx); None: never.
    max_consecutive_failures: int | None = 10


@dataclass
class RunSummary:
    ok: int = 0
    failed: int = 0
    skipped_resume: int = 0
    duplicates: list[str] = field(default_factory=list)
    not_started: int = 0
    budget_stop: str | None = None
    breaker_stop: str | None = None  # the endpoint kept failing: the rest was left for --resume
    interrupted: bool = False  # a signal stopped new work: the articles in flight finished, the rest was left
    calls: int = 0
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = 0.0
    wall_s: float = 0.0
    replayed: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    failure_examples: dict[str, str] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.ok + self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "failed": self.failed,
            "skipped_resume": self.skipped_resume,
            "duplicate_ids": self.duplicates,
            "not_started": self.not_started,
            "budget_stop": self.budget_stop,
            "breaker_stop": self.breaker_stop,
            "interrupted": self.interrupted,
            "calls": self.calls,
            "prompt_tokens": self.usage.prompt_tokens,
            "completion_tokens": self.usage.completion_tokens,
            "requests": self.usage.requests,
            "cost_usd": self.cost_usd,
            "wall_s": round(self.wall_s, 3),
            "failures": dict(self.failures),
        }


def load_prices(path: Path) -> dict[str, tuple[float, float]]:
    """A ``--prices`` file: ``{"model": [usd_per_M_in, usd_per_M_out]}``; ``ValueError`` naming what is wrong."""
    data = read_json_file(path, "prices")
    example = '{"gpt-4o-mini": [0.15, 0.60]}'
    if not isinstance(data, dict):
        raise ValueError(f"prices file {path} must be a JSON object like {example}")
    prices: dict[str, tuple[float, float]] = {}
    for model, pair in data.items():
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, int | float) and not isinstance(x, bool) and x >= 0 for x in pair)
        ):
            raise ValueError(
                f"prices file {path}: {model!r} must be [usd_per_M_in, usd_per_M_out], two numbers >= 0, like {example}"
            )
        prices[model] = (float(pair[0]), float(pair[1]))
    return prices


def is_endpoint_failure(kind: str) -> bool:
    """Failures that say the endpoint is down or overloaded, not that this article is bad."""
    return kind in ("endpoint", "timeout") or (kind.startswith("http_5") and len(kind) == 8)


async def endpoint_problem(base_url: str, api_key: str | None, timeout: float = 10.0) -> str | None:
    """``None`` when ``GET {base_url}/models`` answers (any status but 401/403/5xx), else why not (redacted).

    A read timeout counts as reachable: the endpoint took the connection, and a busy server may hold
    ``/models`` until its current completion is done.
    """
    import httpx

    url = base_url.rstrip("/") + "/models"
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url, headers=headers)
    except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
        return None
    except httpx.TimeoutException:
        reason = f"no connection within {timeout:g}s"
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    else:
        if response.status_code in (401, 403):
            reason = f"GET /models answered {response.status_code}: the endpoint refused the API key"
        elif response.status_code >= 500:
            reason = f"GET /models answered {response.status_code}"
        else:
            return None
    return f"cannot reach the model endpoint {redact_url(base_url)}: {redact_text(reason)}"


# ---------------------------------------------------------------- rate limits


class WindowLimiter:
    """At most ``limit`` units in any 60-second window (requests or tokens)."""

    def __init__(self, limit: float, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: deque[tuple[float, float]] = deque()
        self._used = 0.0
        self._lock = asyncio.Lock()

    def _expire(self, now: float) -> None:
        while self._events and self._events[0][0] <= now - self.window:
            self._used -= self._events.popleft()[1]

    async def acquire(self, amount: float = 1.0) -> None:
        amount = min(amount, self.limit)  # one oversized unit must still pass, alone
        async with self._lock:
            while True:
                now = self.clock()
                self._expire(now)
                if self._used + amount <= self.limit:
                    self._events.append((now, amount))
                    self._used += amount
                    return
                await asyncio.sleep(max(0.01, self._events[0][0] + self.window - now))

    def adjust(self, estimated: float, actual: float) -> None:
        """Book the difference between a reservation and what was really used."""
        delta = actual - estimated
        if delta:
            self._events.append((self.clock(), delta))
            self._used += delta


def tune_gc_for_batch() -> None:
    """Garbage-collect less often during a batch run (process-wide: call it from the program's entry).

    Each request allocates thousands of short-lived objects (openai, instructor, pydantic), so
    the default thresholds run the cyclic collector hundreds of times a second at high
    concurrency. Freezing what startup allocated and raising the young-generation threshold
    cut client CPU per article by ~13% at concurrency 64 (bench/bench_pipeline.py).
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def estimate_tokens(text: str) -> int:
    return len(text) // 4 + 1500  # article + prompt and answer, roughly


# ---------------------------------------------------------------- the run


Reporter = Callable[[ResultBase, RunSummary], None]


async def run(
    items: Iterable[Item],
    backend: Backend,
    out: IO[str],
    options: RunOptions,
    done_ids: set[str] | None = None,
    prices: dict[str, tuple[float, float]] | None = None,
    local_model: bool = False,
    on_result: Reporter | None = None,
    interrupt: asyncio.Event | None = None,
    *,
    task: Task,
) -> RunSummary:
    """Extract every item and write one line per article to ``out``.

    Each article goes through :func:`llmextract.engine.step.process` (``task``: the records asked for, their
    grounding and the result line). Once ``interrupt`` is set (the CLI sets it on SIGTERM / Ctrl-C), no new
    article starts: the ones in flight finish and are written, the rest is counted as not started (for ``--resume``).
    """
    summary = RunSummary()
    done_ids = set(done_ids or ())
    price = price_for(backend.model, prices or DEFAULT_PRICES, local_model or backend.name == "rules")
    summary.cost_usd = 0.0 if price else None
    concurrency = max(1, options.concurrency)
    if backend.max_concurrency:
        concurrency = min(concurrency, backend.max_concurrency)
    rpm = WindowLimiter(options.rpm) if options.rpm else None
    tpm = WindowLimiter(options.tpm) if options.tpm else None
    queue: asyncio.Queue[Item | None] = asyncio.Queue(maxsize=concurrency * 2)
    stop = asyncio.Event()
    started = time.perf_counter()
    failures_in_a_row = 0

    def stopped() -> bool:
        if interrupt is not None and interrupt.is_set():
            summary.interrupted = True
            return True
        return stop.is_set()

    def budget_reached() -> str | None:
        if options.max_tokens_total is not None and summary.usage.total_tokens >= options.max_tokens_total:
            return f"token budget of {options.max_tokens_total:,} reached ({summary.usage.total_tokens:,} used)"
        if options.max_cost is not None and summary.cost_usd is not None and summary.cost_usd >= options.max_cost:
            return f"cost budget of ${options.max_cost:.2f} reached (${summary.cost_usd:.4f} spent)"
        return None

    def trip_breaker(result: ResultBase) -> None:
        """Count endpoint failures in a row (an answered article resets it); stop the run at the limit."""
        nonlocal failures_in_a_row
        limit = options.max_consecutive_failures
        kind = result.error.kind if result.error else ""
        failures_in_a_row = failures_in_a_row + 1 if not result.ok and is_endpoint_failure(kind) else 0
        if limit and failures_in_a_row >= limit and not stop.is_set():
            last = result.error.message if result.error else ""
            summary.breaker_stop = f"{failures_in_a_row} endpoint failures in a row (last: {last})"
            stop.set()

    def write(result: ResultBase) -> None:
        out.write(result.model_dump_json(exclude_none=True) + "\n")
        out.flush()
        if result.ok:
            summary.ok += 1
            summary.calls += len(result.records)
        else:
            summary.failed += 1
            kind = result.error.kind if result.error else "error"
            summary.failures[kind] += 1
            summary.failure_examples.setdefault(
                kind, f"{result.article_id}: {result.error.message if result.error else ''}"
            )
        summary.usage = summary.usage + result.usage
        summary.replayed += int(result.replayed)
        if price and not result.replayed:
            summary.cost_usd = (summary.cost_usd or 0.0) + (
                result.usage.prompt_tokens * price[0] + result.usage.completion_tokens * price[1]
            ) / 1e6
        if on_result:
            on_result(result, summary)

    async def process(item: SourcedArticle) -> ResultBase:
        estimate = estimate_tokens(item.article.text) if tpm else 0
        if rpm:
            await rpm.acquire()
        if tpm:
            await tpm.acquire(estimate)
        return await step.process(
            item.article,
            backend,
            task,
            ground=options.ground,
            timeout=options.article_timeout,
            source=item.source,
            on_usage=(lambda usage: tpm.adjust(estimate, usage.total_tokens)) if tpm else None,
        )

    async def worker() -> None:
        while (item := await queue.get()) is not None:
            if isinstance(item, InputProblem):
                write(
                    step.failed(task, backend, item.article_id, ErrorInfo(kind="input", message=str(item)), item.source)
                )
                continue
            if stopped():  # queued before a budget, the breaker or a signal stopped the run: leave it for --resume
                summary.not_started += 1
                continue
            result = await process(item)
            write(result)
            trip_breaker(result)
            if not stop.is_set() and (reason := budget_reached()):
                summary.budget_stop = reason
                stop.set()

    async def produce() -> None:
        seen: set[str] = set()
        for item in items:
            if stopped() and summary.interrupted:  # a signal: stop reading inputs too, --resume finds the rest
                break
            key = item.article_id if isinstance(item, InputProblem) else item.article.id
            if key in done_ids:
                summary.skipped_resume += 1
                continue
            if key in seen:
                summary.duplicates.append(f"{key} ({item.source})")
                continue
            seen.add(key)
            if stopped():
                summary.not_started += 1
                continue
            await queue.put(item)
        for _ in range(concurrency):
            await queue.put(None)

    try:
        # One task group: if writing fails (disk full) or a worker hits a bug, the producer and the
        # other workers are cancelled instead of waiting forever on a queue nobody reads.
        async with asyncio.TaskGroup() as group:
            group.create_task(produce())
            for _ in range(concurrency):
                group.create_task(worker())
    except* Exception as failures:
        raise failures.exceptions[0] from None
    finally:
        summary.wall_s = time.perf_counter() - started
    return summary
