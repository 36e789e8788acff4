"""Usage and run errors are one clear line on standard error, with exit 2 (usage) or 1 (run), no traceback."""

from __future__ import annotations

import json
import os

import pytest

from llmextract.cli import main
from llmextract.engine import output, pipeline


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--concurrency", "0"),
        ("--concurrency", "-3"),
        ("--workers", "0"),
        ("--rpm", "0"),
        ("--tpm", "-1"),
        ("--article-timeout", "0"),
        ("--max-tokens-total", "0"),
        ("--max-cost", "-0.5"),
        ("--max-cost", "nan"),
    ],
)
def test_a_flag_that_makes_no_sense_at_zero_or_below_is_a_usage_error_naming_it(flag, value, seeds_dir, capsys):
    assert main(["extract", str(seeds_dir), "--backend", "rules", flag, value]) == 2
    assert f"argument {flag}: must be" in capsys.readouterr().err


def test_an_output_that_is_a_folder_is_a_usage_error(tmp_path, seeds_dir, capsys):
    assert main(["extract", str(seeds_dir), "--backend", "rules", "-o", str(tmp_path)]) == 2
    assert "is a folder" in one_error_line(capsys.readouterr().err)


def test_an_output_whose_parent_is_a_file_is_a_usage_error(tmp_path, seeds_dir, capsys):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "sub" / "out.jsonl"
    assert main(["extract", str(seeds_dir), "--backend", "rules", "-o", str(out)]) == 2
    assert "is a file, not a folder" in one_error_line(capsys.readouterr().err)


def test_an_output_that_cannot_be_opened_for_writing_is_a_usage_error(tmp_path, seeds_dir, capsys, monkeypatch):
    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(output.os, "open", refuse)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(seeds_dir), "--backend", "rules", "-o", str(out)]) == 2
    assert "cannot write the output" in one_error_line(capsys.readouterr().err)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write read-only files")
def test_a_read_only_output_is_a_usage_error(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text("")
    out.chmod(0o444)
    assert main(["extract", str(seeds_dir), "--backend", "rules", "-o", str(out), "--resume"]) == 2
    assert "Permission denied" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "content", ["{not json", '["gpt-x", 1]', '{"gpt-x": 0.5}', '{"gpt-x": [1]}', '{"gpt-x": ["a", "b"]}']
)
def test_a_malformed_prices_file_is_a_usage_error(tmp_path, seeds_dir, capsys, content):
    prices = tmp_path / "prices.json"
    prices.write_text(content)
    status = main(["extract", str(seeds_dir), "--backend", "rules", "-o", str(tmp_path / "o.jsonl"),
                   "--prices", str(prices)])  # fmt: skip
    assert status == 2
    assert "prices file" in one_error_line(capsys.readouterr().err)


def test_a_good_prices_file_is_added_to_the_table(tmp_path):
    prices = tmp_path / "prices.json"
    prices.write_text('{"my-model": [1, 2.5]}')
    assert pipeline.load_prices(prices) == {"my-model": (1.0, 2.5)}


@pytest.mark.parametrize("spec", [{"system": "x"}, {"min_f1": {}}, {"min_f1": {"overall": "high"}}, ["min_f1"]])
def test_a_thresholds_file_without_min_f1_is_a_usage_error(root, tmp_path, capsys, monkeypatch, spec):
    monkeypatch.chdir(root)
    thresholds = tmp_path / "t.json"
    thresholds.write_text(json.dumps(spec))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main(["eval", str(empty), "--no-history", "--thresholds", str(thresholds)]) == 2
    assert "thresholds file" in one_error_line(capsys.readouterr().err)


def test_an_empty_gold_folder_is_an_error_not_a_table_of_dashes(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main(["eval", str(empty), "--gold", str(gold), "--no-history"]) == 2
    captured = capsys.readouterr()
    assert "no <id>.json gold files" in one_error_line(captured.err) and captured.out == ""
