"""Prompts are files; each result can be traced to the exact prompt by its hash."""

from __future__ import annotations

import json
import shutil

import pytest

from llmextract.config import DEFAULT_PROMPT
from llmextract.engine.prompts import PromptError, default_prompts_dir, load_prompt
from llmextract.engine.records import Article
from llmextract.tasks.calls.schema import Extraction


def test_the_default_prompt_renders_system_and_user_messages():
    prompt = load_prompt(DEFAULT_PROMPT)
    messages = prompt.render(Article(id="x", text="Merkel phoned Macron.", published="2021-05-14"))
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "Merkel phoned Macron." in messages[1]["content"]
    assert "2021-05-14" in messages[1]["content"]
    assert len(prompt.hash) == 16


def test_prompt_examples_are_valid_extractions_and_not_seed_articles(seeds_dir):
    prompt = load_prompt(DEFAULT_PROMPT)
    assert prompt.examples
    seeds = [p.read_text() for p in seeds_dir.glob("*.txt")]
    for example in prompt.examples:
        Extraction.model_validate(example["answer"])
        assert not any(example["article"][:60] in s for s in seeds)


def test_changing_any_prompt_file_changes_the_hash(tmp_path):
    copy = tmp_path / "p"
    shutil.copytree(default_prompts_dir() / DEFAULT_PROMPT, copy)
    before = load_prompt(str(copy)).hash
    examples = json.loads((copy / "examples.json").read_text())
    (copy / "examples.json").write_text(json.dumps(examples[:1]))
    assert load_prompt(str(copy)).hash != before


def test_an_unknown_prompt_names_the_available_ones():
    with pytest.raises(PromptError, match=DEFAULT_PROMPT):
        load_prompt("no_such_prompt")


def test_the_short_details_question_reads_the_passage_up_to_700_characters_at_a_word_boundary():
    passage = " ".join(f"Sentence {i} of the report on the call." for i in range(60))
    messages = load_prompt("details_v2").render(Article(id="x", text=passage), call="A and B", passage=passage)
    read = messages[1]["content"].split("\n\nThe call:")[0].split("\n", 1)[1]
    assert passage.startswith(read) and 690 <= len(read) <= 700 and passage[len(read)] == " "
    assert "at most three topics, two outcomes and one source" in messages[0]["content"]
    full = load_prompt("details_v1").render(Article(id="x", text=passage), call="A and B", passage=passage)
    assert passage in full[1]["content"]
