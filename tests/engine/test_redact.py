"""Credentials in a URL are never shown."""

from __future__ import annotations

from llmextract.engine.redact import redact_text, redact_url


def test_a_url_with_credentials_loses_them_and_keeps_the_rest() -> None:
    assert redact_url("http://user:pass@host:8000/v1") == "http://***@host:8000/v1"
    assert redact_url("https://token@api.example.com/v1?x=1") == "https://***@api.example.com/v1?x=1"


def test_a_url_without_credentials_is_unchanged() -> None:
    assert redact_url("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/v1"


def test_every_url_in_a_message_is_redacted() -> None:
    message = "cannot reach the model endpoint http://u:p@h/v1 (tried http://a:b@g/v1/models)"
    assert redact_text(message) == "cannot reach the model endpoint http://***@h/v1 (tried http://***@g/v1/models)"
