"""Transient failures of an OpenAI-compatible endpoint: which are retried, how long to wait (Retry-After);
the HTTP client, and sending one chat completion."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryCallState

from llmextract.config import Settings

# ---------------------------------------------------------------- transient retries

MAX_RETRY_AFTER_S = 120.0


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException) -> float | None:
    """The server's ``Retry-After`` (seconds or an HTTP date), if it sent one."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after-ms")
    if value:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def backoff_wait(initial: float = 1.0, maximum: float = 30.0) -> Callable[[RetryCallState], float]:
    """Exponential backoff, unless the server said how long to wait."""

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        told = retry_after_seconds(exc) if exc else None
        if told is not None:
            return min(told, MAX_RETRY_AFTER_S)
        return min(maximum, initial * 2 ** (state.attempt_number - 1))

    return wait


def _http_client(settings: Settings, base_url: str = "") -> Any:
    """The transport the OpenAI client sends with. ``aiohttp`` is the SDK's own option for many concurrent
    requests (``openai.DefaultAioHttpClient``, with the SDK's limits and timeouts); aiohttp comes with
    instructor. ``httpx``: None, the SDK's default client. A base URL with credentials
    (``http://user:pass@host/v1``, a proxy's basic auth) goes through httpx, which sends them; the SDK's aiohttp
    transport drops them and every request fails."""
    if "@" in urlsplit(base_url).netloc:
        return None
    return openai.DefaultAioHttpClient() if settings.http_client == "aiohttp" else None


# What ``send_chat_completion`` posts as is: top-level JSON fields with no request options among them.
_NOT_BODY = frozenset(["extra_headers", "extra_query", "extra_body", "timeout", "stream"])


async def send_chat_completion(client: openai.AsyncOpenAI, request: dict[str, Any]) -> Any:
    """``POST /chat/completions`` with the request instructor built, parsed as a ``ChatCompletion``.

    ``client.chat.completions.create(**request)`` sends the same JSON body, but first walks every message
    against the SDK's union of parameter types (about 0.7 ms of CPU per request, a tenth of the client's
    CPU per article at high concurrency, ``bench/``) to apply aliases and formats that none of these plain
    JSON values has. ``client.post`` is the SDK's documented way to send a body as given; it keeps the
    client's headers, timeout and error types. A request with options or streaming goes through ``create``.
    """
    if _NOT_BODY.isdisjoint(request):
        return await client.post("/chat/completions", body=request, cast_to=ChatCompletion)
    return await client.chat.completions.create(**request)


def raw_output(completion: Any) -> str | None:
    """The text the model produced: the tool call's arguments, or the message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0].function.arguments
    return message.content
