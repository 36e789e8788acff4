"""llmextract: extract records (by default, phone and video calls between leaders) from news articles with an
LLM, and measure how well it does against gold.

The public API::

    import llmextract

    result = llmextract.extract("President A spoke by phone with Prime Minister B on Monday ...")
    result.calls                      # [Call(participants=[...], date=..., ...)]

    async for result in llmextract.extract_batch(texts, settings=llmextract.Settings(backend="rules")):
        ...

    score = llmextract.evaluate("out.jsonl", "gold/")   # per-field P/R/F1: score.table()
    task = llmextract.load_task("examples/meetings")    # a declarative task (task.toml)

Everything else (``llmextract.engine``, ``backends``, ``eval``, ``serve``, ``tasks``) is internal.
"""

from llmextract._version import __version__
from llmextract.api import aextract, aextract_many, evaluate, extract, extract_batch, load_task
from llmextract.config import Settings
from llmextract.engine.records import Article, ResultBase
from llmextract.engine.task import Task
from llmextract.eval.counts import CorpusScore
from llmextract.tasks.calls.schema import ArticleResult, Call, Extraction, Participant

__all__ = [
    "Article",
    "ArticleResult",
    "Call",
    "CorpusScore",
    "Extraction",
    "Participant",
    "ResultBase",
    "Settings",
    "Task",
    "__version__",
    "aextract",
    "aextract_many",
    "evaluate",
    "extract",
    "extract_batch",
    "load_task",
]
