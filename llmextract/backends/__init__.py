"""Backends: the one small interface the engine talks to.

A backend turns one :class:`~llmextract.engine.records.Article` into an :class:`Outcome` (the task's answer,
usage, latency). ``llm`` (:mod:`.llm`) sends the article to an OpenAI-compatible model (starting the embedded
llama.cpp server when no endpoint is configured); ``rules`` (:mod:`.rules`) runs the task's rule extractor;
``hybrid`` (:mod:`.hybrid`, calls task only) runs the rules and asks the model short questions; :mod:`.workers`
spreads any of them over child processes. The :class:`Backend` protocol, :class:`Outcome` and :class:`Health`
are the engine's (:mod:`llmextract.engine.records`), re-exported here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from llmextract.backends.hybrid import HybridBackend, answer_model, per_call_model
from llmextract.backends.llm import LLMBackend, local_model_name, open_endpoints
from llmextract.backends.rules import RulesBackend
from llmextract.config import DEFAULT_PROMPT, Settings
from llmextract.engine.llm import LLMExtractor
from llmextract.engine.prompts import load_prompt
from llmextract.engine.records import Backend, Health, Outcome
from llmextract.engine.store import ResponseStore
from llmextract.engine.task import Task
from llmextract.tasks import load_task
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.ner import load_person_finder

__all__ = [
    "Backend",
    "Health",
    "LLMBackend",
    "Outcome",
    "RulesBackend",
    "answer_model",
    "local_model_name",
    "open_backend",
    "per_call_model",
]


@contextlib.asynccontextmanager
async def open_backend(
    settings: Settings, announce: Callable[[str], None] = print, task: Task | None = None
) -> AsyncIterator[Backend]:
    """Yield a ready backend for ``task`` (default: the one ``settings.task`` names); stop whatever it started
    (the local server) on exit."""
    task = task or load_task(settings.task)
    if settings.backend == "rules":
        yield RulesBackend(task)
        return
    if settings.backend not in ("llm", "hybrid"):
        raise ValueError(f"unknown backend {settings.backend!r} (choose llm, hybrid or rules)")
    if settings.backend == "hybrid" and task.name != "calls":
        raise ValueError(f"the hybrid backend works for the calls task only (task {task.name!r}: use llm or rules)")
    prompts_dir = settings.prompts_dir or task.prompts_dir
    # The prompt setting's default is the calls task's prompt; another task's default is its own.
    own = settings.prompt != DEFAULT_PROMPT or task.name == "calls"
    prompt = load_prompt(settings.prompt if own else task.default_prompt, prompts_dir)
    # The hybrid's extra questions ('none' turns one off); loaded up front, so a bad name fails before any work.
    topics_prompt, focus_prompt = (
        load_prompt(name, prompts_dir) if settings.backend == "hybrid" and name.lower() != "none" else None
        for name in (settings.topics_prompt, settings.focus_prompt)
    )
    store = ResponseStore(settings.store) if settings.store else None

    # One kind of question per prompt (the fallback and the focus question share one): the embedded model
    # can give each kind a server of its own, so each keeps its system prompt cached.
    kinds = list(dict.fromkeys(p.name for p in (prompt, topics_prompt, focus_prompt) if p is not None))

    async with open_endpoints(settings, announce, len(kinds)) as endpoints:

        def extractor_for(question, answer) -> LLMExtractor:  # type: ignore[no-untyped-def]
            check = task.reask_check if answer is task.response_model else None
            endpoint = endpoints.for_kind(kinds.index(question.name))
            return LLMExtractor(settings, endpoint, question, store, response_model=answer, reask_check=check)

        answer = answer_model(prompt.name) if settings.backend == "hybrid" else task.response_model
        extractor = extractor_for(prompt, answer)
        extra: list[LLMExtractor] = []
        try:
            llm = LLMBackend(extractor, max_concurrency=endpoints.limit, servers=endpoints.servers)
            if settings.backend == "llm":
                yield llm
                return
            topics = focus = None
            if topics_prompt is not None:
                topics = extractor_for(topics_prompt, per_call_model(topics_prompt.name))
                extra.append(topics)
            if focus_prompt is not None:
                focus = extractor_for(focus_prompt, answer_model(focus_prompt.name))
                extra.append(focus)
            rules = RulesExtractor(await asyncio.to_thread(load_person_finder))
            yield HybridBackend(llm, topics=topics, focus=focus, rules=rules)
        finally:
            for client in (extractor, *extra):
                await client.close()
