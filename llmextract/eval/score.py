"""Score predicted calls against gold files, as ``GUIDELINES.md`` ("How a gold file is scored") says.

Matching values
    Strings are normalised as in SQuAD (:func:`normalize_text`): accents
    stripped (NFKD, combining marks dropped), lower case, punctuation dropped
    (ASCII punctuation and every Unicode ``P*`` character), the articles
    "a", "an", "the" dropped, white space collapsed. Free text (``topics``,
    ``outcomes``, participant ``role``, ``reported_by``) matches when the
    SQuAD token F1 is at least 0.5. Names match by the name rule
    (:func:`resolve_name`): equal after normalisation, or the words of one all
    in the other (:func:`llmextract.tasks.calls.schema.same_person` on the normalised
    strings) when that picks out exactly one person among the gold candidates
    (exact equality wins over word inclusion). ``reported_by`` items match by
    token F1 or by the name rule (candidates: the gold ``reported_by`` items).
    Countries, dates, medium and duration compare exactly. A gold value that
    is a list of alternatives is matched when any alternative matches.

Counting (per field, micro-averaged over the corpus)
    Scalar fields: TP when both are present and match; otherwise FP when the
    prediction is non-null, FN when the gold value is non-null (so a wrong
    value is one FP and one FN; null vs null counts nothing). List fields:
    items are matched one to one, maximising the number of matches; matched
    items are TPs, the other predicted items FPs, the other gold items FNs.

Participants
    Participants of a paired call are matched one to one by the name rule
    (maximum matching). ``participants.name`` is a list field over names.
    ``participants.role`` and ``participants.country`` are scalars scored per
    matched participant pair; for an unmatched predicted participant its
    non-null role / country are FPs, for an unmatched gold participant its
    non-null role / country are FNs.

The initiator
    matches when the predicted and the gold initiator name the same gold
    participant (each resolved among the gold call's participants by the name
    rule); if the gold initiator resolves to no participant, the name rule
    against the gold initiator itself is used.

Calls
    Within an article, calls are aligned one to one. A predicted and a gold
    call may pair only when at least one participant matches. The alignment
    maximises the number of matching values (TPs over all fields); ties are
    broken by more pairs, then by fewer FP+FN. The search is exact (dynamic
    programming over subsets of gold calls) for up to ``EXACT_ALIGN_MAX``
    gold calls, greedy by pair TP beyond. A predicted call with no partner is
    an FP for every value it fills (``medium`` is always filled); a gold call
    with no partner is an FN for every value it has. The ``calls`` row counts
    pairs as TPs, unpaired predicted calls as FPs, unpaired gold calls as FNs.
    The ``overall`` row sums the counts of all fields (not ``calls``); the
    ``macro`` row is the mean over the fields of their own precision, recall
    and F1 (:class:`MacroCounts`), recomputed the same way in every bootstrap
    resample.

Zero denominators
    precision = TP/(TP+FP) is ``None`` when TP+FP = 0 (nothing predicted),
    recall = TP/(TP+FN) is ``None`` when TP+FN = 0 (nothing in gold), and
    F1 = 2TP/(2TP+FP+FN) is ``None`` only when all three counts are 0 (so
    empty predictions on a non-empty gold give P None, R 0, F1 0). Reports
    show ``None`` as "—".

Evidence grounding
    The share of predicted evidence passages (of all predicted calls) that
    occur in the article text after collapsing runs of white space on both
    sides (:func:`llmextract.eval.gold.evidence_in_text`); case and punctuation
    must be exact. Beside it, :class:`GroundingCounts` from
    :mod:`llmextract.tasks.calls.grounding`: passages located (exact, normalised or
    fuzzy), participant names and durations the text supports. Failed and
    missing predictions count nothing; neither do articles without text.

Missing and failed predictions
    A gold article with no prediction line, or whose line has ``ok: false``,
    is scored as an empty prediction; :class:`ArticleScore` records which
    (``status``). Prediction lines for articles not in the gold set are not
    scored (their ids are kept in ``CorpusScore.unscored``).

Bootstrap
    :func:`bootstrap_ci` resamples articles with replacement (seeded
    ``random.Random``) and gives percentile intervals of F1 per row.
    :func:`paired_bootstrap` resamples the same articles for two systems and
    gives ΔF1 = F1(B) − F1(A) with an interval and the share of resamples
    where Δ ≤ 0; B beats A beyond noise when the interval's lower end is > 0.
"""

