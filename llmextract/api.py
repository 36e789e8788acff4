"""The public functions: extract one article or many, score predictions against gold, load a task.

Everything here goes through the same engine as the CLI and the service: a backend opened from
:class:`~llmextract.config.Settings` and :func:`llmextract.engine.step.process` for each article (backend call,
grounding, usage, the error shape). Nothing here raises for a failed article: its result has ``ok`` false and
an ``error``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
from pathlib import Path
from typing import Any

from llmextract.backends import open_backend
from llmextract.config import Settings, load_settings
from llmextract.engine import step
from llmextract.engine.records import Article, ResultBase, article_id_for
from llmextract.eval import generic
from llmextract.eval.counts import CorpusScore
from llmextract.eval.generic import SpecScore
from llmextract.eval.gold import load_articles_dir, load_gold_dir
from llmextract.eval.score import load_predictions, score_corpus
from llmextract.tasks import Task, load_task
from llmextract.tasks.spec import SpecTask

__all__ = ["aextract", "aextract_many", "evaluate", "extract", "extract_batch", "load_task"]


def _article(item: str | Article | Mapping[str, Any]) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=article_id_for(item), text=item)
    return Article.model_validate({"id": article_id_for(item["text"]), **item})


def _setup(settings: Settings | None, task: str | Path | Task | None) -> tuple[Settings, Task]:
    settings = settings if settings is not None else load_settings()
    chosen = load_task(task if task is not None else settings.task)
    if task is not None:  # the settings name the task too (worker processes load it by name or folder)
        folder = getattr(chosen, "folder", None)
        settings = settings.model_copy(update={"task": str(folder) if folder is not None else chosen.name})
    return settings, chosen


async def extract_batch(
    articles: Iterable[str | Article | Mapping[str, Any]],
    *,
    settings: Settings | None = None,
    task: str | Path | Task | None = None,
    concurrency: int = 4,
) -> AsyncIterator[ResultBase]:
    """Extract many articles with one backend; yield one result per article, in input order.

    ``articles``: texts, :class:`~llmextract.Article` records or dicts with ``text`` (and optionally ``id``,
    ``published``); a text's id is ``text-`` and a hash of it. ``settings``: how to extract (default: the
    environment's, as the CLI reads it: the hybrid backend on the embedded local model); ``task``: a task
    name, folder or object (default ``settings.task``, i.e. ``calls``). At most ``concurrency`` articles are
    in flight (the backend's own limit wins when lower).
    """
    settings, chosen = _setup(settings, task)
    items = [_article(a) for a in articles]
    async with open_backend(settings, announce=lambda message: None, task=chosen) as backend:
        limit = asyncio.Semaphore(max(1, min(concurrency, backend.max_concurrency or concurrency)))

        async def one(article: Article) -> ResultBase:
            async with limit:
                return await step.process(article, backend, chosen, ground=settings.grounding != "off")

        tasks = [asyncio.ensure_future(one(a)) for a in items]
        try:
            for pending in tasks:
                yield await pending
        finally:
            for pending in tasks:
                pending.cancel()


async def aextract_many(
    articles: Iterable[str | Article | Mapping[str, Any]],
    *,
    settings: Settings | None = None,
    task: str | Path | Task | None = None,
    concurrency: int = 4,
) -> list[ResultBase]:
    """:func:`extract_batch` collected into a list (input order)."""
    return [r async for r in extract_batch(articles, settings=settings, task=task, concurrency=concurrency)]


async def aextract(
    text_or_article: str | Article | Mapping[str, Any],
    *,
    settings: Settings | None = None,
    task: str | Path | Task | None = None,
) -> ResultBase:
    """Extract one article (async form of :func:`extract`)."""
    (result,) = await aextract_many([text_or_article], settings=settings, task=task)
    return result


def extract(
    text_or_article: str | Article | Mapping[str, Any],
    *,
    settings: Settings | None = None,
    task: str | Path | Task | None = None,
) -> ResultBase:
    """Extract the records of one article: a text, an :class:`~llmextract.Article` or a dict with ``text``.

    Returns the task's result line (for ``calls``: an :class:`~llmextract.ArticleResult` with ``calls`` and
    ``grounding``); a failure is a result with ``ok`` false and an ``error``. Opens the backend (the embedded
    local model starts when no endpoint is configured) and closes it again: for many articles use
    :func:`extract_batch` or :func:`aextract_many`. Not callable from a running event loop (use
    :func:`aextract`).
    """
    return asyncio.run(aextract(text_or_article, settings=settings, task=task))


def _evaluate_spec(task: SpecTask, predictions: Any, gold_dir: Path) -> SpecScore:
    if isinstance(predictions, str | Path):
        lines = Path(predictions).read_text(encoding="utf-8").splitlines()
        predictions = [task.result_model.model_validate_json(line) for line in lines if line.strip()]
    preds = predictions if isinstance(predictions, Mapping) else {r.article_id: r for r in predictions}
    return generic.score_corpus(task, generic.load_gold(task, gold_dir), preds)


def evaluate(
    predictions: Path | str | Mapping[str, Any] | Iterable[ResultBase],
    gold_dir: Path | str,
    *,
    articles: Iterable[Path | str] = (),
    task: str | Path | Task | None = None,
) -> CorpusScore | SpecScore:
    """Score predictions against a gold folder: per-field precision, recall and F1 (``score.table()``).

    ``predictions``: a JSONL file of result lines (as ``llmextract extract`` writes), a mapping of article id
    to result, or results. ``gold_dir``: a folder of ``<id>.json`` gold files; article texts (for evidence
    grounding) are read from ``<id>.txt`` files in ``gold_dir`` and the ``articles`` folders. A declarative
    task (``task``) is scored by its generic scorer (:mod:`llmextract.eval.generic`).
    """
    chosen = load_task(task)
    gold_dir = Path(gold_dir)
    if isinstance(chosen, SpecTask):
        return _evaluate_spec(chosen, predictions, gold_dir)
    if isinstance(predictions, str | Path):
        preds: Mapping[str, Any] = load_predictions(Path(predictions))
    elif isinstance(predictions, Mapping):
        preds = predictions
    else:
        preds = {r.article_id: r for r in predictions}  # type: ignore[attr-defined]
    texts = load_articles_dir([gold_dir, *(Path(a) for a in articles)])
    return score_corpus(load_gold_dir(gold_dir), preds, texts)
