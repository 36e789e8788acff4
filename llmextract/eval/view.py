"""The eval viewer: one self-contained HTML page of an eval (``llmextract view``, ``eval --out x.html``).

It shows, for systems scored on one gold set (the rule baseline, prompt versions, the hybrid, prediction
files): per-field P/R/F1 with 95% intervals as a chart (inline SVG, :mod:`llmextract.eval.charts`) and a table;
a matrix of articles x systems with each article's F1, where a click opens the article with its text, the
gold calls and every system's calls side by side (review cards, :func:`llmextract.eval.review.cards_html`), the
gold values some systems got and others missed, and each model answer recorded for it (the prompt
re-rendered from its files, and the raw answer from the store); and the history of F1 per run.

The page is a Jinja2 template with a stylesheet and a script (``templates/view.*``, package data), all
inlined; a Content-Security-Policy forbids loading anything.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from llmextract.backends.hybrid import call_passage
from llmextract.engine.prompts import Prompt, PromptError, load_prompt
from llmextract.engine.records import Article
from llmextract.engine.store import Entry, ResponseStore
from llmextract.eval.charts import colour, interval_bars, line_chart
from llmextract.eval.gold import GoldCall, alternatives
from llmextract.eval.review import CSS as REVIEW_CSS
from llmextract.eval.review import cards_html
from llmextract.eval.runner import EvalSet, System
from llmextract.eval.score import ROWS, CorpusScore, GoldOutcome
from llmextract.tasks.calls.schema import ArticleResult

__all__ = ["Recording", "build_view", "cell_f1", "flipped", "history_series", "recordings_for"]

TEMPLATES = Path(__file__).parent / "templates"
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
HISTORY_ROWS = ("calls", "macro", "overall")


# --------------------------------------------------------------------------- per article


def cell_f1(corpus: CorpusScore, article_id: str) -> tuple[float | None, str]:
    """An article's F1 over all fields for one system, and its state: ok, empty (no call in gold nor
    prediction: right), failed or missing (no prediction)."""
    article = next((a for a in corpus.articles if a.article_id == article_id), None)
    if article is None:
        return None, "missing"
    counts = article.row("overall")
    if article.status != "ok":
        return counts.f1 or 0.0, article.status
    if counts.tp + counts.fp + counts.fn == 0:
        return None, "empty"
    return counts.f1 or 0.0, "ok"


@dataclass
class Flip:
    """A gold value that some systems matched and others did not."""

    gold_call: int
    field: str
    item: int | None
    gold: Any
    matched: dict[str, bool]


def flipped(outcomes: Mapping[str, Sequence[GoldOutcome]]) -> list[Flip]:
    """The gold values of one article matched by some systems and missed by others (``outcomes``: per system)."""
    by_key: dict[tuple[int, str, int | None], Flip] = {}
    for system, items in outcomes.items():
        for o in items:
            flip = by_key.setdefault((o.gold_call, o.field, o.item), Flip(o.gold_call, o.field, o.item, o.gold, {}))
            flip.matched[system] = o.matched
    return [f for f in by_key.values() if len(set(f.matched.values())) > 1]


# --------------------------------------------------------------------------- recorded answers


@dataclass
class Recording:
    """The model answers recorded for one article with one prompt, and that prompt's messages."""

    prompt: str
    prompt_hash: str | None
    messages: list[list[dict[str, str]]] = field(default_factory=list)  # one list per question asked
    entries: list[Entry] = field(default_factory=list)
    note: str | None = None


@functools.lru_cache(maxsize=32)
def _prompt(name: str) -> Prompt | None:
    try:
        return load_prompt(name)
    except PromptError:
        return None


def index_store(store: Path | None) -> dict[tuple[str, str], list[Entry]]:
    """The entries of a response store by (article id, prompt name), oldest first (the key is a hash)."""
    out: dict[tuple[str, str], list[Entry]] = {}
    for entry in ResponseStore(store).entries() if store is not None else ():
        out.setdefault((entry.article_id, entry.prompt.name), []).append(entry)
    for entries in out.values():
        entries.sort(key=lambda e: e.recorded_at)
    return out


