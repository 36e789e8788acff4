"""The embedded server's grammar-last sampling: the same greedy answer as llama-cpp-python's chain, token for token.

The model test loads the 0.5B model with llama-cpp-python (marked ``model``: CI pulls the model and runs it; elsewhere
it is skipped when llama-cpp-python or the model is missing).
"""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from llmextract.engine import greedy_grammar, local

MODEL = os.environ.get("LLMEXTRACT_E2E_MODEL", "qwen2.5-coder-0.5b")
SCHEMA = {
    "type": "object",
    "properties": {
        "topics": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
        "initiator": {"type": ["string", "null"]},
    },
    "required": ["topics", "initiator"],
}
TEXTS = [
    "Chancellor Scholz phoned President Macron on Tuesday to discuss energy prices and Ukraine.",
    "Prime Minister Albanese and President Widodo spoke by telephone about trade, fisheries and the G20.",
]


@pytest.mark.parametrize(
    ("kwargs", "applies"),
    [
        ({"temp": 0.0, "grammar": object()}, True),
        ({"temp": 0.0, "grammar": None}, False),  # free text: nothing to ask the grammar
        ({"temp": 0.7, "grammar": object()}, False),  # sampling, not greedy: the whole chain decides
        ({"temp": 0.0, "grammar": object(), "logits_processor": [abs]}, False),
        ({"temp": 0.0, "grammar": object(), "mirostat_mode": 2}, False),
    ],
)
def test_only_greedy_answers_under_a_grammar_are_sampled_grammar_last(kwargs: dict, applies: bool) -> None:
    assert greedy_grammar._applies(kwargs) is applies


@pytest.mark.model
def test_the_grammar_asked_last_gives_the_same_answers_token_for_token(monkeypatch: pytest.MonkeyPatch) -> None:
    have_server = importlib.util.find_spec("llama_cpp") is not None
    if not (have_server and local.model_file(MODEL).is_file()):
        if os.environ.get("LLMEXTRACT_REQUIRE_MODEL") == "1":
            pytest.fail(f"llama_cpp installed: {have_server}, model {MODEL} pulled: no")
        pytest.skip("needs the [local] extra and 'llmextract model pull --local-model qwen2.5-coder-0.5b'")
    from llama_cpp import Llama, LlamaGrammar
    from llama_cpp import llama as llama_module

    monkeypatch.setattr(llama_module.Llama, "_init_sampler", llama_module.Llama._init_sampler)  # undone after

    def answers() -> list[str]:
        model = Llama(model_path=str(local.model_file(MODEL)), n_ctx=1024, n_threads=2, verbose=False)
        out = []
        for text in TEXTS:
            messages = [{"role": "system", "content": "What did the leaders discuss, and who placed the call?"},
                        {"role": "user", "content": text}]  # fmt: skip
            response = model.create_chat_completion(
                messages=messages, temperature=0.0, max_tokens=80,
                response_format={"type": "json_object", "schema": SCHEMA},
            )  # fmt: skip
            out.append(response["choices"][0]["message"]["content"])
        return out

    chain = answers()
    greedy_grammar.install()
    model = Llama(model_path=str(local.model_file(MODEL)), n_ctx=256, n_threads=2, verbose=False)
    grammar = LlamaGrammar.from_json_schema(json.dumps(SCHEMA), verbose=False)
    assert isinstance(model._init_sampler(temp=0.0, grammar=grammar), greedy_grammar.GrammarLast)
    assert not isinstance(model._init_sampler(temp=0.8, grammar=grammar), greedy_grammar.GrammarLast)
    assert answers() == chain
    assert all(isinstance(json.loads(a)["topics"], list) for a in chain)  # answers the grammar allowed