from __future__ import annotations

import json
import random
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from llmextract.eval.gold import Alt, GoldArticle, GoldCall, alternatives, evidence_in_text
from llmextract.tasks.calls.grounding import FoldedText, ground_calls
from llmextract.tasks.calls.schema import ArticleResult, Call, same_person

__all__ = [
    "FIELDS",
    "ROWS",
    "ArticleScore",
    "CorpusScore",
    "Counts",
    "FieldError",
    "GoldOutcome",
    "GroundingCounts",
    "MacroCounts",
    "PairedResult",
    "bootstrap_ci",
    "count_grounding",
    "load_predictions",
    "normalize_text",
    "paired_bootstrap",
    "resolve_name",
    "score_article",
    "score_corpus",
    "text_match",
    "token_f1",
]

FIELDS: tuple[str, ...] = (
    "participants.name",
    "participants.role",
    "participants.country",
    "initiator",
    "date",
    "medium",
    "duration_minutes",
    "topics",
    "outcomes",
    "reported_by",
)
#: Every row of a score table, in order.
ROWS: tuple[str, ...] = (*FIELDS, "overall", "macro", "calls")

TEXT_F1_THRESHOLD = 0.5
EXACT_ALIGN_MAX = 12


# --------------------------------------------------------------------------- text


_PUNCT = set(string.punctuation)
_ARTICLES_RE = re.compile(r"\b(a|an|the)\b")


def normalize_text(text: str) -> str:
    """SQuAD normalisation plus accent stripping: "The Élysée's" -> "elysees"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = "".join(ch for ch in text if ch not in _PUNCT and not unicodedata.category(ch).startswith("P"))
    text = _ARTICLES_RE.sub(" ", text)
    return " ".join(text.split())


def token_f1(pred: str, gold: str) -> float:
    """SQuAD token F1 between two strings (after :func:`normalize_text`)."""
    p, g = normalize_text(pred).split(), normalize_text(gold).split()
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    return 2 * common / (len(p) + len(g))  # == 2PR/(P+R), computed exactly


def text_match(pred: str, gold: Alt) -> bool:
    """Free-text rule: token F1 >= 0.5 with any alternative."""
    return any(token_f1(pred, alt) >= TEXT_F1_THRESHOLD for alt in alternatives(gold))


def _name_relation(name: str, candidate: Alt) -> int:
    """2: equal after normalisation; 1: the words of one all in the other; 0: no match."""
    n = normalize_text(name)
    best = 0
    for alt in alternatives(candidate):
        a = normalize_text(alt)
        if n and n == a:
            return 2
        if same_person(n, a):
            best = 1
    return best


def resolve_name(name: str, candidates: Sequence[Alt]) -> set[int]:
    """Indexes of the candidates ``name`` picks out by the name rule.

    The candidates equal to it after normalisation if any; else the one
    candidate whose words include or are included in its words, if exactly
    one does; else nothing.
    """
    rel = [_name_relation(name, c) for c in candidates]
    exact = {i for i, r in enumerate(rel) if r == 2}
    if exact:
        return exact
    loose = {i for i, r in enumerate(rel) if r == 1}
    return loose if len(loose) == 1 else set()


def _max_matching(edges: Sequence[Sequence[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); ``edges[i]`` lists right nodes in order of preference."""
    owner = [-1] * n_right

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges[u]:
            if v in seen:
                continue
            seen.add(v)
            if owner[v] == -1 or augment(owner[v], seen):
                owner[v] = u
                return True
        return False

    for u in range(len(edges)):
        augment(u, set())
    return {u: v for v, u in enumerate(owner) if u != -1}


