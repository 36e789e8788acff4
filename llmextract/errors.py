"""Errors that carry a message meant for the user (printed without a traceback)."""

from __future__ import annotations

from pydantic import ValidationError

from llmextract.backends.workers import WorkerStartError
from llmextract.engine.local import LocalModelError
from llmextract.engine.prompts import PromptError

# Missing or unreadable paths are the user's to fix; other OS errors (a full disk) keep their traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (
    LocalModelError,
    PromptError,
    WorkerStartError,
    ValidationError,
    ValueError,
    FileNotFoundError,
    PermissionError,
    IsADirectoryError,
    NotADirectoryError,
)
