"""The eval runner: systems (prediction files, the rule baseline, prompt versions) scored on a gold set.

Prompt versions run through the pipeline with the response store, so work
already recorded is replayed instead of repeated, and CI can score the
committed recordings with no network. Each evaluated system can be appended to
a history file, and per-field F1 can be checked against thresholds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmextract.backends import open_backend
from llmextract.config import Settings
from llmextract.engine.articles import SourcedArticle
from llmextract.engine.pipeline import RunOptions, RunSummary, run
from llmextract.engine.records import Article
from llmextract.engine.redact import redact_url
from llmextract.eval.gold import GoldArticle, load_articles_dir, load_gold_dir, load_published_dir
from llmextract.eval.score import FIELDS, ROWS, CorpusScore, load_predictions, score_corpus
from llmextract.tasks import load_task
from llmextract.tasks.calls.schema import ArticleResult

SYNTHETIC_PREFIX = "syn_"


@dataclass
class EvalSet:
    gold: dict[str, GoldArticle]
    texts: dict[str, str]
    folders: dict[str, list[str]] = field(default_factory=dict)  # gold folder -> its ids, when several
    published: dict[str, str] = field(default_factory=dict)  # article id -> publication date, where known

    @property
    def ids(self) -> list[str]:
        return sorted(self.gold)

    def subset(self, which: str) -> list[str]:
        if which == "seeds":
            return [i for i in self.ids if not i.startswith(SYNTHETIC_PREFIX)]
        if which == "syn":
            return [i for i in self.ids if i.startswith(SYNTHETIC_PREFIX)]
        if which in self.folders:
            return sorted(self.folders[which])
        return self.ids

    def articles(self) -> list[SourcedArticle]:
        missing = [i for i in self.ids if i not in self.texts]
        if missing:
            raise ValueError(f"no article text for gold id(s): {', '.join(missing[:10])}")
        return [
            SourcedArticle(Article(id=i, text=self.texts[i], published=self.published.get(i)), f"gold:{i}")
            for i in self.ids
        ]


def load_eval_set(gold_dirs: Path | Sequence[Path], article_dirs: Sequence[Path]) -> EvalSet:
    """The gold files of one or more folders (scored as one set) and the article texts.

    An article id in two gold folders is an error: its calls would count twice."""
    gold: dict[str, GoldArticle] = {}
    folders: dict[str, list[str]] = {}
    gold_dirs = [gold_dirs] if isinstance(gold_dirs, str | Path) else list(gold_dirs)
    for gold_dir in gold_dirs:
        part = load_gold_dir(Path(gold_dir))
        twice = sorted(set(part) & set(gold))
        if twice:
            raise ValueError(f"gold id(s) in more than one gold folder ({gold_dir}): {', '.join(twice[:10])}")
        gold.update(part)
        folders[str(gold_dir)] = list(part)
    texts = load_articles_dir(list(article_dirs))
    published = load_published_dir(list(article_dirs))
    return EvalSet(dict(sorted(gold.items())), texts, folders if len(folders) > 1 else {}, published)


@dataclass
class System:
    name: str
    predictions: dict[str, ArticleResult]
    summary: RunSummary | None = None
    settings: dict[str, Any] | None = None  # the settings that decide its answers (None: a prediction file)
    store_mode: str | None = None  # "replay": no model ran


def from_file(path: Path) -> System:
    return System(Path(path).stem, load_predictions(Path(path)))


def run_system(
    name: str, settings: Settings, eval_set: EvalSet, concurrency: int = 1, announce: Callable[[str], None] = print
) -> System:
    """Run a backend over the gold articles (through the store, for the model)."""
    total = len(eval_set.ids)

    def progress(result: ArticleResult, summary: RunSummary) -> None:
        if settings.backend != "rules" and not result.replayed:
            state = "ok" if result.ok else f"FAILED {result.error.kind if result.error else ''}"
            announce(f"[{summary.done}/{total}] {result.article_id}: {state} in {result.latency_s:.1f}s")

    options = RunOptions(concurrency=concurrency, ground=settings.grounding != "off")
    task = load_task(settings.task)

    async def go() -> tuple[str, RunSummary]:
        out = io.StringIO()
        async with open_backend(settings, announce=announce) as backend:
            summary = await run(eval_set.articles(), backend, out, options,
                                local_model=settings.embedded, on_result=progress, task=task)  # fmt: skip
        return out.getvalue(), summary

    text, summary = asyncio.run(go())
    results = [task.result_model.model_validate_json(line) for line in text.splitlines() if line.strip()]
    return System(
        name,
        {r.article_id: r for r in results},
        summary,
        settings_that_matter(settings),
        settings.store_mode if settings.store else None,
    )


SETTINGS_THAT_MATTER = ("backend", "model", "prompt", "topics_prompt", "focus_prompt", "mode", "temperature",
                        "max_tokens", "max_reasks", "grounding", "local_model", "base_url")  # fmt: skip


def settings_that_matter(settings: Settings) -> dict[str, Any]:
    """The settings that change a system's answers (whether the answers were replayed is kept apart)."""
    out = {}
    for name in SETTINGS_THAT_MATTER:
        value = getattr(settings, name, None)
        if name == "base_url" and value:
            value = redact_url(value)
        out[name] = value if value is None or isinstance(value, bool | int | float | str) else str(value)
    return out


def system_label(settings: Settings) -> str:
    if settings.backend == "rules":
        return "rules"
    if settings.backend == "hybrid":
        label = f"hybrid:{settings.prompt}+{settings.topics_prompt}"
        label += f"+{settings.focus_prompt}" if settings.focus_prompt.lower() != "none" else ""
        return label if not settings.model else f"{label}@{settings.model}"
    return settings.prompt if not settings.model else f"{settings.prompt}@{settings.model}"


