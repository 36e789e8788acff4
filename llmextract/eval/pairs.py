"""The calls task's per-field matching: how one predicted call scores against one gold call (names by the
name rule, countries and dates exact, free text by token F1, counts per field)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from llmextract.eval.align import _max_matching
from llmextract.eval.counts import Counts, FieldError, GoldOutcome, _new_counts
from llmextract.eval.gold import GoldCall
from llmextract.eval.text import (
    TEXT_F1_THRESHOLD,
    Alt,
    alternatives,
    resolve_name,
    text_match,
    token_f1,
)
from llmextract.tasks.calls.schema import Call

# --------------------------------------------------------------------------- one pair of calls


@dataclass
class _Pair:
    counts: dict[str, Counts]
    errors: list[FieldError]
    outcomes: list[GoldOutcome]

    @property
    def tp(self) -> int:
        return sum(c.tp for c in self.counts.values())

    @property
    def wrong(self) -> int:
        return sum(c.fp + c.fn for c in self.counts.values())


class _Scorer:
    def __init__(self, article_id: str, gi: int, pi: int):
        self.article_id, self.gi, self.pi = article_id, gi, pi
        self.pair = _Pair(_new_counts(), [], [])

    def scalar(
        self,
        name: str,
        gold: Any,
        pred: Any,
        eq: Callable[[Any, Any], bool],
        item: int | None = None,
        detail: str | None = None,
        record_error: bool = True,
        pred_item: int | None = None,
    ) -> None:
        c = self.pair.counts[name]
        matched = gold is not None and pred is not None and eq(pred, gold)
        if matched:
            c.tp += 1
        else:
            c.fp += pred is not None
            c.fn += gold is not None
            if record_error and (pred is not None or gold is not None):
                items = () if pred_item is None else (pred_item,)
                self.pair.errors.append(FieldError(self.article_id, self.gi, self.pi, name, gold, pred, detail, items))
        if gold is not None:
            self.pair.outcomes.append(GoldOutcome(self.article_id, self.gi, name, item, gold, matched))

    def listed(self, name: str, gold: Sequence[Alt], pred: Sequence[str], edges: list[list[int]]) -> dict[int, int]:
        m = _max_matching(edges, len(gold))
        c = self.pair.counts[name]
        c.tp += len(m)
        c.fp += len(pred) - len(m)
        c.fn += len(gold) - len(m)
        hit = set(m.values())
        missed = [g for j, g in enumerate(gold) if j not in hit]
        extra = [p for i, p in enumerate(pred) if i not in m]
        if missed or extra:
            items = tuple(i for i in range(len(pred)) if i not in m)
            self.pair.errors.append(FieldError(self.article_id, self.gi, self.pi, name, missed, extra, None, items))
        for j, g in enumerate(gold):
            self.pair.outcomes.append(GoldOutcome(self.article_id, self.gi, name, j, g, j in hit))
        return m


def _text_edges(pred: Sequence[str], gold: Sequence[Alt]) -> list[list[int]]:
    edges = []
    for p in pred:
        scored = [(max(token_f1(p, a) for a in alternatives(g)), j) for j, g in enumerate(gold)]
        edges.append([j for s, j in sorted(scored, key=lambda t: (-t[0], t[1])) if s >= TEXT_F1_THRESHOLD])
    return edges


def _reported_by_edges(pred: Sequence[str], gold: Sequence[Alt]) -> list[list[int]]:
    edges = _text_edges(pred, gold)
    for i, p in enumerate(pred):
        edges[i] += sorted(j for j in resolve_name(p, gold) if j not in edges[i])
    return edges


def _any_equal(pred: Any, gold: Any) -> bool:
    return any(pred == g for g in alternatives(gold))


def _country_equal(pred: str, gold: Alt) -> bool:
    return any(pred.upper() == g.upper() for g in alternatives(gold))


def _score_pair(article_id: str, pi: int, pred: Call, gi: int, gold: GoldCall) -> _Pair:
    s = _Scorer(article_id, gi, pi)
    gold_names = [p.name for p in gold.participants]

    # participants: names as a list field, then role / country per matched pair
    name_edges = [sorted(resolve_name(p.name, gold_names)) for p in pred.participants]
    m = s.listed("participants.name", gold_names, [p.name for p in pred.participants], name_edges)
    by_gold = {j: i for i, j in m.items()}
    for j, gp in enumerate(gold.participants):
        pp = pred.participants[by_gold[j]] if j in by_gold else None
        label = alternatives(gp.name)[0]
        role, country = (pp.role, pp.country) if pp is not None else (None, None)
        k = by_gold.get(j)
        s.scalar("participants.role", gp.role, role, text_match, j, label, pp is not None, k)
        s.scalar("participants.country", gp.country, country, _country_equal, j, label, pp is not None, k)
    for i, pp in enumerate(pred.participants):
        if i not in m:
            s.scalar("participants.role", None, pp.role, text_match, record_error=False)
            s.scalar("participants.country", None, pp.country, _country_equal, record_error=False)

    # initiator: both must pick out the same gold participant
    gold_init = {j for alt in alternatives(gold.initiator) for j in resolve_name(alt, gold_names)}

    def same_initiator(p: str, g: Alt) -> bool:
        if gold_init:
            return bool(resolve_name(p, gold_names) & gold_init)
        return bool(resolve_name(p, [g]))

    s.scalar("initiator", gold.initiator, pred.initiator, same_initiator)
    s.scalar("date", gold.date, pred.date, _any_equal)
    s.scalar("medium", gold.medium, pred.medium, _any_equal)
    s.scalar("duration_minutes", gold.duration_minutes, pred.duration_minutes, _any_equal)
    s.listed("topics", gold.topics, pred.topics, _text_edges(pred.topics, gold.topics))
    s.listed("outcomes", gold.outcomes, pred.outcomes, _text_edges(pred.outcomes, gold.outcomes))
    s.listed("reported_by", gold.reported_by, pred.reported_by, _reported_by_edges(pred.reported_by, gold.reported_by))
    return s.pair


def _fills(call: Call | GoldCall) -> dict[str, int]:
    """How many values of each field a call has (for unpaired calls)."""
    return {
        "participants.name": len(call.participants),
        "participants.role": sum(p.role is not None for p in call.participants),
        "participants.country": sum(p.country is not None for p in call.participants),
        "initiator": int(call.initiator is not None),
        "date": int(call.date is not None),
        "medium": int(call.medium is not None),
        "duration_minutes": int(call.duration_minutes is not None),
        "topics": len(call.topics),
        "outcomes": len(call.outcomes),
        "reported_by": len(call.reported_by),
    }


def _summary(call: Call | GoldCall) -> dict[str, Any]:
    return {"participants": [p.name for p in call.participants], "date": call.date}
