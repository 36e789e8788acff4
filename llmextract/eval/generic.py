"""The generic scorer of a declarative task (:mod:`llmextract.tasks.spec`), and its eval run.

Records are aligned one to one within an article, maximising the matched values (a pair needs at least one
matched value of the task's ``align`` field). Per field, micro-averaged over the corpus: list fields count
each element (names matched by the spec's name rule, text by token F1 >= 0.5, by maximum bipartite
matching), scalar fields count a true positive when equal (text by token F1 >= 0.5, dates and codes exactly)
and a false positive and a false negative when they differ. Unpaired predicted records count every value as a
false positive, unpaired gold records as false negatives. Rows: each scored field, ``overall`` (all fields'
counts summed), ``macro`` (the mean of the fields' F1) and the records row (pairs found). The counts and the
bootstrap are the calls scorer's (:mod:`.counts`, :mod:`.bootstrap`).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmextract.backends import open_backend
from llmextract.config import Settings
from llmextract.engine.articles import SourcedArticle
from llmextract.engine.pipeline import RunOptions, RunSummary, run
from llmextract.engine.records import Article, ResultBase
from llmextract.eval.align import _align, _max_matching
from llmextract.eval.bootstrap import bootstrap_ci
from llmextract.eval.counts import Counts, MacroCounts
from llmextract.eval.gold import load_articles_dir, load_published_dir
from llmextract.eval.text import alternatives, normalize_text, resolve_name, text_match
from llmextract.tasks.spec import FieldSpec, SpecTask


@dataclass
class SpecArticleScore:
    article_id: str
    counts: dict[str, Counts]
    status: str = "ok"  # ok | missing | failed

    def row(self, name: str) -> Counts:
        return self.counts[name]


@dataclass
class SpecScore:
    """A corpus score of a declarative task: ``table()`` maps each row to its counts (P/R/F1)."""

    rows: tuple[str, ...]
    fields: tuple[str, ...]
    articles: list[SpecArticleScore] = field(default_factory=list)

    def row(self, name: str) -> Counts:
        if name == "macro":
            return MacroCounts.of({f: self.row(f) for f in self.fields}, fields=self.fields)
        total = Counts()
        for a in self.articles:
            total += a.row(name)
        return total

    def table(self) -> dict[str, Counts]:
        return {r: self.row(r) for r in self.rows}

    @property
    def n_articles(self) -> int:
        return len(self.articles)

    @property
    def n_failed(self) -> int:
        return sum(a.status == "failed" for a in self.articles)

    @property
    def n_missing(self) -> int:
        return sum(a.status == "missing" for a in self.articles)


def _values(value: Any, spec: FieldSpec) -> list[Any]:
    if spec.kind in ("names", "texts"):
        return list(value or [])
    return [] if value is None else [value]


def _match(pred: Any, gold: Any, spec: FieldSpec) -> bool:
    if spec.kind in ("name", "names"):
        return bool(resolve_name(str(pred), [gold]))
    if spec.kind in ("text", "texts"):
        return text_match(str(pred), gold)
    if spec.kind == "integer":
        return pred in alternatives(gold)
    return any(normalize_text(str(pred)) == normalize_text(str(g)) for g in alternatives(gold))


def field_counts(pred: Any, gold: Any, spec: FieldSpec) -> Counts:
    """Counts of one field of one pair (either side may be None: an unpaired record)."""
    p = _values(pred, spec) if pred is not None or spec.kind not in ("names", "texts") else []
    g = _values(gold, spec)
    if spec.kind in ("names", "texts"):
        edges = [[j for j, gv in enumerate(g) if _match(pv, gv, spec)] for pv in p]
        tp = len(_max_matching(edges, len(g)))
        return Counts(tp, len(p) - tp, len(g) - tp)
    if not p and not g:
        return Counts()
    if p and g:
        return Counts(1, 0, 0) if _match(p[0], g[0], spec) else Counts(0, 1, 1)
    return Counts(0, len(p), len(g))


def pair_records(task: SpecTask, predicted: Sequence[Any], gold: Sequence[Any]) -> list[tuple[int, int]]:
    """The one-to-one pairs (predicted index, gold index) that maximise the matched values; a pair shares at
    least one value of the task's ``align`` field."""
    fields = task.scored_fields
    align = task.spec.fields[task.spec.align]
    weights: list[list[tuple[int, int, int] | None]] = []
    for p in predicted:
        row: list[tuple[int, int, int] | None] = []
        for g in gold:
            if field_counts(getattr(p, task.spec.align), getattr(g, task.spec.align), align).tp == 0:
                row.append(None)
                continue
            tp = sum(field_counts(getattr(p, n), getattr(g, n), f).tp for n, f in fields.items())
            row.append((tp, 1, 0))
        weights.append(row)
    return _align(weights, len(gold)) if predicted and gold else []


def score_article(
    task: SpecTask, article_id: str, predicted: Sequence[Any], gold: Sequence[Any], status: str = "ok"
) -> SpecArticleScore:
    fields = task.scored_fields
    pairs = pair_records(task, predicted, gold)
    counts = {n: Counts() for n in fields}
    for i, j in pairs:
        for n, f in fields.items():
            counts[n] += field_counts(getattr(predicted[i], n), getattr(gold[j], n), f)
    paired_p, paired_g = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, p in enumerate(predicted):
        if i not in paired_p:
            for n, f in fields.items():
                counts[n] += Counts(0, len(_values(getattr(p, n), f)), 0)
    for j, g in enumerate(gold):
        if j not in paired_g:
            for n, f in fields.items():
                counts[n] += Counts(0, 0, len(_values(getattr(g, n), f)))
    overall = Counts()
    for c in counts.values():
        overall += c
    counts["overall"] = overall
    counts[task.records_key] = Counts(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs))
    return SpecArticleScore(article_id, counts, status)


