"""The review page's view of an article, without HTML: cards of predicted and missed calls, each value marked
correct, wrong, missed or unsupported, and the evidence highlights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from llmextract.eval.gold import GoldArticle, GoldCall, alternatives
from llmextract.eval.score import ArticleScore, CorpusScore, FieldError
from llmextract.tasks.calls.grounding import FoldedText, ground_calls, locate_evidence
from llmextract.tasks.calls.schema import ArticleResult, Call, CallGrounding

# --------------------------------------------------------------------------- the view (no HTML)

Mark = Literal["correct", "wrong", "missed", "spurious"]
CardMode = Literal["paired", "spurious", "plain"]  # paired with a gold call, no gold call matches, no gold at all


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