# --------------------------------------------------------------------------- records


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None


@dataclass
class MacroCounts(Counts):
    """The ``macro`` row: precision, recall and F1 are the means over :data:`FIELDS` of each field's own
    value (a field whose value is undefined is left out of that mean); ``tp``/``fp``/``fn`` are the summed
    counts (as ``overall``), kept for reference."""

    per_field: tuple[Counts, ...] = ()

    def __add__(self, other: Counts) -> Counts:
        raise TypeError("a macro row is a mean of field scores: add the fields' counts, then MacroCounts.of()")

    def __iadd__(self, other: Counts) -> Counts:
        raise TypeError("a macro row is a mean of field scores: add the fields' counts, then MacroCounts.of()")

    @classmethod
    def of(cls, counts: Mapping[str, Counts]) -> MacroCounts:
        fields = tuple(counts[f] for f in FIELDS)
        return cls(sum(c.tp for c in fields), sum(c.fp for c in fields), sum(c.fn for c in fields), fields)

    @staticmethod
    def _mean(values: list[float | None]) -> float | None:
        defined = [v for v in values if v is not None]
        return sum(defined) / len(defined) if defined else None

    @property
    def precision(self) -> float | None:
        return self._mean([c.precision for c in self.per_field])

    @property
    def recall(self) -> float | None:
        return self._mean([c.recall for c in self.per_field])

    @property
    def f1(self) -> float | None:
        return self._mean([c.f1 for c in self.per_field])


@dataclass(frozen=True)
class FieldError:
    """One wrong field of one call.

    Scalars: ``gold`` and ``predicted`` are the two values (either may be
    None). List fields (``participants.name``, ``topics``, ``outcomes``,
    ``reported_by``): ``gold`` lists the gold items left unmatched and
    ``predicted`` the predicted items left unmatched. ``field == "call"``: a
    call left unpaired, summarised in ``gold`` or ``predicted``. ``detail``
    names the participant for ``participants.role`` / ``participants.country``.
    ``pred_items`` gives the indexes of the predicted items concerned: the
    unmatched items of a list field, the participant of a role / country.
    """

    article_id: str
    gold_call: int | None
    pred_call: int | None
    field: str
    gold: Any
    predicted: Any
    detail: str | None = None
    pred_items: tuple[int, ...] = ()


@dataclass(frozen=True)
class GoldOutcome:
    """Whether one gold value was matched; ``item`` is the participant or list index (None for scalars)."""

    article_id: str
    gold_call: int
    field: str
    item: int | None
    gold: Any
    matched: bool

    @property
    def key(self) -> tuple[str, int, str, int | None]:
        return (self.article_id, self.gold_call, self.field, self.item)


@dataclass
class GroundingCounts:
    """Evidence passages by how they were located, and names / durations the text supports."""

    exact: int = 0
    normalised: int = 0
    fuzzy: int = 0
    not_found: int = 0
    names: int = 0
    names_supported: int = 0
    durations: int = 0
    durations_supported: int = 0

    def __add__(self, other: GroundingCounts) -> GroundingCounts:
        return GroundingCounts(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})

    @property
    def evidence(self) -> int:
        return self.exact + self.normalised + self.fuzzy + self.not_found

    @property
    def located(self) -> int:
        return self.exact + self.normalised + self.fuzzy

    @property
    def located_rate(self) -> float | None:
        return self.located / self.evidence if self.evidence else None

    @property
    def names_rate(self) -> float | None:
        return self.names_supported / self.names if self.names else None

    @property
    def durations_rate(self) -> float | None:
        return self.durations_supported / self.durations if self.durations else None


