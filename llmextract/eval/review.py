"""The review page: one self-contained HTML file to read a run article by article.

For each article: its text with the evidence passages highlighted (located by
:mod:`llmextract.tasks.calls.grounding`), the extracted calls as cards beside it and, when
gold is given, every value marked correct, wrong or missed with the gold value
shown (from :func:`llmextract.eval.score.score_corpus`'s alignment and field
errors; nothing is scored here). On top: the eval's score table (with gold),
the grounding line, an index of articles and filters (articles with errors,
with unsupported values, failed, or by id).

The page needs no network: inline CSS, a little vanilla JavaScript, and a
Content-Security-Policy that forbids loading anything. Every piece of text
(articles, values, ids) is HTML-escaped.

Article texts come from the input files (:func:`find_texts`): the paths given,
then each result's ``source`` file, then fallback folders; an article whose
text is not found is shown without highlights, with a note saying so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from pathlib import Path

from llmextract.engine.articles import SourcedArticle, iter_inputs
from llmextract.eval.cards import (
    ArticleView,
    Card,
    Highlight,
    Value,
    _article_view,
    article_views,
)
from llmextract.eval.gold import GoldArticle
from llmextract.eval.report import grounding_line
from llmextract.eval.score import ArticleScore, CorpusScore, count_grounding, score_corpus
from llmextract.tasks.calls.schema import ArticleResult

__all__ = ["CSS", "ArticleView", "Card", "Value", "article_views", "build_page", "cards_html", "find_texts"]

N_COLOURS = 6

# --------------------------------------------------------------------------- article texts


def find_texts(
    results: Mapping[str, ArticleResult],
    paths: Sequence[Path] = (),
    fallback_dirs: Sequence[Path] = (),
    wanted: Iterable[str] = (),
) -> dict[str, str]:
    """Article id -> text: from ``paths`` (files or folders, as ``extract`` reads them), then from each
    result's ``source`` file (``x.txt`` or ``x.jsonl:LINE``), then from ``fallback_dirs`` (looked in while
    a result's or a ``wanted`` id, e.g. a gold article's, has no text); first found wins."""
    texts: dict[str, str] = {}
    _add(texts, iter_inputs(paths))
    unread = [r for aid, r in results.items() if aid not in texts and r.source]
    files = {_source_file(r.source) for r in unread if r.source}
    _add(texts, iter_inputs(sorted(f for f in files if f is not None)))
    dirs = [d for d in fallback_dirs if Path(d).is_dir()]
    if dirs and any(aid not in texts for aid in [*results, *wanted]):
        _add(texts, iter_inputs(dirs))
    return texts


def _add(texts: dict[str, str], items: Iterable[object]) -> None:
    for item in items:
        if isinstance(item, SourcedArticle) and item.article.id not in texts:
            texts[item.article.id] = item.article.text


def _source_file(source: str) -> Path | None:
    """``seeds/a.txt`` -> that file; ``in.jsonl:12`` -> ``in.jsonl``; anything else (``gold:x``) -> None."""
    path = Path(source)
    if path.suffix == ".txt" and path.is_file():
        return path
    m = re.fullmatch(r"(.+\.(?:jsonl|ndjson)):\d+", source)
    if m and Path(m.group(1)).is_file():
        return Path(m.group(1))
    return None


def covered_gold(
    gold: Mapping[str, GoldArticle], runs: Sequence[Mapping[str, ArticleResult]]
) -> tuple[dict[str, GoldArticle], str | None]:
    """The gold articles every run covers, and a warning when that is not all of them (a run of a few
    articles is then scored on those, not counted as missing the rest)."""
    covered = {aid: g for aid, g in gold.items() if all(aid in run for run in runs)}
    if len(covered) == len(gold):
        return dict(gold), None
    return covered, (
        f"the run{'s' if len(runs) > 1 else ''} cover{'' if len(runs) > 1 else 's'} {len(covered)} of the "
        f"{len(gold)} gold articles: only those {len(covered)} are scored"
    )


def cards_html(
    article_id: str, result: ArticleResult | None, gold_article: GoldArticle | None, score: ArticleScore | None
) -> str:
    """One system's calls on one article as review cards (values marked against gold when ``score`` is given),
    then the gold calls it missed; without the article text, so with no links to highlights."""
    view = _article_view(0, article_id, result, None, gold_article, score)
    failure = f'<p class="missing-text">{_e(view.failure)}</p>' if view.failure else ""
    return failure + ("".join(_card_html(c) for c in view.cards) or '<p class="none">No call extracted.</p>')


# --------------------------------------------------------------------------- HTML


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


_SYMBOL = {"correct": "✓", "wrong": "✗", "missed": "missed", "spurious": "✗"}


def _value_html(v: Value) -> str:
    classes = ["v"] + ([v.mark] if v.mark else []) + (["unsupported"] if v.unsupported else [])
    tip = [v.caption or "", v.mark or ""]
    title = ": ".join(t for t in tip if t)
    title += " (not found in the article text)" if v.unsupported else ""
    title += f" ({v.note})" if v.note else ""
    parts = [f'<span class="{" ".join(classes)}" title="{_e(title)}">']
    if v.caption:
        parts.append(f'<span class="cap">{_e(v.caption)}</span> ')
    if v.mark == "missed":
        parts.append(f'<span class="sym">missed</span> {_e(v.text)}')
    else:
        parts.append(_e(v.text))
        if v.mark:
            parts.append(f' <span class="sym">{_SYMBOL[v.mark]}</span>')
    if v.mark == "wrong" and v.gold is not None:
        parts.append(f' <span class="gold">gold: {_e(v.gold)}</span>')
    if v.unsupported:
        parts.append(' <span class="flag">not in text</span>')
    parts.append("</span>")
    return "".join(parts)


def _card_html(card: Card) -> str:
    colour = f" c{card.call % N_COLOURS}" if card.kind != "missed" else ""
    title = f"Call {card.call + 1}" if card.kind != "missed" else f"Gold call {card.call + 1}"
    out = [f'<div class="card {card.kind}{colour}" data-call="{card.call if card.kind != "missed" else ""}">']
    out.append(f'<div class="card-head"><b>{_e(title)}</b>')
    if card.status:
        out.append(f' <span class="status">{_e(card.status)}</span>')
    out.append("</div><table>")
    for label, values in card.rows:
        out.append(f"<tr><th>{_e(label)}</th><td>{' '.join(_value_html(v) for v in values)}</td></tr>")
    out.append("</table>")
    if card.evidence:
        out.append('<ol class="evidence">')
        for ev in card.evidence:
            how = ev.match.replace("_", " ") + (f" {ev.score:g}" if ev.score is not None else "")
            quote = f"“{_e(ev.passage)}”"
            if ev.anchor:
                quote = f'<a href="#{_e(ev.anchor)}" data-jump="{_e(ev.anchor)}">{quote}</a>'
            out.append(f'<li class="m-{_e(ev.match)}">{quote} <span class="match">{_e(how)}</span></li>')
        out.append("</ol>")
    out.append("</div>")
    return "".join(out)


def _text_html(text: str, highlights: Sequence[Highlight]) -> str:
    """The article text with every evidence span marked; overlapping spans split into segments."""
    if not highlights:
        return _e(text)
    points = sorted({0, len(text), *(h.start for h in highlights), *(h.end for h in highlights)})
    out = []
    for a, b in pairwise(points):
        anchors = "".join(f'<span id="{_e(h.anchor)}" class="anchor"></span>' for h in highlights if h.start == a)
        cover = [h for h in highlights if h.start <= a and b <= h.end]
        segment = _e(text[a:b])
        if not cover:
            out.append(anchors + segment)
            continue
        predicted = [h for h in cover if not h.gold]
        classes = ["ev"] + ([f"c{predicted[0].call % N_COLOURS}"] if predicted else [])
        if len(predicted) < len(cover):
            classes.append("missed-ev")
        if any(h.match == "fuzzy" for h in predicted):
            classes.append("fuzzy")
        if len({h.call for h in predicted}) > 1:
            classes.append("multi")
        calls = " ".join(str(c) for c in sorted({h.call for h in predicted}))
        title = "; ".join(
            f"gold call {h.call + 1} (missed), evidence {h.evidence + 1}"
            if h.gold
            else f"call {h.call + 1}, evidence {h.evidence + 1}: {h.match}" + (f" {h.score:g}" if h.score else "")
            for h in cover
        )
        out.append(
            f'{anchors}<mark class="{" ".join(classes)}" data-calls="{calls}" title="{_e(title)}">{segment}</mark>'
        )
    return "".join(out)


def _article_html(view: ArticleView, other: ArticleView | None = None, names: Sequence[str] = ()) -> str:
    """An article section; with ``other`` (the same article in a second run) both runs' cards side by side."""
    if other is not None:
        view = ArticleView(view.number, view.article_id, view.source, view.text, view.highlights, view.cards,
                           view.scored, view.errors + other.errors, view.unsupported + other.unsupported,
                           view.failure or other.failure)  # fmt: skip
    badges = []
    if view.failure:
        badges.append(f'<span class="badge bad">{_e(view.failure)}</span>')
    n_pred = sum(c.kind != "missed" for c in view.cards)
    badges.append(f'<span class="badge">{n_pred} call(s)</span>')
    if view.scored:
        badges.append(f'<span class="badge {"bad" if view.errors else "good"}">{view.errors} error(s)</span>')
    if view.unsupported:
        badges.append(f'<span class="badge warn">{view.unsupported} unsupported</span>')
    attrs = _filter_attrs(view)
    out = [f'<section class="article" id="art-{view.number}" {attrs}>']
    out.append(f'<h2><a href="#art-{view.number}">{_e(view.article_id)}</a> {"".join(badges)}</h2>')
    if view.source:
        out.append(f'<div class="source">source: {_e(view.source)}</div>')
    out.append('<div class="cols"><div class="text">')
    if view.text is None:
        out.append('<p class="missing-text">Article text not found: pass the input files or folders with '
                   "<code>--articles</code>.</p>")  # fmt: skip
    else:
        out.append(_text_html(view.text, view.highlights))
    out.append("</div>")
    for k, cards in enumerate([view.cards] if other is None else [view.cards, other.cards]):
        out.append('<div class="cards">')
        if other is not None:
            out.append(f'<h3 class="run-name">{_e(names[k] if k < len(names) else "AB"[k])}</h3>')
        out.append("".join(_card_html(c) for c in cards) or '<p class="none">No call extracted.</p>')
        out.append("</div>")
    out.append("</div></section>")
    return "".join(out).replace('<div class="cols">', '<div class="cols two">' if other else '<div class="cols">', 1)


