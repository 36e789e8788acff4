"""Batch benchmark of the llmextract pipeline against a fake OpenAI-compatible server.

Prints figures; it is not a test and asserts nothing. Six parts:

* ``throughput``: articles/s at several concurrency levels against the fake
  server with a fixed latency, as a ratio of the ideal (concurrency / latency).
* ``ceiling``: the same at concurrency 32 and above with a bare aiohttp client
  (no pipeline): what this machine and the fake server allow at all.
* ``faults``: a run through the real CLI with injected faults (429 with
  Retry-After, 500, hangs past the request timeout, dropped connections);
  every article must end exactly once in the output.
* ``replay``: record responses once into a temporary store, then replay them
  with no server at all: the pipeline's own overhead, in articles/s.
* ``resume``: SIGKILL a CLI run mid-way, rerun it with ``--resume``; every
  input id must be in the output exactly once.
* ``memory``: peak resident memory of a CLI run (rule backend, no server) over
  1,000 and 100,000 articles: streaming input and output keep it flat.

The fake server (``llmextract.testing.FakeOpenAIServer``, a test double, never
a real model) runs in its own process so its threads do not compete with the
client for the GIL. Usage::

    python bench/bench_pipeline.py --part all
    python bench/bench_pipeline.py --part throughput --articles 1000 --latency 0.2 --concurrency 1 8 32 64
    python bench/bench_pipeline.py --part ceiling       # the same levels with a bare client: the ceiling
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from statistics import median
from typing import Any

from llmextract.backends.workers import WorkerPool, open_worker_pool
from llmextract.config import Settings
from llmextract.engine.articles import iter_inputs
from llmextract.engine.pipeline import RunOptions, RunSummary, run, tune_gc_for_batch
from llmextract.tasks.calls import CALLS

HERE = Path(__file__).resolve()
CLI = [sys.executable, "-m", "llmextract.cli"]

# ---------------------------------------------------------------- inputs

_WHO = ["The president", "The prime minister", "The chancellor", "The king", "The foreign minister", "The premier"]
_VERB = ["spoke by phone with", "held a video call with", "discussed trade with", "called", "met online with"]
_WHOM = ["her counterpart", "his neighbour", "the visiting envoy", "the leader of the coalition", "the governor"]
_WHAT = ["on Tuesday", "late on Friday", "for forty minutes", "about the harvest", "about the new bridge"]


def make_articles(path: Path, count: int, seed: int = 0) -> Path:
    """``count`` synthetic articles as JSONL (``{"id": "b00001", "text": ...}``)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(1, count + 1):
            sentences = [
                f"{rng.choice(_WHO)} {rng.choice(_VERB)} {rng.choice(_WHOM)} {rng.choice(_WHAT)}."
                for _ in range(rng.randint(3, 8))
            ]
            handle.write(json.dumps({"id": f"b{i:05d}", "text": " ".join(sentences)}) + "\n")
    return path


def input_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["id"] for line in handle if line.strip()]


def output_records(path: Path) -> list[dict[str, Any]]:
    records = []
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                with contextlib.suppress(ValueError):
                    records.append(json.loads(line))
    return records


