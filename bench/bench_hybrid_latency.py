"""Seconds and tokens per article of the hybrid backend with the embedded 1.5B model.

Prints the median, 90th percentile and maximum seconds per article, the model requests and the prompt and
completion tokens per article, over the articles of one or more gold folders; it asserts nothing.

By default the model's answers are replayed from ``eval/recordings``: each article's time is then the rules'
time measured now plus the model time recorded when the answers were made, on the machine and under the
load of that run (say so when you quote it). ``--live`` asks the embedded model again (every answer is
new; slow, minutes per ten articles on 2 cores) and measures wall time; ``--keep DIR`` records its answers
there (a scratch store, to compare them with ``eval/recordings``), ``--local-servers`` sets how many
servers the embedded model starts and ``--topics-prompt`` the question asked per found call. Usage::

    python bench/bench_hybrid_latency.py --gold gold/news_dev
    python bench/bench_hybrid_latency.py --gold gold/news_dev3 --live --limit 20 --local-servers 1
    python bench/bench_hybrid_latency.py --gold gold/news_test11 --live --keep /tmp/scratch --topics-prompt details_v2
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from llmextract.config import Settings
from llmextract.eval.runner import load_eval_set, run_system

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="gold folder(s) (default gold/news_dev)")
    parser.add_argument("--live", action="store_true", help="ask the model again instead of replaying")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--keep", type=Path, help="--live: record the answers in this (new) scratch store")
    servers = Settings.model_fields["local_servers"].default
    parser.add_argument("--local-servers", type=int, default=servers, help="--live: servers of the embedded model")
    topics = Settings.model_fields["topics_prompt"].default
    parser.add_argument("--topics-prompt", default=topics, help=f"the question per found call (default {topics})")
    args = parser.parse_args()
    folders = args.gold or [ROOT / "gold" / "news_dev"]
    eval_set = load_eval_set(folders, folders)
    if args.limit:
        keep = set(eval_set.ids[: args.limit])
        eval_set.gold = {k: v for k, v in eval_set.gold.items() if k in keep}
    store = {"store": ROOT / "eval" / "recordings", "store_mode": "replay"}
    if args.live:
        store = {"store": args.keep, "store_mode": "record"} if args.keep else {}
    settings = Settings(backend="hybrid", local_servers=args.local_servers, topics_prompt=args.topics_prompt, **store)
    started = time.perf_counter()
    system = run_system("hybrid", settings, eval_set, announce=lambda m: None)
    wall = time.perf_counter() - started
    done = [r for r in system.predictions.values() if r.ok]
    if not done:
        raise SystemExit("no article was extracted (replay: are the recordings there? see eval/README.md)")
    seconds = [r.latency_s for r in done]
    asked = [r for r in done if r.usage.requests]
    print(
        f"hybrid ({'live' if args.live else 'recorded model time'}), {len(done)} articles"
        f" ({len(system.predictions) - len(done)} failed), {', '.join(str(f) for f in folders)}"
    )
    print(
        f"seconds per article: median {statistics.median(seconds):.1f}, p90 {percentile(seconds, 0.9):.1f}, "
        f"max {max(seconds):.1f}" + (f"; wall time {wall:.0f} s" if args.live else "")
    )
    print(
        f"articles that asked the model: {len(asked)} of {len(done)}; requests per article: "
        f"{sum(r.usage.requests for r in done) / len(done):.2f}"
    )
    print(
        f"tokens per article: {sum(r.usage.prompt_tokens for r in done) / len(done):,.0f} prompt, "
        f"{sum(r.usage.completion_tokens for r in done) / len(done):,.0f} completion"
    )


if __name__ == "__main__":
    main()
