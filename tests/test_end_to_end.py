"""One real extraction through llama_cpp.server with a real local model (slow; marked ``model``).

CI sets LLMEXTRACT_REQUIRE_MODEL=1 after pulling the 0.5B model, so this runs
there; elsewhere it is skipped when llama-cpp-python or the model is missing.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from llmextract.cli import main
from llmextract.engine import local
from llmextract.tasks.calls.schema import ArticleResult

MODEL = os.environ.get("LLMEXTRACT_E2E_MODEL", "qwen2.5-coder-0.5b")


@pytest.mark.model
def test_a_real_model_extracts_a_seed_article_into_valid_records(tmp_path, seeds_dir, capsys):
    have_server = importlib.util.find_spec("llama_cpp") is not None
    have_model = local.model_file(MODEL).is_file()
    if not (have_server and have_model):
        if os.environ.get("LLMEXTRACT_REQUIRE_MODEL") == "1":
            pytest.fail(f"llama_cpp installed: {have_server}, model {MODEL} pulled: {have_model}")
        pytest.skip("needs the [local] extra and 'llmextract model pull --local-model qwen2.5-coder-0.5b'")
    out = tmp_path / "out.jsonl"
    article = str(seeds_dir / "001_490aa55a1e92944a.txt")
    status = main(["extract", article, "-o", str(out), "--local-model", MODEL, "--backend", "llm"])
    [line] = out.read_text().splitlines()
    result = ArticleResult.model_validate_json(line)  # the output validates against the schema
    assert status == 0 and result.ok, result.error
    assert result.backend == "llm" and result.model.startswith("qwen2.5-coder")
    assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens > 0
    err = capsys.readouterr().err
    assert "local model ready" in err

    # The hybrid backend: the rules find the call, the model is asked only about its topics.
    hybrid_out = tmp_path / "hybrid.jsonl"
    status = main(["extract", article, "-o", str(hybrid_out), "--local-model", MODEL, "--backend", "hybrid"])
    [line] = hybrid_out.read_text().splitlines()
    hybrid = ArticleResult.model_validate_json(line)
    assert status == 0 and hybrid.ok and hybrid.backend == "hybrid", hybrid.error
    assert hybrid.calls and hybrid.usage.requests == len(hybrid.calls)  # one topics question per call