def count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def check_output(inputs: list[str], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts that show whether every input ended exactly once in the output."""
    ids = Counter(r.get("article_id") for r in records)
    wanted = set(inputs)
    failed = Counter(r["error"]["kind"] for r in records if not r.get("ok") and r.get("error"))
    return {
        "inputs": len(inputs),
        "output lines": len(records),
        "unique ids": len(ids),
        "ok": sum(1 for r in records if r.get("ok")),
        "failed": sum(failed.values()),
        "failed by reason": dict(sorted(failed.items())) or "-",
        "duplicates": sum(n - 1 for n in ids.values() if n > 1),
        "missing": len(wanted - set(ids)),
        "unexpected ids": len(set(ids) - wanted),
    }


# ---------------------------------------------------------------- the fake server, in its own process


class ServerProcess:
    """The fake server's child process: its base URL and how much CPU it has used."""

    def __init__(self, url: str, pid: int) -> None:
        self.url = url
        self.pid = pid
        self.replies: Counter[str] = Counter()  # what it answered, by kind; known once it has stopped

    def cpu_s(self) -> float:
        return process_cpu_s(self.pid)


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_of(backend: object) -> list[int]:
    """Process ids of a worker pool's children (none for an in-process backend)."""
    return backend.pids if isinstance(backend, WorkerPool) else []


def client_cpu_s(worker_pids: list[int] | None = None) -> float:
    """CPU of this process and of the given (running) worker processes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + sum(process_cpu_s(pid) for pid in worker_pids or ())


@contextlib.contextmanager
def fake_server(latency: float, fault_rate: float = 0.0, seed: int = 0) -> Iterator[ServerProcess]:
    """Start ``FakeOpenAIServer`` in a child process; yield it once it listens."""
    cmd = [sys.executable, str(HERE), "--serve", "--latency", str(latency), "--fault-rate", str(fault_rate)]
    cmd += ["--seed", str(seed)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    server: ServerProcess | None = None
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"fake server did not start (said {url!r})")
        server = ServerProcess(url, proc.pid)
        yield server
    finally:
        try:
            # Closing its stdin tells the server to print what it answered and exit.
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        if server and out.strip():
            with contextlib.suppress(ValueError):
                server.replies = Counter(json.loads(out.strip().splitlines()[-1]))


def serve(latency: float, fault_rate: float, seed: int) -> None:
    """Child process: serve until stdin closes."""
    from llmextract.testing import FakeOpenAIServer, Reply, always, faulty

    inner = faulty(latency, fault_rate, seed=seed) if fault_rate else always(Reply(delay=latency))
    replies: Counter[str] = Counter()
    lock = threading.Lock()

    def script(number: int, body: dict[str, Any]) -> Reply:
        reply = inner(number, body)
        kind = "dropped connection" if reply.drop else "hang (60 s)" if reply.delay >= 60 else f"http {reply.status}"
        with lock:
            replies[kind] += 1
        return reply

    with FakeOpenAIServer(script) as server:
        # A client killed mid-request (the resume part) resets its connections: not worth a traceback.
        report = server._httpd.handle_error
        server._httpd.handle_error = lambda request, address: (  # type: ignore[method-assign]
            None if isinstance(sys.exc_info()[1], ConnectionError) else report(request, address)
        )
        # Do not keep every request body: a long benchmark would hold them all in memory.
        server.requests = _CountingList()
        print(server.base_url, flush=True)
        sys.stdin.read()
    with lock:
        print(json.dumps(dict(replies)), flush=True)


class _CountingList(list):  # type: ignore[type-arg]
    """Counts appends without keeping the items (the server only needs ``len``)."""

    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def append(self, item: object) -> None:
        self.n += 1

    def __len__(self) -> int:
        return self.n


# ---------------------------------------------------------------- running the pipeline in-process


def settings_for(base_url: str, **extra: Any) -> Settings:
    return Settings(base_url=base_url, model="fake", api_key="fake", **extra)


async def run_pipeline(articles: Path, out: Path, settings: Settings, concurrency: int, workers: int = 1) -> RunSummary:
    async with open_worker_pool(settings, workers, announce=lambda message: None) as backend:
        with out.open("w", encoding="utf-8") as handle:
            return await run(iter_inputs([articles]), backend, handle, RunOptions(concurrency=concurrency), task=CALLS)


def echo_summary(stderr: str) -> None:
    """The CLI's closing summary (from ``done:`` on), without progress or log lines."""
    lines = stderr.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("done:")), len(lines))
    logged = [line for line in lines[:start] if not line.startswith("[")]  # "[n/total]" is progress
    if logged:
        print(f"  | ({len(logged)} log line(s) on stderr before the summary, e.g. {logged[0]!r})")
    for line in lines[start:]:
        print(f"  | {line}")


