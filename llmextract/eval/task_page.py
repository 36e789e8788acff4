"""The review page of a declarative task (:mod:`llmextract.tasks.spec`): one self-contained HTML file.

For each system, its score table; then, article by article, the text and a table per system of its records,
each paired with a gold record as the scorer paired them (:func:`llmextract.eval.generic.pair_records`) and
each field marked right or wrong against that record; unpaired records are false, gold records no system
found are listed as missed. The calls task has its own, richer page (:mod:`llmextract.eval.review`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from llmextract.engine.records import ResultBase
from llmextract.eval.generic import SpecScore, field_counts, pair_records
from llmextract.tasks.spec import SpecTask

__all__ = ["build_task_page"]

TEMPLATES = Path(__file__).parent / "templates"
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


@dataclass
class Cell:
    text: str
    state: str = ""  # "correct", "partial" (a list with some values right), "wrong" or "" (not scored)
    gold: str = ""


@dataclass
class Row:
    state: str  # "paired", "false" (no gold record) or "missed" (a gold record the system did not find)
    cells: list[Cell] = field(default_factory=list)


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return "; ".join(" / ".join(v) if isinstance(v, list) else str(v) for v in value) or "–"
    return str(value)


def _rows(task: SpecTask, predicted: list[Any], gold: list[Any], names: list[str]) -> list[Row]:
    pairs = dict(pair_records(task, predicted, gold))
    scored = task.scored_fields
    rows = []
    for i, record in enumerate(predicted):
        j = pairs.get(i)
        cells = []
        for name in names:
            value = getattr(record, name)
            if name not in scored or j is None:
                cells.append(Cell(_show(value)))
                continue
            counts = field_counts(value, getattr(gold[j], name), scored[name])
            right = counts.fp == 0 and counts.fn == 0
            state = "correct" if right else ("partial" if counts.tp else "wrong")
            cells.append(Cell(_show(value), state, "" if right else _show(getattr(gold[j], name))))
        rows.append(Row("paired" if j is not None else "false", cells))
    found = set(pairs.values())
    rows += [Row("missed", [Cell(_show(getattr(g, n))) for n in names]) for j, g in enumerate(gold) if j not in found]
    return rows


def build_task_page(
    task: SpecTask,
    texts: Mapping[str, str],
    runs: Mapping[str, Mapping[str, ResultBase]],
    gold: Mapping[str, Any] | None = None,
    scores: Mapping[str, SpecScore] | None = None,
    ci: Mapping[str, Mapping[str, Any]] | None = None,
    title: str | None = None,
) -> str:
    """The page: ``runs`` maps a system's name to its results by article id; ``gold`` (optional) marks them."""
    names = [n for n in task.spec.fields if n not in task.evidence_fields] + task.evidence_fields
    ids = sorted(set(gold or {}) | {aid for results in runs.values() for aid in results})
    articles = []
    for aid in ids:
        gold_records = list(getattr(gold[aid], task.records_key)) if gold and aid in gold else []
        systems = []
        for system, results in runs.items():
            result = results.get(aid)
            error = None if result is None or result.ok else (result.error.message if result.error else "failed")  # type: ignore[attr-defined]
            predicted = list(result.records) if result is not None and result.ok else []  # type: ignore[attr-defined]
            rows = _rows(task, predicted, gold_records if gold else [], names)
            if not gold:
                rows = [Row("", r.cells) for r in rows]
            systems.append({"name": system, "missing": result is None, "error": error, "rows": rows})
        articles.append({"id": aid, "text": texts.get(aid), "systems": systems})
    tables = {
        name: [(row, c, (ci or {}).get(name, {}).get(row)) for row, c in score.table().items()]
        for name, score in (scores or {}).items()
    }
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template("task_review.html.j2").render(
        title=title or f"llmextract review: {task.name}",
        csp=_CSP,
        css=(TEMPLATES / "review.css").read_text(encoding="utf-8"),
        task=task.name,
        noun=task.records_key,
        fields=names,
        tables=tables,
        articles=articles,
        scored=gold is not None,
    )
