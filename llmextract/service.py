"""The HTTP extraction service: the CLI's backends behind a small FastAPI app.

Routes (every answer is JSON):

* ``POST /v1/extract``: one article in, its calls out (an :class:`~llmextract.schema.ArticleResult`).
* ``POST /v1/extract/batch``: several articles, one result per article in input order; an article that is
  invalid or fails gets its own error entry and never costs the others.
* ``GET /v1/schema``: the JSON Schema of an extraction (what ``llmextract schema`` prints).
* ``GET /healthz``: whether the backend can answer (open even when a token is required).
* ``GET /openapi.json``, ``/docs`` (Swagger UI) and ``/redoc``, served from files in the ``fastapi-offline``
  package: no CDN.

Guards, in the order a request meets them: the bearer token on ``/v1/*`` when one is set (401); the body
size, counted while the body is read and before anything parses it (413); a body must be sent as JSON (415);
validation (422); admission (429 with ``Retry-After`` when every model slot is busy and the queue is full).
A backend that cannot be reached gives 503 with ``Retry-After``. Every error has the body
``{"error": {"kind": ..., "message": ...}}`` (validation errors add ``details``).

No global state: :func:`create_app` builds an app from :class:`~llmextract.config.Settings` and
:class:`~llmextract.config.ServeSettings`; its lifespan opens the backend (unless one is handed in) and the
admission gate, and closes them when the server stops, after uvicorn has let the requests in flight finish.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the route signatures at run time, and the
# request models are built per app (their limits are settings).

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import math
import re
import secrets
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import uvicorn
from fastapi import FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from fastapi_offline import FastAPIOffline
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, create_model
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from llmextract import __version__
from llmextract.backends import Backend, Health, open_backend
from llmextract.config import ServeSettings, Settings
from llmextract.llm import ExtractionError
from llmextract.schema import Article, ArticleResult, ErrorInfo, PromptRef, extraction_json_schema

API_PREFIX = "/v1/"
RETRY_AFTER_DOWN_S = 5  # when the model endpoint cannot be reached
MAX_ID_CHARS = 200  # as Article.id
# The request models are checked by the server and described in the OpenAPI document by the same rules, so
# that what the document calls valid is accepted and what it calls invalid is refused (the fuzz test checks
# both ways). Hence literal characters instead of \s, whose meaning differs between regex engines.
WHITESPACE = (
    " \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"  # 0001-9999, as datetime.date
_MONTH = "(0[1-9]|1[0-2])"
PUBLISHED_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": f"^{_YEAR}-{_MONTH}$"},
        {"type": "string", "pattern": f"^{_YEAR}$"},
    ],
    "description": "publication date, YYYY-MM-DD (or YYYY-MM, YYYY): anchors 'on Friday' in the text",
    "examples": ["2013-04-30"],
}
JSON_TYPES = ("application/json",)


# ---------------------------------------------------------------- error bodies


class FieldProblem(BaseModel):
    loc: list[str | int] = Field(description="where in the request body, e.g. ['articles', 0, 'text']")
    message: str
    type: str = Field(description="pydantic's error type, e.g. 'string_too_long', 'missing', 'json_invalid'")


class ErrorDetail(BaseModel):
    kind: str = Field(
        description=(
            "what went wrong: unauthorized, body_too_large, invalid_json, validation, unsupported_media_type, "
            "not_found, method_not_allowed, saturated, internal; or, from the backend, the kinds of the CLI's "
            "output: endpoint, timeout, auth, http_NNN, invalid_output, replay_missing, error"
        )
    )
    message: str = Field(description="names the input and the problem")
    details: list[FieldProblem] | None = Field(default=None, description="every validation problem (422 only)")


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: ErrorDetail


class ApiError(Exception):
    """An error answer: status, kind, message (and headers such as Retry-After)."""

    def __init__(self, status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = headers or {}


class SafeJSONResponse(JSONResponse):
    """JSON that always encodes: a lone surrogate from the request (a JSON key, say) is written escaped."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")


def error_response(
    status: int,
    kind: str,
    message: str,
    headers: dict[str, str] | None = None,
    details: list[FieldProblem] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(kind=kind, message=message, details=details))
    return SafeJSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers)


