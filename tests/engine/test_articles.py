"""Inputs are read lazily, and every bad input becomes a problem naming the file and what is wrong."""

from __future__ import annotations

from llmextract.engine.articles import InputProblem, SourcedArticle, count_inputs, iter_inputs


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


def test_dangling_symlinks_and_symlink_loops_in_a_folder_become_problems_naming_them(tmp_path):
    (tmp_path / "good.txt").write_text("President A phoned President B.")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop1.jsonl").symlink_to(tmp_path / "loop2.jsonl")
    (tmp_path / "loop2.jsonl").symlink_to(tmp_path / "loop1.jsonl")
    items = list(iter_inputs([tmp_path]))
    problems = {i.source: i for i in items if isinstance(i, InputProblem)}
    assert [i.article.id for i in items if isinstance(i, SourcedArticle)] == ["good"]
    assert problems[str(tmp_path / "dangling.txt")].article_id == "dangling"
    assert "dangling symlink to" in problems[str(tmp_path / "dangling.txt")].message
    assert "symlink loop" in problems[str(tmp_path / "loop1.jsonl")].message
    assert "symlink loop" in problems[str(tmp_path / "loop2.jsonl")].message
    assert count_inputs([tmp_path]) == 4


def test_a_dangling_symlink_named_as_input_says_so(tmp_path):
    link = tmp_path / "x.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    [problem] = iter_inputs([link])
    assert problem.article_id == "x" and "dangling symlink" in problem.message and str(link) in str(problem)


def test_ids_do_not_depend_on_how_a_path_is_spelled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.jsonl").write_text('{"id": "k", "text": "t"}\n{broken\n{"text": "no id"}\n')
    (tmp_path / "a" / "y.txt").write_text("text")
    (tmp_path / "empty").mkdir()
    spellings = [["./a/x.jsonl", "./a/y.txt", "./missing.jsonl", "./empty"],
                 ["a/x.jsonl", "a/y.txt", "missing.jsonl", "empty/"],
                 [str(tmp_path / "a" / "x.jsonl"), str(tmp_path / "a" / "y.txt"), str(tmp_path / "missing.jsonl"),
                  str(tmp_path / "a" / ".." / "empty")]]  # fmt: skip
    ids = [[(i.article_id if isinstance(i, InputProblem) else i.article.id) for i in iter_inputs(s)] for s in spellings]
    assert ids[0] == ["k", "a/x.jsonl:2", "a/x.jsonl:3", "y", "missing.jsonl", "empty"]
    assert ids[0] == ids[1] == ids[2]


def test_an_article_over_the_size_limit_is_a_problem_naming_the_limit(tmp_path):
    (tmp_path / "ten.txt").write_text("é" * 10)
    (tmp_path / "eleven.txt").write_text("é" * 11)
    (tmp_path / "lines.jsonl").write_text('{"id": "s", "text": "short"}\n{"id": "l", "text": "%s"}\n' % ("x" * 11))
    items = {
        (i.article_id if isinstance(i, InputProblem) else i.article.id): i
        for i in iter_inputs([tmp_path], max_chars=10)
    }
    assert isinstance(items["ten"], SourcedArticle) and isinstance(items["s"], SourcedArticle)
    for key in ("eleven", "l"):
        assert isinstance(items[key], InputProblem)
        assert "longer than the limit of 10 characters" in items[key].message
        assert "--max-article-chars" in items[key].message


def test_an_endless_txt_file_is_not_read_to_its_end(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    [problem] = iter_inputs([tmp_path / "zero.txt"], max_chars=1000)
    assert isinstance(problem, InputProblem) and "limit of 1,000 characters" in problem.message


def test_a_huge_file_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    import io

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 3_000_000)
    reads = []
    real_read = io.BufferedReader.read

    class Counting(io.BufferedReader):
        def read(self, size=-1):
            data = real_read(self, size)
            reads.append(len(data))
            return data

    real_open = type(big).open
    monkeypatch.setattr(
        type(big),
        "open",
        lambda self, mode="r", *a, **k: (
            Counting(io.FileIO(self, "rb")) if mode == "rb" else real_open(self, mode, *a, **k)
        ),
    )
    [problem] = iter_inputs([big], max_chars=1000)
    assert isinstance(problem, InputProblem) and sum(reads) <= 4 * 1001 + 4


def test_a_jsonl_line_too_long_for_the_limit_is_skipped_and_the_next_one_read(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "big", "text": "%s"}\n{"id": "next", "text": "ok"}\n' % ("y" * 5000))
    items = list(iter_inputs([path], max_chars=100))
    assert isinstance(items[0], InputProblem) and "limit of 100 characters" in items[0].message
    assert items[0].source.endswith("in.jsonl:1")
    assert items[1].article.id == "next"


def test_an_endless_jsonl_file_is_given_up_on_with_a_problem(tmp_path):
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    [problem] = iter_inputs([tmp_path / "zero.jsonl"], max_chars=10)
    assert isinstance(problem, InputProblem) and "limit of 10 characters" in problem.message
    assert "the rest of the file is not read" in problem.message


def test_a_line_far_over_the_limit_is_skipped_and_the_next_one_read(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "big", "text": "%s"}\n{"id": "next", "text": "ok"}\n' % ("y" * 300_000))
    items = list(iter_inputs([path], max_chars=10))
    assert isinstance(items[0], InputProblem) and "limit of 10 characters" in items[0].message
    assert items[1].article.id == "next"


def test_a_folders_meta_jsonl_dates_its_txt_articles_and_is_not_an_input(tmp_path):
    (tmp_path / "a.txt").write_text("Obama called Putin on Tuesday.")
    (tmp_path / "b.txt").write_text("Merkel phoned Macron.")
    (tmp_path / "meta.jsonl").write_text('{"id": "a", "published": "2013-04-30", "url": "https://example.org/a"}\n')
    items = list(iter_inputs([tmp_path]))
    assert [(i.article.id, i.article.published) for i in items] == [("a", "2013-04-30"), ("b", None)]
    assert count_inputs([tmp_path]) == 2


def test_a_malformed_meta_jsonl_is_a_problem_naming_it_and_its_line_and_the_articles_are_still_read(tmp_path):
    (tmp_path / "a.txt").write_text("Obama called Putin on Tuesday.")
    (tmp_path / "meta.jsonl").write_text('{"id": "a", "published": "2013-04-30"}\n{broken\n')
    problems = [i for i in iter_inputs([tmp_path]) if isinstance(i, InputProblem)]
    articles = [i for i in iter_inputs([tmp_path]) if isinstance(i, SourcedArticle)]
    assert len(problems) == 1 and problems[0].source.endswith("meta.jsonl") and "line 2" in problems[0].message
    assert [a.article.id for a in articles] == ["a"] and articles[0].article.published is None
