"""Load benchmark of the HTTP service (``llmextract serve``) on loopback.

Prints figures; it is not a test and asserts nothing. Starts ``llmextract serve`` as a child process, then
N concurrent clients (one asyncio process, httpx, keep-alive connections) send requests until a request
count or a time limit is reached, whichever comes first; then the server gets SIGTERM and must exit 0.
Parts:

* ``rules``: ``POST /v1/extract`` with the rule backend (the seed articles, in turn): the service's own
  overhead per request.
* ``batch``: ``POST /v1/extract/batch`` with the rule backend, ``--batch-size`` articles per request.
* ``llm``: ``POST /v1/extract`` with the llm backend pointed at ``FakeOpenAIServer`` (a TEST DOUBLE, never a
  real model, in its own process) answering after ``--latency`` s; the service runs ``--max-concurrency``
  model calls at once.
* ``saturation``: the same fake model, but fewer model slots and queue places than clients: the excess must
  get 429 with Retry-After at once (the table shows how fast) instead of piling up.

Usage::

    python bench/bench_service.py --part all
    python bench/bench_service.py --part rules --clients 16 --requests 5000 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from bench_pipeline import ServerProcess, client_cpu_s, fake_server  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_articles() -> list[dict[str, Any]]:
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted((ROOT / "seeds").glob("*.txt"))]


@dataclass
class Served:
    url: str
    process: ServerProcess
    exit_status: int | None = None
    log: str = ""


@contextlib.contextmanager
def service(flags: list[str]) -> Iterator[Served]:
    """``llmextract serve`` in a child process; SIGTERM and its exit status at the end."""
    port = free_port()
    cmd = [sys.executable, "-m", "llmextract.cli", "serve", "--port", str(port), "--log-level", "warning", *flags]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        log_path = Path(tmp) / "serve.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        served = Served(f"http://127.0.0.1:{port}", ServerProcess(f"http://127.0.0.1:{port}", proc.pid))
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {log_path.read_text()}")
                time.sleep(0.1)
            yield served
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                served.exit_status = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                served.exit_status = proc.wait()
            served.log = log_path.read_text()


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    status_latencies: dict[int, list[float]] = field(default_factory=dict)
    transport_errors: Counter[str] = field(default_factory=Counter)
    retry_after: Counter[str] = field(default_factory=Counter)
    backend_s: float = 0.0  # the latency_s the answers report: time in the backend, not in HTTP
    wall_s: float = 0.0
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.transport_errors.values())

    @property
    def errors(self) -> int:
        return self.requests - self.statuses[200]


async def drive(
    url: str, path: str, bodies: list[dict[str, Any]], clients: int, total: int, seconds: float, served: Served
) -> Load:
    """``clients`` workers post ``bodies`` in turn until ``total`` requests are sent or ``seconds`` pass."""
    load = Load()
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        for body in bodies[:3]:  # warm up: connections, first-request imports
            await client.post(path, json=body)
        deadline = time.monotonic() + seconds

        async def worker() -> None:
            nonlocal sent
            while sent < total and time.monotonic() < deadline:
                body = bodies[sent % len(bodies)]
                sent += 1
                started = time.perf_counter()
                try:
                    response = await client.post(path, json=body)
                except httpx.HTTPError as exc:
                    load.transport_errors[type(exc).__name__] += 1
                    continue
                took = time.perf_counter() - started
                load.statuses[response.status_code] += 1
                load.status_latencies.setdefault(response.status_code, []).append(took)
                if response.status_code == 200:
                    load.latencies.append(took)
                    answer = response.json()
                    results = answer.get("results", [answer])
                    load.backend_s += sum(r.get("latency_s", 0.0) for r in results)
                elif "retry-after" in response.headers:
                    load.retry_after[response.headers["retry-after"]] += 1

        cpu0, server0, wall0 = client_cpu_s(), served.process.cpu_s(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        load.wall_s = time.perf_counter() - wall0
        load.client_cpu_s = client_cpu_s() - cpu0
        load.server_cpu_s = served.process.cpu_s() - server0
    return load


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(title: str, load: Load, served: Served, articles_per_request: int = 1) -> None:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    print(f"\n== {title}")
    rows = [
        ("requests", f"{load.requests:,} in {load.wall_s:.1f} s"),
        ("requests/s (200 only)", f"{load.statuses[200] / load.wall_s:,.1f}"),
    ]
    if articles_per_request > 1:
        rows.append(("articles/s", f"{load.statuses[200] * articles_per_request / load.wall_s:,.1f}"))
    rows += [
        ("latency p50 / p90 / p99 / max (200)", " / ".join(ms(quantile(load.latencies, q)) for q in (0.5, 0.9, 0.99))
         + f" / {ms(max(load.latencies, default=float('nan')))}"),
        ("status codes", ", ".join(f"{k}: {v:,}" for k, v in sorted(load.statuses.items()))),
        ("errors (not 200)", f"{load.errors:,}" + (f" (transport: {dict(load.transport_errors)})"
                                                    if load.transport_errors else "")),
    ]  # fmt: skip
    for status, values in sorted(load.status_latencies.items()):
        if status != 200:
            rows.append(
                (f"latency p50 / p99 ({status})", f"{ms(quantile(values, 0.5))} / {ms(quantile(values, 0.99))}")
            )
    if load.retry_after:
        rows.append(("Retry-After values", ", ".join(f"{k} s: {v:,}" for k, v in sorted(load.retry_after.items()))))
    per = max(load.requests, 1)
    rows += [
        ("backend time per 200 (latency_s)", ms(load.backend_s / max(load.statuses[200], 1))),
        ("CPU per request: server / client", f"{ms(load.server_cpu_s / per)} / {ms(load.client_cpu_s / per)}"),
        ("server exit status after SIGTERM", str(served.exit_status)),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


def part_rules(args: argparse.Namespace) -> None:
    flags = ["--backend", "rules", "--max-queue", str(max(32, args.clients))]
    with service(flags) as served:
        load = asyncio.run(drive(served.url, "/v1/extract", seed_articles(), args.clients, args.requests,
                                 args.seconds, served))  # fmt: skip
    report(f"rules, POST /v1/extract, {args.clients} clients", load, served)


def part_batch(args: argparse.Namespace) -> None:
    articles = seed_articles()
    bodies = [{"articles": [articles[(i + k) % len(articles)] for k in range(args.batch_size)]} for i in range(5)]
    queue = max(32, args.clients * args.batch_size)
    flags = ["--backend", "rules", "--max-batch", str(args.batch_size), "--max-queue", str(queue)]
    with service(flags) as served:
        load = asyncio.run(drive(served.url, "/v1/extract/batch", bodies, args.clients, args.requests // 4,
                                 args.seconds, served))  # fmt: skip
    report(f"rules, POST /v1/extract/batch of {args.batch_size}, {args.clients} clients", load, served,
           args.batch_size)  # fmt: skip


def part_llm(args: argparse.Namespace) -> None:
    with fake_server(args.latency) as fake:
        flags = ["--base-url", fake.url, "--model", "fake", "--max-concurrency", str(args.max_concurrency)]
        flags += ["--max-queue", str(max(32, args.clients))]
        with service(flags) as served:
            ideal = args.max_concurrency / args.latency
            total = min(args.requests, int(ideal * args.seconds))
            load = asyncio.run(drive(served.url, "/v1/extract", seed_articles(), args.clients, total,
                                     args.seconds, served))  # fmt: skip
    report(f"llm backend -> FakeOpenAIServer (test double) at {args.latency:g} s, {args.max_concurrency} model "
           f"slots, {args.clients} clients (ideal {ideal:,.0f} requests/s)", load, served)  # fmt: skip


def part_saturation(args: argparse.Namespace) -> None:
    slots, queue = 2, 2
    with fake_server(0.5) as fake:
        flags = ["--base-url", fake.url, "--model", "fake", "--max-concurrency", str(slots)]
        flags += ["--max-queue", str(queue), "--max-batch", "4"]
        with service(flags) as served:
            load = asyncio.run(drive(served.url, "/v1/extract", seed_articles(), args.clients, 100_000,
                                     min(args.seconds, 10), served))  # fmt: skip
    report(f"saturation: FakeOpenAIServer at 0.5 s, {slots} model slots + {queue} queue places, "
           f"{args.clients} clients (429 expected for the excess)", load, served)  # fmt: skip


PARTS = {"rules": part_rules, "batch": part_batch, "llm": part_llm, "saturation": part_saturation}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=[*PARTS, "all"], default="all")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--requests", type=int, default=5000, help="requests per part at most (default 5000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per part at most (default 20)")
    parser.add_argument("--batch-size", type=int, default=8, help="articles per batch request (default 8)")
    parser.add_argument("--latency", type=float, default=0.2, help="fake model latency in s (default 0.2)")
    parser.add_argument("--max-concurrency", type=int, default=16, help="model slots for the llm part (default 16)")
    args = parser.parse_args(argv)
    print(f"llmextract serve on loopback; load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    for name in PARTS if args.part == "all" else [args.part]:
        PARTS[name](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
