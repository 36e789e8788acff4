"""Credentials never leave the program: URLs are shown with their user and password replaced."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["redact_text", "redact_url"]

_URL_RE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+")


def redact_url(url: str) -> str:
    """``http://user:pass@host/v1`` -> ``http://***@host/v1``; a URL without credentials is returned as is."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def redact_text(text: str) -> str:
    """Every URL in ``text`` with its credentials replaced (for error messages that quote a URL)."""
    return _URL_RE.sub(lambda m: redact_url(m.group(0)), text)
