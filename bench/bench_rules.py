"""Throughput of the rule-based extractor (``llmextract.tasks.calls.rules``) in one process.

Prints articles/second over a few thousand articles (the seeds and the
synthetic gold articles, repeated); it is not a test and asserts nothing.
Usage::

    python bench/bench_rules.py
    python bench/bench_rules.py --articles 5000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import VERSION, RulesExtractor

ROOT = Path(__file__).resolve().parent.parent


def load_corpus() -> list[Article]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "gold" / "synthetic").glob("*.txt"))
    return [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="how many articles to extract (default 3000)")
    args = parser.parse_args()
    corpus = load_corpus()
    if not corpus:
        raise SystemExit("no articles found under seeds/ or gold/synthetic/")
    articles = [corpus[i % len(corpus)] for i in range(args.articles)]
    started = time.perf_counter()
    extractor = RulesExtractor()
    loaded = time.perf_counter()
    calls = 0
    for article in articles:
        calls += len(extractor.extract(article).calls)
    done = time.perf_counter()
    elapsed = done - loaded
    chars = sum(len(a.text) for a in articles)
    print(f"rules-{VERSION}: {len(articles)} articles ({len(corpus)} distinct, {chars / len(articles):.0f} chars avg)")
    print(f"load: {loaded - started:.3f}s  extract: {elapsed:.2f}s  calls found: {calls}")
    print(f"throughput: {len(articles) / elapsed:.0f} articles/s")


if __name__ == "__main__":
    main()
