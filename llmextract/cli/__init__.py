"""Command line: parses flags, calls the library. Exit status 0 = all good, 1 = some input failed or the run
stopped early, 2 = usage, 128+N = stopped by signal N (articles in flight finished; --resume continues)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from typing import Any

from llmextract.cli.evaluate import cmd_eval, cmd_gold, cmd_history, cmd_review, cmd_view
from llmextract.cli.flags import EXTRACT_FLAGS, SERVE_FLAGS
from llmextract.cli.parser import build_parser
from llmextract.engine.redact import redact_text

# ---------------------------------------------------------------- commands


def cmd_schema(args: argparse.Namespace) -> int:
    from llmextract.config import load_settings
    from llmextract.tasks import load_task

    print(json.dumps(load_task(load_settings({"task": args.task}).task).json_schema(), indent=2))
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from llmextract.engine import local

    name = args.local_model or local.DEFAULT_MODEL
    if args.model_command == "path" or (not args.force and local.model_file(name, args.cache_dir).is_file()):
        path = local.pull_model(name, args.cache_dir)
        print(path)
        return 0
    spec = local.model_spec(name)
    with Progress(transient=False) as bar:
        task = bar.add_task(f"pull {spec.filename}", total=spec.parts)

        def progress(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, description=f"{spec.filename}: {message}")

        path = local.pull_model(name, args.cache_dir, progress=progress, force=args.force)
    print(f"{path} (SHA-256 verified: {spec.sha256[:16]}...)")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from llmextract.backends.workers import check_workers, open_worker_pool
    from llmextract.config import load_max_article_chars, load_settings
    from llmextract.engine.articles import count_inputs, iter_inputs
    from llmextract.engine.output import OutputExists, OutputProblem, check_output_path, prepare_output
    from llmextract.engine.pipeline import (
        DEFAULT_PRICES,
        RunOptions,
        endpoint_problem,
        load_prices,
        run,
        tune_gc_for_batch,
    )
    from llmextract.engine.progress import Display, format_summary
    from llmextract.tasks import load_task

    settings = load_settings({k: getattr(args, k) for k in EXTRACT_FLAGS})
    check_workers(settings, args.workers)
    max_chars = load_max_article_chars(args.max_article_chars)
    options = RunOptions(
        concurrency=args.concurrency, rpm=args.rpm, tpm=args.tpm, article_timeout=args.article_timeout,
        max_tokens_total=args.max_tokens_total, max_cost=args.max_cost, resume=args.resume, overwrite=args.overwrite,
        ground=settings.grounding != "off", max_consecutive_failures=args.max_consecutive_failures,
    )  # fmt: skip
    prices = dict(DEFAULT_PRICES)
    if args.prices:
        prices.update(load_prices(args.prices))
    if args.resume and not args.output:
        print("error: --resume needs -o/--output", file=sys.stderr)
        return 2
    if args.retry_failed and not args.resume:
        print("error: --retry-failed needs --resume (it retries the failed lines of an existing output)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.output:
        try:
            check_output_path(args.output)
            if not (args.resume or args.overwrite) and args.output.stat().st_size:
                raise OutputExists(
                    f"{args.output} already exists: add --resume to continue it, or --overwrite to start again"
                )
        except (OutputExists, OutputProblem) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    # A dead endpoint is one clear line before any article, not a failed line per article.
    if settings.backend != "rules" and not settings.embedded and not settings.model:
        raise ValueError("--base-url needs --model (or LLMEXTRACT_MODEL): the model name the endpoint serves")
    needs_endpoint = settings.backend != "rules" and not settings.embedded and settings.store_mode != "replay"
    if needs_endpoint and not args.no_endpoint_check:
        timeout = min(settings.request_timeout, 10.0)
        if problem := asyncio.run(endpoint_problem(settings.base_url or "", settings.api_key, timeout)):
            print(f"error: {problem}", file=sys.stderr)
            return 1
    done: set[str] = set()
    if args.output:
        try:
            done = prepare_output(args.output, args.resume, args.overwrite, retry_failed=args.retry_failed)
        except (OutputExists, OutputProblem) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    total = max(count_inputs(args.paths, exclude=args.output) - len(done), 0)

    inputs = iter_inputs(args.paths, exclude=args.output, max_chars=max_chars)

    interrupt = asyncio.Event()
    signals: list[signal.Signals] = []

    def on_signal(signum: signal.Signals, display: Any) -> None:
        if interrupt.is_set():  # the second one: stop at once (every finished line is already flushed)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        signals.append(signum)
        interrupt.set()
        display.info(f"{signum.name}: finishing the articles in flight, then stopping ({signum.name} again: at once)")

    async def go() -> Any:
        task = load_task(settings.task)
        with Display(total, verbose=False if args.quiet else None, describe=task.describe, noun=task.noun) as display:
            announce = lambda message: display.info(redact_text(message))  # noqa: E731
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, on_signal, signum, display)
            async with open_worker_pool(settings, args.workers, announce=announce) as backend:
                sink = args.output.open("a", encoding="utf-8") if args.output else contextlib.nullcontext(sys.stdout)
                with sink as out:
                    return await run(
                        inputs, backend, out, options, done_ids=done,
                        prices=prices, local_model=settings.backend != "rules" and settings.embedded, on_result=display,
                        interrupt=interrupt, task=task,
                    )  # fmt: skip

    tune_gc_for_batch()
    summary = asyncio.run(go())
    print(redact_text(format_summary(summary, str(args.output or "stdout"))), file=sys.stderr)
    if signals:
        return 128 + signals[0]  # 143 for SIGTERM, 130 for Ctrl-C, as if the signal had ended the program
    # Non-zero when anything is not in the output as ok: failures, duplicate ids, or work a budget left undone.
    return 1 if summary.failed or summary.duplicates or summary.not_started or summary.breaker_stop else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from llmextract.config import load_serve_settings, load_settings

    settings = load_settings({k: getattr(args, k) for k in EXTRACT_FLAGS})
    options = load_serve_settings({k: getattr(args, k) for k in SERVE_FLAGS})
    try:
        from llmextract.serve import app as service
    except ImportError as exc:
        print(
            f"error: llmextract serve needs the [serve] extra: pip install 'llmextract[serve]' ({exc})", file=sys.stderr
        )
        return 2
    asyncio.run(
        service.serve(
            settings, options, announce=lambda m: print(redact_text(m), file=sys.stderr), log_level=args.log_level
        )
    )
    return 0


COMMANDS = {
    "history": cmd_history,
    "view": cmd_view,
    "review": cmd_review,
    "extract": cmd_extract,
    "schema": cmd_schema,
    "model": cmd_model,
    "eval": cmd_eval,
    "gold": cmd_gold,
    "report": cmd_review,
    "serve": cmd_serve,
}


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so context managers stop the local server


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # a usage error (argparse printed it) or --help / --version
        return exc.code if isinstance(exc.code, int) else 2
    # instructor logs every failed attempt at ERROR; the pipeline reports failures itself.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # expected failures carry a message meant for the user
        from llmextract.errors import USER_ERRORS

        if isinstance(exc, USER_ERRORS):
            print(f"error: {redact_text(str(exc))}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
