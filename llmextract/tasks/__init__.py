"""Tasks: what to extract. ``calls`` (:mod:`.calls`) is built in; a folder with a ``task.toml`` is a declarative
task (:mod:`.spec`). The interface the engine uses is :class:`~llmextract.engine.task.Task`."""

from __future__ import annotations

from pathlib import Path

from llmextract.engine.task import RuleExtractor, Task
from llmextract.tasks.calls import CALLS
from llmextract.tasks.spec import load_spec_task

BUILTIN: dict[str, Task] = {"calls": CALLS}

__all__ = ["BUILTIN", "RuleExtractor", "Task", "load_task"]


def load_task(name_or_path: str | Path | Task | None = None) -> Task:
    """A task by name (``calls``, the default) or by folder (one with a ``task.toml``: a declarative task).

    ``ValueError`` naming what is wrong when there is no such task or its ``task.toml`` is invalid.
    """
    if name_or_path is None:
        return CALLS
    if isinstance(name_or_path, Task):
        return name_or_path
    key = str(name_or_path)
    if key in BUILTIN:
        return BUILTIN[key]
    path = Path(key)
    if path.is_dir() or path.name == "task.toml":
        return load_spec_task(path)
    raise ValueError(f"unknown task {key!r}: give 'calls' or a folder with a task.toml")
