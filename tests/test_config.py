"""Flags win over environment variables, which win over defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from llmextract.config import Settings, load_serve_settings, load_settings


def test_defaults_run_the_embedded_model_with_tools_mode_at_temperature_zero():
    s = load_settings({}, environ={})
    assert s.embedded and s.mode == "tools" and s.temperature == 0.0


def test_environment_then_flags():
    env = {"OPENAI_BASE_URL": "http://env:1/v1", "LLMEXTRACT_MODEL": "env-model", "OPENAI_API_KEY": "k-env"}
    s = load_settings({"model": "flag-model", "base_url": None}, environ=env)
    assert s.base_url == "http://env:1/v1" and s.model == "flag-model" and s.api_key == "k-env"
    assert not s.embedded


def test_llmextract_variables_beat_openai_ones():
    env = {"OPENAI_BASE_URL": "http://a/v1", "LLMEXTRACT_BASE_URL": "http://b/v1"}
    assert load_settings({}, environ=env).base_url == "http://b/v1"


def test_the_api_key_is_not_shown_in_repr():
    assert "secret" not in repr(load_settings({"api_key": "secret"}, environ={}))


def test_the_request_timeout_is_longer_for_the_embedded_model_unless_set():
    assert Settings().request_timeout == 1800
    assert Settings(base_url="http://h/v1").request_timeout == 300
    assert Settings(base_url="http://h/v1", timeout=5).request_timeout == 5
    assert load_settings({}, {"LLMEXTRACT_TIMEOUT": "42"}).request_timeout == 42


def test_serve_settings_come_from_flags_then_llmextract_serve_variables_then_defaults():
    env = {"LLMEXTRACT_SERVE_PORT": "9000", "LLMEXTRACT_SERVE_MAX_BATCH": "8", "LLMEXTRACT_SERVE_TOKEN": "t0k"}
    s = load_serve_settings({"port": 9100, "host": None}, environ=env)
    assert (s.host, s.port, s.max_batch) == ("127.0.0.1", 9100, 8)
    assert s.token is not None and s.token.get_secret_value() == "t0k" and "t0k" not in repr(s)
    assert load_serve_settings({}, environ={}).token is None


def test_a_batch_limit_the_queue_could_never_admit_is_refused_with_the_numbers():
    with pytest.raises(
        ValidationError, match=r"max_batch \(40\) is more than max_concurrency \+ max_queue \(4 \+ 32\)"
    ):
        load_serve_settings({"max_batch": 40}, environ={})


def test_the_article_size_limit_comes_from_the_flag_then_the_environment_then_200000():
    from llmextract.config import load_max_article_chars

    assert load_max_article_chars(None, environ={}) == 200_000
    assert load_max_article_chars(None, environ={"LLMEXTRACT_MAX_ARTICLE_CHARS": "5000"}) == 5000
    assert load_max_article_chars(7, environ={"LLMEXTRACT_MAX_ARTICLE_CHARS": "5000"}) == 7
    with pytest.raises(ValueError, match="LLMEXTRACT_MAX_ARTICLE_CHARS must be a whole number"):
        load_max_article_chars(None, environ={"LLMEXTRACT_MAX_ARTICLE_CHARS": "lots"})


# The flags and environment variables users have today (before they were generated from the Settings fields).
TODAY_MODEL_FLAGS = {
    "--api-key", "--backend", "--base-url", "--cache-dir", "--focus-prompt", "--grounding", "--http-client",
    "--local-model", "--max-reasks", "--max-retries", "--mode", "--model", "--model-path", "--n-ctx", "--prompt",
    "--prompts-dir", "--store", "--store-mode", "--temperature", "--timeout", "--topics-prompt",
}  # fmt: skip
TODAY_EXTRACT_ONLY = {
    "--article-timeout", "--concurrency", "--max-article-chars", "--max-consecutive-failures", "--max-cost",
    "--max-tokens-total", "--no-endpoint-check", "--output", "--overwrite", "--prices", "--quiet", "--resume",
    "--retry-failed", "--rpm", "--tpm", "--workers", "-o", "-q",
}  # fmt: skip
TODAY_SERVE_ONLY = {
    "--host", "--log-level", "--max-article-chars", "--max-batch", "--max-body-bytes", "--max-concurrency",
    "--max-queue", "--port", "--shutdown-timeout",
}  # fmt: skip
TODAY_ENV = {
    "base_url": ("LLMEXTRACT_BASE_URL", "OPENAI_BASE_URL"), "api_key": ("LLMEXTRACT_API_KEY", "OPENAI_API_KEY"),
    "model": ("LLMEXTRACT_MODEL",), "mode": ("LLMEXTRACT_MODE",), "model_path": ("LLMEXTRACT_MODEL_PATH",),
    "local_model": ("LLMEXTRACT_LOCAL_MODEL",), "prompt": ("LLMEXTRACT_PROMPT",),
    "prompts_dir": ("LLMEXTRACT_PROMPTS_DIR",), "topics_prompt": ("LLMEXTRACT_TOPICS_PROMPT",),
    "focus_prompt": ("LLMEXTRACT_FOCUS_PROMPT",), "cache_dir": ("LLMEXTRACT_CACHE_DIR",),
    "timeout": ("LLMEXTRACT_TIMEOUT",), "store": ("LLMEXTRACT_STORE",), "store_mode": ("LLMEXTRACT_STORE_MODE",),
    "n_ctx": ("LLMEXTRACT_N_CTX",), "grounding": ("LLMEXTRACT_GROUNDING",),
    "http_client": ("LLMEXTRACT_HTTP_CLIENT",),
}  # fmt: skip
TODAY_SERVE_ENV = {
    name: (f"LLMEXTRACT_SERVE_{name.upper()}",)
    for name in (
        "token", "host", "port", "max_body_bytes", "max_batch", "max_article_chars", "max_concurrency", "max_queue",
        "shutdown_timeout", "read_timeout", "keep_alive",
    )
}  # fmt: skip


def _options(command: str) -> set[str]:
    from llmextract.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return {o for a in sub.choices[command]._actions for o in a.option_strings} - {"-h", "--help"}


# Added since: the task to run, and how many servers the embedded model may start.
ADDED_FLAGS = {"--task", "--local-servers"}
ADDED_ENV = {"task": ("LLMEXTRACT_TASK",), "local_servers": ("LLMEXTRACT_LOCAL_SERVERS",)}


def test_the_generated_flags_are_the_ones_users_have_today_plus_the_added_ones():
    assert _options("extract") == TODAY_MODEL_FLAGS | TODAY_EXTRACT_ONLY | ADDED_FLAGS
    assert _options("serve") == TODAY_MODEL_FLAGS | TODAY_SERVE_ONLY | ADDED_FLAGS


def test_the_generated_environment_names_are_the_ones_users_have_today_plus_the_added_ones():
    from llmextract.config import ENV_VARS, SERVE_ENV_VARS

    assert ENV_VARS == {**TODAY_ENV, **ADDED_ENV}
    assert SERVE_ENV_VARS == TODAY_SERVE_ENV
