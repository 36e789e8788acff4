"""The review page: highlights, marks from scoring, escaping, texts found from the inputs, the CLI."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from llmextract.cli import main
from llmextract.eval.gold import GoldArticle
from llmextract.eval.review import article_views, build_page, find_texts
from llmextract.eval.score import score_corpus
from llmextract.tasks.calls.schema import ArticleResult, Call, CallGrounding, EvidenceSpan

TEXT = (
    "WASHINGTON, April 30 - US President Barack Obama has called up his Russian counterpart Vladimir Putin "
    "to discuss counter-terrorism and Syria, the White House said.\n\nThe call lasted 20 minutes."
)
GOLD_CALL: dict[str, Any] = {
    "participants": [
        {"name": "Barack Obama", "role": "President of the United States", "country": "US"},
        {"name": "Vladimir Putin", "role": "President of Russia", "country": "RU"},
    ],
    "initiator": "Barack Obama",
    "date": "2013-04-29",
    "duration_minutes": 20,
    "topics": ["Syria", "counter-terrorism"],
    "reported_by": ["White House"],
    "evidence": ["US President Barack Obama has called up his Russian counterpart Vladimir Putin"],
}


def call(**changes: Any) -> Call:
    data = copy.deepcopy(GOLD_CALL)
    data.update(changes)
    return Call.model_validate(data)


def result(aid: str, calls: list[Call], ok: bool = True, source: str | None = None) -> ArticleResult:
    error = None if ok else {"kind": "timeout", "message": "no result within 60s"}
    return ArticleResult(article_id=aid, ok=ok, calls=calls, backend="llm", model="m", error=error, source=source)


def gold(aid: str, calls: list[dict[str, Any]]) -> GoldArticle:
    return GoldArticle.model_validate({"article_id": aid, "calls": calls})


class Parsed(HTMLParser):
    """Collect elements with their attributes and the text of each highlight (enough to check the structure)."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self.scripts = 0
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.classes.append((tag, a))
        self.scripts += tag == "script"
        if tag == "mark" and a.get("data-calls") is not None:  # a highlight in an article (not the legend)
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data

    def with_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.classes if name in (a.get("class") or "").split()]


def parse(page: str) -> Parsed:
    p = Parsed()
    p.feed(page)
    return p


def values_of(view_cards: Any, label: str) -> list[tuple[str, str | None, str | None]]:
    for card in view_cards:
        for row_label, values in card.rows:
            if row_label == label:
                return [(v.text, v.mark, v.gold) for v in values]
    return []


# --------------------------------------------------------------------------- marks from scoring


def test_values_are_marked_correct_wrong_or_missed_as_scoring_aligned_them() -> None:
    predicted = call(
        date="2013-04-30",  # wrong
        initiator=None,  # missed
        topics=["Syria", "Iran"],  # one right, one wrong, "counter-terrorism" missed
        participants=[
            {"name": "Barack Obama", "role": "President of the United States", "country": "US"},
            {"name": "Vladimir Putin", "role": "Chairman", "country": "RU"},  # wrong role
        ],
    )
    results = {"a1": result("a1", [predicted])}
    golds = {"a1": gold("a1", [GOLD_CALL])}
    corpus = score_corpus(golds, results, {"a1": TEXT})
    [view] = article_views(results, {"a1": TEXT}, golds, corpus)
    [card] = view.cards
    assert card.kind == "predicted" and card.status == "matches gold call 1"
    assert values_of(view.cards, "date") == [("2013-04-30", "wrong", "2013-04-29")]
    assert values_of(view.cards, "initiator") == [("Barack Obama", "missed", None)]
    assert values_of(view.cards, "topics") == [
        ("Syria", "correct", None),
        ("Iran", "wrong", None),
        ("counter-terrorism", "missed", None),
    ]
    assert values_of(view.cards, "participant 2") == [
        ("Vladimir Putin", "correct", None),
        ("Chairman", "wrong", "President of Russia"),
        ("RU", "correct", None),
    ]
    assert values_of(view.cards, "duration") == [("20 min", "correct", None)]
    assert view.errors == len(corpus.articles[0].errors) == 4  # role, initiator, date, topics