def recordings_for(
    result: ArticleResult | None, article: Article, index: Mapping[tuple[str, str], list[Entry]]
) -> list[Recording]:
    """The recorded answers behind one system's result on one article: one :class:`Recording` per prompt the
    system used that has answers recorded for the article (a hybrid uses two or three), those of the prompt's
    current version when there are any."""
    if result is None or result.prompt is None:
        return []
    out = []
    for name in result.prompt.name.split("+"):
        prompt = _prompt(name)
        entries = index.get((article.id, name), [])
        if prompt is not None:
            entries = [e for e in entries if e.prompt.hash == prompt.hash] or entries
        rec = Recording(name, prompt.hash if prompt else None, entries=entries)
        if prompt is None:
            rec.note = f"prompt {name!r} not found under prompts/: messages not shown"
        else:
            try:
                rec.messages = [prompt.render(article)]
            except PromptError:  # a question about one call: rendered for each call of the result
                try:
                    for call in result.calls:
                        names = " and ".join(p.name for p in call.participants)
                        context = {"call": names + (f", {call.date}" if call.date else ""),
                                   "passage": call_passage(article, call)}  # fmt: skip
                        rec.messages.append(prompt.render(article, **context))
                except PromptError:
                    rec.note = "this prompt asks about one sentence at a time: messages not re-rendered"
        if rec.entries:
            out.append(rec)
    return out


# --------------------------------------------------------------------------- history


def history_series(
    rows: Sequence[Mapping[str, Any]], metric: str
) -> tuple[list[str], dict[str, list[float | None]], list[str]]:
    """Points (one per commit, or per run date before commits were recorded, in time order), one series per
    system (its last F1 at each point), and a tooltip per point (the prompt hashes)."""
    points: list[str] = []
    tips: dict[str, set[str]] = {}
    for r in sorted(rows, key=lambda r: str(r.get("date", ""))):
        point = str(r.get("commit") or "")[:12] or str(r.get("date", ""))[:16].replace("T", " ")
        if point not in points:
            points.append(point)
        if r.get("prompt_hash"):
            tips.setdefault(point, set()).add(f"{r.get('system')} {r.get('prompt_hash')}")
    series: dict[str, list[float | None]] = {}
    for r in sorted(rows, key=lambda r: str(r.get("date", ""))):
        point = str(r.get("commit") or "")[:12] or str(r.get("date", ""))[:16].replace("T", " ")
        line = series.setdefault(str(r.get("system")), [None] * len(points))
        line[points.index(point)] = (r.get("f1") or {}).get(metric)
    return points, series, ["; ".join(sorted(tips.get(p, ()))) for p in points]