def score_corpus(
    task: SpecTask, gold: Mapping[str, Any], predictions: Mapping[str, Any], ids: Sequence[str] | None = None
) -> SpecScore:
    """Score every gold article (or those in ``ids``) against the predictions (id -> result)."""
    fields = tuple(task.scored_fields)
    score = SpecScore((*fields, "overall", "macro", task.records_key), fields)
    for aid in ids or sorted(gold):
        result = predictions.get(aid)
        status = "missing" if result is None else ("failed" if not result.ok else "ok")
        predicted = result.records if result is not None and result.ok else []
        score.articles.append(score_article(task, aid, predicted, getattr(gold[aid], task.records_key), status))
    return score


def load_gold(task: SpecTask, gold_dir: Path) -> dict[str, Any]:
    """Every ``<id>.json`` gold file of ``gold_dir``, validated by the task's gold model, keyed by id."""
    out = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = task.load_gold(path)
        if gold.article_id != path.stem:  # type: ignore[attr-defined]
            raise ValueError(f"{path}: article_id {gold.article_id!r} is not the file name")  # type: ignore[attr-defined]
        out[path.stem] = gold
    return out


def load_runs(task: SpecTask, paths: Sequence[Path]) -> dict[str, dict[str, ResultBase]]:
    """Output files of ``extract --task`` (JSONL, one result per line), each keyed by its file's stem, then by
    article id."""
    runs: dict[str, dict[str, ResultBase]] = {}
    for path in paths:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        results = (task.result_model.model_validate_json(line) for line in lines if line.strip())
        runs[Path(path).stem] = {r.article_id: r for r in results}  # type: ignore[attr-defined]
    return runs


def load_articles(task: SpecTask, gold_dir: Path, gold: Mapping[str, Any]) -> list[SourcedArticle]:
    """The gold articles as the system reads them: text from ``<id>.txt``, publication date from the gold
    file or ``meta.jsonl``."""
    texts = load_articles_dir([gold_dir])
    published = load_published_dir([gold_dir])
    missing = [i for i in gold if i not in texts]
    if missing:
        raise ValueError(f"no article text for gold id(s): {', '.join(missing[:10])}")
    return [
        SourcedArticle(Article(id=i, text=texts[i], published=gold[i].published or published.get(i)), f"gold:{i}")
        for i in sorted(gold)
    ]


def run_system(
    settings: Settings, task: SpecTask, articles: list[SourcedArticle], announce: Callable[[str], None] = print
) -> tuple[dict[str, ResultBase], RunSummary]:
    """Run a backend over the gold articles (through the store, for the model); results keyed by id."""
    total = len(articles)

    def progress(result: ResultBase, summary: RunSummary) -> None:
        if not result.replayed:  # type: ignore[attr-defined]
            error = result.error  # type: ignore[attr-defined]
            state = "ok" if result.ok else f"FAILED {error.kind if error else ''}"  # type: ignore[attr-defined]
            announce(f"[{summary.done}/{total}] {result.article_id}: {state} in {result.latency_s:.1f}s")  # type: ignore[attr-defined]

    async def go() -> tuple[str, RunSummary]:
        out = io.StringIO()
        async with open_backend(settings, announce=announce, task=task) as backend:
            options = RunOptions(concurrency=1, ground=settings.grounding != "off")
            summary = await run(articles, backend, out, options, local_model=settings.embedded, on_result=progress,
                                task=task)  # fmt: skip
        return out.getvalue(), summary

    text, summary = asyncio.run(go())
    results = [task.result_model.model_validate_json(line) for line in text.splitlines() if line.strip()]
    return {r.article_id: r for r in results}, summary  # type: ignore[attr-defined]


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def report(task: SpecTask, scores: Mapping[str, SpecScore], ci: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """A Markdown table per system: precision, recall, F1 (and its 95% bootstrap interval) per row."""
    lines = [f"# {task.name}: evaluation", ""]
    for name, score in scores.items():
        lines += [
            f"## {name}",
            "",
            f"{score.n_articles} articles ({score.n_failed} failed, {score.n_missing} without a prediction)",
            "",
            "| row | P | R | F1 | 95% CI | tp | fp | fn |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row, c in score.table().items():
            interval = (ci or {}).get(name, {}).get(row)
            shown = f"[{interval[0]:.2f}, {interval[1]:.2f}]" if interval else ""
            scores_of = f"{_pct(c.precision)} | {_pct(c.recall)} | {_pct(c.f1)}"
            lines.append(f"| {row} | {scores_of} | {shown} | {c.tp} | {c.fp} | {c.fn} |")
        lines.append("")
    return "\n".join(lines)


def confidence(score: SpecScore, n: int = 1000, seed: int = 0) -> dict[str, tuple[float, float] | None]:
    """95% percentile bootstrap intervals of F1, resampling articles (the calls scorer's bootstrap)."""
    return bootstrap_ci(score, n=n, seed=seed, rows=score.rows, fields=score.fields)  # type: ignore[arg-type]
