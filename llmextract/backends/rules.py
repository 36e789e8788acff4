"""The ``rules`` backend: the task's rule extractor (the calls task's baseline), run in a worker thread."""

from __future__ import annotations

import asyncio
import time

from llmextract.engine.records import Article, Health, Outcome, Usage
from llmextract.engine.task import Task


class RulesBackend:
    name = "rules"
    prompt = None
    max_concurrency = 1  # CPU-bound and instant: more workers would not help

    def __init__(self, task: Task) -> None:
        rules = task.rules()
        if rules is None:
            raise ValueError(f"task {task.name!r} has no rule extractor: use --backend llm")
        self._rules = rules
        self.model = f"rules-{rules.version}"

    async def extract(self, article: Article) -> Outcome:
        """The rules run in a worker thread: pure Python, seconds on a huge article, they must not hold an event
        loop that serves other requests (the service's ``/healthz``)."""
        started = time.perf_counter()
        extraction = await asyncio.to_thread(self._rules.extract, article)
        return Outcome(extraction, Usage(), time.perf_counter() - started)

    async def check(self) -> Health:
        return Health(True, "rules: no model to reach")
