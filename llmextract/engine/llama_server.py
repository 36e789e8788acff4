"""``python -m llmextract.engine.llama_server [llama_cpp.server flags]``: llama.cpp's server, made safe here.

llama.cpp built natively on a CPU with Intel AMX puts weights in its AMX
"extra" buffer, and on these machines (AMX under a hypervisor) the first
batched decode then crashes with a segmentation fault. llama-cpp-python does
not expose the switch, so this launcher turns ``use_extra_bufts`` off in the
default model parameters before handing over to ``llama_cpp.server``. Set
``LLMEXTRACT_EXTRA_BUFTS=1`` to keep llama.cpp's default.

It also has greedy answers under a grammar (tool calls, JSON schemas) ask the grammar about the chosen token
first (:mod:`llmextract.engine.greedy_grammar`): the same answers, written faster. Set
``LLMEXTRACT_GRAMMAR_LAST=0`` to sample as llama-cpp-python does.
"""

from __future__ import annotations

import os


def _disable_extra_buffer_types() -> None:
    import llama_cpp
    import llama_cpp.llama as llama_module

    default = llama_cpp.llama_model_default_params

    def params():  # type: ignore[no-untyped-def]
        p = default()
        if hasattr(p, "use_extra_bufts"):
            p.use_extra_bufts = False
        return p

    llama_module.llama_cpp.llama_model_default_params = params


def main() -> None:
    if os.environ.get("LLMEXTRACT_EXTRA_BUFTS") != "1":
        _disable_extra_buffer_types()
    if os.environ.get("LLMEXTRACT_GRAMMAR_LAST") != "0":
        from llmextract.engine import greedy_grammar

        greedy_grammar.install()
    from llama_cpp.server.__main__ import main as serve

    serve()


if __name__ == "__main__":
    main()
