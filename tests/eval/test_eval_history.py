"""The eval history: one row per (system, prompt hash, settings, gold set, commit), never a duplicate."""

from __future__ import annotations

import json
from pathlib import Path

from llmextract.cli import main
from llmextract.eval.runner import DEFAULT_HISTORY, append_history, git_commit, history_key, load_history


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_replaying_the_same_eval_twice_adds_no_second_row(root, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(root)
    history = tmp_path / "history.jsonl"
    args = ["eval", "--gold", "gold/heldout", "--baseline", "--run-prompt", "calls_v1", "--history", str(history)]
    assert main(args) == 0
    first = rows(history)
    assert [r["system"] for r in first] == ["rules", "calls_v1"]
    assert main(args) == 0
    assert rows(history) == first
    assert "0 row(s) added" in capsys.readouterr().err


def test_a_row_records_the_commit_the_settings_and_whether_it_was_replayed(root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    history = tmp_path / "history.jsonl"
    assert main(["eval", "--gold", "gold/heldout", "--run-prompt", "calls_v1", "--history", str(history)]) == 0
    (row,) = rows(history)
    assert row["replayed"] is True
    assert row["commit"] == git_commit(root)
    assert row["settings"]["prompt"] == "calls_v1" and row["settings"]["backend"] == "llm"
    assert row["gold"] == "gold/heldout (all)" and row["prompt_hash"] == "4cbd7419ee7a2cd3"


def test_another_prompt_hash_settings_or_commit_is_a_new_row(tmp_path):
    history = tmp_path / "h.jsonl"
    base = {"system": "calls_v1", "prompt_hash": "a", "settings": {"temperature": 0.0}, "gold": "gold", "commit": "c1"}
    assert append_history(history, base)
    assert not append_history(history, {**base, "date": "later"})
    assert append_history(history, {**base, "prompt_hash": "b"})
    assert append_history(history, {**base, "settings": {"temperature": 0.7}})
    assert append_history(history, {**base, "commit": "c2"})
    assert len(load_history(history)) == 4 == len({history_key(r) for r in load_history(history)})


def test_eval_writes_history_to_the_untracked_local_file_by_default(root, tmp_path, monkeypatch):
    for name in ("gold", "seeds"):
        (tmp_path / name).symlink_to(root / name)
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "--gold", "gold/heldout", "--baseline"]) == 0
    assert [r["system"] for r in rows(tmp_path / DEFAULT_HISTORY)] == ["rules"]
    assert ".llmextract/" in (root / ".gitignore").read_text()


def test_history_prints_one_line_per_row(tmp_path, capsys):
    history = tmp_path / "h.jsonl"
    for system, f1 in (("rules", 0.5), ("calls_v1", 0.25)):
        append_history(history, {"system": system, "gold": "gold (all)", "commit": "abc", "replayed": True,
                                 "date": "2026-12-06T05:00:00+00:00", "prompt_hash": "h", "settings": {},
                                 "f1": {"calls": f1, "macro": f1, "overall": f1}})  # fmt: skip
    assert main(["history", str(history)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["date", "commit", "gold", "system"]
    assert "rules" in lines[2] and "0.500" in lines[2] and "yes" in lines[2]
    assert "calls_v1" in lines[3] and "0.250" in lines[3]
    assert len(lines) == 4