def score(system: System, eval_set: EvalSet, subset: str = "all") -> CorpusScore:
    return score_corpus(eval_set.gold, system.predictions, eval_set.texts, ids=eval_set.subset(subset))


def cost_line(name: str, corpus: CorpusScore) -> str:
    m = corpus.meta
    if not m:
        return f"{name}: no usage recorded"
    return (
        f"{name}: {m['prompt_tokens']:,} prompt + {m['completion_tokens']:,} completion tokens, "
        f"{m['requests']} request(s), {m['latency_s']:.1f}s model time"
    )


def failures(system: System, ids: list[str]) -> list[str]:
    out = []
    for i in ids:
        r = system.predictions.get(i)
        if r is None:
            out.append(f"{i}: no prediction")
        elif not r.ok:
            out.append(f"{i}: {r.error.kind if r.error else 'failed'}: {r.error.message if r.error else ''}")
    return out


# ---------------------------------------------------------------- history and thresholds


DEFAULT_HISTORY = Path(".llmextract/history.jsonl")  # local and untracked (.gitignore)
HISTORY_KEY = ("system", "prompt_hash", "settings", "gold", "commit")


def git_commit(cwd: Path | None = None) -> str | None:
    """The checked-out commit (12 hex digits, ``+dirty`` with uncommitted changes), or None outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=cwd, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head or None


def history_record(
    system: System, corpus: CorpusScore, gold: str | None = None, commit: str | None = None
) -> dict[str, Any]:
    """One line of the history file: which system, prompt, settings and commit, on which gold set, scored what.

    ``replayed`` is true when every model answer came from the store (None for systems with no model)."""
    results = list(system.predictions.values())
    first = results[0] if results else None
    table = corpus.table()
    with_model = [r for r in results if r.backend != "rules"]
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "system": system.name,
        "gold": gold,
        "commit": commit,
        "settings": system.settings,
        "replayed": (system.store_mode == "replay" or all(r.replayed for r in with_model)) if with_model else None,
        "backend": first.backend if first else None,
        "model": first.model if first else None,
        "prompt": first.prompt.name if first and first.prompt else None,
        "prompt_hash": first.prompt.hash if first and first.prompt else None,
        "articles": corpus.n_articles,
        "failed": corpus.n_failed + corpus.n_missing,
        "f1": {row: _round(table[row].f1) for row in ROWS},
        "grounding": {
            "evidence_verbatim": _round(corpus.grounding_rate),
            "evidence_located": _round(corpus.grounding.located_rate),
            "names_supported": _round(corpus.grounding.names_rate),
        },
        "tokens": (corpus.meta.get("prompt_tokens", 0) + corpus.meta.get("completion_tokens", 0)) if corpus.meta else 0,
        "model_seconds": corpus.meta.get("latency_s", 0.0) if corpus.meta else 0.0,
    }


def history_key(record: dict[str, Any]) -> str:
    """What makes a history row distinct: system, prompt hash, settings, gold set and commit."""
    return json.dumps([record.get(k) for k in HISTORY_KEY], sort_keys=True)


def load_history(path: Path) -> list[dict[str, Any]]:
    """The rows of a history file (none when it does not exist), oldest first."""
    if not Path(path).is_file():
        return []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def append_history(path: Path, record: dict[str, Any]) -> bool:
    """Append ``record`` unless a row with the same :func:`history_key` is there already; True if appended."""
    key = history_key(record)
    if any(history_key(row) == key for row in load_history(path)):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")
    return True


def render_history(rows: Sequence[dict[str, Any]], fields: Sequence[str] = ("calls", "macro", "overall")) -> str:
    """A plain-text table of history rows: date, commit, gold, system, prompt hash, replayed, F1 columns."""
    head = ["date", "commit", "gold", "system", "prompt hash", "replayed", *fields]
    body = []
    for r in rows:
        replayed = {True: "yes", False: "no", None: "-"}[r.get("replayed")]
        f1 = r.get("f1") or {}
        body.append([str(r.get("date", ""))[:16].replace("T", " "), str(r.get("commit") or "-"),
                     str(r.get("gold") or "-"), str(r.get("system") or "-"), str(r.get("prompt_hash") or "-"),
                     replayed if "replayed" in r else "?",
                     *("—" if f1.get(f) is None else f"{f1[f]:.3f}" for f in fields)])  # fmt: skip
    widths = [max(len(head[k]), *(len(row[k]) for row in body)) if body else len(head[k]) for k in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body]
    return "\n".join(out)


def check_thresholds(corpus: CorpusScore, thresholds: dict[str, float]) -> list[str]:
    """One readable line per row whose F1 is below its threshold."""
    table = corpus.table()
    problems = []
    for row, minimum in thresholds.items():
        if row not in table:
            problems.append(f"{row}: unknown field in thresholds (known: {', '.join(ROWS)})")
            continue
        f1 = table[row].f1 or 0.0
        if f1 < minimum:
            c = table[row]
            problems.append(
                f"{row}: F1 {f1:.3f} is below the threshold {minimum:.3f} (TP {c.tp}, FP {c.fp}, FN {c.fn})"
            )
    return problems


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


__all__ = ["DEFAULT_HISTORY", "FIELDS", "ROWS", "EvalSet", "System", "append_history", "check_thresholds", "from_file",
           "git_commit", "history_key", "history_record", "load_eval_set", "load_history", "render_history",
           "run_system", "score", "system_label"]  # fmt: skip
