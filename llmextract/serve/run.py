"""Running the app with uvicorn: its options, and logs without credentials."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from llmextract.config import ServeSettings
from llmextract.engine.redact import redact_text


class RedactingFilter(logging.Filter):
    """Credentials in a URL (``http://user:pass@host``) never reach a log line: message, arguments, traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_text(a) if isinstance(a, str) else _redacted(a) for a in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True


def _redacted(value: Any) -> Any:
    """A non-string argument (an exception, say) is formatted with %s: redact what it would print."""
    if isinstance(value, int | float | bool) or value is None:
        return value
    text = str(value)
    redacted = redact_text(text)
    return value if redacted == text else redacted


REDACT = RedactingFilter()
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi", "llmextract")


def redact_logs() -> None:
    """Put :data:`REDACT` on uvicorn's and llmextract's loggers and on their handlers (after uvicorn has
    configured logging: its ``Config`` does that)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for target in (logger, *logger.handlers):
            if REDACT not in target.filters:
                target.addFilter(REDACT)


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, dropping a connection whose request line and headers do not arrive within
    ``header_timeout`` seconds (uvicorn has no such timeout: a client that sends half a request line and stops
    would hold its connection until the server stops). The timer runs while the connection waits for a
    request's head: from the connection's start, and again when data for a next request arrives on a kept-alive
    connection; it stops once the head is complete. Idle time between requests is uvicorn's keep-alive timeout;
    the body's is the :class:`~llmextract.serve.guard.Guard`'s."""

    header_timeout = 30.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _watch_head(self) -> None:
        waiting = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        if not waiting:
            self._stop_head_timer()
        elif self._head_timer is None and self.timeout_keep_alive_task is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info(
                "%s: no complete request head within %gs, connection dropped", self.client, self.header_timeout
            )
            self.transport.close()


def server_config(app: Any, options: ServeSettings, log_level: str = "info") -> uvicorn.Config:
    """uvicorn's configuration for ``llmextract serve`` (the tests run the app with the same).

    Slow clients: a request's head must arrive within ``read_timeout`` (:class:`HeaderTimeoutProtocol`), then
    its body within ``read_timeout`` again (the Guard). An idle kept-alive connection is closed after
    ``keep_alive`` seconds: longer than clients and proxies keep an idle connection for reuse (httpx 5 s,
    aiohttp 15 s, nginx and cloud load balancers 60 s), so the server never closes a connection just as a client
    sends its next request on it. A request that has started is never cut by it.
    """
    protocol = type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": options.read_timeout})
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        log_level=log_level,
        http=protocol,
        ws="none",
        timeout_keep_alive=options.keep_alive,  # type: ignore[arg-type]
        timeout_graceful_shutdown=options.shutdown_timeout,  # type: ignore[arg-type]
        lifespan="on",
    )
    redact_logs()
    return config


class Server(uvicorn.Server):
    """uvicorn re-raises SIGINT / SIGTERM once its graceful shutdown is done, so that a bare uvicorn process dies
    of the signal. Here that shutdown is how ``llmextract serve`` ends: the backend is stopped next and the
    command exits 0, so the signal is not raised again."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        original = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)
