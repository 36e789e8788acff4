"""SIGTERM during extract: the articles in flight finish and are written, then a clear line and a non-zero exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from llmextract.testing import FakeOpenAIServer, Reply, always

ROOT = Path(__file__).resolve().parent.parent


def wait_for_lines(path: Path, count: int, process: subprocess.Popen, limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and len(path.read_text().splitlines()) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"the run never wrote {count} line(s); exit {process.poll()}")


def test_sigterm_drains_writes_what_finished_and_says_resume_continues(tmp_path, seeds_dir):
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(always(Reply(delay=0.3))) as server:
        process = subprocess.Popen(
            [sys.executable, "-m", "llmextract.cli", "extract", str(seeds_dir), "-o", str(out), "--backend", "llm",
             "--base-url", server.base_url, "--model", "m", "--concurrency", "1"],
            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        try:
            wait_for_lines(out, 1, process)
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err and "never retrieved" not in err
    assert "interrupted" in err and "--resume" in err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert 1 <= len(lines) < 5 and all(line["ok"] for line in lines)  # the article in flight was finished, not failed
