"""Configuration in one place: flags > environment > defaults.

The CLI builds a :class:`Settings` from its flags with :func:`load_settings`;
library users can construct one directly. Nothing else reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

DEFAULT_PROMPT = "calls_v1"  # the calls task's prompt folder (under prompts/)
DEFAULT_MAX_ARTICLE_CHARS = 200_000  # longest article the CLI reads; LLMEXTRACT_MAX_ARTICLE_CHARS overrides


InstructorMode = Literal["tools", "json_schema", "json", "md_json"]
StoreMode = Literal["live", "record", "replay", "cached"]
GroundingMode = Literal["off", "mark", "reask"]
HttpClient = Literal["aiohttp", "httpx"]

ENDPOINT_TIMEOUT_S = 300.0
EMBEDDED_TIMEOUT_S = 1800.0

# setting -> environment variables, first found wins.
ENV_VARS: dict[str, tuple[str, ...]] = {
    "base_url": ("LLMEXTRACT_BASE_URL", "OPENAI_BASE_URL"),
    "api_key": ("LLMEXTRACT_API_KEY", "OPENAI_API_KEY"),
    "model": ("LLMEXTRACT_MODEL",),
    "mode": ("LLMEXTRACT_MODE",),
    "model_path": ("LLMEXTRACT_MODEL_PATH",),
    "local_model": ("LLMEXTRACT_LOCAL_MODEL",),
    "prompt": ("LLMEXTRACT_PROMPT",),
    "prompts_dir": ("LLMEXTRACT_PROMPTS_DIR",),
    "topics_prompt": ("LLMEXTRACT_TOPICS_PROMPT",),
    "focus_prompt": ("LLMEXTRACT_FOCUS_PROMPT",),
    "cache_dir": ("LLMEXTRACT_CACHE_DIR",),
    "timeout": ("LLMEXTRACT_TIMEOUT",),
    "store": ("LLMEXTRACT_STORE",),
    "store_mode": ("LLMEXTRACT_STORE_MODE",),
    "n_ctx": ("LLMEXTRACT_N_CTX",),
    "grounding": ("LLMEXTRACT_GROUNDING",),
    "http_client": ("LLMEXTRACT_HTTP_CLIENT",),
}


class Settings(BaseModel):
    """Everything that decides how extraction runs."""

    task: str = "calls"  # a built-in task name or a task folder (llmextract.tasks.load_task)
    backend: str = "hybrid"  # hybrid | llm | rules
    # Endpoint. No base_url means: run the embedded local model.
    base_url: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    model: str | None = None
    mode: InstructorMode = "tools"
    temperature: float = 0.0
    max_tokens: int = 1500
    max_reasks: int = Field(default=2, ge=0, le=10, description="instructor re-asks after invalid output")
    max_retries: int = Field(default=4, ge=0, le=20, description="tenacity retries of transient failures")
    timeout: float | None = Field(
        default=None,
        gt=0,
        description="seconds per request; default 300 for an endpoint, 1800 for the embedded local model",
    )
    http_client: HttpClient = Field(
        default="aiohttp",
        description="the OpenAI client's HTTP transport: aiohttp (the SDK's option for many requests at once; its "
        "HTTP exchange costs about half the CPU of httpx's, bench/README.md) or httpx (the SDK's default)",
    )
    # Prompt.
    prompt: str = DEFAULT_PROMPT
    prompts_dir: Path | None = None
    topics_prompt: str = Field(
        default="topics_v2", description="hybrid backend: the prompt asking a found call's topics ('none': skip it)"
    )
    focus_prompt: str = Field(
        default="none",
        description="hybrid backend: the prompt asking about each sentence that reports a call the rules missed "
        "('none', the default: do not ask; 'call_focus_v1' lowered F1 on gold/ and gold/heldout/)",
    )
    # Embedded local model.
    local_model: str = "qwen2.5-coder-1.5b"
    model_path: Path | None = None
    cache_dir: Path | None = None
    n_ctx: int = 8192
    n_threads: int | None = None
    # Recorded responses.
    store: Path | None = None
    store_mode: StoreMode = "live"
    # Grounding (tasks.calls.grounding): "mark" locates evidence and marks unsupported values on every result;
    # "reask" also feeds unsupported values back to the model as validation errors (at most max_reasks times);
    # "off" does neither.
    grounding: GroundingMode = "mark"

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    @property
    def request_timeout(self) -> float:
        """The embedded model serves one request at a time on a few cores: a long answer on a busy
        machine can take minutes, and a timed-out request starts over from nothing."""
        if self.timeout is not None:
            return self.timeout
        return EMBEDDED_TIMEOUT_S if self.embedded else ENDPOINT_TIMEOUT_S


def _merge(
    env_vars: Mapping[str, tuple[str, ...]], flags: Mapping[str, Any] | None, environ: Mapping[str, str] | None
) -> dict[str, Any]:
    """Flags (non-None values win), then the first environment variable set for each setting."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for key, names in env_vars.items():
        for name in names:
            if env.get(name):
                values[key] = env[name]
                break
    for key, value in (flags or {}).items():
        if value is not None:
            values[key] = value
    return values