def _documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route can give."""
    text = {
        401: "no or wrong bearer token (only when LLMEXTRACT_SERVE_TOKEN is set)",
        413: "request body larger than the limit",
        415: "request body sent with a Content-Type other than JSON",
        422: "malformed JSON, or a body that does not validate; every problem is in error.details",
        429: "every model slot is busy and the queue is full; retry after Retry-After seconds",
        500: "a bug in the service",
        502: "the model answered, but not usably (invalid output, an HTTP error, a refused key, no recording)",
        503: "the model endpoint cannot be reached, or is rate-limiting; retry after Retry-After seconds",
        504: "the model did not answer in time",
    }
    retry_after = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        out[status] = {"model": ErrorBody, "description": text[status]}
        if status in (429, 503):
            out[status]["headers"] = retry_after
    return out


# ---------------------------------------------------------------- request models


def _encodable(value: str) -> bool:
    """JSON can carry lone surrogates ("\\ud800"), which no UTF-8 answer can hold. Pydantic refuses them in
    the models; this is for the raw id of a batch item that did not validate, before it is echoed."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_blank(value: str) -> str:
    if not value.strip(WHITESPACE):
        raise ValueError("is blank: give the article's text")
    return value


def _published(value: str) -> str:
    """YYYY, YYYY-MM or a real YYYY-MM-DD date (``PUBLISHED_SCHEMA``)."""
    if re.fullmatch(f"{_YEAR}(-{_MONTH})?", value):
        return value
    if re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        with contextlib.suppress(ValueError):
            dt.date.fromisoformat(value)
            return value
    raise ValueError(f"{value!r} is not a date: give YYYY-MM-DD (a real day), YYYY-MM or YYYY")


def article_model(max_chars: int) -> type[BaseModel]:
    """The body of ``POST /v1/extract``, with this service's article length limit (so the OpenAPI says it)."""
    text = Annotated[
        str,
        Field(
            min_length=1,
            max_length=max_chars,
            description=f"the article's text (at most {max_chars:,} characters; not blank)",
            json_schema_extra={"pattern": f"[^{WHITESPACE}]"},
        ),
        AfterValidator(_not_blank),
    ]
    article_id = Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_ID_CHARS,
            description="your id for the article, echoed as article_id (default: 'text-' and a hash of the text)",
        ),
    ]
    published = Annotated[str, AfterValidator(_published), WithJsonSchema(PUBLISHED_SCHEMA)]
    return create_model(
        "ArticleIn",
        __config__=ConfigDict(extra="forbid"),
        __doc__="One article: its text, and optionally an id and its publication date.",
        text=(text, ...),
        id=(article_id | None, None),
        published=(published | None, None),
    )


def batch_model(max_batch: int) -> type[BaseModel]:
    """The body of ``POST /v1/extract/batch``. Items are any JSON objects: one that is not a valid article gets
    its own error entry in the answer instead of failing the whole batch, and the OpenAPI says exactly that."""
    item = Annotated[
        dict[str, Any],
        WithJsonSchema(
            {
                "anyOf": [{"$ref": "#/components/schemas/ArticleIn"}, {"type": "object"}],
                "description": "an article, as the body of POST /v1/extract; any other object gets an error entry",
            }
        ),
    ]
    return create_model(
        "BatchRequest",
        __config__=ConfigDict(extra="forbid"),
        __doc__="Several articles.",
        articles=(list[item], Field(max_length=max_batch, description=f"at most {max_batch} articles")),
    )


# ---------------------------------------------------------------- answers


class BatchResponse(BaseModel):
    results: list[ArticleResult] = Field(description="one per input article, in input order")
    ok: int = Field(description="how many results are ok")
    failed: int = Field(description="how many results carry an error instead of calls")


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    backend: str
    model: str | None = None
    prompt: PromptRef | None = None
    detail: str = Field(description="what the check did and saw")
    in_flight: int = Field(description="model calls running now")
    waiting: int = Field(description="articles admitted and waiting for a model slot")
    error: ErrorDetail | None = Field(default=None, description="why it is unavailable (503 only)")


# ---------------------------------------------------------------- admission


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


@dataclass
class ServiceState:
    """What the lifespan builds: lives in ``app.state.service``."""

    backend: Backend
    gate: ModelGate


def _state(request: Request) -> ServiceState:
    return request.app.state.service


# ---------------------------------------------------------------- extraction