def block(title: str) -> None:
    print(f"\n== {title}", flush=True)


def row(label: str, value: object) -> None:
    print(f"  {label:<22} {value}", flush=True)


# ---------------------------------------------------------------- parts


def level_size(args: argparse.Namespace, concurrency: int) -> int:
    """Articles for one level: ``--articles``, unless that would take over ``--seconds`` at the ideal rate."""
    return min(args.articles, max(args.min_articles, int(args.seconds * concurrency / args.latency)))


async def _throughput_levels(
    args: argparse.Namespace, tmp: Path, server: ServerProcess, workers: int
) -> list[tuple[int, int, RunSummary, float, float, Path]]:
    """Every concurrency level through one backend, opened once: the figures are steady-state, and starting
    the worker processes (imports, ~1-2 s) is timed apart."""
    settings = settings_for(server.url, http_client=args.http_client)
    started = time.perf_counter()
    levels = []
    async with open_worker_pool(settings, workers, announce=lambda message: None) as backend:
        row(f"workers {workers} start", f"{time.perf_counter() - started:.2f} s (not in the figures below)")
        warm = make_articles(tmp / "warm.jsonl", 50)  # imports and first connections, in every process
        with (tmp / "warm.out").open("w", encoding="utf-8") as handle:
            await run(iter_inputs([warm]), backend, handle, RunOptions(concurrency=16), task=CALLS)
        for concurrency in args.concurrency:
            count = level_size(args, concurrency)
            articles = make_articles(tmp / f"tp-{concurrency}.jsonl", count)
            for attempt in range(args.repeat if count == args.articles else 1):  # short levels vary the most
                out = tmp / f"tp-{concurrency}-{attempt}.out"
                client0, server0 = client_cpu_s(workers_of(backend)), server.cpu_s()
                with out.open("w", encoding="utf-8") as handle:
                    summary = await run(
                        iter_inputs([articles]), backend, handle, RunOptions(concurrency=concurrency), task=CALLS
                    )
                client, served = client_cpu_s(workers_of(backend)) - client0, server.cpu_s() - server0
                levels.append((concurrency, count, summary, client, served, out))
    return levels


def part_throughput(args: argparse.Namespace, tmp: Path) -> None:
    block(
        f"throughput: fake server latency {args.latency * 1000:.0f} ms, one request per article, "
        f"HTTP client {args.http_client}"
    )
    with fake_server(args.latency) as server:
        for workers in args.workers:
            levels = asyncio.run(_throughput_levels(args, tmp, server, workers))
            print(
                f"  {'workers':>7} {'concurrency':>11} {'articles':>8} {'wall s':>7} {'art/s':>7} {'ideal':>7} "
                f"{'ratio':>6} {'p50 s':>6} {'p99 s':>6} {'failed':>6} {'client cpu':>14} {'server cpu':>14}"
            )
            ratios: dict[int, list[float]] = {}
            for concurrency, count, summary, client, served, out in levels:
                rate = summary.done / summary.wall_s
                ideal = concurrency / args.latency
                ratios.setdefault(concurrency, []).append(rate / ideal)
                latencies = sorted(r.get("latency_s", 0.0) for r in output_records(out))
                p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
                print(
                    f"  {workers:>7} {concurrency:>11} {count:>8} {summary.wall_s:>7.2f} {rate:>7.1f} {ideal:>7.1f} "
                    f"{rate / ideal:>6.2f} {p50:>6.3f} {p99:>6.3f} {summary.failed:>6} "
                    f"{_cpu(client, summary.wall_s, count):>14} {_cpu(served, summary.wall_s, count):>14}",
                    flush=True,
                )
            for concurrency, runs in ratios.items():
                if len(runs) > 1:
                    listed = " ".join(f"{r:.2f}" for r in runs)
                    print(f"  workers {workers}, concurrency {concurrency}: ratio median {median(runs):.2f} ({listed})")
    short = [c for c in args.concurrency if level_size(args, c) < args.articles]
    if short:
        print(
            f"  concurrency {', '.join(map(str, short))}: fewer than {args.articles} articles, so that a level "
            f"takes ~{args.seconds:g}s at the ideal rate (at least {args.min_articles})"
        )
    print("  p50/p99: per-article latency; cpu: ms per article (share of one core over the wall time)")
    print("  workers: client processes (--workers); client cpu counts the parent and its worker processes")


