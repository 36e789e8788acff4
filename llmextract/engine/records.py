"""The task-independent records: an article in, usage, prompt and error references, a result's frame.

A task (:mod:`llmextract.tasks`) adds its record model (the calls task: ``Call``) and its result model, built
on :class:`ResultBase`; the engine reads results only through the fields and the ``records`` property here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def normalize_date(value: str | None) -> str | None:
    """Check an ISO 8601 date of the form YYYY, YYYY-MM or YYYY-MM-DD."""
    if value is None:
        return None
    text = value.strip()
    if not text or text.lower() in {"null", "none", "unknown"}:
        return None
    if not _DATE_RE.match(text):
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date: {exc}") from None
    return text


def article_id_for(text: str) -> str:
    """The id of an article given without one: ``text-`` and the first 16 hex digits of its SHA-256."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Article(BaseModel):
    """One input article."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    published: str | None = None
    url: str | None = None

    @field_validator("published")
    @classmethod
    def _published(cls, v: str | None) -> str | None:
        if v is None:
            return None
        # Accept full timestamps and keep the date part.
        return normalize_date(v.strip()[:10])


class Usage(BaseModel):
    """Token usage and request count for one article, summed over retries and re-asks."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            requests=self.requests + other.requests,
        )


class PromptRef(BaseModel):
    name: str
    hash: str


class ErrorInfo(BaseModel):
    kind: str = Field(description="Short class of error, e.g. 'input', 'endpoint', 'invalid_output', 'timeout'.")
    message: str


class ResultBase(BaseModel):
    """The frame every task's result model shares (no fields of its own, so a task's field order is kept).

    A task's result model has the fields ``article_id, ok, <records_key>, grounding, backend, model, prompt,
    usage, latency_s, replayed, error, source``; ``records`` reads the task's list whatever its JSON name.
    """

    records_key: ClassVar[str] = "records"

    @property
    def records(self) -> list[Any]:
        return getattr(self, self.records_key)


@dataclass(frozen=True)
class Health:
    """Whether a backend can answer now. ``ok`` None: it took the connection but answered too slowly to tell."""

    ok: bool | None
    detail: str


@dataclass
class Outcome:
    """What a backend returns for one article: the task's response model instance, usage, latency."""

    extraction: Any
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    replayed: bool = False


class Backend(Protocol):
    """The one small interface the engine talks to: an article in, an :class:`Outcome` out."""

    name: str
    model: str | None
    prompt: PromptRef | None
    max_concurrency: int | None  # None: no limit of its own

    async def extract(self, article: Article) -> Outcome: ...
