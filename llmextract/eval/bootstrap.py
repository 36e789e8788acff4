"""Bootstrap confidence intervals over articles, and the paired bootstrap that compares two systems."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from llmextract.eval.counts import FIELDS, ROWS, CorpusScore, Counts, MacroCounts

# --------------------------------------------------------------------------- bootstrap


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    pos = q * (len(sorted_values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _row_matrix(score: CorpusScore, rows: Sequence[str] = ROWS) -> list[dict[str, Counts]]:
    return [{r: a.row(r) for r in rows if r != "macro"} for a in score.articles]


def _sum_rows(
    matrix: Sequence[dict[str, Counts]], idx: Sequence[int], rows: Sequence[str] = ROWS, fields: Sequence[str] = FIELDS
) -> dict[str, Counts]:
    totals = {r: Counts() for r in rows if r != "macro"}
    for k in idx:
        for r, c in matrix[k].items():
            if r != "macro":
                totals[r] += c
    totals["macro"] = MacroCounts.of(totals, fields)
    return totals


def bootstrap_ci(
    score: CorpusScore,
    n: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    rows: Sequence[str] = ROWS,
    fields: Sequence[str] = FIELDS,
) -> dict[str, tuple[float, float] | None]:
    """Percentile bootstrap interval of F1 for every row of :data:`ROWS`, resampling articles.

    Resamples where a row's F1 is undefined are left out for that row; a row
    with no defined resample (or a corpus with no article) gets ``None``.
    """
    matrix = _row_matrix(score, rows)
    m = len(matrix)
    if m == 0:
        return dict.fromkeys(rows)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {r: [] for r in rows}
    for _ in range(n):
        totals = _sum_rows(matrix, [rng.randrange(m) for _ in range(m)], rows, fields)
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
