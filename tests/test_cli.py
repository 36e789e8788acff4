"""The command line: one JSONL line per article, clear messages, the right exit status."""

from __future__ import annotations

import json

from llmextract.cli import main
from llmextract.tasks.calls.schema import ArticleResult
from llmextract.testing import FakeOpenAIServer, Reply, always


def read(path):
    return [ArticleResult.model_validate_json(line) for line in path.read_text().splitlines()]


def test_schema_prints_the_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "Call" in schema["$defs"]


def test_extract_against_an_endpoint_writes_every_article_and_a_summary(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(always(Reply())) as server:
        status = main(["extract", str(seeds_dir), "-o", str(out), "--base-url", server.base_url, "--model", "fake",
                       "--backend", "llm"])  # fmt: skip
    assert status == 0
    results = read(out)
    assert len(results) == 5 and all(r.ok for r in results)
    assert results[0].prompt.name == "calls_v1" and len(results[0].prompt.hash) == 16
    assert results[0].model == "fake" and results[0].usage.requests == 1
    err = capsys.readouterr().err
    assert "done: 5 ok, 0 failed" in err and "tokens: 500 in, 100 out" in err


def test_bad_inputs_fail_alone_and_the_exit_status_says_so(tmp_path, seeds_dir, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok1", "text": "Merkel phoned Macron."}\n{oops\n')
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(always(Reply())) as server:
        status = main(
            [
                "extract",
                str(bad),
                str(tmp_path / "missing.txt"),
                "-o",
                str(out),
                "--base-url",
                server.base_url,
                "--model",
                "m",
            ]
        )
    assert status == 1
    results = {r.article_id: r for r in read(out)}
    assert results["ok1"].ok
    failed = [r for r in results.values() if not r.ok]
    assert len(failed) == 2 and {r.error.kind for r in failed} == {"input"}
    err = capsys.readouterr().err
    assert "malformed JSON" in err and "missing.txt: no such file or folder" in err


def test_an_unreachable_endpoint_is_reported_per_article_without_the_start_check(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    status = main(
        ["extract", str(seeds_dir / "000_d383e982f209da4c.txt"), "-o", str(out),
         "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--max-retries", "0", "--no-endpoint-check"]
    )  # fmt: skip
    assert status == 1
    [result] = read(out)
    assert result.error.kind == "endpoint" and "127.0.0.1:9" in result.error.message


def test_an_existing_output_is_not_overwritten_without_a_flag(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text('{"article_id": "x"}\n')
    assert main(["extract", str(seeds_dir), "-o", str(out), "--backend", "rules"]) == 2
    assert "--resume" in capsys.readouterr().err
    assert out.read_text() == '{"article_id": "x"}\n'


def test_base_url_without_model_is_a_usage_error(tmp_path, seeds_dir, capsys):
    assert main(["extract", str(seeds_dir), "--base-url", "http://127.0.0.1:9/v1"]) == 2
    assert "--model" in capsys.readouterr().err


def test_an_output_inside_the_input_folder_is_not_read_back(tmp_path, seeds_dir, capsys):
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        (tmp_path / seed.name).write_text(seed.read_text())
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "--backend", "rules"]) == 0
    assert len(out.read_text().splitlines()) == 2
    # A rerun with --resume sees the output file in the folder and still skips it.
    assert main(["extract", str(tmp_path), "-o", str(out), "--backend", "rules", "--resume"]) == 0
    assert len(out.read_text().splitlines()) == 2


DEAD_WITH_CREDENTIALS = "http://alice:s3cret-pw@127.0.0.1:9/v1"


def test_a_dead_endpoint_is_one_line_and_exit_1_before_any_article(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    status = main(["extract", str(seeds_dir), "-o", str(out), "--base-url", DEAD_WITH_CREDENTIALS, "--model", "m",
                   "--backend", "llm"])  # fmt: skip
    assert status == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [err.strip()] and "Traceback" not in err
    assert err.startswith("error: cannot reach the model endpoint http://***@127.0.0.1:9/v1: ")
    assert "s3cret" not in err and "alice" not in err
    assert out.read_text() == ""  # no article was attempted


def test_replay_needs_no_endpoint_so_it_is_not_checked(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    status = main(["extract", str(seeds_dir / "000_d383e982f209da4c.txt"), "-o", str(out), "--backend", "llm",
                   "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--store", str(tmp_path / "store"),
                   "--store-mode", "replay"])  # fmt: skip
    assert status == 1
    [result] = read(out)
    assert result.error.kind == "replay_missing"
    assert "cannot reach" not in capsys.readouterr().err


def test_credentials_in_the_base_url_never_reach_the_output_or_standard_error(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    status = main(["extract", str(seeds_dir / "000_d383e982f209da4c.txt"), "-o", str(out), "--backend", "llm",
                   "--base-url", DEAD_WITH_CREDENTIALS, "--model", "m", "--max-retries", "0",
                   "--no-endpoint-check"])  # fmt: skip
    assert status == 1
    [result] = read(out)
    assert result.error.kind == "endpoint" and "http://***@127.0.0.1:9/v1" in result.error.message
    captured = capsys.readouterr()
    for text in (out.read_text(), captured.out, captured.err):
        assert "s3cret" not in text and "alice" not in text


def test_endpoint_failures_in_a_row_stop_the_run_and_leave_the_rest_for_resume(tmp_path, seeds_dir, capsys):
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(always(Reply(status=503, answer=None))) as server:
        status = main(["extract", str(seeds_dir), "-o", str(out), "--base-url", server.base_url, "--model", "m",
                       "--backend", "llm", "--max-retries", "0", "--concurrency", "1",
                       "--max-consecutive-failures", "2"])  # fmt: skip
    assert status == 1
    results = read(out)
    assert [r.error.kind for r in results] == ["http_503", "http_503"]
    err = capsys.readouterr().err
    assert "stopped: 2 endpoint failures in a row" in err and "3 article(s) not started" in err


def test_resume_retry_failed_extracts_failed_articles_again_and_leaves_one_line_per_id(tmp_path, seeds_dir, capsys):
    ids = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    out = tmp_path / "out.jsonl"
    out.write_text(
        json.dumps({"article_id": ids[0], "ok": True, "backend": "earlier-run"}) + "\n"
        + json.dumps({"article_id": ids[1], "ok": False, "error": {"kind": "endpoint", "message": "down"}}) + "\n"
    )  # fmt: skip
    assert main(["extract", str(seeds_dir), "-o", str(out), "--backend", "rules", "--resume", "--retry-failed"]) == 0
    results = read(out)
    assert sorted(r.article_id for r in results) == ids  # one line per id
    by_id = {r.article_id: r for r in results}
    assert by_id[ids[0]].backend == "earlier-run"  # a good line is kept as it was
    assert by_id[ids[1]].ok and by_id[ids[1]].backend == "rules"  # the failed one was extracted again


def test_retry_failed_without_resume_is_a_usage_error(tmp_path, seeds_dir, capsys):
    status = main(["extract", str(seeds_dir), "-o", str(tmp_path / "o.jsonl"), "--backend", "rules",
                   "--retry-failed"])  # fmt: skip
    assert status == 2 and "--retry-failed needs --resume" in capsys.readouterr().err


def test_resume_is_keyed_on_the_article_id_however_the_path_is_spelled(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.jsonl").write_text('{"id": "k", "text": "Merkel phoned Macron."}\n{broken\n')
    (tmp_path / "a" / "y.txt").write_text("Obama called Putin on Monday.")
    assert main(["extract", "a/x.jsonl", "a/y.txt", "-o", "out.jsonl", "--backend", "rules"]) == 1
    first = (tmp_path / "out.jsonl").read_text()
    assert len(first.splitlines()) == 3
    for spelling in (["./a/x.jsonl", "./a/y.txt"], [str(tmp_path / "a" / "x.jsonl"), str(tmp_path / "a/../a/y.txt")]):
        main(["extract", *spelling, "-o", "out.jsonl", "--backend", "rules", "--resume"])
        assert (tmp_path / "out.jsonl").read_text() == first
        assert "resume: skipped 3 article(s)" in capsys.readouterr().err


def test_an_article_over_max_article_chars_is_a_failed_line_naming_the_limit(tmp_path, seeds_dir, monkeypatch):
    out = tmp_path / "out.jsonl"
    seed = str(seeds_dir / "000_d383e982f209da4c.txt")
    assert main(["extract", seed, "-o", str(out), "--backend", "rules", "--max-article-chars", "50"]) == 1
    [result] = read(out)
    assert result.error.kind == "input" and "longer than the limit of 50 characters" in result.error.message
    monkeypatch.setenv("LLMEXTRACT_MAX_ARTICLE_CHARS", "1000000")
    assert main(["extract", seed, "-o", str(out), "--backend", "rules", "--overwrite"]) == 0
