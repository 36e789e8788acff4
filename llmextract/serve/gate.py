"""Admission: how many model calls run at once, and how many articles may wait for a slot."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import AsyncIterator, Iterator


class Saturated(Exception):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ModelGate:
    """At most ``concurrency`` model calls at once, and at most ``capacity`` articles admitted (running or
    waiting for a slot); an article beyond that is refused at once instead of queueing without bound."""

    def __init__(self, concurrency: int, capacity: int) -> None:
        self.concurrency = concurrency
        self.capacity = capacity
        self.admitted = 0
        self.running = 0
        self._slots = asyncio.Semaphore(concurrency)
        self._mean_latency_s = 1.0

    @property
    def waiting(self) -> int:
        return self.admitted - self.running

    def retry_after(self) -> int:
        """When saturated, one admitted article finishes about every mean latency / concurrency seconds."""
        return max(1, math.ceil(self._mean_latency_s / self.concurrency))

    @contextlib.contextmanager
    def admit(self, count: int) -> Iterator[None]:
        if count and self.admitted + count > self.capacity:
            raise Saturated(
                f"the service is saturated: {self.running} model call(s) running and {self.waiting} article(s) "
                f"waiting (at most {self.capacity} at once); {count} more cannot be admitted now",
                self.retry_after(),
            )
        self.admitted += count
        try:
            yield
        finally:
            self.admitted -= count

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            self.running += 1
            started = time.perf_counter()
            try:
                yield
            finally:
                self.running -= 1
                self._mean_latency_s = 0.8 * self._mean_latency_s + 0.2 * (time.perf_counter() - started)