def count_grounding(calls: Sequence[Call], text: str) -> GroundingCounts:
    """Ground ``calls`` in ``text`` (:func:`llmextract.tasks.calls.grounding.ground_calls`) and count the outcome."""
    out = GroundingCounts()
    for call, grounding in zip(calls, ground_calls(FoldedText.of(text), calls), strict=True):
        for span in grounding.evidence:
            setattr(out, span.match, getattr(out, span.match) + 1)
        unsupported = set(grounding.unsupported)
        out.names += len(call.participants)
        out.names_supported += sum(f"participants.{k}.name" not in unsupported for k in range(len(call.participants)))
        if call.duration_minutes is not None:
            out.durations += 1
            out.durations_supported += "duration_minutes" not in unsupported
    return out


def _new_counts(with_calls: bool = False) -> dict[str, Counts]:
    out = {f: Counts() for f in FIELDS}
    if with_calls:
        out["calls"] = Counts()
    return out


@dataclass
class ArticleScore:
    article_id: str
    counts: dict[str, Counts]  # every field of FIELDS, and "calls"
    alignment: list[tuple[int, int]]  # (predicted call index, gold call index)
    errors: list[FieldError]
    outcomes: list[GoldOutcome]
    evidence_total: int = 0
    evidence_grounded: int = 0
    status: Literal["ok", "missing", "failed"] = "ok"
    grounding: GroundingCounts = field(default_factory=GroundingCounts)

    def row(self, name: str) -> Counts:
        """Counts of one row of :data:`ROWS` (``overall`` sums the fields, ``macro`` averages them)."""
        if name == "overall":
            total = Counts()
            for f in FIELDS:
                total += self.counts[f]
            return total
        if name == "macro":
            return MacroCounts.of(self.counts)
        return self.counts[name]


@dataclass
class CorpusScore:
    articles: list[ArticleScore]
    unscored: list[str] = field(default_factory=list)  # predicted article ids that have no gold file
    meta: dict[str, Any] = field(default_factory=dict)  # backends, models, prompts, usage of the predictions

    def row(self, name: str) -> Counts:
        if name == "macro":  # the mean of the corpus fields' scores, not a sum over articles
            return MacroCounts.of({f: self.row(f) for f in FIELDS})
        total = Counts()
        for a in self.articles:
            total += a.row(name)
        return total

    def table(self) -> dict[str, Counts]:
        """Counts (with precision / recall / f1 properties) for every row of :data:`ROWS`."""
        return {r: self.row(r) for r in ROWS}

    @property
    def ids(self) -> list[str]:
        return [a.article_id for a in self.articles]

    @property
    def n_articles(self) -> int:
        return len(self.articles)

    @property
    def n_missing(self) -> int:
        return sum(a.status == "missing" for a in self.articles)

    @property
    def n_failed(self) -> int:
        return sum(a.status == "failed" for a in self.articles)

    @property
    def evidence_total(self) -> int:
        return sum(a.evidence_total for a in self.articles)

    @property
    def evidence_grounded(self) -> int:
        return sum(a.evidence_grounded for a in self.articles)

    @property
    def grounding_rate(self) -> float | None:
        total = self.evidence_total
        return self.evidence_grounded / total if total else None

    @property
    def grounding(self) -> GroundingCounts:
        total = GroundingCounts()
        for a in self.articles:
            total += a.grounding
        return total

    @property
    def errors(self) -> list[FieldError]:
        return [e for a in self.articles for e in a.errors]

    @property
    def outcomes(self) -> list[GoldOutcome]:
        return [o for a in self.articles for o in a.outcomes]


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


# --------------------------------------------------------------------------- alignment


Score3 = tuple[int, int, int]