def test_spurious_and_missed_calls_get_their_own_cards() -> None:
    merkel = {
        "participants": [{"name": "Angela Merkel"}, {"name": "Vladimir Putin"}],
        "evidence": ["Merkel spoke with Putin"],
    }
    spurious = call(participants=[{"name": "Xi Jinping"}, {"name": "Joe Biden"}], initiator=None,
                    evidence=["Xi phoned Biden"])  # fmt: skip
    results = {"a1": result("a1", [call(), spurious])}
    golds = {"a1": gold("a1", [GOLD_CALL, merkel])}
    views = article_views(results, {"a1": TEXT}, golds, score_corpus(golds, results, {"a1": TEXT}))
    kinds = [(c.kind, c.call) for c in views[0].cards]
    assert kinds == [("predicted", 0), ("spurious", 1), ("missed", 1)]
    missed = views[0].cards[2]
    assert missed.rows[0] == ("participant 1", [missed.rows[0][1][0]]) and missed.rows[0][1][0].text == "Angela Merkel"
    assert all(v.mark == "spurious" for _, values in views[0].cards[1].rows for v in values)


def test_without_gold_values_are_unmarked_but_unsupported_ones_are_flagged() -> None:
    invented = call(participants=[{"name": "Barack Obama"}, {"name": "Angela Merkel"}], duration_minutes=45)
    [view] = article_views({"a1": result("a1", [invented])}, {"a1": TEXT})
    assert not view.scored and view.errors == 0
    assert view.unsupported == 2  # the name and the duration
    names = [(v.text, v.mark, v.unsupported) for v in dict(view.cards[0].rows)["participant 2"]]
    assert names[0] == ("Angela Merkel", None, True)
    assert [(v.text, v.unsupported) for v in dict(view.cards[0].rows)["duration"]] == [("45 min", True)]


# --------------------------------------------------------------------------- the HTML


def test_evidence_is_highlighted_in_the_text_and_linked_from_the_card() -> None:
    fuzzy = "US President Barack Obama has called his Russian counterpart Vladimir Putin to discuss counter-terrorism"
    c = call(evidence=["The call lasted 20 minutes.", fuzzy, "Obama and Putin met in Geneva."])
    page = build_page({"a1": result("a1", [c])}, {"a1": TEXT})
    p = parse(page)
    assert "The call lasted 20 minutes." in p.marks
    fuzzy_marks = [a for a in p.with_class("fuzzy") if a.get("data-calls") == "0"]
    assert fuzzy_marks and "fuzzy" in (fuzzy_marks[0]["title"] or "")
    # every located passage links to its highlight; the invented one is flagged, not linked
    anchors = {a.get("id") for _, a in p.classes if a.get("class") == "anchor"}
    links = {a.get("href") for _, a in p.classes if a.get("data-jump")}
    assert links == {"#a1-c0-e0", "#a1-c0-e1"} and {"a1-c0-e0", "a1-c0-e1"} <= anchors
    assert len(p.with_class("m-not_found")) == 1


def test_overlapping_passages_of_two_calls_are_split_into_segments() -> None:
    first = call(evidence=["US President Barack Obama has called up his Russian counterpart"])
    second = call(evidence=["his Russian counterpart Vladimir Putin"])
    p = parse(build_page({"a1": result("a1", [first, second])}, {"a1": TEXT}))
    assert p.marks == ["US President Barack Obama has called up ", "his Russian counterpart", " Vladimir Putin"]
    assert [a["data-calls"] for a in p.with_class("ev") if "data-calls" in a] == ["0", "0 1", "1"]
    assert p.with_class("multi")


