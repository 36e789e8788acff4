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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from llmextract.eval.align import Score3, _align
from llmextract.eval.bootstrap import PairedResult, bootstrap_ci, paired_bootstrap
from llmextract.eval.counts import (
    FIELDS,
    ROWS,
    ArticleScore,
    CorpusScore,
    Counts,
    FieldError,
    GoldOutcome,
    GroundingCounts,
    MacroCounts,
    _new_counts,
    count_grounding,
)
from llmextract.eval.gold import GoldArticle, GoldCall, evidence_in_text
from llmextract.eval.pairs import _fills, _score_pair, _summary
from llmextract.eval.text import normalize_text, resolve_name, text_match, token_f1
from llmextract.tasks.calls.schema import ArticleResult, Call

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