_JSON = {"content-type": "application/json"}


async def _bare_client(url: str, concurrency: int, count: int) -> tuple[float, list[float]]:
    """``count`` POSTs through ``concurrency`` keep-alive connections of a bare aiohttp session: no
    pipeline, no openai or instructor; wall time and per-request latencies."""
    import aiohttp

    body = json.dumps({"model": "fake", "messages": [{"role": "user", "content": "x" * 500}]}).encode()
    latencies: list[float] = []
    left = iter(range(count))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:

        async def one_slot() -> None:
            for _ in left:
                started = time.perf_counter()
                async with session.post(f"{url}/chat/completions", data=body, headers=_JSON) as response:
                    await response.read()
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(one_slot() for _ in range(concurrency)))
        return time.perf_counter() - started, sorted(latencies)


def part_ceiling(args: argparse.Namespace, tmp: Path) -> None:
    """What this machine and the fake server allow at all: the throughput levels with a bare client."""
    block(f"ceiling: a bare aiohttp client (no pipeline) against the same fake server at {args.latency * 1000:.0f} ms")
    with fake_server(args.latency) as server:
        asyncio.run(_bare_client(server.url, 16, 50))  # connections and the server's threads up
        for concurrency in [c for c in args.concurrency if c >= 32]:
            for _ in range(args.repeat):
                wall, latencies = asyncio.run(_bare_client(server.url, concurrency, args.articles))
                ratio = args.articles / wall / (concurrency / args.latency)
                p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
                row(f"concurrency {concurrency}", f"ratio {ratio:.2f}, p50 {p50:.3f} s, p99 {p99:.3f} s")
    print("  the pipeline's ratios above can at best come near these")


def _cpu(seconds: float, wall: float, count: int) -> str:
    return f"{seconds * 1000 / count:.2f} ({seconds / wall:.0%})"


def part_faults(args: argparse.Namespace, tmp: Path) -> None:
    count = args.fault_articles
    articles = make_articles(tmp / "faults.jsonl", count)
    for retries in args.fault_max_retries:
        block(
            f"faults: {count} articles through the CLI, {args.fault_rate:.0%} injected faults "
            f"(429 Retry-After / 500 / hang / dropped connection), latency {args.latency * 1000:.0f} ms, "
            f"--max-retries {retries}"
        )
        out = tmp / f"faults-{retries}.out.jsonl"
        with fake_server(args.latency, args.fault_rate, seed=1) as server:
            cmd = [*CLI, "extract", str(articles), "-o", str(out), "--base-url", server.url, "--model", "fake"]
            cmd += ["--api-key", "fake", "--concurrency", str(args.fault_concurrency), "--timeout", "2"]
            cmd += ["--max-retries", str(retries), "-q"]
            row("command", " ".join(["llmextract", *cmd[3:]]))
            started = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            wall = time.perf_counter() - started
        echo_summary(proc.stderr)
        answered = ", ".join(f"{kind} x{n}" for kind, n in sorted(server.replies.items()))
        row("server answered", f"{sum(server.replies.values())} requests: {answered}")
        row("exit status", f"{proc.returncode} (1 = some article failed)")
        row("wall s", f"{wall:.1f}")
        for label, value in check_output(input_ids(articles), output_records(out)).items():
            row(label, value)


