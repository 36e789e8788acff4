"""Showing a run: a progress bar on a terminal, plain log lines otherwise, and the summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from llmextract.engine.pipeline import RunSummary
from llmextract.engine.records import ResultBase


def describe_result(result: ResultBase, describe: Callable[[Any], str] = str, noun: str = "call") -> str:
    """One article's progress line, and one indented line per record (``describe``: the task's)."""
    if not result.ok:
        kind, message = (result.error.kind, result.error.message) if result.error else ("?", "")
        return f"{result.article_id}: FAILED ({kind}) {message}"
    head = f"{result.article_id}: {len(result.records)} {noun}(s) in {result.latency_s:.1f}s"
    if result.replayed:
        head += " (replayed)"
    return "\n".join([head, *(f"    - {describe(r)}" for r in result.records)])


class Display:
    """Receives each result from the pipeline; draws a bar or writes lines."""

    def __init__(
        self,
        total: int | None,
        stream: IO[str] | None = None,
        verbose: bool | None = None,
        describe: Callable[[Any], str] = str,
        noun: str = "call",
    ) -> None:
        self._describe = describe
        self._noun = noun
        self.stream = stream or sys.stderr
        self.total = total
        self.tty = self.stream.isatty()
        # Per-article lines for small runs (or when asked); periodic lines for big ones.
        self.verbose = verbose if verbose is not None else (total is not None and total <= 200)
        self.started = time.monotonic()
        self._last_line = 0.0
        self._bar: Progress | None = None
        self._task = None
        self.console = Console(file=self.stream, highlight=False, soft_wrap=True)

    def __enter__(self) -> Display:
        if self.tty:
            self._bar = Progress(
                TextColumn("[bold]extract"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("extract", total=self.total, status="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar:
            self._bar.stop()

    def info(self, message: str) -> None:
        if self._bar:
            self._bar.console.print(message, markup=False)
        else:
            print(message, file=self.stream, flush=True)

    def status(self, summary: RunSummary) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = summary.done / elapsed
        return (
            f"ok {summary.ok} failed {summary.failed} | {rate:.2f} art/s | "
            f"tokens {summary.usage.prompt_tokens:,} in {summary.usage.completion_tokens:,} out"
        )

    def __call__(self, result: ResultBase, summary: RunSummary) -> None:
        if self._bar and self._task is not None:
            self._bar.update(self._task, advance=1, status=self.status(summary))
            if self.verbose:
                self._bar.console.print(describe_result(result, self._describe, self._noun), markup=False)
            return
        if self.verbose:
            print(describe_result(result, self._describe, self._noun), file=self.stream, flush=True)
        now = time.monotonic()
        if now - self._last_line >= 10 or (self.total and summary.done == self.total):
            self._last_line = now
            eta = ""
            if self.total and summary.done:
                left = (self.total - summary.done) * (now - self.started) / summary.done
                eta = f" | ETA {left:.0f}s"
            of = f"/{self.total}" if self.total else ""
            print(f"[{summary.done}{of}] {self.status(summary)}{eta}", file=self.stream, flush=True)


def format_summary(summary: RunSummary, output: str) -> str:
    lines = [
        f"done: {summary.ok} ok, {summary.failed} failed, {summary.calls} call(s) found -> {output}",
        f"tokens: {summary.usage.prompt_tokens:,} in, {summary.usage.completion_tokens:,} out, "
        f"{summary.usage.requests} request(s)"
        + (f"; {summary.replayed} replayed from the store" if summary.replayed else ""),
        "cost: "
        + (
            f"${summary.cost_usd:.4f}"
            if summary.cost_usd is not None
            else "unknown (no price for this model; see --prices)"
        ),
        f"wall time: {summary.wall_s:.1f}s"
        + (f" ({summary.done / summary.wall_s:.2f} articles/s)" if summary.wall_s > 0 and summary.done else ""),
    ]
    if summary.skipped_resume:
        lines.append(f"resume: skipped {summary.skipped_resume} article(s) already in the output")
    if summary.duplicates:
        shown = ", ".join(summary.duplicates[:5]) + (" ..." if len(summary.duplicates) > 5 else "")
        lines.append(f"duplicate ids skipped ({len(summary.duplicates)}): {shown}")
    for kind, count in summary.failures.most_common():
        lines.append(f"failed [{kind}] x{count}, e.g. {summary.failure_examples[kind]}")
    if summary.interrupted:
        lines.append(
            "interrupted: the articles in flight were finished and written, no new one was started "
            "(run the same command with --resume to continue)"
        )
    if summary.breaker_stop:
        lines.append(
            f"stopped: {summary.breaker_stop}; {summary.not_started} article(s) not started "
            "(fix the endpoint, then run the same command with --resume --retry-failed)"
        )
    if summary.budget_stop:
        lines.append(
            f"stopped: {summary.budget_stop}; {summary.not_started} article(s) not started "
            "(run the same command with --resume to continue)"
        )
    return "\n".join(lines)
