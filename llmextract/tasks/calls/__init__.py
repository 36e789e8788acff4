"""The built-in "calls" task: phone and video calls between leaders (GUIDELINES.md is its spec).

Its record model is :class:`~llmextract.tasks.calls.schema.Call`, its answer
:class:`~llmextract.tasks.calls.schema.Extraction`, its result line
:class:`~llmextract.tasks.calls.schema.ArticleResult`; grounding is :mod:`.grounding`, the rule
baseline :mod:`.rules`, the scorer's task-specific parts :mod:`.matching`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from llmextract.tasks.calls.grounding import FoldedText, ground_calls, unsupported_messages
from llmextract.tasks.calls.rules import VERSION, RulesExtractor
from llmextract.tasks.calls.schema import ArticleResult, Call, CallGrounding, Extraction, extraction_json_schema


def describe_call(call: Call) -> str:
    names = " <-> ".join(p.name for p in call.participants)
    bits = [call.date or "date ?", call.medium]
    if call.initiator:
        bits.append(f"placed by {call.initiator}")
    if call.duration_minutes:
        bits.append(f"{call.duration_minutes} min")
    text = f"{names} ({', '.join(bits)})"
    if call.topics:
        text += f" topics: {'; '.join(call.topics[:4])}"
    return text


class _Rules:
    """The rule baseline as the engine sees it: ``extract(article) -> Extraction`` and a version."""

    version = VERSION

    def __init__(self) -> None:
        self._rules = RulesExtractor()

    def extract(self, article: Any) -> Extraction:
        return self._rules.extract(article)


class CallsTask:
    """Calls between leaders: today's behaviour, scores and recordings."""

    name = "calls"
    records_key = "calls"
    noun = "call"
    record_model = Call
    response_model = Extraction
    result_model = ArticleResult
    default_prompt = "calls_v1"
    prompts_dir: Path | None = None
    gold_dir: Path | None = None

    def ground(self, text: str, records: list[Any]) -> list[CallGrounding] | None:
        return ground_calls(text, records)

    def reask_check(self, text: str) -> Callable[[BaseModel], list[str]] | None:
        folded = FoldedText.of(text)

        def check(answer: BaseModel) -> list[str]:
            calls = answer.calls  # type: ignore[attr-defined]
            return unsupported_messages(calls, ground_calls(folded, calls))

        return check

    def rules(self) -> _Rules:
        return _Rules()

    def describe(self, record: Any) -> str:
        return describe_call(record)

    def json_schema(self) -> dict[str, Any]:
        return extraction_json_schema()


CALLS = CallsTask()

__all__ = ["CALLS", "CallsTask", "describe_call"]

# The keyword arguments that make an LLMExtractor ask this task's question (tests, benchmarks).
CALLS_ANSWER: dict[str, Any] = {"response_model": Extraction, "reask_check": CALLS.reask_check}
__all__ += ["CALLS_ANSWER"]
