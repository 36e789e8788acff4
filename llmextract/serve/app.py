"""The HTTP extraction service: the CLI's backends behind a small FastAPI app.

Routes (every answer is JSON):

* ``POST /v1/extract``: one article in, its calls out (an :class:`~llmextract.tasks.calls.schema.ArticleResult`).
* ``POST /v1/extract/batch``: several articles, one result per article in input order; an article that is
  invalid or fails gets its own error entry and never costs the others.
* ``GET /v1/schema``: the JSON Schema of an extraction (what ``llmextract schema`` prints).
* ``GET /healthz``: whether the backend can answer (open even when a token is required).
* ``GET /openapi.json``, ``/docs`` (Swagger UI) and ``/redoc``, served from files in the ``fastapi-offline``
  package: no CDN.

Guards, in the order a request meets them: a request head that does not arrive within the read timeout
drops the connection; the bearer token on ``/v1/*`` when one is set (401); the body size, counted while the
body is read and before anything parses it (413), and its read timeout (408); a body must be sent as JSON
(415); validation (422, ``article_too_long`` for a text over the limit); admission (429 with ``Retry-After``
when every model slot is busy and the queue is full). A backend that cannot be reached gives 503 with
``Retry-After``; so does a request cut by the shutdown timeout. Every error has the body
``{"error": {"kind": ..., "message": ...}}`` (validation errors add ``details``), and no message carries the
credentials of a URL.

Modules: ``service_errors`` (the error shape and messages), ``service_models`` (request and answer models),
``service_gate`` (admission), ``service_guard`` (the guards before parsing), ``service_run`` (uvicorn's options,
slow clients, logs without credentials). The backends run their CPU-bound rules in a worker thread, so a huge
article never holds the event loop.

No global state: :func:`create_app` builds an app from :class:`~llmextract.config.Settings` and
:class:`~llmextract.config.ServeSettings`; its lifespan opens the backend (unless one is handed in) and the
admission gate, and closes them when the server stops, after uvicorn has let the requests in flight finish.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the route signatures at run time, and the
# request models are built per app (their limits are settings).

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from llmextract._version import __version__
from llmextract.backends import Backend, Health, open_backend
from llmextract.config import ServeSettings, Settings
from llmextract.engine import step
from llmextract.engine.records import Article, ErrorInfo, ResultBase, article_id_for
from llmextract.engine.redact import redact_text
from llmextract.serve.errors import (
    ARTICLE_TOO_LONG,
    ApiError,
    ErrorBody,
    ErrorDetail,
    FieldProblem,
    SafeJSONResponse,
    documented,
    error_kind,
    error_response,
    field_problems,
    summarize,
    unreadable_json,
)
from llmextract.serve.gate import ModelGate, Saturated
from llmextract.serve.guard import Guard, serve_token
from llmextract.serve.models import (
    MAX_ID_CHARS,
    HealthResponse,
    article_model,
    batch_model,
    batch_response_model,
    encodable,
)
from llmextract.serve.run import Server, server_config
from llmextract.tasks import Task, load_task
from llmextract.tasks.calls import CALLS

__all__ = [
    "ApiError",
    "ErrorBody",
    "ErrorDetail",
    "FieldProblem",
    "check_backend",
    "create_app",
    "serve",
]

RETRY_AFTER_DOWN_S = 5  # when the model endpoint cannot be reached


@dataclass
class ServiceState:
    """What the lifespan builds: lives in ``app.state.service``."""

    backend: Backend
    gate: ModelGate
    task: Task
    ground: bool = True  # settings.grounding is mark or reask: results carry grounding, as the CLI's do

    async def process(self, article: Article, source: str | None = None, catch_bugs: bool = True) -> ResultBase:
        """One article through a model slot (:func:`llmextract.engine.step.process`, as in the CLI)."""
        return await step.process(
            article,
            self.backend,
            self.task,
            ground=self.ground,
            source=source,
            slot=self.gate.slot,
            catch_bugs=catch_bugs,
        )


def _state(request: Request) -> ServiceState:
    return request.app.state.service


# ---------------------------------------------------------------- extraction


def default_id(text: str) -> str:
    return article_id_for(text)


def to_article(item: BaseModel) -> Article:
    data = item.model_dump()
    return Article(id=data["id"] or default_id(data["text"]), text=data["text"], published=data["published"])


def backend_error(info: ErrorInfo) -> ApiError:
    """The HTTP status for a failed extraction; the kind stays the one the CLI writes."""
    if info.kind == "endpoint":
        return ApiError(503, info.kind, info.message, {"Retry-After": str(RETRY_AFTER_DOWN_S)})
    if info.kind == "http_429":
        return ApiError(503, info.kind, info.message, {"Retry-After": str(RETRY_AFTER_DOWN_S)})
    if info.kind == "timeout":
        return ApiError(504, info.kind, info.message)
    return ApiError(502, info.kind, info.message)


async def extract_one(state: ServiceState, article: Article, source: str | None = None) -> ResultBase:
    """One article through a model slot; a failure becomes the result's error (never an exception)."""
    return await state.process(article, source)


def _item_id(raw: dict[str, Any], index: int) -> str:
    value = raw.get("id")
    if isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS and encodable(value):
        return value
    return f"articles[{index}]"


