"""How long ``GET /healthz`` takes while the service extracts one long article with the rule backend.

Prints figures; it is not a test and asserts nothing. Starts ``llmextract serve --backend rules`` as a child
process, posts one ``--chars``-character run-on article (no full stops: the rules' worst case) and, while
that request runs, asks ``/healthz`` every 0.1 s. The rules run off the service's event loop, so ``/healthz``
should answer within 100 ms throughout.

Usage::

    python bench/bench_healthz.py                 # 100,000 characters
    python bench/bench_healthz.py --chars 200000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

from bench_service import free_port  # noqa: E402

PHRASE = "the president called the prime minister and they spoke by phone about trade and called for talks "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=100_000, help="length of the article (default 100000)")
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "LLMEXTRACT_SERVE_MAX_ARTICLE_CHARS": str(max(args.chars, 200_000))}
    command = [sys.executable, "-m", "llmextract.cli", "serve", "--backend", "rules", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        text = (PHRASE * (args.chars // len(PHRASE) + 1))[: args.chars]
        done: dict[str, float] = {}

        def post() -> None:
            started = time.perf_counter()
            reply = httpx.post(f"{base}/v1/extract", json={"id": "long", "text": text}, timeout=600)
            done["seconds"], done["status"] = time.perf_counter() - started, reply.status_code

        worker = threading.Thread(target=post)
        worker.start()
        time.sleep(0.2)
        waits = []
        while worker.is_alive():
            started = time.perf_counter()
            httpx.get(f"{base}/healthz", timeout=10)
            waits.append((time.perf_counter() - started) * 1000)
            time.sleep(0.1)
        worker.join()
    finally:
        server.terminate()
        server.wait()
    print(f"{args.chars:,}-character request: HTTP {done['status']:.0f} in {done['seconds']:.1f} s")
    if waits:
        print(f"/healthz during it: {len(waits)} answers, median {statistics.median(waits):.0f} ms, "
              f"max {max(waits):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