def _add3(a: Score3, b: Score3) -> Score3:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _align(weights: list[list[Score3 | None]], n_gold: int) -> list[tuple[int, int]]:
    """One-to-one alignment maximising the summed (TP, pairs, errors saved) lexicographically."""
    n_pred = len(weights)
    if n_gold <= EXACT_ALIGN_MAX:
        memo: dict[tuple[int, int], tuple[Score3, tuple[tuple[int, int], ...]]] = {}

        def best(i: int, used: int) -> tuple[Score3, tuple[tuple[int, int], ...]]:
            if i == n_pred:
                return (0, 0, 0), ()
            key = (i, used)
            if key in memo:
                return memo[key]
            result = best(i + 1, used)
            for j in range(n_gold):
                w = weights[i][j]
                if w is None or used & (1 << j):
                    continue
                sub, pairs = best(i + 1, used | (1 << j))
                cand = (_add3(w, sub), ((i, j), *pairs))
                if cand[0] > result[0]:
                    result = cand
            memo[key] = result
            return result

        return list(best(0, 0)[1])
    options = sorted(
        ((w, i, j) for i, row in enumerate(weights) for j, w in enumerate(row) if w is not None),
        key=lambda t: (-t[0][0], -t[0][2], t[1], t[2]),
    )
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    out = []
    for _, i, j in options:
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            out.append((i, j))
    return sorted(out)


# --------------------------------------------------------------------------- articles and corpus


def score_article(
    gold: GoldArticle,
    predicted: Sequence[Call],
    text: str | None,
    status: Literal["ok", "missing", "failed"] = "ok",
) -> ArticleScore:
    """Align and score the predicted calls of one article against its gold file.

    ``text`` is the article text, used for evidence grounding (None: evidence
    is not counted).
    """
    aid = gold.article_id
    pairs = [[_score_pair(aid, i, p, j, g) for j, g in enumerate(gold.calls)] for i, p in enumerate(predicted)]
    fills_p = [_fills(p) for p in predicted]
    fills_g = [_fills(g) for g in gold.calls]
    weights: list[list[Score3 | None]] = []
    for i, row in enumerate(pairs):
        weights.append([])
        for j, pair in enumerate(row):
            if pair.counts["participants.name"].tp == 0:
                weights[i].append(None)
            else:
                saved = sum(fills_p[i].values()) + sum(fills_g[j].values()) - pair.wrong
                weights[i].append((pair.tp, 1, saved))
    alignment = _align(weights, len(gold.calls))

    counts = _new_counts(with_calls=True)
    errors: list[FieldError] = []
    outcomes: list[GoldOutcome] = []
    paired_p = {i for i, _ in alignment}
    paired_g = {j for _, j in alignment}
    by_gold = {j: i for i, j in alignment}
    for j, gcall in enumerate(gold.calls):
        if j in by_gold:
            pair = pairs[by_gold[j]][j]
            for f in FIELDS:
                counts[f] += pair.counts[f]
            errors.extend(pair.errors)
            outcomes.extend(pair.outcomes)
        else:
            for f, n in fills_g[j].items():
                counts[f].fn += n
            errors.append(FieldError(aid, j, None, "call", _summary(gcall), None))
            outcomes.extend(_unmatched_outcomes(aid, j, gcall))
    for i, pcall in enumerate(predicted):
        if i not in paired_p:
            for f, n in fills_p[i].items():
                counts[f].fp += n
            errors.append(FieldError(aid, None, i, "call", None, _summary(pcall)))
    counts["calls"] = Counts(len(alignment), len(predicted) - len(alignment), len(gold.calls) - len(paired_g))
    errors.sort(key=lambda e: (e.gold_call is None, e.gold_call or 0, e.pred_call or 0, _field_order(e.field)))
    outcomes.sort(key=lambda o: (o.gold_call, _field_order(o.field), o.item or 0))

    ev_total = ev_ok = 0
    grounding = GroundingCounts()
    if text is not None:
        for call in predicted:
            for passage in call.evidence:
                ev_total += 1
                ev_ok += evidence_in_text(passage, text)
        grounding = count_grounding(predicted, text)
    return ArticleScore(aid, counts, sorted(alignment), errors, outcomes, ev_total, ev_ok, status, grounding)


def _field_order(name: str) -> int:
    return FIELDS.index(name) if name in FIELDS else -1


