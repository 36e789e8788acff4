"""Configuration in one place: flags > environment > defaults.

The CLI builds a :class:`Settings` from its flags with :func:`load_settings`;
library users can construct one directly. Nothing else reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field, SecretStr, model_validator

DEFAULT_PROMPT = "calls_v1"  # the calls task's prompt folder (under prompts/)
# The hybrid backend's question when the rules found no call: who was on each call the window reports.
HYBRID_PROMPT = "calls_window_v1"
DEFAULT_MAX_ARTICLE_CHARS = 200_000  # longest article the CLI reads; LLMEXTRACT_MAX_ARTICLE_CHARS overrides


InstructorMode = Literal["tools", "json_schema", "json", "md_json"]
StoreMode = Literal["live", "record", "replay", "cached"]
GroundingMode = Literal["off", "mark", "reask"]
HttpClient = Literal["aiohttp", "httpx"]

ENDPOINT_TIMEOUT_S = 300.0
EMBEDDED_TIMEOUT_S = 1800.0


def setting(
    default: Any = None,
    *,
    flag: str | None = None,
    env: tuple[str, ...] = (),
    help: str | None = None,
    choices: tuple[str, ...] | None = None,
    **bounds: Any,
) -> Any:
    """A setting, written once: its default, bounds, help, CLI flag (None: none) and environment variables
    (first found wins). The CLI's options, :data:`ENV_VARS` and the help text are generated from these."""
    extra: dict[str, Any] = {"flag": flag, "env": list(env)}
    if choices:
        extra["choices"] = list(choices)
    return Field(default, description=help, json_schema_extra=extra, **bounds)