def _history_html(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per gold set: the line charts of F1 (calls, macro, overall, then each field)."""
    golds: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        golds.setdefault(str(r.get("gold")), []).append(r)
    out = []
    for gold, part in sorted(golds.items(), key=lambda kv: -len(kv[1])):
        charts = []
        for metric in (*HISTORY_ROWS, *(r for r in ROWS if r not in HISTORY_ROWS)):
            points, series, tips = history_series(part, metric)
            charts.append(line_chart(points, series, f"{metric} F1", tips))
        out.append({"gold": gold, "rows": len(part), "charts": charts})
    return out


# --------------------------------------------------------------------------- the page


def _f1(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def gold_value(value: Any) -> str:
    """A gold value for display: its first alternative, then the others in brackets ("none" for null)."""
    alts = alternatives(value)
    if not alts:
        return "none"
    return str(alts[0]) + (f" (or {'; '.join(str(a) for a in alts[1:])})" if len(alts) > 1 else "")


def gold_rows(call: GoldCall) -> list[tuple[str, str]]:
    """A gold call as (label, value) rows, the fields in the review cards' order."""
    rows = []
    for k, person in enumerate(call.participants, start=1):
        extra = [gold_value(v) for v in (person.role, person.country) if v is not None]
        rows.append((f"participant {k}", gold_value(person.name) + (f" ({', '.join(extra)})" if extra else "")))
    for name, label in (("initiator", "initiator"), ("date", "date"), ("medium", "medium"),
                        ("duration_minutes", "duration")):  # fmt: skip
        if getattr(call, name) is not None:
            rows.append((label, gold_value(getattr(call, name))))
    for name, label in (("topics", "topics"), ("outcomes", "outcomes"), ("reported_by", "reported by")):
        if getattr(call, name):
            rows.append((label, " · ".join(gold_value(v) for v in getattr(call, name))))
    return rows


def build_view(
    eval_set: EvalSet,
    systems: Sequence[System],
    scores: Mapping[str, CorpusScore],
    ci: Mapping[str, Mapping[str, tuple[float, float] | None]] | None = None,
    store: Path | None = None,
    history: Sequence[Mapping[str, Any]] = (),
    title: str = "llmextract eval",
    gold_name: str = "gold",
) -> str:
    """The whole viewer page as one HTML string (see the module docstring)."""
    names = [s.name for s in systems]
    tables = {n: scores[n].table() for n in names}
    values = {n: {r: tables[n][r].f1 for r in ROWS} for n in names}
    chart = interval_bars(ROWS, names, values, ci, title="F1 per field" + (" with 95% intervals" if ci else ""))
    score_rows = [
        {"row": r, "cells": [(tables[n][r], (ci or {}).get(n, {}).get(r) if ci else None) for n in names]} for r in ROWS
    ]
    by_article = {n: {a.article_id: a for a in scores[n].articles} for n in names}
    groups = eval_set.folders or {gold_name: eval_set.ids}
    index = index_store(store)
    matrix, articles = [], []
    number = {aid: k for k, aid in enumerate(eval_set.ids, start=1)}
    for folder, ids in groups.items():
        lines = []
        for aid in sorted(ids):
            cells = []
            for n in names:
                f1, state = cell_f1(scores[n], aid)
                cells.append({"system": n, "f1": f1, "state": state, "label": _f1(f1) if state != "empty" else "∅"})
            lines.append({"id": aid, "number": number[aid], "cells": cells})
        matrix.append({"folder": folder, "articles": lines})
    for aid in eval_set.ids:
        article = Article(id=aid, text=eval_set.texts.get(aid, ""), published=eval_set.published.get(aid))
        gold_article = eval_set.gold[aid]
        columns = []
        for s in systems:
            result, score = s.predictions.get(aid), by_article[s.name].get(aid)
            f1, state = cell_f1(scores[s.name], aid)
            columns.append({"system": s.name, "f1": _f1(f1), "state": state,
                            "cards": cards_html(aid, result, gold_article, score),
                            "recordings": recordings_for(result, article, index)})  # fmt: skip
        outcomes = {n: a.outcomes for n in names if (a := by_article[n].get(aid)) is not None}
        articles.append({"id": aid, "number": number[aid], "text": eval_set.texts.get(aid),
                         "published": article.published, "gold": gold_article, "columns": columns,
                         "flips": flipped(outcomes)})  # fmt: skip
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)  # fmt: skip
    env.filters["f1"] = _f1
    env.filters["gold"] = gold_value
    env.filters["gold_rows"] = gold_rows
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)
    return env.get_template("view.html.j2").render(
        title=title, gold_name=gold_name, names=names, colours=[colour(i) for i in range(len(names))],
        chart=chart, score_rows=score_rows, coverage={n: scores[n] for n in names}, matrix=matrix,
        articles=articles, history=_history_html(history), n_history=len(history), csp=CSP,
        css=(TEMPLATES / "view.css").read_text(encoding="utf-8") + REVIEW_CSS,
        js=(TEMPLATES / "view.js").read_text(encoding="utf-8"), has_ci=ci is not None,
    )  # fmt: skip