def parse_item(
    index: int, raw: dict[str, Any], model: type[BaseModel], backend: Backend, task: Task = CALLS
) -> Article | ResultBase:
    """A batch item as an article, or as its own failed result naming the item and every problem."""
    try:
        return to_article(model.model_validate(raw))
    except ValidationError as exc:
        problems = field_problems(exc.errors(include_url=False, include_input=False))
        message = f"articles[{index}]: " + summarize(problems)
        kind = ARTICLE_TOO_LONG if error_kind(problems) == ARTICLE_TOO_LONG else "input"
        return task.result_model(
            ok=False,
            error=ErrorInfo(kind=kind, message=message),
            **step.base_fields(backend, _item_id(raw, index), f"articles[{index}]"),
        )


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
    task = load_task(settings.task)
    Result = task.result_model
    BatchResult = batch_response_model(Result)
    token = serve_token(options)
    ArticleIn = article_model(options.max_article_chars)
    BatchRequest = batch_model(options.max_batch)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            ready = backend
            if ready is None:
                ready = await stack.enter_async_context(open_backend(settings, announce=announce))
            concurrency = min(options.max_concurrency, ready.max_concurrency or options.max_concurrency)
            gate = ModelGate(concurrency, options.max_concurrency + options.max_queue)
            app.state.service = ServiceState(ready, gate, task, ground=settings.grounding != "off")
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
    app.add_middleware(Guard, max_body_bytes=options.max_body_bytes, token=token, read_timeout=options.read_timeout)
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
        return error_response(422, error_kind(problems), summarize(problems), details=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        where = f"{request.method} {request.url.path}"
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's answer to a body json.loads cannot read for another reason than bad syntax: bytes that
            # are not UTF-8, or nesting deeper than the recursion limit. Same status and kind as bad syntax.
            problem = FieldProblem(loc=[], message=unreadable_json(exc.__cause__), type="json_invalid")
            return error_response(422, "invalid_json", problem.message, details=[problem])
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
        response_model=Result,
        response_model_exclude_none=True,
        responses=documented(*guarded, 408, 413, 415, 422, 429, 502, 503, 504),
        dependencies=auth,
        tags=["extraction"],
    )
    async def extract(request: Request, body: ArticleIn) -> ResultBase:  # type: ignore[valid-type]
        state = _state(request)
        article = to_article(body)
        with state.gate.admit(1):
            result = await state.process(article, catch_bugs=False)  # a bug: 500, its traceback logged
        if result.error is not None:
            raise backend_error(result.error)
        return result

    @app.post(
        "/v1/extract/batch",
        summary="Extract the calls from several articles",
        description=(
            "One result per article, in input order. An article that does not validate or whose extraction "
            "fails gets a result with `ok: false` and an error; the others are not affected. The whole batch "
            "gets 503 only when the model endpoint could be reached for none of its articles."
        ),
        response_model=BatchResult,
        response_model_exclude_none=True,
        responses=documented(*guarded, 408, 413, 415, 422, 429, 503),
        dependencies=auth,
        tags=["extraction"],
    )
    async def extract_batch(request: Request, body: BatchRequest) -> BaseModel:  # type: ignore[valid-type]
        state = _state(request)
        items = [parse_item(i, raw, ArticleIn, state.backend, state.task) for i, raw in enumerate(body.articles)]  # type: ignore[attr-defined]
        articles = [(i, item) for i, item in enumerate(items) if isinstance(item, Article)]
        with state.gate.admit(len(articles)):
            done = await asyncio.gather(*(extract_one(state, a, f"articles[{i}]") for i, a in articles))
        unreachable = [r.error for r in done if r.error is not None and r.error.kind == "endpoint"]
        if unreachable and len(unreachable) == len(done):
            raise backend_error(unreachable[0])
        by_index = dict(zip((i for i, _ in articles), done, strict=True))
        results = [by_index.get(i, item) for i, item in enumerate(items)]
        ok = sum(r.ok for r in results)
        return BatchResult(results=results, ok=ok, failed=len(results) - ok)

    @app.get(
        "/v1/schema",
        summary="The JSON Schema of an extraction",
        responses=documented(*guarded),
        dependencies=auth,
        tags=["extraction"],
    )
    async def schema() -> dict[str, Any]:
        return task.json_schema()

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
        detail = redact_text(health.detail)  # it may quote the endpoint's URL
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


async def serve(
    settings: Settings, options: ServeSettings, announce: Callable[[str], None] = print, log_level: str = "info"
) -> None:
    """Open the backend, serve until SIGINT / SIGTERM, let the requests in flight finish, stop the backend.

    The backend is opened before the port is bound, so a bad configuration (or a model that will not start)
    fails as a plain error, and it is closed only after uvicorn has drained the requests in flight.
    """
    shown = announce
    announce = lambda message: shown(redact_text(message))  # noqa: E731  (an error may quote a URL)
    async with open_backend(settings, announce=announce) as backend:
        app = create_app(settings, options, backend=backend, announce=announce)
        auth = "a bearer token is required on /v1/*" if options.token else "off (set LLMEXTRACT_SERVE_TOKEN to require)"
        announce(f"auth: {auth}; backend: {backend.name}, model: {backend.model}")
        server = Server(server_config(app, options, log_level))
        await server.serve()
        if not server.started:
            raise RuntimeError("the HTTP server did not start: see the log above")
    announce("stopped")