class Settings(BaseModel):
    """Everything that decides how extraction runs (flags > environment > defaults)."""

    task: str = setting(
        "calls",
        flag="--task",
        env=("LLMEXTRACT_TASK",),
        help="what to extract: calls (default) or a task folder with a task.toml (e.g. examples/meetings)",
    )
    backend: str = setting(
        "hybrid",
        flag="--backend",
        choices=("llm", "hybrid", "rules"),
        help="hybrid (default): rules first, the model for topics and where rules find nothing; "
        "llm: the model reads each article; rules: the rule baseline",
    )
    topics_prompt: str = setting(
        "details_v1",
        flag="--topics-prompt",
        env=("LLMEXTRACT_TOPICS_PROMPT",),
        help="hybrid: the question about each found call (default details_v1: topics, outcomes and sources; "
        "details_v2: the same from a shorter passage, faster; topics_v2: topics only; 'none')",
    )
    focus_prompt: str = setting(
        "calls_window_v1",
        flag="--focus-prompt",
        env=("LLMEXTRACT_FOCUS_PROMPT",),
        help="hybrid: the question about the sentences that report calls the rules did not find, when they found "
        "others (default calls_window_v1: who was on each call, one question per article; call_focus_v1: one "
        "question per sentence; 'none': not asked)",
    )
    # Endpoint. No base_url means: run the embedded local model.
    base_url: str | None = setting(
        flag="--base-url",
        env=("LLMEXTRACT_BASE_URL", "OPENAI_BASE_URL"),
        help="OpenAI-compatible endpoint; env LLMEXTRACT_BASE_URL / OPENAI_BASE_URL. "
        "Without one, the embedded local model runs",
    )
    model: str | None = setting(
        flag="--model", env=("LLMEXTRACT_MODEL",), help="model name at the endpoint; env LLMEXTRACT_MODEL"
    )
    api_key: str | None = setting(
        flag="--api-key",
        env=("LLMEXTRACT_API_KEY", "OPENAI_API_KEY"),
        help="env LLMEXTRACT_API_KEY / OPENAI_API_KEY",
        repr=False,
    )
    mode: InstructorMode = setting(
        "tools", flag="--mode", env=("LLMEXTRACT_MODE",), help="instructor mode (default tools)"
    )
    temperature: float = setting(0.0, flag="--temperature", help="sampling temperature (default 0)")
    max_tokens: int = setting(1500, help="longest answer, in tokens")
    max_reasks: int = setting(2, flag="--max-reasks", help="re-asks after an invalid answer (default 2)", ge=0, le=10)
    max_retries: int = setting(
        4, flag="--max-retries", help="retries of transient HTTP failures (default 4)", ge=0, le=20
    )
    timeout: float | None = setting(
        flag="--timeout",
        env=("LLMEXTRACT_TIMEOUT",),
        help="seconds per request (default 300; 1800 for the embedded local model)",
        gt=0,
    )
    http_client: HttpClient = setting(
        "aiohttp",
        flag="--http-client",
        env=("LLMEXTRACT_HTTP_CLIENT",),
        help="the OpenAI client's HTTP transport (default aiohttp: about half the CPU of httpx's per request, "
        "bench/README.md); env LLMEXTRACT_HTTP_CLIENT",
    )
    # Prompt.
    prompt: str = setting(
        DEFAULT_PROMPT,
        flag="--prompt",
        env=("LLMEXTRACT_PROMPT",),
        help="prompt name under prompts/ or a prompt folder (default calls_v1; the hybrid's: calls_window_v1; "
        "a task's own default for other tasks)",
    )
    prompts_dir: Path | None = setting(
        flag="--prompts-dir", env=("LLMEXTRACT_PROMPTS_DIR",), help="folder of prompt folders"
    )
    # Embedded local model.
    local_model: str = setting(
        "qwen2.5-coder-1.5b",
        flag="--local-model",
        env=("LLMEXTRACT_LOCAL_MODEL",),
        help="embedded model: qwen2.5-coder-1.5b (default) or qwen2.5-coder-0.5b",
    )
    model_path: Path | None = setting(
        flag="--model-path",
        env=("LLMEXTRACT_MODEL_PATH",),
        help="any GGUF file to serve instead of the default local model",
    )
    cache_dir: Path | None = setting(
        flag="--cache-dir", env=("LLMEXTRACT_CACHE_DIR",), help="where pulled models live (default: the user cache dir)"
    )
    n_ctx: int = setting(
        8192, flag="--n-ctx", env=("LLMEXTRACT_N_CTX",), help="context size of the local server (default 8192)"
    )
    n_threads: int | None = setting(help="threads of the local server (default: llama.cpp's)")
    local_servers: int = setting(
        2,
        flag="--local-servers",
        env=("LLMEXTRACT_LOCAL_SERVERS",),
        help="embedded model: servers on the one model file, one per kind of question, so each keeps its "
        "prompt cached (default 2; 1 saves the second server's memory, 0.4-1.3 GB)",
        ge=1,
        le=4,
    )
    # Recorded responses.
    store: Path | None = setting(flag="--store", env=("LLMEXTRACT_STORE",), help="folder of recorded responses")
    store_mode: StoreMode = setting(
        "live", flag="--store-mode", env=("LLMEXTRACT_STORE_MODE",), help="live (default), record, replay or cached"
    )
    # Grounding (tasks.calls.grounding): "mark" locates evidence and marks unsupported values on every result;
    # "reask" also feeds unsupported values back to the model as validation errors (at most max_reasks times);
    # "off" does neither.
    grounding: GroundingMode = setting(
        "mark",
        flag="--grounding",
        env=("LLMEXTRACT_GROUNDING",),
        help="mark (default): locate evidence, mark values the text does not support; reask: also "
        "re-ask the model about them (a separate store key); env LLMEXTRACT_GROUNDING",
    )

    @model_validator(mode="before")
    @classmethod
    def _backend_prompt(cls, data: Any) -> Any:
        """The hybrid asks its own, shorter question when the rules found nothing (unless a prompt is given)."""
        calls = isinstance(data, dict) and data.get("task", "calls") == "calls"
        if calls and data.get("backend", "hybrid") == "hybrid" and data.get("prompt") is None:
            return {**data, "prompt": HYBRID_PROMPT}
        return data

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


