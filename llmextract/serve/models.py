"""The service's request and answer models; the request models' limits are settings, so they are built per app."""

# No ``from __future__ import annotations``: FastAPI reads these models at run time.

import contextlib
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from llmextract.engine.records import PromptRef
from llmextract.serve.errors import ErrorDetail
from llmextract.tasks.calls.schema import ArticleResult

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


# ---------------------------------------------------------------- request models


def encodable(value: str) -> bool:
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


def batch_response_model(result_model: type[BaseModel]) -> type[BaseModel]:
    """:class:`BatchResponse` for a task's result model (the calls task's is :class:`BatchResponse` itself)."""
    if result_model is ArticleResult:
        return BatchResponse
    return create_model(
        "BatchResponse",
        __base__=BatchResponse,
        results=(list[result_model], Field(description="one per input article, in input order")),  # type: ignore[valid-type]
    )


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    backend: str
    model: str | None = None
    prompt: PromptRef | None = None
    detail: str = Field(description="what the check did and saw")
    in_flight: int = Field(description="model calls running now")
    waiting: int = Field(description="articles admitted and waiting for a model slot")
    error: ErrorDetail | None = Field(default=None, description="why it is unavailable (503 only)")
