"""Errors that carry a message meant for the user (printed without a traceback)."""

from __future__ import annotations

from pydantic import ValidationError

from llmextract.local import LocalModelError
from llmextract.prompts import PromptError
from llmextract.workers import WorkerStartError

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