def env_vars(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """setting -> its environment variables (first found wins), from the fields' metadata."""
    return {name: tuple(env) for name, f in model.model_fields.items() if (env := _extra(f).get("env"))}


def flag_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The settings that have a CLI flag, in field order."""
    return tuple(name for name, f in model.model_fields.items() if _extra(f).get("flag"))


def _extra(field: Any) -> dict[str, Any]:
    extra = field.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def flag_specs(model: type[BaseModel]) -> list[tuple[str, str, dict[str, Any]]]:
    """``(name, flag, argparse keyword arguments)`` for every setting with a flag: type from the annotation
    (int, float, Path; a Literal gives the choices), help from the description. Flags default to None, so a
    setting not given falls through to the environment, then to its default."""
    specs = []
    for name, f in model.model_fields.items():
        extra = _extra(f)
        if not extra.get("flag"):
            continue
        env = extra.get("env") or []
        shown = f.description or ""
        if env and "env " not in shown:  # the help names the environment variables the setting reads
            shown += ("; " if shown else "") + "env " + " / ".join(env)
        kwargs: dict[str, Any] = {"dest": name, "default": None, "help": shown or None}
        choices = extra.get("choices")
        kinds = [a for a in (get_args(f.annotation) or (f.annotation,)) if a is not type(None)]
        if len(kinds) == 1 and get_origin(kinds[0]) is Literal:
            choices = list(get_args(kinds[0]))
        elif get_origin(f.annotation) is Literal:
            choices = list(get_args(f.annotation))
        elif kinds and kinds[0] in (int, float, Path):
            kwargs["type"] = kinds[0]
        if choices:
            kwargs["choices"] = choices
        specs.append((name, extra["flag"], kwargs))
    return specs


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


ENV_VARS: dict[str, tuple[str, ...]] = env_vars(Settings)


def load_settings(flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Merge flags (non-None values win), then environment variables, then defaults."""
    return Settings.model_validate(_merge(ENV_VARS, flags, environ))


# ---------------------------------------------------------------- the HTTP service


class ServeSettings(BaseModel):
    """How ``llmextract serve`` listens, whom it lets in and how much it takes at once (flags >
    ``LLMEXTRACT_SERVE_*`` environment > defaults). The token is read from the environment only: a flag would
    show it in the process list."""

    host: str = setting(
        "127.0.0.1",
        flag="--host",
        env=("LLMEXTRACT_SERVE_HOST",),
        help="address to listen on (default 127.0.0.1); env LLMEXTRACT_SERVE_HOST",
    )
    port: int = setting(
        8000,
        flag="--port",
        env=("LLMEXTRACT_SERVE_PORT",),
        help="port (default 8000); env LLMEXTRACT_SERVE_PORT",
        ge=0,
        le=65535,
    )
    token: SecretStr | None = setting(
        env=("LLMEXTRACT_SERVE_TOKEN",), help="bearer token required on /v1/*; none: no auth"
    )
    max_body_bytes: int = setting(
        2_000_000,
        flag="--max-body-bytes",
        env=("LLMEXTRACT_SERVE_MAX_BODY_BYTES",),
        help="largest request body (default 2000000): 413 beyond",
        ge=1,
    )
    max_batch: int = setting(
        32,
        flag="--max-batch",
        env=("LLMEXTRACT_SERVE_MAX_BATCH",),
        help="most articles in one batch request (default 32)",
        ge=1,
    )
    max_article_chars: int = setting(
        DEFAULT_MAX_ARTICLE_CHARS,
        flag="--max-article-chars",
        env=("LLMEXTRACT_SERVE_MAX_ARTICLE_CHARS",),
        help=f"longest article text in characters (default {DEFAULT_MAX_ARTICLE_CHARS}, as for extract)",
        ge=1,
    )
    max_concurrency: int = setting(
        4,
        flag="--max-concurrency",
        env=("LLMEXTRACT_SERVE_MAX_CONCURRENCY",),
        help="model calls at once (default 4; the embedded model and the rules run 1)",
        ge=1,
    )
    max_queue: int = setting(
        32,
        flag="--max-queue",
        env=("LLMEXTRACT_SERVE_MAX_QUEUE",),
        help="articles that may wait for a model slot (default 32): 429 beyond",
        ge=0,
    )
    shutdown_timeout: float | None = setting(
        flag="--shutdown-timeout",
        env=("LLMEXTRACT_SERVE_SHUTDOWN_TIMEOUT",),
        help="seconds for requests in flight to finish on SIGTERM / Ctrl-C (default: all)",
        gt=0,
    )
    read_timeout: float = setting(
        30, env=("LLMEXTRACT_SERVE_READ_TIMEOUT",), help="seconds to send a request's headers, then its body", gt=0
    )
    keep_alive: float = setting(
        75, env=("LLMEXTRACT_SERVE_KEEP_ALIVE",), help="seconds an idle connection is kept open between requests", gt=0
    )

    @model_validator(mode="after")
    def _batch_fits(self) -> ServeSettings:
        if self.max_batch > self.max_concurrency + self.max_queue:
            raise ValueError(
                f"max_batch ({self.max_batch}) is more than max_concurrency + max_queue "
                f"({self.max_concurrency} + {self.max_queue}): such a batch could never be admitted"
            )
        return self


SERVE_ENV_VARS: dict[str, tuple[str, ...]] = env_vars(ServeSettings)


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