def _unmatched_outcomes(aid: str, j: int, call: GoldCall) -> list[GoldOutcome]:
    out = []
    for k, p in enumerate(call.participants):
        out.append(GoldOutcome(aid, j, "participants.name", k, p.name, False))
    for name in ("participants.role", "participants.country"):
        attr = name.split(".")[1]
        for k, p in enumerate(call.participants):
            if getattr(p, attr) is not None:
                out.append(GoldOutcome(aid, j, name, k, getattr(p, attr), False))
    for name in ("initiator", "date", "medium", "duration_minutes"):
        if getattr(call, name) is not None:
            out.append(GoldOutcome(aid, j, name, None, getattr(call, name), False))
    for name in ("topics", "outcomes", "reported_by"):
        for k, v in enumerate(getattr(call, name)):
            out.append(GoldOutcome(aid, j, name, k, v, False))
    return out


def score_corpus(
    gold: Mapping[str, GoldArticle],
    predictions: Mapping[str, ArticleResult | Sequence[Call]],
    texts: Mapping[str, str],
    ids: Sequence[str] | None = None,
) -> CorpusScore:
    """Score every gold article (or those in ``ids``) against the predictions.

    ``predictions`` maps article id to an :class:`ArticleResult` (as from
    :func:`load_predictions`) or to a plain list of calls. A gold article
    without a prediction is scored as empty (status "missing"), so is one
    whose result has ``ok: false`` (status "failed"). ``texts`` maps id to
    article text for evidence grounding; an article without text is not
    counted for grounding.
    """
    chosen = sorted(gold) if ids is None else list(ids)
    unknown = [i for i in chosen if i not in gold]
    if unknown:
        raise ValueError(f"no gold file for article(s): {', '.join(unknown[:10])}")
    articles = []
    for aid in chosen:
        pred = predictions.get(aid)
        status: Literal["ok", "missing", "failed"] = "ok"
        if pred is None:
            calls: Sequence[Call] = []
            status = "missing"
        elif isinstance(pred, ArticleResult):
            calls = pred.calls if pred.ok else []
            status = "ok" if pred.ok else "failed"
        else:
            calls = pred
        articles.append(score_article(gold[aid], calls, texts.get(aid), status))
    unscored = sorted(set(predictions) - set(gold))
    return CorpusScore(articles, unscored, _meta(predictions, chosen))


def _meta(predictions: Mapping[str, Any], ids: Sequence[str]) -> dict[str, Any]:
    results = [predictions[i] for i in ids if isinstance(predictions.get(i), ArticleResult)]
    if not results:
        return {}
    return {
        "backends": sorted({r.backend for r in results}),
        "models": sorted({r.model for r in results if r.model}),
        "prompts": sorted({f"{r.prompt.name}@{r.prompt.hash}" for r in results if r.prompt}),
        "prompt_tokens": sum(r.usage.prompt_tokens for r in results),
        "completion_tokens": sum(r.usage.completion_tokens for r in results),
        "requests": sum(r.usage.requests for r in results),
        "latency_s": round(sum(r.latency_s for r in results), 3),
    }


def load_predictions(path: Path) -> dict[str, ArticleResult]:
    """Read a predictions JSONL file (one :class:`ArticleResult` per line; blank lines skipped).

    A malformed line raises ``ValueError`` naming the file and line number.
    When an article appears on several lines (e.g. a resumed run), the last
    ``ok`` line wins; a failed line never replaces an ``ok`` one.
    """
    path = Path(path)
    out: dict[str, ArticleResult] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                result = ArticleResult.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ValueError(
                    f"{path}:{lineno}: not a prediction line: {where}: {first['msg']}"
                    + (f" (and {exc.error_count() - 1} more errors)" if exc.error_count() > 1 else "")
                ) from None
            previous = out.get(result.article_id)
            if previous is None or result.ok or not previous.ok:
                out[result.article_id] = result
    return out