def test_the_evidence_of_a_missed_gold_call_is_marked_in_the_text() -> None:
    second = {
        "participants": [{"name": "Barack Obama"}, {"name": "Vladimir Putin"}],
        "duration_minutes": 20,
        "evidence": ["The call lasted 20 minutes."],
    }
    golds = {"a1": gold("a1", [GOLD_CALL, second])}
    page = build_page({"a1": result("a1", [call(duration_minutes=None)])}, {"a1": TEXT}, golds)
    p = parse(page)
    [missed] = [a for a in p.with_class("missed-ev") if a.get("data-calls") == ""]
    assert "gold call 2 (missed)" in (missed["title"] or "")
    assert "The call lasted 20 minutes." in p.marks
    assert "#a1-g1-e0" in {a.get("href") for _, a in p.classes if a.get("data-jump")}


def test_every_text_is_escaped() -> None:
    evil = '<script>alert("x")</script>'
    text = f"Obama phoned Putin {evil} on Friday & said <b>hi</b>."
    c = call(topics=[evil], evidence=[f"Obama phoned Putin {evil}"], participants=[
        {"name": "Barack Obama", "role": evil}, {"name": "Vladimir Putin"}])  # fmt: skip
    aid = 'x"><img src=x onerror=alert(1)>'
    page = build_page({aid: result(aid, [c], source=evil)}, {aid: text}, title=evil)
    assert "<script>alert" not in page and "<img" not in page and "<b>hi" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    p = parse(page)
    assert p.scripts == 1  # only the page's own script
    assert any(evil in m for m in p.marks)  # escaped text still highlights, and reads back unchanged
    assert next(a.get("data-article") for _, a in p.classes if a.get("data-article")) == aid


