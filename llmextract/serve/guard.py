"""The guards before parsing: a pure ASGI middleware outside the app (token, body size, Content-Type)."""

from __future__ import annotations

import asyncio
import logging
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from llmextract.config import ServeSettings
from llmextract.serve.errors import error_response

API_PREFIX = "/v1/"
JSON_TYPES = ("application/json",)
RETRY_AFTER_SHUTDOWN_S = 5  # when a request was cut by the shutdown: another instance (or this one, restarted)

logger = logging.getLogger("llmextract.serve.app")


def _is_json(content_type: str | None) -> bool:
    if content_type is None:
        return False
    media = content_type.split(";")[0].strip().lower()
    return media in JSON_TYPES or media.endswith("+json")


def serve_token(options: ServeSettings) -> bytes | None:
    """The bearer token to require, if any. White space around it is not part of it: a token read from a file
    (``LLMEXTRACT_SERVE_TOKEN=$(cat token)``, or a secret mounted with its trailing newline) still matches."""
    if options.token is None:
        return None
    token = options.token.get_secret_value().strip()
    if not token:
        raise ValueError("LLMEXTRACT_SERVE_TOKEN is blank: set a token, or unset it to turn auth off")
    return token.encode("utf-8")


def authorized(header: str | None, token: bytes) -> bool:
    if not header:
        return False
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    # Header values arrive latin-1 decoded: back to their bytes, then a constant-time comparison.
    return secrets.compare_digest(credentials.strip().encode("latin-1", "replace"), token)


class Guard:
    """Pure ASGI, outside the app: the bearer token on ``/v1/*``, the body size limit, a JSON Content-Type.

    The body is read here, counting bytes, and handed on only when it fits: nothing upstream parses (or
    buffers) more than ``max_body_bytes``, and a request without the token is refused before its body is read.
    A body that has not arrived whole within ``read_timeout`` seconds gets 408 and the connection is closed.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, token: bytes | None, read_timeout: float = 30) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.token = token
        self.read_timeout = read_timeout

    async def _read_body(self, receive: Receive) -> bytearray | None:
        """The body, or None when the client left; stops reading once it is over the limit."""
        body = bytearray()
        more = True
        while more and len(body) <= self.max_body_bytes:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            more = message.get("more_body", False)
        return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._guard(scope, receive, tracked)
        except asyncio.CancelledError:
            # The server cancels the requests still running when --shutdown-timeout is over (nothing else
            # cancels a request's task): answer in the documented shape instead of uvicorn's plain-text 500.
            if started:
                raise
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()  # the cancellation is answered here: the request ends normally
            logger.warning("%s %s: cut by the shutdown timeout, answered 503", scope["method"], scope["path"])
            await error_response(
                503,
                "shutting_down",
                "the service is shutting down and this request did not finish within its shutdown timeout "
                "(--shutdown-timeout, LLMEXTRACT_SERVE_SHUTDOWN_TIMEOUT): send it again",
                {"Connection": "close", "Retry-After": str(RETRY_AFTER_SHUTDOWN_S)},
            )(scope, receive, send)

    async def _guard(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        needs_token = self.token is not None and scope["path"].startswith(API_PREFIX)
        if needs_token and not authorized(headers.get("authorization"), self.token):  # type: ignore[arg-type]
            message = (
                "missing or wrong bearer token: send 'Authorization: Bearer <token>' "
                "with the token set in LLMEXTRACT_SERVE_TOKEN"
            )
            response = error_response(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})
            await response(scope, receive, send)
            return
        too_large = error_response(
            413,
            "body_too_large",
            f"request body is larger than {self.max_body_bytes:,} bytes, this service's limit "
            "(--max-body-bytes, LLMEXTRACT_SERVE_MAX_BODY_BYTES)",
            {"Connection": "close"},
        )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await too_large(scope, receive, send)
            return
        try:
            async with asyncio.timeout(self.read_timeout):
                body = await self._read_body(receive)
        except TimeoutError:
            message = (
                f"the request body did not arrive within {self.read_timeout:g} seconds, this service's limit "
                "(LLMEXTRACT_SERVE_READ_TIMEOUT)"
            )
            await error_response(408, "request_timeout", message, {"Connection": "close"})(scope, receive, send)
            return
        if body is None:
            return  # the client left before sending its body
        if len(body) > self.max_body_bytes:
            await too_large(scope, receive, send)
            return
        if body and not _is_json(headers.get("content-type")):
            # Checked here, not left to FastAPI: whether it parses a body without a Content-Type has changed
            # between versions (a CSRF guard), and the answer must not.
            got = headers.get("content-type")
            message = "send the request body as JSON with Content-Type: application/json " + (
                f"(got {got!r})" if got else "(got no Content-Type)"
            )
            await error_response(415, "unsupported_media_type", message)(scope, receive, send)
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would

        await self.app(scope, replay, send)