def _filter_attrs(view: ArticleView) -> str:
    return (
        f'data-article="{_e(view.article_id)}" data-errors="{view.errors + (1 if view.failure else 0)}" '
        f'data-unsupported="{view.unsupported}" data-failed="{1 if view.failure else 0}"'
    )


def _index_html(views: Sequence[ArticleView], scored: bool) -> str:
    head = "<tr><th>article</th><th>calls</th>" + ("<th>errors</th>" if scored else "") + "<th>unsupported</th></tr>"
    rows = []
    for v in views:
        n_pred = sum(c.kind != "missed" for c in v.cards)
        n_missed = sum(c.kind == "missed" for c in v.cards)
        calls = f"{n_pred}" + (f" (+{n_missed} missed)" if n_missed else "")
        state = ' <span class="badge bad">failed</span>' if v.failure else ""
        cells = [f'<td><a href="#art-{v.number}">{_e(v.article_id)}</a>{state}</td>', f"<td>{_e(calls)}</td>"]
        if scored:
            cells.append(f'<td class="{"bad" if v.errors else "good"}">{v.errors}</td>')
        cells.append(f'<td class="{"warn" if v.unsupported else ""}">{v.unsupported}</td>')
        rows.append(f"<tr {_filter_attrs(v)}>{''.join(cells)}</tr>")
    return f'<table class="index"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _summary_html(corpus: CorpusScore | None, results: Mapping[str, ArticleResult], texts: Mapping[str, str]) -> str:
    out = []
    if corpus is not None:
        out.append('<table class="scores"><thead><tr><th>field</th><th>P</th><th>R</th><th>F1</th>'
                   "<th>TP</th><th>FP</th><th>FN</th></tr></thead><tbody>")  # fmt: skip
        for row, c in corpus.table().items():
            cls = ' class="total"' if row in ("overall", "calls") else ""
            out.append(f"<tr{cls}><td>{_e(row)}</td><td>{_num(c.precision)}</td><td>{_num(c.recall)}</td>"
                       f"<td><b>{_num(c.f1)}</b></td><td>{c.tp}</td><td>{c.fp}</td><td>{c.fn}</td></tr>")  # fmt: skip
        out.append("</tbody></table>")
        coverage = f"{corpus.n_articles} gold article(s)"
        if corpus.n_missing or corpus.n_failed:
            coverage += f" ({corpus.n_missing} without a prediction, {corpus.n_failed} failed)"
        out.append(f'<p class="grounding">{_e(coverage)}; evidence grounded {_e(grounding_line(corpus))}</p>')
    else:
        ok = [r for r in results.values() if r.ok]
        g = None
        for r in ok:
            if r.article_id in texts:
                counts = count_grounding(r.calls, texts[r.article_id])
                g = counts if g is None else g + counts
        line = f"{len(results)} article(s), {len(results) - len(ok)} failed, {sum(len(r.calls) for r in ok)} call(s)"
        if g is not None:
            line += (f"; evidence located {g.located}/{g.evidence} ({g.exact} exact, {g.normalised} normalised, "
                     f"{g.fuzzy} fuzzy); names supported {g.names_supported}/{g.names}")  # fmt: skip
            if g.durations:
                line += f"; durations supported {g.durations_supported}/{g.durations}"
        out.append(f'<p class="grounding">{_e(line)}</p>')
    return "".join(out)


