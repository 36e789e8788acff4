"""Greedy sampling under a grammar, with the grammar checked on the chosen token first.

llama-cpp-python samples a constrained answer (a tool call, a JSON schema) through one chain: repetition
penalties, then the grammar, then greedy. The grammar step walks every token of the vocabulary (151,936 for
Qwen2.5) at every step, though at temperature 0 only one token is chosen. :class:`GrammarLast` picks the token
the penalties and greedy would pick, asks the grammar about that one token, and walks the whole vocabulary only
when the grammar refuses it. The greedy choice among the tokens the grammar allows is the same either way, so
the answer is the same token for token; it is only written faster (``bench/README.md``, "The grammar asked
last").

:func:`install` patches ``llama_cpp.Llama`` in the server process (``llama_server.py`` calls it); a sampler it
cannot reproduce exactly (a temperature above 0, a logits processor, mirostat) is left as llama-cpp-python
builds it.
"""

from __future__ import annotations

import ctypes
from typing import Any

_PENALTIES, _GRAMMAR = 0, 1  # positions in the chain Llama._init_sampler builds at temperature 0


def _applies(kwargs: dict[str, Any]) -> bool:
    return (
        kwargs.get("grammar") is not None
        and kwargs.get("temp") == 0.0
        and kwargs.get("logits_processor") is None
        and not kwargs.get("mirostat_mode")
    )


class GrammarLast:
    """A stand-in for the chain ``penalties -> grammar -> greedy``: the same token, the grammar asked last."""

    def __init__(self, chain: Any, n_vocab: int) -> None:
        import llama_cpp
        import numpy as np

        self._llama_cpp = llama_cpp
        self._np = np
        self.chain = chain  # keeps the chain (and its samplers) alive; its state advances with each token
        self._penalties = llama_cpp.llama_sampler_chain_get(chain.sampler, _PENALTIES)
        self._grammar = llama_cpp.llama_sampler_chain_get(chain.sampler, _GRAMMAR)
        self.n_vocab = n_vocab
        self._data = (llama_cpp.llama_token_data * n_vocab)()
        self._view = np.ctypeslib.as_array(self._data)
        self._view["id"] = np.arange(n_vocab, dtype=np.int32)  # the samplers here change logits, never the order
        self._all = llama_cpp.llama_token_data_array(data=self._data, size=n_vocab, selected=-1, sorted=False)
        self._one_data = (llama_cpp.llama_token_data * 1)()
        self._one = llama_cpp.llama_token_data_array(data=self._one_data, size=1, selected=-1, sorted=False)

    def _greedy(self) -> int:
        return int(self._np.argmax(self._view["logit"]))  # the first highest logit, as llama.cpp's greedy

    def sample(self, ctx: Any, idx: int = -1) -> int:
        lc, np = self._llama_cpp, self._np
        logits = lc.llama_get_logits_ith(ctx.ctx, idx)
        self._view["logit"] = np.ctypeslib.as_array(logits, shape=(self.n_vocab,))
        self._all.size, self._all.selected, self._all.sorted = self.n_vocab, -1, False
        lc.llama_sampler_apply(self._penalties, ctypes.byref(self._all))
        token = self._greedy()
        self._one_data[0].id, self._one_data[0].logit, self._one_data[0].p = token, self._data[token].logit, 0.0
        self._one.size, self._one.selected, self._one.sorted = 1, -1, False
        lc.llama_sampler_apply(self._grammar, ctypes.byref(self._one))
        if self._one_data[0].logit == float("-inf"):  # refused: walk the vocabulary as the chain would
            lc.llama_sampler_apply(self._grammar, ctypes.byref(self._all))
            token = self._greedy()
        lc.llama_sampler_accept(self.chain.sampler, token)
        return token


def install() -> None:
    """Make ``llama_cpp.Llama`` sample grammar-constrained greedy answers with :class:`GrammarLast`."""
    from llama_cpp import llama as llama_module

    original = llama_module.Llama._init_sampler
    if getattr(original, "_grammar_last", False):
        return

    def init_sampler(self: Any, **kwargs: Any) -> Any:
        chain = original(self, **kwargs)
        return GrammarLast(chain, self.n_vocab()) if _applies(kwargs) else chain

    init_sampler._grammar_last = True  # type: ignore[attr-defined]
    llama_module.Llama._init_sampler = init_sampler
