"""Render scores: a plain-text table for the terminal, JSON and Markdown reports, comparisons and flips.

Everything here is plain text (no colour, no terminal control codes), so the
output reads the same on a terminal, in a pipe or in a file. Undefined
numbers (see :mod:`llmextract.eval.score`, "Zero denominators") print as "—".

``ci`` arguments map system name -> row -> ``(lo, hi)`` or None, as
:func:`llmextract.eval.score.bootstrap_ci` returns per system. ``comparisons``
map ``(system A, system B)`` -> row -> :class:`PairedResult`, as
:func:`llmextract.eval.score.paired_bootstrap` returns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from llmextract.engine.jsonfile import read_json_file
from llmextract.eval.score import FIELDS, ROWS, CorpusScore, FieldError, PairedResult

__all__ = [
    "Flip",
    "find_flips",
    "grounding_line",
    "render_comparison",
    "render_flips",
    "render_table",
    "to_json",
    "to_markdown",
]

CI = Mapping[str, Mapping[str, tuple[float, float] | None]]
Comparisons = Mapping[tuple[str, str], Mapping[str, PairedResult]]
DASH = "—"


def load_thresholds(path: Path) -> dict[str, Any]:
    """Read an eval thresholds file, ``{"system"?: name, "min_f1": {row: minimum}}``.

    Raises ``ValueError`` naming the file and what is wrong (missing, not JSON, no ``min_f1``, a non-number).
    """
    spec = read_json_file(path, "thresholds")
    example = '{"system": "name (optional)", "min_f1": {"overall": 0.8}}'
    if not isinstance(spec, dict) or not isinstance(spec.get("min_f1"), dict) or not spec["min_f1"]:
        raise ValueError(f'thresholds file {path} needs a non-empty "min_f1" object, like {example}')
    bad = [k for k, v in spec["min_f1"].items() if isinstance(v, bool) or not isinstance(v, int | float)]
    if bad:
        raise ValueError(f"thresholds file {path}: min_f1 values must be numbers ({', '.join(bad)})")
    if spec.get("system") is not None and not isinstance(spec["system"], str):
        raise ValueError(f'thresholds file {path}: "system" must be a system name')
    return spec


def _num(x: float | None, digits: int = 3) -> str:
    return DASH if x is None else f"{x:.{digits}f}"


def _signed(x: float | None, digits: int = 3) -> str:
    return DASH if x is None else f"{x:+.{digits}f}"


def _interval(ci: tuple[float, float] | None, digits: int = 2, signed: bool = False) -> str:
    if ci is None:
        return DASH
    fmt = _signed if signed else _num
    return f"[{fmt(ci[0], digits)}, {fmt(ci[1], digits)}]"


def _pct(x: float | None) -> str:
    return DASH if x is None else f"{100 * x:.1f}%"


def _coverage(score: CorpusScore) -> str:
    parts = []
    if score.n_missing:
        parts.append(f"{score.n_missing} without a prediction")
    if score.n_failed:
        parts.append(f"{score.n_failed} failed")
    if score.unscored:
        parts.append(f"{len(score.unscored)} predicted articles not in gold, ignored")
    return f"{score.n_articles} articles" + (f" ({'; '.join(parts)})" if parts else "")


def grounding_line(score: CorpusScore) -> str:
    """Verbatim evidence, then evidence located (by how), names and durations the text supports."""
    g = score.grounding
    line = f"{_pct(score.grounding_rate)} ({score.evidence_grounded}/{score.evidence_total})"
    line += f", located {_pct(g.located_rate)} ({g.located}/{g.evidence}"
    line += f": {g.exact} exact, {g.normalised} normalised, {g.fuzzy} fuzzy)" if g.evidence else ")"
    line += f"; names supported {_pct(g.names_rate)} ({g.names_supported}/{g.names})"
    if g.durations:
        line += f"; durations supported {g.durations_supported}/{g.durations}"
    return line


# --------------------------------------------------------------------------- terminal table


def render_table(systems: Mapping[str, CorpusScore], ci: CI | None = None) -> str:
    """A plain-text table: one row per field, then ``overall`` and ``calls``; P, R, F1 (and a CI) per system.

    Below the table, one line per system with the number of articles and the
    grounding: evidence verbatim and located, names and durations supported.
    """
    names = list(systems)
    head = ["P", "R", "F1"]
    rows_by_system = {}
    for name, score in systems.items():
        table = score.table()
        rows = {}
        for r in ROWS:
            c = table[r]
            cells = [_num(c.precision), _num(c.recall), _num(c.f1)]
            if ci is not None:
                cells.append(_interval((ci.get(name) or {}).get(r)))
            rows[r] = cells
        rows_by_system[name] = rows
    if ci is not None:
        head.append("F1 95% CI")
    first_w = max(len(r) for r in ROWS)
    widths = {}
    for name in names:
        cols = [max(len(head[k]), *(len(rows_by_system[name][r][k]) for r in ROWS)) for k in range(len(head))]
        group = sum(cols) + 2 * (len(cols) - 1)
        if len(name) > group:  # widen the last column so the system name fits
            cols[-1] += len(name) - group
        widths[name] = cols

    def line(first: str, groups: list[str]) -> str:
        return (first.ljust(first_w) + "  " + "   ".join(groups)).rstrip()

    def cells(name: str, values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) for v, w in zip(values, widths[name], strict=True))

    group_w = {n: sum(widths[n]) + 2 * (len(widths[n]) - 1) for n in names}
    out = [
        line("", [n.center(group_w[n]) for n in names]),
        line("field", [cells(n, head) for n in names]),
        line("-" * first_w, ["-" * group_w[n] for n in names]),
    ]
    for r in ROWS:
        if r == "overall":
            out.append(line("-" * first_w, ["-" * group_w[n] for n in names]))
        out.append(line(r, [cells(n, rows_by_system[n][r]) for n in names]))
    out.append("")
    for name, score in systems.items():
        out.append(f"{name}: {_coverage(score)}; evidence grounded {grounding_line(score)}")
    return "\n".join(out)


def render_comparison(paired: Mapping[str, PairedResult], a_name: str = "A", b_name: str = "B") -> str:
    """Plain-text table of a paired comparison: F1 of each system, ΔF1 (B − A), its CI, share Δ ≤ 0, verdict."""
    head = ["field", f"F1 {a_name}", f"F1 {b_name}", "ΔF1", "95% CI", "P(Δ≤0)", "verdict"]
    rows = []
    for r in ROWS:
        if r not in paired:
            continue
        p = paired[r]
        verdict = {"B better": f"{b_name} better", "A better": f"{a_name} better"}.get(p.verdict, p.verdict)
        interval = _interval(None if p.lo is None or p.hi is None else (p.lo, p.hi), signed=True)
        rows.append([r, _num(p.f1_a), _num(p.f1_b), _signed(p.delta), interval, _num(p.p_not_better), verdict])
    widths = [max(len(head[k]), *(len(row[k]) for row in rows)) for k in range(len(head))]

    def fmt(row: Sequence[str]) -> str:
        last = len(row) - 1
        pairs = enumerate(zip(row, widths, strict=True))
        return "  ".join(v.ljust(w) if k in (0, last) else v.rjust(w) for k, (v, w) in pairs).rstrip()

    lines = [f"{b_name} vs {a_name} (paired bootstrap over articles; ΔF1 = {b_name} − {a_name})", fmt(head)]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(fmt(row) for row in rows)
    return "\n".join(lines)


# --------------------------------------------------------------------------- flips


@dataclass(frozen=True)
class Flip:
    """A gold value matched by one system and not the other (``right_in`` names the system that got it)."""

    article_id: str
    gold_call: int
    field: str
    item: int | None
    gold: Any
    right_in: Literal["A", "B"]


def find_flips(a: CorpusScore, b: CorpusScore) -> list[Flip]:
    """Gold values right in A and wrong in B, and vice versa, for two systems scored on the same gold.

    A value is identified by (article, gold call index, field, item index);
    values only one system's corpus covers are ignored.
    """
    in_b = {o.key: o for o in b.outcomes}
    flips = []
    for o in a.outcomes:
        other = in_b.get(o.key)
        if other is None or other.matched == o.matched:
            continue
        flips.append(Flip(o.article_id, o.gold_call, o.field, o.item, o.gold, "A" if o.matched else "B"))
    return flips


def render_flips(flips: Sequence[Flip], a_name: str = "A", b_name: str = "B") -> str:
    """Two plain-text lists: values only A got right, values only B got right."""
    out = []
    for side, name, other in (("A", a_name, b_name), ("B", b_name, a_name)):
        mine = [f for f in flips if f.right_in == side]
        out.append(f"right in {name}, wrong in {other}: {len(mine)}")
        for f in mine:
            item = "" if f.item is None else f"[{f.item}]"
            out.append(f"  {f.article_id} call {f.gold_call} {f.field}{item}: {_value(f.gold)}")
    return "\n".join(out)


# --------------------------------------------------------------------------- JSON


def _error_json(e: FieldError) -> dict[str, Any]:
    return {
        "article_id": e.article_id,
        "gold_call": e.gold_call,
        "pred_call": e.pred_call,
        "field": e.field,
        "gold": e.gold,
        "predicted": e.predicted,
        **({"detail": e.detail} if e.detail else {}),
    }


def _paired_json(paired: Mapping[str, PairedResult]) -> dict[str, Any]:
    return {
        r: {
            "f1_a": p.f1_a,
            "f1_b": p.f1_b,
            "delta": p.delta,
            "ci": None if p.lo is None else [p.lo, p.hi],
            "p_not_better": p.p_not_better,
            "resamples": p.resamples,
            "verdict": p.verdict,
        }
        for r, p in paired.items()
    }


def to_json(
    systems: Mapping[str, CorpusScore], ci: CI | None = None, comparisons: Comparisons | None = None
) -> dict[str, Any]:
    """Everything as a JSON-ready dict: counts, P/R/F1 (and CI) per row, coverage, grounding and errors per system."""
    out: dict[str, Any] = {"fields": list(FIELDS), "systems": {}}
    for name, score in systems.items():
        rows = {}
        for r, c in score.table().items():
            rows[r] = {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall, "f1": c.f1}
            if ci is not None:
                interval = (ci.get(name) or {}).get(r)
                rows[r]["f1_ci"] = None if interval is None else list(interval)
        out["systems"][name] = {
            "articles": score.n_articles,
            "missing_predictions": score.n_missing,
            "failed_predictions": score.n_failed,
            "unscored_predictions": list(score.unscored),
            "evidence": {
                "total": score.evidence_total,
                "grounded": score.evidence_grounded,
                "rate": score.grounding_rate,
                "located": score.grounding.located,
                "located_rate": score.grounding.located_rate,
                "by_match": {k: getattr(score.grounding, k) for k in ("exact", "normalised", "fuzzy", "not_found")},
            },
            "names": {
                "total": score.grounding.names,
                "supported": score.grounding.names_supported,
                "rate": score.grounding.names_rate,
            },
            "durations": {"total": score.grounding.durations, "supported": score.grounding.durations_supported},
            "meta": dict(score.meta),
            "scores": rows,
            "per_article": [
                {
                    "article_id": a.article_id,
                    "status": a.status,
                    "alignment": [list(p) for p in a.alignment],
                    "counts": {r: [a.row(r).tp, a.row(r).fp, a.row(r).fn] for r in ROWS if r != "macro"},
                }
                for a in score.articles
            ],
            "errors": [_error_json(e) for e in score.errors],
        }
    if comparisons:
        out["comparisons"] = [{"a": a, "b": b, "rows": _paired_json(paired)} for (a, b), paired in comparisons.items()]
    return out


# --------------------------------------------------------------------------- Markdown


def _value(v: Any) -> str:
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return "null" if v is None else (json.dumps(v, ensure_ascii=False) if isinstance(v, str) else str(v))


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _error_md(e: FieldError) -> str:
    where = f"gold call {e.gold_call}" if e.gold_call is not None else f"predicted call {e.pred_call}"
    if e.gold_call is not None and e.pred_call is not None:
        where = f"call {e.gold_call} (predicted {e.pred_call})"
    if e.field == "call":
        what = f"missed call {_value(e.gold)}" if e.gold is not None else f"spurious call {_value(e.predicted)}"
        return f"- {where}: {what}"
    detail = f" ({e.detail})" if e.detail else ""
    if e.field in FIELDS and isinstance(e.gold, list) and isinstance(e.predicted, list):
        parts = []
        if e.gold:
            parts.append(f"missed {_value(e.gold)}")
        if e.predicted:
            parts.append(f"extra {_value(e.predicted)}")
        return f"- {where}: `{e.field}`{detail}: " + "; ".join(parts)
    return f"- {where}: `{e.field}`{detail}: gold {_value(e.gold)}, predicted {_value(e.predicted)}"


def to_markdown(
    systems: Mapping[str, CorpusScore],
    ci: CI | None = None,
    comparisons: Comparisons | None = None,
    max_errors: int | None = 500,
) -> str:
    """A Markdown report: the score table, coverage and grounding, comparisons, then errors by article.

    ``max_errors`` caps the errors listed per system (None: all).
    """
    names = list(systems)
    head = ["field"]
    for n in names:
        head += [f"{n} P", f"{n} R", f"{n} F1"] + ([f"{n} F1 95% CI"] if ci is not None else [])
    lines = ["# Evaluation", "", "## Scores", ""]
    lines.append("| " + " | ".join(_md_escape(h) for h in head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    tables = {n: s.table() for n, s in systems.items()}
    for r in ROWS:
        row = [f"**{r}**" if r in ("overall", "calls") else r]
        for n in names:
            c = tables[n][r]
            row += [_num(c.precision), _num(c.recall), _num(c.f1)]
            if ci is not None:
                row.append(_interval((ci.get(n) or {}).get(r)))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for n, s in systems.items():
        lines.append(f"- **{_md_escape(n)}**: {_coverage(s)}; evidence grounded {grounding_line(s)}")
    if comparisons:
        lines += ["", "## Comparisons"]
        for (a, b), paired in comparisons.items():
            lines += ["", "```", render_comparison(paired, a, b), "```"]
    lines += ["", "## Errors"]
    for n, s in systems.items():
        errors = s.errors
        lines += ["", f"### {n} ({len(errors)} errors)"]
        shown = errors if max_errors is None else errors[:max_errors]
        current = None
        for e in shown:
            if e.article_id != current:
                current = e.article_id
                lines += ["", f"#### {e.article_id}", ""]
            lines.append(_error_md(e))
        if len(shown) < len(errors):
            lines += ["", f"... and {len(errors) - len(shown)} more (see the JSON report)"]
    return "\n".join(lines) + "\n"
