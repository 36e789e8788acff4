"""Where a per-call question's time goes: the embedded model's prompt reading and answer writing, by answer mode.

Starts one embedded ``llama_cpp.server`` (the 1.5B model by default) and asks the hybrid's per-call question
(``details_v1``) about the first ``--limit`` articles of a gold folder, each passage asked twice per mode: the
first time the server reads the passage (its system prompt is already cached from the question before, as in
a run), the second time the whole prompt is cached, so only the answer is written. Modes: free text (no
constraint), ``tools`` (the default: a tool call whose JSON the server constrains by a grammar), a JSON
schema, and plain JSON. Prints seconds and tokens per request; it asserts nothing and records nothing.
Usage::

    python bench/bench_question_cost.py --gold gold/news_dev --limit 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from openai import OpenAI

from llmextract.engine.local import LocalServer, model_file
from llmextract.engine.prompts import load_prompt
from llmextract.engine.records import Article
from llmextract.tasks.calls.schema import CallDetails

ROOT = Path(__file__).resolve().parent.parent


def modes() -> dict[str, dict[str, Any]]:
    schema = CallDetails.model_json_schema()
    tool = {"type": "function", "function": {"name": "CallDetails", "parameters": schema}}
    return {
        "free text": {},
        "tools (default)": {"tools": [tool], "tool_choice": {"type": "function", "function": {"name": "CallDetails"}}},
        "json schema": {"response_format": {"type": "json_object", "schema": schema}},
        "json": {"response_format": {"type": "json_object"}},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "gold" / "news_dev")
    parser.add_argument("--limit", type=int, default=3)
    parser.add_argument("--local-model", default="qwen2.5-coder-1.5b")
    args = parser.parse_args()
    prompt = load_prompt("details_v1", ROOT / "prompts")
    passages = [p.read_text(encoding="utf-8")[:1500] for p in sorted(args.gold.glob("*.txt"))[: args.limit]]
    rows: dict[str, list[tuple[float, float, int, int]]] = {name: [] for name in modes()}
    with LocalServer(model_file(args.local_model), "bench") as server:
        client = OpenAI(base_url=server.base_url, api_key="local")
        for name, extra in modes().items():
            warm = prompt.render(Article(id="w", text="-"), passage="-", call="A and B")
            client.chat.completions.create(model=server.alias, messages=warm, max_tokens=1, temperature=0, **extra)
            for passage in passages:
                messages = prompt.render(Article(id="b", text=passage), passage=passage, call="A and B")
                times = []
                for _ in range(2):
                    started = time.perf_counter()
                    reply = client.chat.completions.create(
                        model=server.alias, messages=messages, max_tokens=300, temperature=0, **extra
                    )
                    times.append(time.perf_counter() - started)
                usage = reply.usage
                assert usage is not None
                rows[name].append((times[0], times[1], usage.prompt_tokens, usage.completion_tokens))
    print(f"{len(passages)} passages of {args.gold}, model {args.local_model}, details_v1")
    head = ("mode", "reading+answer s", "answer only s", "prompt tok", "answer tok", "s/answer tok")
    print(f"{head[0]:<16} " + " ".join(f"{h:>16}" for h in head[1:]))
    for name, values in rows.items():
        first, cached, prompt_tok, answer_tok = (statistics.mean(v[i] for v in values) for i in range(4))
        cells = (
            f"{first:.1f}",
            f"{cached:.1f}",
            f"{prompt_tok:.0f}",
            f"{answer_tok:.0f}",
            f"{cached / answer_tok:.3f}",
        )
        print(f"{name:<16} " + " ".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