# --------------------------------------------------------------------------- bootstrap


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    pos = q * (len(sorted_values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _row_matrix(score: CorpusScore) -> list[dict[str, Counts]]:
    return [{r: a.row(r) for r in ROWS if r != "macro"} for a in score.articles]


def _sum_rows(matrix: Sequence[dict[str, Counts]], idx: Sequence[int]) -> dict[str, Counts]:
    totals = {r: Counts() for r in ROWS if r != "macro"}
    for k in idx:
        for r, c in matrix[k].items():
            if r != "macro":
                totals[r] += c
    totals["macro"] = MacroCounts.of(totals)
    return totals


def bootstrap_ci(
    score: CorpusScore, n: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, tuple[float, float] | None]:
    """Percentile bootstrap interval of F1 for every row of :data:`ROWS`, resampling articles.

    Resamples where a row's F1 is undefined are left out for that row; a row
    with no defined resample (or a corpus with no article) gets ``None``.
    """
    matrix = _row_matrix(score)
    m = len(matrix)
    if m == 0:
        return dict.fromkeys(ROWS)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {r: [] for r in ROWS}
    for _ in range(n):
        totals = _sum_rows(matrix, [rng.randrange(m) for _ in range(m)])
        for r, c in totals.items():
            f = c.f1
            if f is not None:
                samples[r].append(f)
    alpha = (1 - level) / 2
    out: dict[str, tuple[float, float] | None] = {}
    for r, vals in samples.items():
        vals.sort()
        out[r] = (_percentile(vals, alpha), _percentile(vals, 1 - alpha)) if vals else None
    return out


@dataclass(frozen=True)
class PairedResult:
    """Paired bootstrap of ΔF1 = F1(B) − F1(A) for one row."""

    f1_a: float | None
    f1_b: float | None
    delta: float | None
    lo: float | None
    hi: float | None
    p_not_better: float | None  # share of resamples with Δ <= 0
    resamples: int  # resamples where both F1 were defined

    @property
    def b_better(self) -> bool:
        """B beats A beyond noise: the whole interval of Δ is above 0."""
        return self.lo is not None and self.lo > 0

    @property
    def a_better(self) -> bool:
        return self.hi is not None and self.hi < 0

    @property
    def verdict(self) -> str:
        if self.b_better:
            return "B better"
        if self.a_better:
            return "A better"
        return "no clear difference"


def paired_bootstrap(
    a: CorpusScore, b: CorpusScore, n: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, PairedResult]:
    """Compare two systems scored on the same articles, resampling articles jointly; one result per row."""
    if sorted(a.ids) != sorted(b.ids):
        raise ValueError("paired comparison needs both systems scored on the same articles")
    order = {aid: k for k, aid in enumerate(b.ids)}
    ma = _row_matrix(a)
    mb_raw = _row_matrix(b)
    mb = [mb_raw[order[aid]] for aid in a.ids]
    m = len(ma)
    rng = random.Random(seed)
    deltas: dict[str, list[float]] = {r: [] for r in ROWS}
    for _ in range(n if m else 0):
        idx = [rng.randrange(m) for _ in range(m)]
        ta, tb = _sum_rows(ma, idx), _sum_rows(mb, idx)
        for r in ROWS:
            fa, fb = ta[r].f1, tb[r].f1
            if fa is not None and fb is not None:
                deltas[r].append(fb - fa)
    alpha = (1 - level) / 2
    out = {}
    for r in ROWS:
        fa, fb = a.row(r).f1, b.row(r).f1
        vals = sorted(deltas[r])
        out[r] = PairedResult(
            f1_a=fa,
            f1_b=fb,
            delta=None if fa is None or fb is None else fb - fa,
            lo=_percentile(vals, alpha) if vals else None,
            hi=_percentile(vals, 1 - alpha) if vals else None,
            p_not_better=sum(d <= 0 for d in vals) / len(vals) if vals else None,
            resamples=len(vals),
        )
    return out
