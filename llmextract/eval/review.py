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
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from llmextract.engine.articles import SourcedArticle, iter_inputs
from llmextract.eval.gold import GoldArticle, GoldCall, alternatives
from llmextract.eval.report import grounding_line
from llmextract.eval.score import ArticleScore, CorpusScore, FieldError, count_grounding, score_corpus
from llmextract.tasks.calls.grounding import FoldedText, ground_calls, locate_evidence
from llmextract.tasks.calls.schema import ArticleResult, Call, CallGrounding

__all__ = ["CSS", "ArticleView", "Card", "Value", "article_views", "build_page", "cards_html", "find_texts"]

Mark = Literal["correct", "wrong", "missed", "spurious"]
CardMode = Literal["paired", "spurious", "plain"]  # paired with a gold call, no gold call matches, no gold at all
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
    wanted = [r for aid, r in results.items() if aid not in texts and r.source]
    files = {_source_file(r.source) for r in wanted if r.source}
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


# --------------------------------------------------------------------------- the view (no HTML)


@dataclass(frozen=True)
class Value:
    """One value on a card: ``text`` as predicted (for a missed value, the gold value), how it scored,
    the gold value to show when it is wrong, and whether the article text supports it."""

    text: str
    mark: Mark | None = None
    gold: str | None = None
    unsupported: bool = False
    caption: str | None = None  # e.g. "role" / "country" in a participant row
    note: str | None = None  # a tooltip: the gold value's other alternatives


@dataclass
class Evidence:
    number: int
    passage: str
    match: str
    score: float | None = None
    anchor: str | None = None  # the id of its highlight in the text


