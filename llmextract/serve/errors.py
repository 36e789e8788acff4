"""The service's error answers: one JSON shape for every error, and the messages of validation problems."""

# No ``from __future__ import annotations``: FastAPI and pydantic read these models at run time.

import json
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from llmextract.engine.redact import redact_text

# ---------------------------------------------------------------- error bodies


ARTICLE_TOO_LONG = "article_too_long"


class FieldProblem(BaseModel):
    loc: list[str | int] = Field(description="where in the request body, e.g. ['articles', 0, 'text']")
    message: str
    type: str = Field(description="pydantic's error type, e.g. 'string_too_long', 'missing', 'json_invalid'")


class ErrorDetail(BaseModel):
    kind: str = Field(
        description=(
            "what went wrong: unauthorized, body_too_large, invalid_json, validation, article_too_long, "
            "unsupported_media_type, "
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
    # A backend's message may quote its URL: never with the credentials in it.
    body = ErrorBody(error=ErrorDetail(kind=kind, message=redact_text(message), details=details))
    return SafeJSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers)


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route can give."""
    text = {
        401: "no or wrong bearer token (only when LLMEXTRACT_SERVE_TOKEN is set)",
        408: "the request body did not arrive within the read timeout (the connection is closed)",
        413: "request body larger than the limit",
        415: "request body sent with a Content-Type other than JSON",
        422: (
            "malformed JSON (invalid_json), a body that does not validate (validation), or an article over the "
            "length limit (article_too_long); every problem is in error.details"
        ),
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
        elif kind == "string_too_long" and loc[-1:] == ["text"]:
            limit = (error.get("ctx") or {}).get("max_length")
            message = f"the article is longer than {limit:,} characters" if limit else message
        elif kind == "string_unicode":
            message += " (a lone surrogate such as \\ud800" + (")" if loc else " in a key)")
        problems.append(FieldProblem(loc=loc, message=message + _limit_hint(kind, loc), type=kind))
    return problems


def summarize(problems: list[FieldProblem], limit: int = 3) -> str:
    parts = [f"{_where(p.loc)}: {p.message}" if p.loc else p.message for p in problems[:limit]]
    more = f" (and {len(problems) - limit} more)" if len(problems) > limit else ""
    return "; ".join(parts) + more


def unreadable_json(cause: BaseException) -> str:
    """Why a body could not be read as JSON, other than bad syntax: said in the client's terms, not Python's."""
    if isinstance(cause, UnicodeDecodeError):
        bad = cause.object[cause.start : cause.start + 1].hex()
        return f"request body is not valid UTF-8: byte 0x{bad} at byte offset {cause.start}; send JSON as UTF-8"
    if isinstance(cause, RecursionError):
        return "request body is nested too deeply to read: send JSON with fewer levels of [ and {"
    return "request body could not be read as JSON: send a JSON object encoded as UTF-8"


def error_kind(problems: list[FieldProblem]) -> str:
    """The kind of a 422 (or of a batch item's error): the most specific of its problems."""
    if any(p.type == "json_invalid" for p in problems):
        return "invalid_json"
    if any(p.type == "string_too_long" and p.loc[-1:] == ["text"] for p in problems):
        return ARTICLE_TOO_LONG
    return "validation"


def _limit_hint(kind: str, loc: list[str | int]) -> str:
    if kind == "string_too_long" and loc[-1:] == ["text"]:
        return " (this service's limit: --max-article-chars, LLMEXTRACT_SERVE_MAX_ARTICLE_CHARS)"
    if kind == "too_long" and loc == ["articles"]:
        return " (this service's limit: --max-batch, LLMEXTRACT_SERVE_MAX_BATCH)"
    return ""