def default_id(text: str) -> str:
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def to_article(item: BaseModel) -> Article:
    data = item.model_dump()
    return Article(id=data["id"] or default_id(data["text"]), text=data["text"], published=data["published"])


def _base(backend: Backend, article_id: str, source: str | None = None) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "backend": backend.name,
        "model": backend.model,
        "prompt": backend.prompt,
        "source": source,
    }


def backend_error(info: ErrorInfo) -> ApiError:
    """The HTTP status for a failed extraction; the kind stays the one the CLI writes."""
    if info.kind == "endpoint":
        return ApiError(503, info.kind, info.message, {"Retry-After": str(RETRY_AFTER_DOWN_S)})
    if info.kind == "http_429":
        return ApiError(503, info.kind, info.message, {"Retry-After": str(RETRY_AFTER_DOWN_S)})
    if info.kind == "timeout":
        return ApiError(504, info.kind, info.message)
    return ApiError(502, info.kind, info.message)


async def extract_one(state: ServiceState, article: Article, source: str | None = None) -> ArticleResult:
    """One article through a model slot; a failure becomes the result's error (never an exception)."""
    base = _base(state.backend, article.id, source)
    try:
        async with state.gate.slot():
            outcome = await state.backend.extract(article)
    except ExtractionError as exc:
        return ArticleResult(ok=False, error=exc.info, usage=exc.usage, latency_s=round(exc.latency_s, 3), **base)
    except Exception as exc:  # a bug or an unexpected answer must not cost the other articles
        return ArticleResult(ok=False, error=ErrorInfo(kind="error", message=f"{type(exc).__name__}: {exc}"), **base)
    return ArticleResult(
        calls=outcome.extraction.calls,
        usage=outcome.usage,
        latency_s=round(outcome.latency_s, 3),
        replayed=outcome.replayed,
        **base,
    )


def _item_id(raw: dict[str, Any], index: int) -> str:
    value = raw.get("id")
    if isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS and _encodable(value):
        return value
    return f"articles[{index}]"


def parse_item(index: int, raw: dict[str, Any], model: type[BaseModel], backend: Backend) -> Article | ArticleResult:
    """A batch item as an article, or as its own failed result naming the item and every problem."""
    try:
        return to_article(model.model_validate(raw))
    except ValidationError as exc:
        problems = field_problems(exc.errors(include_url=False, include_input=False))
        message = f"articles[{index}]: " + summarize(problems)
        return ArticleResult(
            ok=False,
            error=ErrorInfo(kind="input", message=message),
            **_base(backend, _item_id(raw, index), f"articles[{index}]"),
        )


# ---------------------------------------------------------------- validation messages


