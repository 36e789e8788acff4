"""Rule extraction off the event loop.

The rules (the ``rules`` backend, and the first step of ``hybrid``) are pure Python: a 100,000-character article
takes seconds, and run inside ``async def extract`` they would hold the service's event loop, so that
``/healthz`` and every other request wait. The backends cannot be changed from here, so the service hands
each one a copy whose rule extractor is a :class:`ThreadedRules`: before the backend's ``extract`` runs, the
service computes the rules' result in a worker thread (:meth:`ThreadedRules.run`); the backend's own
synchronous call then gets that result at once. Any other call computes as before.

Model calls stay on the event loop (they are network waits, not CPU). The rest of the hybrid's own work
(checking the model's calls against the text) is small next to the rules' and stays where it is.
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import time
from typing import Any

from llmextract.backends import Backend, Outcome
from llmextract.schema import Article, Extraction

# The result computed for the article this task is extracting: a context variable, so that concurrent
# requests (each its own task) never see each other's.
_READY: contextvars.ContextVar[tuple[Article, Extraction] | None] = contextvars.ContextVar("rules_ready", default=None)


class ThreadedRules:
    """Stands in for a backend's rule extractor (``extract(article) -> Extraction``, and its other attributes)."""

    def __init__(self, rules: Any) -> None:
        self._inner = rules

    def __getattr__(self, name: str) -> Any:  # db, ...: the real extractor's
        return getattr(self._inner, name)

    async def run(self, article: Article) -> float:
        """Compute the rules' result for ``article`` in a worker thread; returns the seconds it took."""
        started = time.perf_counter()
        found = await asyncio.to_thread(self._inner.extract, article)
        _READY.set((article, found))
        return time.perf_counter() - started

    def extract(self, article: Article) -> Extraction:
        ready = _READY.get()
        if ready is not None and ready[0] is article:
            _READY.set(None)
            return ready[1]
        return self._inner.extract(article)


class Offloaded:
    """A backend whose rule extraction (when it has one) runs in a worker thread."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.rules: ThreadedRules | None = None
        if _has_rules(backend):
            # A shallow copy: the caller's backend is left as it was; the model clients are shared.
            self.backend = copy.copy(backend)
            self.rules = ThreadedRules(backend._rules)  # type: ignore[attr-defined]
            self.backend._rules = self.rules  # type: ignore[attr-defined]

    async def extract(self, article: Article) -> Outcome:
        if self.rules is None:
            return await self.backend.extract(article)
        rules_s = await self.rules.run(article)
        try:
            outcome = await self.backend.extract(article)
        finally:
            _READY.set(None)
        # The backend timed the rules' call, which returned at once: add the time they took in the thread.
        outcome.latency_s += rules_s
        return outcome


def _has_rules(backend: Backend) -> bool:
    if not callable(getattr(getattr(backend, "_rules", None), "extract", None)):
        return False
    from llmextract.backends import RulesBackend
    from llmextract.hybrid import HybridBackend

    return isinstance(backend, RulesBackend | HybridBackend)
