"""Inputs are read lazily, and every bad input becomes a problem naming the file and what is wrong."""

from __future__ import annotations

from llmextract.articles import InputProblem, SourcedArticle, count_inputs, iter_inputs


def test_a_folder_of_txt_files_gives_one_article_per_file(seeds_dir):
    items = list(iter_inputs([seeds_dir]))
    assert [type(i) for i in items] == [SourcedArticle] * 5
    assert items[0].article.id == "000_d383e982f209da4c"
    assert count_inputs([seeds_dir]) == 5


def test_jsonl_lines_become_articles_and_bad_lines_become_problems(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a", "text": "Obama called Putin.", "published": "2013-04-30"}\n'
        "{not json\n"
        '{"id": "c"}\n'
        "\n"
        '["a list"]\n'
        '{"id": "e", "text": "   "}\n'
    )
    items = list(iter_inputs([path]))
    assert isinstance(items[0], SourcedArticle) and items[0].article.published == "2013-04-30"
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert len(problems) == 4
    assert "malformed JSON" in problems[0].message and problems[0].source.endswith("in.jsonl:2")
    assert "text" in problems[1].message and problems[1].article_id == "c"
    assert "JSON object" in problems[2].message
    assert "empty text" in problems[3].message
    assert count_inputs([path]) == 5


def test_missing_empty_and_non_utf8_files_are_named(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "latin.txt").write_bytes("Pr\xe9sident".encode("latin-1"))
    items = list(iter_inputs([tmp_path / "nope.txt", tmp_path / "empty.txt", tmp_path / "latin.txt"]))
    assert all(isinstance(i, InputProblem) for i in items)
    assert [i.message.split(" (")[0] for i in items] == ["no such file or folder", "empty file", "not UTF-8 text"]
    assert "nope.txt" in str(items[0])


def test_reading_is_lazy(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(f'{{"id": "{n}", "text": "t{n}"}}\n' for n in range(1000)))
    stream = iter_inputs([path])
    first = next(stream)
    assert first.article.id == "0"  # produced before the rest of the file is parsed


def test_a_folder_walk_skips_the_output_file_and_naming_it_is_a_problem(tmp_path):
    (tmp_path / "a.txt").write_text("President A phoned President B.")
    out = tmp_path / "out.jsonl"
    out.write_text('{"article_id": "a", "ok": true}\n')
    items = list(iter_inputs([tmp_path], exclude=out))
    assert [i.article.id for i in items] == ["a"]
    assert count_inputs([tmp_path], exclude=out) == 1
    (problem,) = iter_inputs([out], exclude=tmp_path / "." / "out.jsonl")
    assert isinstance(problem, InputProblem)
    assert "output file" in problem.message