def _meta(results: Mapping[str, ArticleResult]) -> str:
    backends = sorted({r.backend for r in results.values()})
    models = sorted({r.model for r in results.values() if r.model})
    prompts = sorted({f"{r.prompt.name}@{r.prompt.hash}" for r in results.values() if r.prompt})
    parts = [f"backend {', '.join(backends)}"] + ([f"model {', '.join(models)}"] if models else [])
    return "; ".join(parts + ([f"prompt {', '.join(prompts)}"] if prompts else []))


def build_page(
    results: Mapping[str, ArticleResult],
    texts: Mapping[str, str],
    gold: Mapping[str, GoldArticle] | None = None,
    title: str = "llmextract review",
    other: Mapping[str, ArticleResult] | None = None,
    names: Sequence[str] = ("A", "B"),
) -> str:
    """The whole review page as one HTML string (see the module docstring).

    With ``other``, a second run of the same articles: both runs' scores and cards side by side. With gold,
    only the gold articles every run covers are scored, and the page says so."""
    runs = [results] if other is None else [results, other]
    warning = None
    if gold is not None:
        gold, warning = covered_gold(gold, runs)
    corpora = [score_corpus(gold, run, texts) if gold is not None else None for run in runs]
    corpus = corpora[0]
    views = article_views(results, texts, gold, corpus)
    others: list[ArticleView] = []
    if other is not None:  # the same articles, numbered alike; the second run's evidence is not highlighted
        ids = sorted(set(results) | set(other) | set(gold or {}))
        by_id = [{a.article_id: a for a in c.articles} if c else {} for c in corpora]
        views = [_article_view(n, i, results.get(i), texts.get(i), (gold or {}).get(i), by_id[0].get(i))
                 for n, i in enumerate(ids, start=1)]  # fmt: skip
        others = [_article_view(n, i, other.get(i), None, (gold or {}).get(i), by_id[1].get(i))
                  for n, i in enumerate(ids, start=1)]  # fmt: skip
    missing_text = sum(v.text is None for v in views)
    notes = f"{len(views)} article(s)" + (f"; text not found for {missing_text}" if missing_text else "")
    summary = "".join(
        (f'<h2 class="run-name">{_e(names[k])}</h2>' if other is not None else "") + _summary_html(c, run, texts)
        for k, (c, run) in enumerate(zip(corpora, runs, strict=True))
    )
    if warning:
        summary = f'<p class="coverage-warning">Warning: {_e(warning)}.</p>' + summary
    if other is not None:
        meta = " | ".join(f"{names[k]}: {_meta(run)}" for k, run in enumerate(runs))
        articles = "\n".join(_article_html(v, o, names) for v, o in zip(views, others, strict=True))
    else:
        meta, articles = _meta(results), "\n".join(_article_html(v) for v in views)
    return _PAGE.format(
        title=_e(title),
        meta=_e(meta),
        notes=_e(notes),
        summary=summary,
        legend=_LEGEND if corpus is not None else _LEGEND_PLAIN,
        index=_index_html(views, corpus is not None),
        articles=articles,
        error_filter="" if corpus is not None else " hidden",
        total=len(views),
        css=_CSS,
        js=_JS,
        csp=_CSP,
    )


