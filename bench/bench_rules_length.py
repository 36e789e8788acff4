"""Time of the rule-based extractor against the length of one article (it must grow linearly).

Builds articles of 10,000 to 1,000,000 characters in two shapes: run-on text with no full stop (the
worst case for sentence-level rules) and ordinary sentences with a call in each paragraph, and prints
the seconds per article and the microseconds per 1,000 characters; it asserts nothing.
Usage::

    python bench/bench_rules_length.py
    python bench/bench_rules_length.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import time

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor

RUN_ON = "the president called the prime minister and they spoke by phone about trade and called for talks "
SENTENCES = "Joe Biden phoned Olaf Scholz on Monday to discuss trade, the White House said. Markets rose. "


def article(shape: str, size: int) -> Article:
    unit = RUN_ON if shape == "run-on" else SENTENCES
    return Article(id=f"{shape}-{size}", text=(unit * (size // len(unit) + 1))[:size])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000])
    args = parser.parse_args()
    rules = RulesExtractor()
    print(f"{'shape':10s} {'chars':>10s} {'seconds':>9s} {'us/1k chars':>12s} {'calls':>6s}")
    for shape in ("run-on", "sentences"):
        for size in args.sizes:
            doc = article(shape, size)
            started = time.perf_counter()
            calls = len(rules.extract(doc).calls)
            took = time.perf_counter() - started
            print(f"{shape:10s} {size:>10,d} {took:>9.3f} {took / size * 1e9:>12.1f} {calls:>6d}")


if __name__ == "__main__":
    main()
