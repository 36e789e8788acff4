"""The model client: openai + instructor against any OpenAI-compatible endpoint.

Two kinds of retry, kept apart:

* ``tenacity`` retries *transient* failures of one HTTP request (connection
  errors, timeouts, 429 and 5xx), with exponential backoff, honouring a
  ``Retry-After`` header; at most ``max_retries`` more attempts.
* ``instructor`` re-asks the model when its answer does not validate against
  the schema; at most ``max_reasks`` more attempts. With ``grounding="reask"``
  an answer whose evidence, names or durations are not in the article (see
  :mod:`llmextract.tasks.calls.grounding`) is invalid too; when the re-asks run out, the
  last answer that met the schema is kept (its unsupported values are marked
  downstream, not dropped).

Every HTTP request is logged (latency, tokens, outcome), retries and re-asks
included, and summed into the article's :class:`~llmextract.tasks.calls.schema.Usage`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import instructor
import openai
import pydantic
from instructor.core.exceptions import InstructorRetryException
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from llmextract.config import Settings
from llmextract.engine.endpoint import Endpoint
from llmextract.engine.prompts import Prompt
from llmextract.engine.records import Article, ErrorInfo, Usage
from llmextract.engine.redact import redact_url
from llmextract.engine.retries import (
    _http_client,
    backoff_wait,
    is_transient,
    raw_output,
    send_chat_completion,
)
from llmextract.engine.store import Entry, KeyParts, ReplayMissing, ResponseStore, canonical_json

MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


@functools.cache
def _response_model(model: type[pydantic.BaseModel]) -> type[pydantic.BaseModel]:
    """The response model wrapped for instructor once. Given the bare class, instructor wraps it with
    ``create_model`` on every request, so its schema cache never hits: ~5 ms of CPU per request."""
    return instructor.openai_schema(model)


class GroundingGate:
    """One article's grounding check, run by pydantic inside instructor's validation loop.

    An answer with values the article does not support fails validation with one short line per value
    (the feedback instructor sends back); ``check`` (the task's, :meth:`Task.reask_check`) finds them. The
    last answer that passed the schema is kept in ``kept``.

    The check is bound to the article by a per-article response model (:meth:`response_model`), not by
    instructor's ``context=``: in instructor 1.17 that argument also renders every message as a Jinja
    template (``{{ ... }}`` in an article would be evaluated, blank lines collapsed), changing the prompt.
    """

    def __init__(self, base: type[pydantic.BaseModel], check: Callable[[pydantic.BaseModel], list[str]]) -> None:
        self.base = base
        self._check = check
        self.kept: pydantic.BaseModel | None = None

    def check(self, answer: pydantic.BaseModel) -> pydantic.BaseModel:
        self.kept = self.base.model_construct(**{name: getattr(answer, name) for name in self.base.model_fields})
        problems = self._check(answer)
        if problems:
            raise ValueError("values not found in the article: " + "; ".join(problems))
        return answer

    def response_model(self) -> type[pydantic.BaseModel]:
        """The base model plus this check; the same name, docstring and so the same schema the model is sent."""

        def grounded(model: pydantic.BaseModel) -> pydantic.BaseModel:
            return self.check(model)

        model = pydantic.create_model(
            self.base.__name__,
            __base__=self.base,
            __doc__=self.base.__doc__,
            __validators__={"grounded": pydantic.model_validator(mode="after")(grounded)},
        )
        return instructor.openai_schema(model)


@functools.cache
def _response_schema(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The JSON Schema in every store key, built once (``model_json_schema`` is not cached by pydantic)."""
    return model.model_json_schema()


class ExtractionError(Exception):
    """An article could not be extracted; ``info`` says why, for the output record."""

    def __init__(self, info: ErrorInfo, usage: Usage | None = None, latency_s: float = 0.0) -> None:
        super().__init__(info.message)
        self.info = info
        self.usage = usage or Usage()
        self.latency_s = latency_s


@dataclass
class RequestLog:
    """What each HTTP request of one article cost."""

    usage: Usage = field(default_factory=Usage)
    raw_outputs: list[str | None] = field(default_factory=list)


# The log of the article being asked about, for the requests instructor makes on its behalf (re-asks included).
# Each extraction sets it in its own asyncio task's context, so concurrent articles never share one.
_REQUEST_LOG: contextvars.ContextVar[RequestLog] = contextvars.ContextVar("llmextract_request_log")


@dataclass
class LLMResult:
    extraction: Any  # an instance of the extractor's response model
    usage: Usage
    latency_s: float
    replayed: bool = False


# ---------------------------------------------------------------- the client


class LLMExtractor:
    """Extract calls from one article at a time with an OpenAI-compatible model."""

    def __init__(
        self,
        settings: Settings,
        endpoint: Endpoint,
        prompt: Prompt,
        store: ResponseStore | None = None,
        http_client: Any | None = None,
        wait: Callable[[RetryCallState], float] | None = None,
        response_model: type[pydantic.BaseModel] | None = None,
        reask_check: Callable[[str], Callable[[pydantic.BaseModel], list[str]] | None] | None = None,
    ) -> None:
        """``response_model``: the answer asked for; ``reask_check``: the task's grounding check for
        ``--grounding reask`` (:meth:`~llmextract.engine.task.Task.reask_check`), None when it does not apply."""
        if response_model is None:
            raise ValueError("LLMExtractor needs the response model (the task's answer)")
        if settings.mode not in MODES:
            raise ValueError(f"unknown instructor mode {settings.mode!r} (choose from {', '.join(MODES)})")
        if store is None and settings.store_mode in ("record", "replay", "cached"):
            raise ValueError(f"store mode {settings.store_mode!r} needs a store folder (--store)")
        self.settings = settings
        self.endpoint = endpoint
        self.prompt = prompt
        self.store = store if settings.store_mode != "live" else None
        self.mode = MODES[settings.mode]
        self.response_model = response_model
        self._reask_check = reask_check
        self._schema_json = canonical_json(_response_schema(response_model))  # in every key: serialised once
        self._wait = wait or backoff_wait()
        self._client = openai.AsyncOpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or "not-needed",
            max_retries=0,  # tenacity does the retrying
            timeout=settings.request_timeout,
            http_client=http_client or _http_client(settings, endpoint.base_url),
        )
        self._create = instructor.patch(create=self._retrying_create(), mode=self.mode)

    @property
    def model(self) -> str:
        return self.endpoint.model

    @property
    def sampling(self) -> dict[str, Any]:
        return {"temperature": self.settings.temperature, "max_tokens": self.settings.max_tokens}

    def key_parts(self, article: Article, context: dict[str, Any] | None = None) -> KeyParts:
        return KeyParts(
            model=self.endpoint.model,
            endpoint_kind=self.endpoint.kind,
            messages=self.prompt.render(article, **(context or {})),
            response_schema=_response_schema(self.response_model),
            mode=self.settings.mode,
            sampling=self.sampling,
            validation=self.validation,
        )

    @property
    def validation(self) -> str | None:
        """Validation beyond the schema that can change the answer (re-asks), hence part of the store key."""
        grounded = self.settings.grounding == "reask" and self._reask_check is not None
        return "grounding" if grounded else None

    async def close(self) -> None:
        await self._client.close()

    async def extract(self, article: Article, context: dict[str, Any] | None = None) -> LLMResult:
        """Ask about one article; ``context`` holds extra template variables (e.g. the call asked about)."""
        parts = self.key_parts(article, context)
        key = parts.key(self._schema_json) if self.store else ""
        if self.store and self.settings.store_mode in ("replay", "cached"):
            entry = self.store.get(key)
            if entry is not None and entry.parsed is not None:
                parsed = self.response_model.model_validate(entry.parsed)
                return LLMResult(parsed, entry.usage, entry.latency_s, replayed=True)
            if entry is not None and entry.error is not None:  # the model's recorded answer never validated
                raise ExtractionError(entry.error, entry.usage, entry.latency_s)
            if self.settings.store_mode == "replay":
                raise ExtractionError(
                    ErrorInfo(
                        kind="replay_missing",
                        message=(
                            f"no recording for article {article.id!r} with prompt {self.prompt.name} "
                            f"({self.prompt.hash}) and model {self.endpoint.model!r} in {self.store.root}; "
                            "run with --store-mode record or cached to make one"
                        ),
                    )
                )
        log = RequestLog()
        recording = self.store is not None and self.settings.store_mode in ("record", "cached")
        try:
            result = await self._call(article, parts.messages, log)
        except ExtractionError as exc:
            # An answer that stayed invalid after the re-asks is the model's real output: record it,
            # so a replay fails the same way. Transient failures (timeouts, HTTP errors) are not recorded.
            if recording and exc.info.kind == "invalid_output":
                self._record(key, article, log, None, exc.info, exc.usage, exc.latency_s)
            raise
        if recording:
            self._record(key, article, log, result.extraction, None, result.usage, result.latency_s)
        return result

    def _record(
        self,
        key: str,
        article: Article,
        log: RequestLog,
        extraction: pydantic.BaseModel | None,
        error: ErrorInfo | None,
        usage: Usage,
        latency_s: float,
    ) -> None:
        assert self.store is not None
        self.store.put(
            Entry(
                key=key,
                article_id=article.id,
                prompt=self.prompt.ref,
                model=self.endpoint.model,
                endpoint_kind=self.endpoint.kind,
                mode=self.settings.mode,
                sampling=self.sampling,
                validation=self.validation,
                raw_outputs=log.raw_outputs,
                parsed=extraction.model_dump(mode="json") if extraction is not None else None,
                error=error,
                usage=usage,
                latency_s=round(latency_s, 3),
                recorded_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
        )

    async def _call(self, article: Article, messages: list[dict[str, str]], log: RequestLog) -> LLMResult:
        check = self._reask_check(article.text) if self._reask_check and self.validation == "grounding" else None
        gate = GroundingGate(self.response_model, check) if check is not None else None
        started = time.perf_counter()
        token = _REQUEST_LOG.set(log)
        try:
            extraction = await self._create(
                response_model=gate.response_model() if gate else _response_model(self.response_model),
                messages=messages,
                model=self.endpoint.model,
                max_retries=self.settings.max_reasks,
                **self.sampling,
            )
        except InstructorRetryException as exc:
            if gate is not None and gate.kept is not None and not isinstance(exc.__cause__, openai.OpenAIError):
                # Still ungrounded after the re-asks: keep the answer; grounding marks what is unsupported.
                return LLMResult(gate.kept, log.usage, time.perf_counter() - started)
            raise ExtractionError(self._describe(exc), log.usage, time.perf_counter() - started) from exc
        except (openai.OpenAIError, ReplayMissing) as exc:
            raise ExtractionError(self._describe(exc), log.usage, time.perf_counter() - started) from exc
        finally:
            _REQUEST_LOG.reset(token)
        return LLMResult(extraction, log.usage, time.perf_counter() - started)

    def _retrying_create(self) -> Callable[..., Awaitable[Any]]:
        """:func:`send_chat_completion` with transient retries, logging every request in the current
        article's :class:`RequestLog` (``_REQUEST_LOG``: patched once per client, not once per article)."""
        client, settings, wait = self._client, self.settings, self._wait

        async def create(**kwargs: Any) -> Any:
            log = _REQUEST_LOG.get()
            async for attempt in AsyncRetrying(
                retry=retry_if_exception(is_transient),
                stop=stop_after_attempt(settings.max_retries + 1),
                wait=wait,
                reraise=True,
            ):
                with attempt:
                    log.usage.requests += 1
                    completion = await send_chat_completion(client, kwargs)
                    usage = getattr(completion, "usage", None)
                    if usage is not None:
                        log.usage.prompt_tokens += usage.prompt_tokens or 0
                        log.usage.completion_tokens += usage.completion_tokens or 0
                    log.raw_outputs.append(raw_output(completion))
                    return completion
            raise AssertionError("unreachable")  # pragma: no cover

        return create

    def _describe(self, exc: BaseException) -> ErrorInfo:
        """Turn an exception into a message a user can act on."""
        cause: BaseException = exc
        if isinstance(exc, InstructorRetryException) and isinstance(exc.__cause__, openai.OpenAIError):
            cause = exc.__cause__
        where = redact_url(self.endpoint.base_url)
        lost = _connection_lost(cause)
        if isinstance(cause, openai.APITimeoutError) and lost is None:
            return ErrorInfo(
                kind="timeout", message=f"request to {where} timed out after {self.settings.request_timeout:g}s"
            )
        if isinstance(cause, openai.APIConnectionError):
            return ErrorInfo(kind="endpoint", message=f"cannot reach the model endpoint {where}: {lost or cause}")
        if isinstance(cause, openai.AuthenticationError):
            return ErrorInfo(
                kind="auth", message=f"{where} refused the API key (401); set --api-key or LLMEXTRACT_API_KEY"
            )
        if isinstance(cause, openai.APIStatusError):
            return ErrorInfo(
                kind=f"http_{cause.status_code}", message=f"{where} answered {cause.status_code}: {cause.message}"
            )
        if isinstance(cause, InstructorRetryException):
            attempts = getattr(cause, "n_attempts", None) or self.settings.max_reasks + 1
            return ErrorInfo(
                kind="invalid_output",
                message=f"the model's answer did not validate after {attempts} attempt(s): {_last_failure(cause)}",
            )
        return ErrorInfo(kind="error", message=f"{type(cause).__name__}: {cause}")


def _connection_lost(exc: BaseException) -> BaseException | None:
    """The refused, reset or dropped connection behind ``exc``, if that is what it was. The SDK's aiohttp
    transport reports these as timeouts (``APITimeoutError`` from ``ConnectTimeout``); a real timeout is a
    ``TimeoutError`` somewhere in the chain."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, aiohttp.ClientConnectionError) and not isinstance(link, TimeoutError):
            return link
        link = link.__cause__ or link.__context__
    return None


def _last_failure(exc: InstructorRetryException) -> str:
    """The validation errors of the last attempt, one ``field: problem`` per error."""
    attempts = getattr(exc, "failed_attempts", None) or []
    last = attempts[-1].exception if attempts else exc
    if isinstance(last, pydantic.ValidationError):
        return _short("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in last.errors()))
    return _short(str(last))


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