_LEGEND = (
    '<p class="legend"><span class="v correct">value <span class="sym">✓</span></span> correct · '
    '<span class="v wrong">value <span class="sym">✗</span> <span class="gold">gold: …</span></span> wrong · '
    '<span class="v missed"><span class="sym">missed</span> gold value</span> · '
    '<span class="v unsupported">value <span class="flag">not in text</span></span> unsupported by the text · '
    '<mark class="ev c0">verbatim evidence</mark> <mark class="ev c0 fuzzy">fuzzy evidence</mark> '
    '<mark class="ev missed-ev">evidence of a missed gold call</mark></p>'
)
_LEGEND_PLAIN = (
    '<p class="legend"><span class="v unsupported">value <span class="flag">not in text</span></span> '
    'unsupported by the text · <mark class="ev c0">verbatim evidence</mark> '
    '<mark class="ev c0 fuzzy">fuzzy evidence</mark></p>'
)


# The page's style, script and frame: package data files (templates/), read once.
TEMPLATES = Path(__file__).parent / "templates"
_CSS = (TEMPLATES / "review.css").read_text(encoding="utf-8")
_JS = (TEMPLATES / "review.js").read_text(encoding="utf-8")
_PAGE = (TEMPLATES / "review.html").read_text(encoding="utf-8")
CSS = _CSS

# Nothing may be loaded: no network, no other file; only the inline style and script.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
