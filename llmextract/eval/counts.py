"""Score records: per-field counts (micro and macro), field errors, gold outcomes, grounding counts, an
article's and a corpus's scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from llmextract.tasks.calls.grounding import FoldedText, ground_calls
from llmextract.tasks.calls.schema import Call

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
    def of(cls, counts: Mapping[str, Counts], fields: Sequence[str] = FIELDS) -> MacroCounts:
        """The macro row of ``fields`` (default: the calls task's :data:`FIELDS`)."""
        fields = tuple(counts[f] for f in fields)
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