def _where(loc: list[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def field_problems(errors: Any, strip_body: bool = False) -> list[FieldProblem]:
    problems = []
    for error in errors:
        loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
        if strip_body and loc[:1] == ["body"]:
            loc = loc[1:]
        kind = str(error.get("type", "value_error"))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if kind == "json_invalid":
            position = loc[0] if loc else "?"
            detail = (error.get("ctx") or {}).get("error", "malformed")
            message = f"request body is not valid JSON: {detail} at character {position}"
            loc = []
        elif kind == "missing" and not loc:
            message = "request body is missing: send a JSON object"
        elif kind == "string_unicode":
            message += " (a lone surrogate such as \\ud800" + (")" if loc else " in a key)")
        problems.append(FieldProblem(loc=loc, message=message + _limit_hint(kind, loc), type=kind))
    return problems


def summarize(problems: list[FieldProblem], limit: int = 3) -> str:
    parts = [f"{_where(p.loc)}: {p.message}" if p.loc else p.message for p in problems[:limit]]
    more = f" (and {len(problems) - limit} more)" if len(problems) > limit else ""
    return "; ".join(parts) + more


def _limit_hint(kind: str, loc: list[str | int]) -> str:
    if kind == "string_too_long" and loc[-1:] == ["text"]:
        return " (this service's limit: --max-article-chars, LLMEXTRACT_SERVE_MAX_ARTICLE_CHARS)"
    if kind == "too_long" and loc == ["articles"]:
        return " (this service's limit: --max-batch, LLMEXTRACT_SERVE_MAX_BATCH)"
    return ""


def _is_json(content_type: str | None) -> bool:
    if content_type is None:
        return False
    media = content_type.split(";")[0].strip().lower()
    return media in JSON_TYPES or media.endswith("+json")


# ---------------------------------------------------------------- guards before parsing


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
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, token: bytes | None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its body
            body += message.get("body", b"")
            more = message.get("more_body", False)
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


# ---------------------------------------------------------------- the app


def create_app(
    settings: Settings,
    options: ServeSettings | None = None,
    backend: Backend | None = None,
    announce: Callable[[str], None] = print,
) -> FastAPI:
    """The service as an ASGI app. Without ``backend``, the lifespan opens the one ``settings`` describe (the
    embedded local model by default) and stops it on shutdown; a backend handed in stays the caller's."""
    options = options or ServeSettings()
    token = options.token.get_secret_value().encode("utf-8") if options.token else None
    ArticleIn = article_model(options.max_article_chars)
    BatchRequest = batch_model(options.max_batch)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            ready = backend
            if ready is None:
                ready = await stack.enter_async_context(open_backend(settings, announce=announce))
            concurrency = min(options.max_concurrency, ready.max_concurrency or options.max_concurrency)
            app.state.service = ServiceState(ready, ModelGate(concurrency, options.max_concurrency + options.max_queue))
            yield

    app = FastAPIOffline(
        title="llmextract",
        version=__version__,
        summary="Extract calls between leaders from news articles.",
        description=(
            "Every phone or video call between leaders that an article reports, as validated JSON "
            "(the fields are defined in GUIDELINES.md). Errors always have the body "
            '`{"error": {"kind": ..., "message": ...}}`.'
            + (" Routes under /v1 need `Authorization: Bearer <token>`." if token else "")
        ),
        lifespan=lifespan,
        swagger_ui_parameters={"validatorUrl": None},  # Swagger UI would otherwise call an online validator
    )
    app.add_middleware(Guard, max_body_bytes=options.max_body_bytes, token=token)
    # The Guard enforces the token before the body is read; this declares it in the OpenAPI document.
    auth = [Security(HTTPBearer(auto_error=False, description="LLMEXTRACT_SERVE_TOKEN"))] if token else []
    guarded = (401,) if token else ()

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.kind, exc.message, exc.headers)

    @app.exception_handler(Saturated)
    async def _saturated(request: Request, exc: Saturated) -> JSONResponse:
        return error_response(429, "saturated", str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = field_problems(exc.errors(), strip_body=True)
        kind = "invalid_json" if any(p.type == "json_invalid" for p in problems) else "validation"
        return error_response(422, kind, summarize(problems), details=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        where = f"{request.method} {request.url.path}"
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's answer to a body json.loads cannot read for another reason than bad syntax: bytes that
            # are not UTF-8, or nesting deeper than the recursion limit. Same status and kind as bad syntax.
            cause = f"{type(exc.__cause__).__name__}: {exc.__cause__}"
            return error_response(422, "invalid_json", f"request body could not be read as JSON: {cause}")
        if exc.status_code == 404:
            kind, message = "not_found", f"no such route: {where} (the API is described at /openapi.json and /docs)"
        elif exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            kind, message = "method_not_allowed", f"{where} is not allowed; allowed: {allowed}"
        else:
            kind, message = f"http_{exc.status_code}", f"{where}: {exc.detail}"
        return error_response(exc.status_code, kind, message, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "internal", f"a bug in the service: {type(exc).__name__}: {exc}")

    @app.post(
        "/v1/extract",
        summary="Extract the calls from one article",
        response_model=ArticleResult,
        response_model_exclude_none=True,
        responses=_documented(*guarded, 413, 415, 422, 429, 502, 503, 504),
        dependencies=auth,
        tags=["extraction"],
    )
    async def extract(request: Request, body: ArticleIn) -> ArticleResult:  # type: ignore[valid-type]
        state = _state(request)
        article = to_article(body)
        with state.gate.admit(1):
            try:
                async with state.gate.slot():
                    outcome = await state.backend.extract(article)
            except ExtractionError as exc:
                raise backend_error(exc.info) from None
        return ArticleResult(
            calls=outcome.extraction.calls,
            usage=outcome.usage,
            latency_s=round(outcome.latency_s, 3),
            replayed=outcome.replayed,
            **_base(state.backend, article.id),
        )

    @app.post(
        "/v1/extract/batch",
        summary="Extract the calls from several articles",
        description=(
            "One result per article, in input order. An article that does not validate or whose extraction "
            "fails gets a result with `ok: false` and an error; the others are not affected. The whole batch "
            "gets 503 only when the model endpoint could be reached for none of its articles."
        ),
        response_model=BatchResponse,
        response_model_exclude_none=True,
        responses=_documented(*guarded, 413, 415, 422, 429, 503),
        dependencies=auth,
        tags=["extraction"],
    )
    async def extract_batch(request: Request, body: BatchRequest) -> BatchResponse:  # type: ignore[valid-type]
        state = _state(request)
        items = [parse_item(i, raw, ArticleIn, state.backend) for i, raw in enumerate(body.articles)]  # type: ignore[attr-defined]
        articles = [(i, item) for i, item in enumerate(items) if isinstance(item, Article)]
        with state.gate.admit(len(articles)):
            done = await asyncio.gather(*(extract_one(state, a, f"articles[{i}]") for i, a in articles))
        unreachable = [r.error for r in done if r.error is not None and r.error.kind == "endpoint"]
        if unreachable and len(unreachable) == len(done):
            raise backend_error(unreachable[0])
        by_index = dict(zip((i for i, _ in articles), done, strict=True))
        results = [by_index.get(i, item) for i, item in enumerate(items)]
        ok = sum(r.ok for r in results)
        return BatchResponse(results=results, ok=ok, failed=len(results) - ok)

    @app.get(
        "/v1/schema",
        summary="The JSON Schema of an extraction",
        responses=_documented(*guarded),
        dependencies=auth,
        tags=["extraction"],
    )
    async def schema() -> dict[str, Any]:
        return extraction_json_schema()

    @app.get(
        "/healthz",
        summary="Whether the backend can answer",
        description="200 when it can; 503 (same body, with an error) when it cannot. Never needs the token.",
        response_model=HealthResponse,
        response_model_exclude_none=True,
        responses={503: {"model": HealthResponse, "description": "the backend cannot answer"}},
        tags=["service"],
    )
    async def healthz(request: Request) -> JSONResponse:
        state = _state(request)
        health = await check_backend(state.backend)
        up = health.ok is True or (health.ok is None and state.gate.running > 0)
        detail = health.detail
        if health.ok is None:
            detail += "; busy with this service's model calls, so taken as up" if up else ", and nothing is running"
        body = HealthResponse(
            status="ok" if up else "unavailable",
            backend=state.backend.name,
            model=state.backend.model,
            prompt=state.backend.prompt,
            detail=detail,
            in_flight=state.gate.running,
            waiting=state.gate.waiting,
            error=None if up else ErrorDetail(kind="backend_unavailable", message=detail),
        )
        return SafeJSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=200 if up else 503)

    return app


async def check_backend(backend: Backend) -> Health:
    """The backend's own check (``check()``), or ok for one that has none (a test double)."""
    check = getattr(backend, "check", None)
    if check is None:
        return Health(True, f"{backend.name}: no check")
    try:
        return await check()
    except Exception as exc:  # a failing check is an answer, not a crash
        return Health(False, f"the health check failed: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------- running it


class _Server(uvicorn.Server):
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


async def serve(
    settings: Settings, options: ServeSettings, announce: Callable[[str], None] = print, log_level: str = "info"
) -> None:
    """Open the backend, serve until SIGINT / SIGTERM, let the requests in flight finish, stop the backend.

    The backend is opened before the port is bound, so a bad configuration (or a model that will not start)
    fails as a plain error, and it is closed only after uvicorn has drained the requests in flight.
    """
    async with open_backend(settings, announce=announce) as backend:
        app = create_app(settings, options, backend=backend, announce=announce)
        auth = "a bearer token is required on /v1/*" if options.token else "off (set LLMEXTRACT_SERVE_TOKEN to require)"
        announce(f"auth: {auth}; backend: {backend.name}, model: {backend.model}")
        config = uvicorn.Config(
            app,
            host=options.host,
            port=options.port,
            log_level=log_level,
            timeout_graceful_shutdown=options.shutdown_timeout,  # type: ignore[arg-type]
            lifespan="on",
        )
        server = _Server(config)
        await server.serve()
        if not server.started:
            raise RuntimeError("the HTTP server did not start: see the log above")
    announce("stopped")