@dataclass
class Card:
    """A predicted call (``kind`` "predicted" or "spurious") or a gold call no prediction matched ("missed")."""

    kind: Literal["predicted", "spurious", "missed"]
    call: int  # predicted call index, or gold call index for "missed"
    status: str | None
    rows: list[tuple[str, list[Value]]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Highlight:
    """An evidence span in the text: of predicted call ``call``, or (``gold``) of a gold call no prediction matched."""

    start: int
    end: int
    call: int
    evidence: int
    match: str
    score: float | None
    anchor: str
    gold: bool = False


@dataclass
class ArticleView:
    number: int
    article_id: str
    source: str | None
    text: str | None
    highlights: list[Highlight]
    cards: list[Card]
    scored: bool
    errors: int
    unsupported: int
    failure: str | None = None  # why the article failed or has no prediction


def _alt(value: Any) -> str:
    """A gold value for display: its first alternative ("none" for null)."""
    alts = alternatives(value)
    return str(alts[0]) if alts else "none"


def _others(value: Any) -> str | None:
    """The other acceptable alternatives of a gold value, for a tooltip."""
    alts = alternatives(value)
    return "also accepted: " + "; ".join(str(a) for a in alts[1:]) if len(alts) > 1 else None


class _Errors:
    """The field errors of one predicted call, looked up by field."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.by_field: dict[str, list[FieldError]] = {}
        for e in errors:
            self.by_field.setdefault(e.field, []).append(e)

    def scalar(self, name: str) -> FieldError | None:
        found = self.by_field.get(name)
        return found[0] if found else None

    def of_item(self, name: str, item: int) -> FieldError | None:
        return next((e for e in self.by_field.get(name, []) if item in e.pred_items), None)

    def wrong_items(self, name: str) -> set[int]:
        return {i for e in self.by_field.get(name, []) for i in e.pred_items}

    def missed_items(self, name: str) -> list[Any]:
        return [g for e in self.by_field.get(name, []) if isinstance(e.gold, list) for g in e.gold]


def _scalar(shown: str | None, err: FieldError | None, mode: CardMode, unsupported: bool = False) -> list[Value]:
    """A scalar value marked by its field error: none -> correct; predicted none -> missed; else wrong."""
    if mode != "paired":
        return [] if shown is None else [Value(shown, "spurious" if mode == "spurious" else None, None, unsupported)]
    if err is None:
        return [] if shown is None else [Value(shown, "correct", None, unsupported)]
    if shown is None:
        return [Value(_alt(err.gold), "missed", note=_others(err.gold))]
    return [Value(shown, "wrong", _alt(err.gold), unsupported, note=_others(err.gold))]


def _listed(items: Sequence[str], name: str, errs: _Errors, mode: CardMode) -> list[Value]:
    if mode != "paired":
        return [Value(v, "spurious" if mode == "spurious" else None) for v in items]
    wrong = errs.wrong_items(name)
    out = [Value(v, "wrong" if i in wrong else "correct") for i, v in enumerate(items)]
    return out + [Value(_alt(g), "missed", note=_others(g)) for g in errs.missed_items(name)]


def _predicted_card(
    k: int,
    call: Call,
    grounding: CallGrounding | None,
    mode: CardMode,
    status: str | None,
    errs: _Errors,
    number: int | None,
) -> Card:
    """A predicted call's card; ``mode``: "paired" (marked by ``errs``), "spurious" or "plain" (no gold);
    ``number`` is the article's number when its text is shown (evidence then links to its highlight)."""
    unsupported = set(grounding.unsupported) if grounding else set()
    card = Card("spurious" if mode == "spurious" else "predicted", k, status)
    wrong_names = errs.wrong_items("participants.name")
    for p, person in enumerate(call.participants):
        name_mark: Mark | None = None
        if mode == "paired":
            name_mark = "wrong" if p in wrong_names else "correct"
        elif mode == "spurious":
            name_mark = "spurious"
        values = [Value(person.name, name_mark, None, f"participants.{p}.name" in unsupported)]
        for attr in ("role", "country"):
            shown = getattr(person, attr)
            if mode == "paired" and p in wrong_names:  # no gold participant to compare with: counted wrong
                marked = [] if shown is None else [Value(shown, "wrong")]
            else:
                marked = _scalar(shown, errs.of_item(f"participants.{attr}", p), mode)
            values += [Value(v.text, v.mark, v.gold, v.unsupported, attr, v.note) for v in marked]
        card.rows.append((f"participant {p + 1}", values))
    missed_people = errs.missed_items("participants.name")
    if missed_people:
        card.rows.append(("missed participant", [Value(_alt(g), "missed", note=_others(g)) for g in missed_people]))
    card.rows.append(("initiator", _scalar(call.initiator, errs.scalar("initiator"), mode)))
    card.rows.append(("date", _scalar(call.date, errs.scalar("date"), mode)))
    card.rows.append(("medium", _scalar(call.medium, errs.scalar("medium"), mode)))
    duration = None if call.duration_minutes is None else f"{call.duration_minutes} min"
    card.rows.append(
        ("duration", _scalar(duration, errs.scalar("duration_minutes"), mode, "duration_minutes" in unsupported))
    )
    for name, label in (("topics", "topics"), ("outcomes", "outcomes"), ("reported_by", "reported by")):
        card.rows.append((label, _listed(getattr(call, name), name, errs, mode)))
    card.rows = [(label, values) for label, values in card.rows if values]
    spans = grounding.evidence if grounding else []
    for e, passage in enumerate(call.evidence):
        span = spans[e] if e < len(spans) else None
        anchor = _anchor(number, k, e) if number is not None and span is not None and span.start is not None else None
        card.evidence.append(Evidence(e + 1, passage, span.match if span else "unknown", span.score if span else None,
                                      anchor))  # fmt: skip
    return card


def _missed_card(j: int, call: GoldCall, text: FoldedText | None, number: int) -> tuple[Card, list[Highlight]]:
    """A gold call no prediction matched, and where its gold evidence is in the text (if shown)."""
    card = Card("missed", j, "missed call: no prediction matches this gold call")

    def missed(value: Any, caption: str | None = None) -> Value:
        return Value(_alt(value), "missed", caption=caption, note=_others(value))

    for p, person in enumerate(call.participants):
        values = [missed(person.name)]
        values += [missed(getattr(person, a), a) for a in ("role", "country") if getattr(person, a) is not None]
        card.rows.append((f"participant {p + 1}", values))
    for name, label in (("initiator", "initiator"), ("date", "date"), ("duration_minutes", "duration")):
        if getattr(call, name) is not None:
            card.rows.append((label, [missed(getattr(call, name))]))
    card.rows.append(("medium", [missed(call.medium)]))
    for name, label in (("topics", "topics"), ("outcomes", "outcomes"), ("reported_by", "reported by")):
        if getattr(call, name):
            card.rows.append((label, [missed(v) for v in getattr(call, name)]))
    highlights = []
    for e, passage in enumerate(call.evidence):
        span = locate_evidence(_alt(passage), text) if text is not None else None
        anchor = None
        if span is not None and span.start is not None and span.end is not None:
            anchor = f"a{number}-g{j}-e{e}"
            highlights.append(Highlight(span.start, span.end, j, e, "gold", None, anchor, gold=True))
        card.evidence.append(Evidence(e + 1, _alt(passage), "gold", None, anchor))
    return card, highlights


def _anchor(number: int, call: int, evidence: int) -> str:
    return f"a{number}-c{call}-e{evidence}"


def article_views(
    results: Mapping[str, ArticleResult],
    texts: Mapping[str, str],
    gold: Mapping[str, GoldArticle] | None = None,
    corpus: CorpusScore | None = None,
) -> list[ArticleView]:
    """One view per article (every run article, and every gold article when gold is given), sorted by id.

    ``corpus`` is the run scored against ``gold`` (:func:`score_corpus`); its alignment and field errors
    decide the marks.
    """
    scores: dict[str, ArticleScore] = {a.article_id: a for a in corpus.articles} if corpus else {}
    ids = sorted(set(results) | set(gold or {}))
    return [
        _article_view(number, aid, results.get(aid), texts.get(aid), (gold or {}).get(aid), scores.get(aid))
        for number, aid in enumerate(ids, start=1)
    ]


def _article_view(
    number: int,
    aid: str,
    result: ArticleResult | None,
    text: str | None,
    gold_article: GoldArticle | None,
    score: ArticleScore | None,
) -> ArticleView:
    calls = result.calls if result is not None and result.ok else []
    # Offsets are recomputed for the text shown; without a text, the line's own grounding still flags values.
    groundings = ground_calls(text, calls) if text is not None else (result.grounding if result else None) or []
    cards = _predicted_cards(calls, groundings, score, number if text is not None else None)
    highlights = _highlights(groundings, number) if text is not None else []
    if score is not None and gold_article is not None:
        matched = {j for _, j in score.alignment}
        folded = FoldedText.of(text) if text is not None else None
        for j, gold_call in enumerate(gold_article.calls):
            if j not in matched:
                card, spans = _missed_card(j, gold_call, folded, number)
                cards.append(card)
                highlights += spans
    return ArticleView(
        number=number,
        article_id=aid,
        source=result.source if result else None,
        text=text,
        highlights=highlights,
        cards=cards,
        scored=score is not None,
        errors=len(score.errors) if score else 0,
        unsupported=sum(len(g.unsupported) for g in groundings),
        failure=_failure(result),
    )


def _predicted_cards(
    calls: Sequence[Call], groundings: Sequence[CallGrounding], score: ArticleScore | None, number: int | None
) -> list[Card]:
    paired = dict(score.alignment) if score else {}
    cards = []
    for k, call in enumerate(calls):
        g = groundings[k] if k < len(groundings) else None
        if score is None:
            cards.append(_predicted_card(k, call, g, "plain", None, _Errors([]), number))
        elif k in paired:
            j = paired[k]
            errs = _Errors(e for e in score.errors if e.pred_call == k and e.gold_call == j)
            cards.append(_predicted_card(k, call, g, "paired", f"matches gold call {j + 1}", errs, number))
        else:
            status = "spurious: no gold call matches this call"
            cards.append(_predicted_card(k, call, g, "spurious", status, _Errors([]), number))
    return cards


def _highlights(groundings: Sequence[CallGrounding], number: int) -> list[Highlight]:
    return [
        Highlight(span.start, span.end, k, e, span.match, span.score, _anchor(number, k, e))
        for k, grounding in enumerate(groundings)
        for e, span in enumerate(grounding.evidence)
        if span.start is not None and span.end is not None
    ]


def _failure(result: ArticleResult | None) -> str | None:
    if result is None:
        return "no prediction for this article in the run"
    if not result.ok:
        return f"failed: {result.error.kind}: {result.error.message}" if result.error else "failed"
    return None


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

_CSS = """
:root{--fg:#1d2330;--muted:#667085;--line:#e4e7ec;--bg:#f7f8fa;--good:#137333;--bad:#b3261e;--warn:#9a6700;
--c0:#ffe98a;--c1:#bfe3ff;--c2:#c8f0c4;--c3:#ffd0e0;--c4:#ffd9b0;--c5:#e0d4ff}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}
header{padding:18px 28px 8px}h1{margin:0 0 4px;font-size:22px}.meta,.notes,.source{color:var(--muted);font-size:13px}
main{padding:0 28px 40px}[hidden]{display:none!important}
.scores{border-collapse:collapse;background:#fff;border:1px solid var(--line);font-size:13px;margin:8px 0}
.scores td,.scores th{padding:3px 10px;border-bottom:1px solid var(--line);text-align:right}
.scores td:first-child,.scores th:first-child{text-align:left}.scores tr.total td{font-weight:600;background:#fafbfc}
.grounding{font-size:13px;margin:6px 0 10px}.legend{font-size:13px;color:var(--muted)}
.bar{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;
display:flex;gap:18px;align-items:center;flex-wrap:wrap;font-size:14px}
.bar input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:6px;min-width:220px}
details.idx{margin:12px 0}details.idx summary{cursor:pointer;font-weight:600}
.index{border-collapse:collapse;background:#fff;border:1px solid var(--line);font-size:13px;margin-top:6px}
.index td,.index th{padding:2px 10px;border-bottom:1px solid var(--line);text-align:left}
.index td.bad{color:var(--bad);font-weight:600}.index td.good{color:var(--good)}
.index td.warn{color:var(--warn);font-weight:600}
.article{background:#fff;border:1px solid var(--line);border-radius:10px;margin:18px 0;padding:12px 18px 16px;
content-visibility:auto;contain-intrinsic-size:auto 600px}
.article h2{font-size:17px;margin:0 0 2px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.article h2 a{color:inherit;text-decoration:none}
.badge{font-size:12px;font-weight:500;border-radius:10px;padding:1px 8px;background:#eef0f4;color:var(--muted)}
.badge.bad{background:#fde7e6;color:var(--bad)}.badge.good{background:#e6f4ea;color:var(--good)}
.badge.warn{background:#fff4d6;color:var(--warn)}
.cols{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:18px;margin-top:8px}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
.text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:15px;line-height:1.6;
overflow-wrap:anywhere}
mark.ev{border-radius:3px;padding:0 1px;color:inherit}mark.fuzzy{text-decoration:underline dashed 1px;
text-underline-offset:3px}mark.multi{box-shadow:inset 0 -3px 0 rgba(0,0,0,.25)}mark.focus{outline:2px solid #1d2330}
mark.ev{background:transparent}mark.c0{background:var(--c0)}mark.c1{background:var(--c1)}mark.c2{background:var(--c2)}
mark.missed-ev{border-bottom:2px dashed #667085;border-radius:0}
mark.c3{background:var(--c3)}mark.c4{background:var(--c4)}mark.c5{background:var(--c5)}
.card{border:1px solid var(--line);border-left:6px solid var(--c0);border-radius:8px;padding:8px 10px;margin:0 0 10px;
font-size:13.5px}.card.c1{border-left-color:var(--c1)}.card.c2{border-left-color:var(--c2)}
.card.c3{border-left-color:var(--c3)}.card.c4{border-left-color:var(--c4)}.card.c5{border-left-color:var(--c5)}
.card.spurious{background:#fff7f7}.card.missed{border-left-color:#c9ced6;border-style:dashed;background:#fafafa}
.card-head{margin-bottom:4px}.status{color:var(--muted);font-size:12px}.card.spurious .status{color:var(--bad)}
.card table{border-collapse:collapse;width:100%}.card th{text-align:left;vertical-align:top;color:var(--muted);
font-weight:500;width:9.5em;padding:1px 8px 1px 0;white-space:nowrap}.card td{padding:1px 0}
.v{display:inline-block;margin:0 8px 2px 0}.cap{color:var(--muted);font-size:11px}
.v.correct .sym{color:var(--good);font-weight:700}.v.wrong{color:var(--bad)}.v.wrong .sym{font-weight:700}
.v.spurious{color:var(--bad)}.v.missed{color:var(--warn)}.v.missed .sym{font-size:11px;text-transform:uppercase;
border:1px solid currentColor;border-radius:3px;padding:0 3px}
.gold{color:var(--fg);background:#eef0f4;border-radius:3px;padding:0 4px;font-size:12px}
.flag{color:#fff;background:var(--warn);border-radius:3px;padding:0 4px;font-size:11px}
.v.unsupported{text-decoration:underline wavy var(--warn) 1px;text-underline-offset:3px}
ol.evidence{margin:6px 0 0;padding-left:20px;color:#344054}ol.evidence a{color:inherit;text-decoration:none}
ol.evidence a:hover{text-decoration:underline}.match{font-size:11px;color:var(--muted);white-space:nowrap}
li.m-not_found .match{color:#fff;background:var(--bad);border-radius:3px;padding:0 4px}
li.m-fuzzy .match{color:var(--warn)}.missing-text{color:var(--bad);font-family:system-ui,sans-serif}
.none{color:var(--muted)}.anchor{scroll-margin-top:60px}
.cols.two{grid-template-columns:minmax(0,1fr) minmax(0,.8fr) minmax(0,.8fr)}h3.run-name{font-size:14px;margin:0 0 6px}
h2.run-name{font-size:16px;margin:14px 0 0}.coverage-warning{background:#fff4d6;color:var(--warn);padding:6px 10px;
border-radius:6px;font-weight:600}
"""

_JS = """
(function(){
  var bar=document.getElementById('filters'), q=document.getElementById('q'), count=document.getElementById('shown');
  function apply(){
    var onlyErr=document.getElementById('f-errors').checked, onlyUns=document.getElementById('f-unsupported').checked,
        onlyFail=document.getElementById('f-failed').checked, text=q.value.trim().toLowerCase(), shown=0;
    document.querySelectorAll('[data-article]').forEach(function(el){
      var d=el.dataset, ok=(!onlyErr||+d.errors>0)&&(!onlyUns||+d.unsupported>0)&&(!onlyFail||+d.failed>0)
        &&(!text||d.article.toLowerCase().indexOf(text)>=0);
      el.hidden=!ok; if(ok&&el.tagName==='SECTION'){shown++;}
    });
    count.textContent=shown;
  }
  bar.addEventListener('input',apply); bar.addEventListener('change',apply);
  document.querySelectorAll('.card[data-call]').forEach(function(card){
    var call=card.dataset.call; if(call===''){return;}
    var marks=card.closest('section').querySelectorAll('mark[data-calls~="'+call+'"]');
    card.addEventListener('mouseenter',function(){marks.forEach(function(m){m.classList.add('focus');});});
    card.addEventListener('mouseleave',function(){marks.forEach(function(m){m.classList.remove('focus');});});
  });
  apply();
})();
"""

CSS = _CSS

# Nothing may be loaded: no network, no other file; only the inline style and script.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{css}</style></head>
<body>
<header><h1>{title}</h1><div class="meta">{meta}</div><div class="notes">{notes}</div></header>
<div class="bar" id="filters">
<label{error_filter}><input type="checkbox" id="f-errors"> only articles with errors</label>
<label><input type="checkbox" id="f-unsupported"> only with unsupported values</label>
<label><input type="checkbox" id="f-failed"> only failed</label>
<input type="search" id="q" placeholder="filter by article id" aria-label="filter by article id">
<span>showing <b id="shown">{total}</b> of {total}</span>
</div>
<main>
{summary}
{legend}
<details class="idx" open><summary>Index</summary>{index}</details>
{articles}
</main>
<script>{js}</script>
</body></html>
"""