def test_the_page_loads_nothing_from_anywhere() -> None:
    golds = {"a1": gold("a1", [GOLD_CALL])}
    page = build_page({"a1": result("a1", [call()])}, {"a1": TEXT}, golds)
    p = parse(page)
    assert not [a for _, a in p.classes if a.get("src")]  # no images, scripts or frames from files or the network
    assert not [a for tag, a in p.classes if tag == "link"]
    assert not re.search(r"https?://", page)
    csp = [a for tag, a in p.classes if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_summary_table_and_filters_with_gold() -> None:
    golds = {"a1": gold("a1", [GOLD_CALL]), "a2": gold("a2", [GOLD_CALL]), "a3": gold("a3", [])}
    results = {"a1": result("a1", [call()]), "a2": result("a2", [call(date="2013-01-01")]),
               "a3": result("a3", [], ok=False)}  # fmt: skip
    texts = {aid: TEXT for aid in golds}
    page = build_page(results, texts, golds)
    p = parse(page)
    rows = {a.get("data-article"): a for tag, a in p.classes if tag == "section"}
    assert {k: (v["data-errors"], v["data-failed"]) for k, v in rows.items()} == {
        "a1": ("0", "0"),
        "a2": ("1", "0"),
        "a3": ("1", "1"),  # a failed article counts as having an error
    }
    assert 'class="scores"' in page and "<td>date</td>" in page
    assert "evidence grounded 100.0% (2/2), located 100.0%" in page
    assert "failed: timeout: no result within 60s" in page
    assert 'id="f-errors"' in page and "<label hidden>" not in page


def test_without_gold_there_is_no_score_table_and_no_error_filter() -> None:
    page = build_page({"a1": result("a1", [call()])}, {"a1": TEXT})
    assert 'class="scores"' not in page and "<label hidden>" in page
    assert "evidence located 1/1 (1 exact, 0 normalised, 0 fuzzy); names supported 2/2" in page


def test_a_missing_text_is_said_and_the_calls_still_shown() -> None:
    page = build_page({"a1": result("a1", [call()])}, {})
    assert "Article text not found" in page and "Barack Obama" in page
    assert "text not found for 1" in page
    assert "<mark" not in page.split("<main>")[1].split('<details class="idx"')[1]


def test_without_the_text_the_lines_own_grounding_still_flags_values() -> None:
    line = result("a1", [call(duration_minutes=45)])
    line.grounding = [CallGrounding(evidence=[EvidenceSpan(match="exact", start=0, end=5)],
                                    unsupported=["duration_minutes"])]  # fmt: skip
    [view] = article_views({"a1": line}, {})
    assert view.unsupported == 1 and view.highlights == []
    assert [(v.text, v.unsupported) for v in dict(view.cards[0].rows)["duration"]] == [("45 min", True)]
    assert view.cards[0].evidence[0].anchor is None  # nothing to link to


# --------------------------------------------------------------------------- article texts


def test_texts_come_from_the_paths_then_the_sources_then_the_fallback(tmp_path: Path) -> None:
    (tmp_path / "given").mkdir()
    (tmp_path / "given" / "a1.txt").write_text("text of a1 from --articles")
    (tmp_path / "a2.txt").write_text("text of a2 from its source")
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a3", "text": "text of a3 from a JSONL source"}) + "\n")
    (tmp_path / "fallback").mkdir()
    (tmp_path / "fallback" / "a4.txt").write_text("text of a4 from the fallback")
    (tmp_path / "fallback" / "a1.txt").write_text("not this one: --articles wins")
    results = {
        "a1": result("a1", [], source="elsewhere/a1.txt"),
        "a2": result("a2", [], source=str(tmp_path / "a2.txt")),
        "a3": result("a3", [], source=f"{tmp_path / 'in.jsonl'}:1"),
        "a4": result("a4", [], source="gold:a4"),
        "a5": result("a5", [], source="gold:a5"),
    }
    texts = find_texts(results, [tmp_path / "given"], [tmp_path / "fallback", tmp_path / "absent"])
    assert texts == {
        "a1": "text of a1 from --articles",
        "a2": "text of a2 from its source",
        "a3": "text of a3 from a JSONL source",
        "a4": "text of a4 from the fallback",
    }


def test_a_gold_article_no_result_covers_is_looked_for_in_the_fallback_when_every_result_has_its_text(
    tmp_path: Path,
) -> None:
    (tmp_path / "a1.txt").write_text("text of a1 from its source")
    (tmp_path / "fallback").mkdir()
    (tmp_path / "fallback" / "g1.txt").write_text("text of the gold article g1")
    results = {"a1": result("a1", [], source=str(tmp_path / "a1.txt"))}
    texts = find_texts(results, [], [tmp_path / "fallback"], wanted=["g1"])
    assert texts == {"a1": "text of a1 from its source", "g1": "text of the gold article g1"}


# --------------------------------------------------------------------------- the command


def test_review_command_writes_the_page_scoring_only_the_gold_articles_the_run_covers(
    tmp_path: Path, capsys: Any
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a1.txt").write_text(TEXT)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a1.json").write_text(json.dumps({"article_id": "a1", "calls": [GOLD_CALL]}))
    (gold_dir / "a2.json").write_text(json.dumps({"article_id": "a2", "calls": []}))
    run = tmp_path / "run.jsonl"
    run.write_text(result("a1", [call()], source="a1.txt").model_dump_json() + "\n")
    out = tmp_path / "out" / "review.html"
    assert main(["review", str(run), "--gold", str(gold_dir), "--articles", str(articles), "-o", str(out)]) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Review: run.jsonl" in page
    assert "Warning: the run covers 1 of the 2 gold articles: only those 1 are scored." in page
    assert 'data-article="a2"' not in page
    err = capsys.readouterr().err
    assert "warning: the run covers 1 of the 2 gold articles: only those 1 are scored" in err
    assert f"review page: 1 article(s), scored against {gold_dir} -> {out}" in err


def test_report_command_names_a_bad_run_file(tmp_path: Path, capsys: Any) -> None:
    run = tmp_path / "run.jsonl"
    run.write_text("not json\n")
    assert main(["review", str(run), "-o", str(tmp_path / "x.html")]) == 2
    assert f"{run}:1: invalid JSON" in capsys.readouterr().err
