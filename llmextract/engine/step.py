"""One step from an article to its result: the backend call, grounding, usage and the error shape.

The batch pipeline (:mod:`.pipeline`), the worker pool's parent (through the pipeline) and the HTTP service
all call :func:`process`, so an article gets the same result line whichever way it came in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from llmextract.engine.llm import ExtractionError
from llmextract.engine.records import Article, Backend, ErrorInfo, ResultBase, Usage
from llmextract.engine.redact import redact_text
from llmextract.engine.task import Task


def redacted(info: ErrorInfo) -> ErrorInfo:
    """``info`` with credentials and URLs' secrets removed from its message."""
    message = redact_text(info.message)
    return info if message == info.message else info.model_copy(update={"message": message})


def base_fields(backend: Backend, article_id: str, source: str | None = None) -> dict[str, Any]:
    """The fields every result line of ``backend`` carries."""
    return {
        "article_id": article_id,
        "backend": backend.name,
        "model": backend.model,
        "prompt": backend.prompt,
        "source": source,
    }


def failed(
    task: Task, backend: Backend, article_id: str, info: ErrorInfo, source: str | None = None, **fields: Any
) -> ResultBase:
    """A failed result line (``ok`` false, the error redacted)."""
    return task.result_model(ok=False, error=redacted(info), **fields, **base_fields(backend, article_id, source))


async def process(
    article: Article,
    backend: Backend,
    task: Task,
    *,
    ground: bool = True,
    timeout: float | None = None,
    source: str | None = None,
    slot: Callable[[], contextlib.AbstractAsyncContextManager[Any]] | None = None,
    on_usage: Callable[[Usage], None] | None = None,
    catch_bugs: bool = True,
) -> ResultBase:
    """Extract one article; a failure becomes the result's error (never an exception).

    ``ground``: locate each record's evidence and mark unsupported values (the task's grounding; ``--grounding
    mark`` or ``reask``). ``timeout``: seconds for the whole article. ``slot``: entered around the backend call
    (the service's model slot). ``on_usage``: told the tokens an answered or failed-by-the-model article used
    (the pipeline's tokens-per-minute limiter). ``catch_bugs`` False: an unexpected exception (a bug, not a
    failed extraction) propagates (the service's single-article route answers it with 500).
    """
    base = base_fields(backend, article.id, source)
    try:
        async with slot() if slot is not None else contextlib.nullcontext():
            coro = backend.extract(article)
            outcome = await (asyncio.wait_for(coro, timeout) if timeout else coro)
    except ExtractionError as exc:
        if on_usage:
            on_usage(exc.usage)
        return task.result_model(
            ok=False, error=redacted(exc.info), usage=exc.usage, latency_s=round(exc.latency_s, 3), **base
        )
    except TimeoutError:
        return task.result_model(
            ok=False, error=ErrorInfo(kind="timeout", message=f"no result within {timeout:g}s"), **base
        )
    except Exception as exc:  # a bug or an unexpected answer must not cost the other articles
        if not catch_bugs:
            raise
        return task.result_model(
            ok=False, error=redacted(ErrorInfo(kind="error", message=f"{type(exc).__name__}: {exc}")), **base
        )
    if on_usage:
        on_usage(outcome.usage)
    records = getattr(outcome.extraction, task.records_key)
    return task.result_model(
        **{task.records_key: records},
        grounding=task.ground(article.text, records) if ground else None,
        usage=outcome.usage,
        latency_s=round(outcome.latency_s, 3),
        replayed=outcome.replayed,
        **base,
    )