def part_replay(args: argparse.Namespace, tmp: Path) -> None:
    count = args.replay_articles
    block(f"replay: pipeline overhead on {count} recorded responses, no server")
    articles = make_articles(tmp / "replay.jsonl", count)
    store = tmp / "store"
    dead = "http://127.0.0.1:9/v1"  # nothing listens there: replay must not need it
    for backend in args.replay_backends:
        with fake_server(0.0) as server:  # record what this backend asks (answers already stored are reused)
            recording = settings_for(server.url, store=store, store_mode="cached", backend=backend)
            recorded = asyncio.run(run_pipeline(articles, tmp / "record.out", recording, 32))
        row(f"{backend}: record", f"{recorded.ok} ok, {recorded.failed} failed in {recorded.wall_s:.1f}s (latency 0)")
        replay = settings_for(dead, store=store, store_mode="replay", backend=backend)
        for concurrency in (1, args.replay_concurrency):
            rates = []
            for _ in range(args.repeat):
                summary = asyncio.run(run_pipeline(articles, tmp / "replay.out", replay, concurrency))
                rates.append(summary.done / summary.wall_s)
                row(
                    f"{backend}, concurrency {concurrency}",
                    f"{summary.ok} ok ({summary.replayed} replayed), {summary.failed} failed in "
                    f"{summary.wall_s:.2f}s = {rates[-1]:,.0f} articles/s",
                )
            if len(rates) > 1:
                row(f"  median of {len(rates)}", f"{median(rates):,.0f} articles/s")
    print(
        "  llm: the pipeline alone (store, validation, grounding, output); hybrid (the default backend) adds the "
        "rules and their check of the model's calls on every article"
    )


def reference_ms(articles: int = 500) -> float:
    """This machine's speed right now: ms per article of the rule extractor on fixed synthetic articles
    (the VM's speed varies by a fifth between runs; compare figures from runs with a like reference)."""
    from llmextract.tasks.calls.rules import RulesExtractor

    with tempfile.TemporaryDirectory() as folder:
        texts = [item.article for item in iter_inputs([make_articles(Path(folder) / "ref.jsonl", articles, seed=7)])]
    rules = RulesExtractor()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for article in texts:
            rules.extract(article)
        best = min(best, time.perf_counter() - started)
    return best * 1000 / len(texts)


def part_resume(args: argparse.Namespace, tmp: Path) -> None:
    count, latency = args.resume_articles, args.resume_latency
    block(f"kill and resume: {count} articles, latency {latency * 1000:.0f} ms, concurrency 16, SIGKILL mid-run")
    articles = make_articles(tmp / "resume.jsonl", count)
    out = tmp / "resume.out.jsonl"
    with fake_server(latency) as server:
        cmd = [*CLI, "extract", str(articles), "-o", str(out), "--base-url", server.url, "--model", "fake"]
        cmd += ["--api-key", "fake", "--concurrency", "16", "-q"]
        row("command", " ".join(["llmextract", *cmd[3:]]))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while count_lines(out) < args.kill_after and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        finished_first = proc.poll() is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if finished_first:
            print("  (the run finished before the kill: raise --resume-articles or lower --kill-after)")
        size = out.stat().st_size
        before = count_lines(out)
        torn = bool(size) and not out.read_bytes().endswith(b"\n")
        row("lines before kill", f"{before}{' (+ a torn last line)' if torn else ''}, exit {proc.returncode}")
        resumed = subprocess.run([*cmd, "--resume"], capture_output=True, text=True)
    echo_summary(resumed.stderr)
    row("resume exit status", resumed.returncode)
    row("lines after resume", count_lines(out))
    for label, value in check_output(input_ids(articles), output_records(out)).items():
        row(label, value)


# Runs the CLI and reports its own peak resident memory on stderr when it exits.
_MEASURED_CLI = (
    "import resource, sys\n"
    "from llmextract.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print('peak_rss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(status)\n"
)


