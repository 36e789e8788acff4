"""What the engine needs from a task: the interface every task (built-in or declarative) implements.

A task is a record model, the answer the model is asked for, a result model (one output line), a default
prompt and gold folder, grounding (where each record's evidence is; what the article does not support) and
optionally a rule extractor. The engine (extraction, batch runs, the store, the service) only calls the
members below; the scorer's per-field rules live with the task too (:mod:`llmextract.tasks`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from llmextract.engine.records import Article, ResultBase


class RuleExtractor(Protocol):
    version: str

    def extract(self, article: Article) -> BaseModel:
        """One article's answer (an instance of the task's response model), deterministic, no model."""
        ...


@runtime_checkable
class Task(Protocol):
    name: str
    noun: str  # one record, in progress lines: "call"
    records_key: str  # the JSON list name in an answer and in an output line, e.g. "calls"
    record_model: type[BaseModel]
    response_model: type[BaseModel]  # what the model is asked for: ``{records_key: [record, ...]}``
    result_model: type[ResultBase]
    default_prompt: str
    prompts_dir: Path | None  # None: the bundled prompts folder
    gold_dir: Path | None

    def ground(self, text: str, records: list[Any]) -> list[Any] | None:
        """One grounding record per record (parallel to ``records``), or None when the task has none."""
        ...

    def reask_check(self, text: str) -> Callable[[BaseModel], list[str]] | None:
        """For ``--grounding reask``: a check returning one line per unsupported value (None: no check)."""
        ...

    def rules(self) -> RuleExtractor | None:
        """A new rule extractor, or None when the task has none."""
        ...

    def describe(self, record: Any) -> str:
        """One short line for a record (the CLI's per-article progress lines)."""
        ...

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of an answer (``llmextract schema``, the service's ``/v1/schema``)."""
        ...
