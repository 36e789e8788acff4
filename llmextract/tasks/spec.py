"""Declarative tasks: a folder with a ``task.toml`` (filled in by a later step)."""

from __future__ import annotations

from pathlib import Path

from llmextract.engine.task import Task


def load_spec_task(path: Path) -> Task:
    raise ValueError(f"declarative tasks are not supported yet ({path})")