def part_memory(args: argparse.Namespace, tmp: Path) -> None:
    block("memory: peak RSS of one CLI run (rule backend, no model) as the input grows")
    print(f"  {'articles':>9} {'wall s':>7} {'art/s':>7} {'peak RSS MB':>12} {'output lines':>13}")
    for count in args.memory_articles:
        articles = make_articles(tmp / f"mem-{count}.jsonl", count)
        out = tmp / f"mem-{count}.out.jsonl"
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURED_CLI, "extract", str(articles), "-o", str(out), "--backend", "rules", "-q"],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        peak = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("peak_rss_kb")), 0)
        print(f"  {count:>9} {wall:>7.1f} {count / wall:>7.0f} {peak / 1024:>12.1f} {count_lines(out):>13}", flush=True)
        out.unlink(missing_ok=True)
        articles.unlink(missing_ok=True)
    print("  articles are read lazily and each result is written as it finishes: memory should not grow with input")


PARTS = {
    "throughput": part_throughput,
    "ceiling": part_ceiling,
    "faults": part_faults,
    "replay": part_replay,
    "resume": part_resume,
    "memory": part_memory,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--part", choices=[*PARTS, "all"], default="all")
    p.add_argument("--latency", type=float, default=0.2, help="fake server latency, s (throughput, faults)")
    p.add_argument("--articles", type=int, default=1000, help="articles per throughput level (at most)")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32, 64], help="throughput levels")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="client processes (throughput)")
    p.add_argument(
        "--http-client",
        choices=["aiohttp", "httpx"],
        default=Settings().http_client,
        help="the OpenAI client's transport (throughput; default: llmextract's default)",
    )
    p.add_argument("--seconds", type=float, default=20.0, help="cap a throughput level at ~this much ideal time")
    p.add_argument("--min-articles", type=int, default=100, help="but run at least this many articles")
    p.add_argument(
        "--repeat", type=int, default=3, help="runs of each full-size throughput level and of replay (median printed)"
    )
    p.add_argument("--fault-articles", type=int, default=1000)
    p.add_argument("--fault-rate", type=float, default=0.1)
    p.add_argument("--fault-concurrency", type=int, default=32)
    p.add_argument(
        "--fault-max-retries", type=int, nargs="+", default=[4, 0], help="one faults run per value (0: faults fail)"
    )
    p.add_argument("--replay-articles", type=int, default=5000)
    p.add_argument("--replay-concurrency", type=int, default=32)
    p.add_argument(
        "--replay-backends", nargs="+", choices=["hybrid", "llm"], default=["hybrid", "llm"], help="replay part"
    )
    p.add_argument("--resume-articles", type=int, default=2000)
    p.add_argument("--resume-latency", type=float, default=0.1)
    p.add_argument("--kill-after", type=int, default=600, help="SIGKILL once the output has this many lines")
    p.add_argument("--memory-articles", type=int, nargs="+", default=[1000, 100_000], help="input sizes (memory)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        serve(args.latency, args.fault_rate, args.seed)
        return 0
    print(f"llmextract batch benchmark: python {sys.version.split()[0]}, {os.cpu_count()} cpu(s)")
    print("server: llmextract.testing.FakeOpenAIServer (a test double) in a separate process")
    tune_gc_for_batch()  # as the CLI does: the in-process parts measure what `llmextract extract` runs
    tmp = Path(tempfile.mkdtemp(prefix="llmextract-bench-"))
    print(f"machine reference at start: {reference_ms():.3f} ms per article of the rules (lower: faster)")
    try:
        for name in PARTS if args.part == "all" else [args.part]:
            PARTS[name](args, tmp)
        print(f"\nmachine reference at end: {reference_ms():.3f} ms per article of the rules")
    finally:
        if args.keep:
            print(f"\nfiles kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