def load_settings(flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Merge flags (non-None values win), then environment variables, then defaults."""
    return Settings.model_validate(_merge(ENV_VARS, flags, environ))


# ---------------------------------------------------------------- the HTTP service

# serve setting -> environment variables, first found wins. The token is read from the environment only:
# a flag would show it in the process list.
SERVE_ENV_VARS: dict[str, tuple[str, ...]] = {
    "token": ("LLMEXTRACT_SERVE_TOKEN",),
    "host": ("LLMEXTRACT_SERVE_HOST",),
    "port": ("LLMEXTRACT_SERVE_PORT",),
    "max_body_bytes": ("LLMEXTRACT_SERVE_MAX_BODY_BYTES",),
    "max_batch": ("LLMEXTRACT_SERVE_MAX_BATCH",),
    "max_article_chars": ("LLMEXTRACT_SERVE_MAX_ARTICLE_CHARS",),
    "max_concurrency": ("LLMEXTRACT_SERVE_MAX_CONCURRENCY",),
    "max_queue": ("LLMEXTRACT_SERVE_MAX_QUEUE",),
    "shutdown_timeout": ("LLMEXTRACT_SERVE_SHUTDOWN_TIMEOUT",),
    "read_timeout": ("LLMEXTRACT_SERVE_READ_TIMEOUT",),
    "keep_alive": ("LLMEXTRACT_SERVE_KEEP_ALIVE",),
}


class ServeSettings(BaseModel):
    """How ``llmextract serve`` listens, whom it lets in and how much it takes at once."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    token: SecretStr | None = Field(default=None, description="bearer token required on /v1/*; none: no auth")
    max_body_bytes: int = Field(default=2_000_000, ge=1, description="largest request body, checked before parsing")
    max_batch: int = Field(default=32, ge=1, description="most articles in one batch request")
    max_article_chars: int = Field(default=100_000, ge=1, description="longest article text, in characters")
    max_concurrency: int = Field(
        default=4, ge=1, description="model calls at once (the backend's own limit wins when lower)"
    )
    max_queue: int = Field(default=32, ge=0, description="articles that may wait for a model slot; beyond: 429")
    shutdown_timeout: float | None = Field(
        default=None, gt=0, description="seconds to let in-flight requests finish on shutdown; none: wait for all"
    )
    read_timeout: float = Field(default=30, gt=0, description="seconds to send a request's headers, then its body")
    keep_alive: float = Field(default=75, gt=0, description="seconds an idle connection is kept open between requests")

    @model_validator(mode="after")
    def _batch_fits(self) -> ServeSettings:
        if self.max_batch > self.max_concurrency + self.max_queue:
            raise ValueError(
                f"max_batch ({self.max_batch}) is more than max_concurrency + max_queue "
                f"({self.max_concurrency} + {self.max_queue}): such a batch could never be admitted"
            )
        return self


def load_serve_settings(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> ServeSettings:
    """Merge flags (non-None values win), then ``LLMEXTRACT_SERVE_*`` environment variables, then defaults."""
    return ServeSettings.model_validate(_merge(SERVE_ENV_VARS, flags, environ))


# ---------------------------------------------------------------- batch input limits

MAX_ARTICLE_CHARS_ENV = "LLMEXTRACT_MAX_ARTICLE_CHARS"


def load_max_article_chars(flag: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    """The longest article ``extract`` reads, in characters: the flag, else the environment, else 200,000."""
    if flag is not None:
        value: Any = flag
    else:
        env = os.environ if environ is None else environ
        value = env.get(MAX_ARTICLE_CHARS_ENV) or DEFAULT_MAX_ARTICLE_CHARS
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"{MAX_ARTICLE_CHARS_ENV} must be a whole number of at least 1 (got {value!r})")
    return number
