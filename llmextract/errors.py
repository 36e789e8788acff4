"""Errors that carry a message meant for the user (printed without a traceback)."""

from __future__ import annotations

from pydantic import ValidationError

from llmextract.local import LocalModelError
from llmextract.prompts import PromptError

USER_ERRORS: tuple[type[BaseException], ...] = (LocalModelError, PromptError, ValidationError, ValueError, OSError)
