"""Running the app with uvicorn: its options, and logs without credentials."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

import uvicorn

from llmextract.config import ServeSettings
from llmextract.redact import redact_text


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


def server_config(app: Any, options: ServeSettings, log_level: str = "info") -> uvicorn.Config:
    """uvicorn's configuration for ``llmextract serve`` (the tests run the app with the same)."""
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        log_level=log_level,
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
