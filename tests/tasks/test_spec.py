"""Declarative tasks: the meetings example's task.toml, its models, its gold and the generic scorer."""

from __future__ import annotations

import pytest

import llmextract
from llmextract.eval import generic
from llmextract.tasks.spec import SpecError, load_spec_task
from llmextract.testing import FakeOpenAIServer, Reply, always

MEETINGS = "examples/meetings"
ARTICLE = (
    "BEIJING, April 6, 2023 — Xi Jinping met Emmanuel Macron in Beijing on Thursday; they discussed Ukraine and "
    "trade, the Elysee said."
)
ANSWER = {
    "meetings": [
        {
            "participants": ["Xi Jinping", "Emmanuel Macron"],
            "place": "Beijing",
            "date": "2023-04-06",
            "topics": ["Ukraine", "trade"],
            "evidence": ["Xi Jinping met Emmanuel Macron in Beijing on Thursday", "a sentence not in the text"],
        }
    ]
}


def first(value):
    return value[0] if isinstance(value, list) else value


def as_prediction(task, gold_record):
    """A predicted record equal to a gold record's first alternatives."""
    values = {}
    for name, spec in task.spec.fields.items():
        value = getattr(gold_record, name)
        values[name] = [first(v) for v in value] if spec.kind in ("names", "texts") else first(value)
    return task.record_model.model_construct(**values)


def test_the_meetings_task_builds_bounded_models_from_its_task_toml(root):
    task = llmextract.load_task(root / MEETINGS)
    assert task.name == "meetings" and task.records_key == "meetings" and task.default_prompt == "meetings_v1"
    schema = task.json_schema()
    meeting = schema["$defs"]["Meeting"]
    assert meeting["properties"]["participants"]["maxItems"] == 6
    assert meeting["properties"]["place"]["anyOf"][0]["maxLength"] == 120
    assert schema["properties"]["meetings"]["maxItems"] == 6
    assert task.result_model.records_key == "meetings"
    assert list(task.result_model.model_fields)[:4] == ["article_id", "ok", "meetings", "grounding"]


def test_every_meetings_gold_file_validates_and_has_its_article(root):
    task = llmextract.load_task(root / MEETINGS)
    gold = generic.load_gold(task, task.gold_dir)
    articles = generic.load_articles(task, task.gold_dir, gold)
    assert len(gold) == 14 and len(articles) == 14
    assert all(a.article.published for a in articles)


def test_gold_scored_against_itself_is_perfect_and_a_wrong_date_costs_a_false_positive_and_negative(root):
    task = llmextract.load_task(root / MEETINGS)
    gold = generic.load_gold(task, task.gold_dir)
    perfect = {}
    for aid, g in gold.items():
        records = [as_prediction(task, r) for r in g.meetings]
        perfect[aid] = task.result_model.model_construct(article_id=aid, ok=True, meetings=records, backend="x")
    table = generic.score_corpus(task, gold, perfect).table()
    assert all(table[row].f1 == 1.0 for row in ("participants", "place", "date", "topics", "overall", "meetings"))
    aid = next(a for a, g in gold.items() if g.meetings and g.meetings[0].date)
    wrong = as_prediction(task, gold[aid].meetings[0])
    wrong.date = "1900-01-01"
    one = generic.score_article(task, aid, [wrong], gold[aid].meetings[:1])
    assert (one.row("date").tp, one.row("date").fp, one.row("date").fn) == (0, 1, 1)
    nobody = as_prediction(task, gold[aid].meetings[0])
    nobody.participants = ["Somebody Else", "Another Person"]
    unpaired = generic.score_article(task, aid, [nobody], gold[aid].meetings[:1])
    assert unpaired.row("meetings").fp == 1 and unpaired.row("meetings").fn == 1


def test_the_api_extracts_meetings_through_a_model_endpoint(root):
    task = llmextract.load_task(root / MEETINGS)
    with FakeOpenAIServer(always(Reply(answer=ANSWER))) as fake:
        settings = llmextract.Settings(backend="llm", base_url=fake.base_url, model="fake", max_retries=0)
        result = llmextract.extract(ARTICLE, settings=settings, task=task)
    assert result.ok and result.prompt.name == "meetings_v1"
    (meeting,) = result.meetings
    assert meeting.participants == ["Xi Jinping", "Emmanuel Macron"] and meeting.date == "2023-04-06"
    assert [s.match for s in result.grounding[0].evidence] == ["exact", "not_found"]
    assert result.grounding[0].unsupported == ["evidence.1"]


def test_a_task_without_rules_refuses_the_rules_backend(root):
    with pytest.raises(ValueError, match="no rule extractor"):
        llmextract.extract(ARTICLE, settings=llmextract.Settings(backend="rules"), task=root / MEETINGS)


def test_an_invalid_task_toml_names_the_problem(tmp_path):
    (tmp_path / "task.toml").write_text('name = "x"\nrecord = "X"\nrecords = "xs"\nalign = "who"\nprompt = "p"\n'
                                        '[fields.name]\nkind = "names"\n')  # fmt: skip
    with pytest.raises(SpecError, match="align = 'who' is not one of the fields"):
        load_spec_task(tmp_path)
    with pytest.raises(ValueError, match="unknown task"):
        llmextract.load_task(tmp_path / "nothing-here")


def test_the_service_serves_a_declarative_task(root):
    import httpx

    from llmextract.serve.app import create_app
    from llmextract.testing import running_app

    with FakeOpenAIServer(always(Reply(answer=ANSWER))) as fake:
        settings = llmextract.Settings(
            task=str(root / MEETINGS), backend="llm", base_url=fake.base_url, model="fake", max_retries=0
        )
        with running_app(create_app(settings)) as url:
            one = httpx.post(f"{url}/v1/extract", json={"text": ARTICLE}).json()
            schema = httpx.get(f"{url}/v1/schema").json()
            batch = httpx.post(f"{url}/v1/extract/batch", json={"articles": [{"text": ARTICLE}]}).json()
    assert one["meetings"][0]["place"] == "Beijing" and one["grounding"][0]["unsupported"] == ["evidence.1"]
    assert "meetings" in schema["properties"] and batch["results"][0]["meetings"] == one["meetings"]
