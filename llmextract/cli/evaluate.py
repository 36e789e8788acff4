"""The evaluation commands: gold check, eval, view, review and history."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from llmextract.cli.flags import EXTRACT_FLAGS
from llmextract.cli.parser import build_parser
from llmextract.config import DEFAULT_PROMPT, HYBRID_PROMPT
from llmextract.engine.redact import redact_text

DEFAULT_ARTICLE_DIRS = (Path("seeds"), Path("gold/synthetic"))
DEFAULT_STORE = Path("eval/recordings")


def cmd_gold(args: argparse.Namespace) -> int:
    from llmextract.eval.gold import check_gold_dir

    dirs = args.articles or [Path("seeds"), args.gold_dir / "synthetic", args.gold_dir]
    problems = check_gold_dir(args.gold_dir, [d for d in dirs if d.is_dir()])
    for problem in problems:
        print(problem)
    count = len(list(args.gold_dir.glob("*.json")))
    print(f"{count} gold file(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def _gold_ids(folder: Path) -> list[str]:
    return [p.stem for p in folder.glob("*.json")] if folder.is_dir() else []


def cmd_eval(args: argparse.Namespace) -> int:
    from llmextract.config import load_settings
    from llmextract.eval import runner as ev
    from llmextract.eval.report import (
        find_flips,
        load_thresholds,
        render_comparison,
        render_flips,
        render_table,
        to_json,
        to_markdown,
    )
    from llmextract.eval.score import bootstrap_ci, paired_bootstrap
    from llmextract.tasks import load_task

    flags = {k: getattr(args, k) for k in EXTRACT_FLAGS}
    task = load_task(load_settings(flags).task)
    if task.name != "calls":
        return cmd_eval_task(args, task)
    gold_dirs = args.gold or [Path("gold")]
    gold_name = " + ".join(str(d) for d in gold_dirs)
    dirs = [d for d in (args.articles or [*DEFAULT_ARTICLE_DIRS, *gold_dirs]) if d.is_dir()]
    if args.thresholds:
        load_thresholds(args.thresholds)  # a bad file is a usage error before any scoring
    try:
        eval_set = ev.load_eval_set(gold_dirs, dirs)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    empty = [str(d) for d in gold_dirs if not _gold_ids(d)]
    if empty:
        print(f"error: no <id>.json gold files in {', '.join(empty)}: nothing to score against", file=sys.stderr)
        return 2
    systems = [ev.from_file(p) for p in args.predictions]
    if args.baseline:
        systems.insert(0, ev.run_system("rules", load_settings({**flags, "backend": "rules"}), eval_set))
    runs = [("llm", p) for p in args.prompts or []] + [("hybrid", p) for p in args.hybrids or []]
    for backend, prompt in runs:
        store = {"store": flags["store"] or DEFAULT_STORE, "store_mode": flags["store_mode"] or "replay"}
        settings = load_settings({**flags, "backend": backend, "prompt": prompt, **store})
        label = ev.system_label(settings)
        where = f"store: {settings.store}, {settings.store_mode}"
        print(f"running {label} on {len(eval_set.ids)} gold article(s) ({where})", file=sys.stderr)
        systems.append(
            ev.run_system(label, settings, eval_set, announce=lambda m: print(redact_text(m), file=sys.stderr))
        )
    if not systems:
        print("error: nothing to score: give prediction files, --baseline, --run-prompt or --run-hybrid",
              file=sys.stderr)  # fmt: skip
        return 2
    names = [s.name for s in systems]
    if len(set(names)) != len(names):
        for i, s in enumerate(systems):
            s.name = f"{i + 1}:{s.name}"
    scores = {s.name: ev.score(s, eval_set, args.subset) for s in systems}
    ci = {n: bootstrap_ci(c) for n, c in scores.items()} if args.ci else None
    print(f"gold: {gold_name} ({len(eval_set.subset(args.subset))} article(s), subset {args.subset})")
    print(render_table(scores, ci))
    if args.split and args.subset == "all":
        for part in eval_set.folders or ("seeds", "syn"):
            if eval_set.subset(part):
                print(f"\n-- {part} only ({len(eval_set.subset(part))} article(s))")
                print(render_table({s.name: ev.score(s, eval_set, part) for s in systems}))
    print()
    for name, corpus in scores.items():
        print(ev.cost_line(name, corpus))
        for line in ev.failures(next(s for s in systems if s.name == name), eval_set.subset(args.subset))[:10]:
            print(redact_text(f"  failed {line}"))
    comparisons = {}
    if len(systems) >= 2:
        a, b = systems[-2].name, systems[-1].name
        print(f"\nflips between {a} (A) and {b} (B):")
        print(render_flips(find_flips(scores[a], scores[b]), a, b))
        if args.ci:
            # With --baseline every system is compared with the rules; else the last two with each other.
            order = list(scores)
            pairs = [(order[0], n) for n in order[1:]] if args.baseline else [(a, b)]
            for x, y in pairs:
                comparisons[(x, y)] = paired_bootstrap(scores[x], scores[y])
                print(render_comparison(comparisons[(x, y)], x, y))
    if not args.no_history:
        history, commit = args.history or ev.DEFAULT_HISTORY, ev.git_commit()
        records = [ev.history_record(s, scores[s.name], f"{gold_name} ({args.subset})", commit) for s in systems]
        added = sum(ev.append_history(history, r) for r in records)
        print(f"history: {added} row(s) added to {history}, {len(records) - added} already there", file=sys.stderr)
    if args.report:
        print("note: --report is deprecated, use --out", file=sys.stderr)
    for path in [*(args.out or []), *(args.report or [])]:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".html":
            _write_view(path, args, eval_set, systems, scores, ci, gold_name)
        elif path.suffix == ".json":
            path.write_text(json.dumps(to_json(scores, ci, comparisons), indent=2, default=str) + "\n")
        else:
            path.write_text(to_markdown(scores, ci, comparisons))
        print(f"report written to {path}", file=sys.stderr)
    if args.thresholds:
        spec = load_thresholds(args.thresholds)
        target = spec.get("system") or systems[-1].name
        if target not in scores:
            print(f"error: thresholds are for system {target!r}, not among {', '.join(scores)}", file=sys.stderr)
            return 1
        problems = ev.check_thresholds(scores[target], spec["min_f1"])
        for line in problems:
            print(f"BELOW THRESHOLD {target} {line}", file=sys.stderr)
        if problems:
            return 1
        print(f"thresholds met for {target} ({len(spec['min_f1'])} field(s))", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- history, view and review (the eval viewer)


def _default_gold_dirs() -> list[Path]:
    return [Path("gold"), *sorted(d for d in Path("gold").glob("*/") if any(d.glob("*.json")))]


def cmd_view(args: argparse.Namespace) -> int:
    import io
    import webbrowser

    argv = ["eval", *map(str, args.predictions), "--ci", "--no-history", "--out", str(args.output)]
    task = _review_task(args)
    if task is not None:  # a declarative task: its gold folder, its default prompt, its review page
        argv += ["--task", str(task.folder)]
        argv += [a for p in args.prompts or [task.default_prompt] for a in ("--run-prompt", p)]
        argv += [a for d in args.gold or [] for a in ("--gold", str(d))] + ([] if args.no_baseline else ["--baseline"])
        argv += ["--store", str(args.store or DEFAULT_STORE), "--store-mode", "replay"]
        with contextlib.redirect_stdout(io.StringIO()):
            status = cmd_eval(build_parser().parse_args(argv))
        print(f"view written to {args.output}", file=sys.stderr)
        if status == 0 and args.open:
            webbrowser.open(args.output.resolve().as_uri())
        return status
    for d in args.gold or _default_gold_dirs():
        argv += ["--gold", str(d)]
    if not args.no_baseline:
        argv.append("--baseline")
    prompts, hybrids = args.prompts or [], args.hybrids or []
    if not (args.predictions or prompts or hybrids):
        prompts, hybrids = [DEFAULT_PROMPT], [HYBRID_PROMPT]  # the llm backend's and the hybrid's defaults
    argv += [a for p in prompts for a in ("--run-prompt", p)] + [a for p in hybrids for a in ("--run-hybrid", p)]
    argv += ["--store", str(args.store)] if args.store else []
    eval_args = build_parser().parse_args(argv)
    eval_args.view_history = args.history
    log = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(log):
        status = cmd_eval(eval_args)
    failed = sum("FAILED" in line for line in log.getvalue().splitlines())
    for line in log.getvalue().splitlines():
        if not line.startswith("[") and not line.startswith("report written"):
            print(line, file=sys.stderr)
    if failed:
        print(f"{failed} article(s) failed (no recorded answer, or an answer that did not validate): "
              "shown as 'fail' in the matrix", file=sys.stderr)  # fmt: skip
    print(f"view written to {args.output}", file=sys.stderr)
    if status == 0 and args.open:
        webbrowser.open(args.output.resolve().as_uri())
    return status


def _write_view(path: Path, args: argparse.Namespace, eval_set: Any, systems: Any, scores: Any, ci: Any,
                gold_name: str) -> None:  # fmt: skip
    from llmextract.eval import runner as ev
    from llmextract.eval.view import build_view

    paths = getattr(args, "view_history", None) or [Path("eval/history.jsonl"), args.history or ev.DEFAULT_HISTORY]
    history = [row for p in dict.fromkeys(paths) for row in ev.load_history(p)]
    store = args.store or DEFAULT_STORE
    page = build_view(eval_set, systems, scores, ci, store if store.is_dir() else None, history,
                      title=f"llmextract eval: {gold_name}", gold_name=gold_name)  # fmt: skip
    path.write_text(page, encoding="utf-8")


def cmd_review(args: argparse.Namespace) -> int:
    from llmextract.eval.gold import load_gold_dir
    from llmextract.eval.review import build_page, covered_gold, find_texts
    from llmextract.eval.score import load_predictions

    if args.command == "report":
        print("note: 'llmextract report' is now 'llmextract review'", file=sys.stderr)
    task = _review_task(args)
    if task is not None:
        return _review_spec_task(args, task)
    runs = [load_predictions(p) for p in [args.run, *([args.other] if args.other else [])]]
    gold = None
    for d in args.gold or []:
        gold = {**(gold or {}), **load_gold_dir(d)}
    dirs = [*DEFAULT_ARTICLE_DIRS, *(p for d in args.gold or [] for p in (d / "synthetic", d))]
    texts = find_texts({k: v for run in runs for k, v in run.items()}, args.articles or [], dirs, gold or {})
    ids = set().union(*runs) | set(gold or {})
    if gold is not None:  # the page scores only the gold articles every run covers, and says so
        covered, warning = covered_gold(gold, runs)
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        ids = set().union(*runs) | set(covered)
    missing = sorted(i for i in ids if i not in texts)
    names = [p.stem for p in [args.run, *([args.other] if args.other else [])]]
    title = args.title or "Review: " + " vs ".join(p.name for p in [args.run, *([args.other] if args.other else [])])
    page = build_page(runs[0], texts, gold, title=title, other=runs[1] if args.other else None, names=names)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    if missing:
        more = " ..." if len(missing) > 5 else ""
        print(f"article text not found for {len(missing)} article(s): {', '.join(missing[:5])}{more} "
              "(give the inputs with --articles)", file=sys.stderr)  # fmt: skip
    scored = f", scored against {' + '.join(map(str, args.gold))}" if gold is not None else ""
    print(f"review page: {len(ids)} article(s){scored} -> {args.output}", file=sys.stderr)
    return 0


def _review_task(args: argparse.Namespace) -> Any:
    """The declarative task ``--task`` (or LLMEXTRACT_TASK, read as every command reads it) names; None for the
    calls task."""
    from llmextract.config import load_settings
    from llmextract.tasks import load_task
    from llmextract.tasks.spec import SpecTask

    task = load_task(load_settings({"task": args.task}).task)
    return task if isinstance(task, SpecTask) else None


def _review_spec_task(args: argparse.Namespace, task: Any) -> int:
    """``review --task FOLDER``: the generic page (:mod:`llmextract.eval.task_page`) of one or two runs."""
    from llmextract.eval import generic
    from llmextract.eval.gold import load_articles_dir
    from llmextract.eval.task_page import build_task_page

    runs = generic.load_runs(task, [args.run, *([args.other] if args.other else [])])
    gold = None
    for d in args.gold or []:
        gold = {**(gold or {}), **generic.load_gold(task, d)}
    folders = [p for p in [*(args.articles or []), *(args.gold or []), task.gold_dir] if p.is_dir()]
    texts = load_articles_dir(folders)
    scores = {name: generic.score_corpus(task, gold, results) for name, results in runs.items()} if gold else None
    page = build_task_page(task, texts, runs, gold, scores, title=args.title)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    scored = f", scored against {' + '.join(map(str, args.gold))}" if gold else ""
    ids = set(gold or {}) | {aid for results in runs.values() for aid in results}
    print(f"review page: {len(ids)} article(s) of {task.name}{scored} -> {args.output}", file=sys.stderr)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from llmextract.eval import runner as ev

    path = args.path or ev.DEFAULT_HISTORY
    rows = [r for r in ev.load_history(path) if args.gold in (None, r.get("gold"))]
    rows = [r for r in rows if args.system in (None, r.get("system"))]
    if not rows:
        print(f"no history rows in {path}" + (" (it does not exist)" if not path.is_file() else ""), file=sys.stderr)
        return 0
    print(ev.render_history(rows))
    return 0


def cmd_eval_task(args: argparse.Namespace, task: Any) -> int:
    """``eval --task FOLDER``: a declarative task's gold set, scored by the generic scorer (llmextract.eval.generic)."""
    from llmextract.config import load_settings
    from llmextract.eval import generic

    gold_dir = (args.gold or [task.gold_dir])[0]
    try:
        gold = generic.load_gold(task, gold_dir)
        articles = generic.load_articles(task, gold_dir, gold)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not gold:
        print(f"error: no <id>.json gold files in {gold_dir}: nothing to score against", file=sys.stderr)
        return 2
    flags = {k: getattr(args, k) for k in EXTRACT_FLAGS}
    predictions: dict[str, Any] = generic.load_runs(task, args.predictions)
    if args.baseline and task.rules() is not None:
        results, _ = generic.run_system(load_settings({**flags, "backend": "rules"}), task, articles)
        predictions["rules"] = results
    for prompt in args.prompts or []:
        store = {"store": flags["store"] or DEFAULT_STORE, "store_mode": flags["store_mode"] or "replay"}
        settings = load_settings({**flags, "backend": "llm", "prompt": prompt, **store})
        where = f"store: {settings.store}, {settings.store_mode}"
        print(f"running llm:{prompt} on {len(articles)} gold article(s) of {task.name} ({where})", file=sys.stderr)
        results, _ = generic.run_system(settings, task, articles, announce=lambda m: print(m, file=sys.stderr))
        predictions[f"llm:{prompt}"] = results
    scores = {name: generic.score_corpus(task, gold, results) for name, results in predictions.items()}
    ci = {name: generic.confidence(score) for name, score in scores.items()} if args.ci else None
    text = generic.report(task, scores, ci)
    print(text)
    for out in args.out or []:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_task_output(out, task, text, scores, ci, predictions, articles, gold), encoding="utf-8")
        print(f"report written to {out}", file=sys.stderr)
    return 0


def _task_output(out: Path, task: Any, text: str, scores: Any, ci: Any, runs: Any, articles: Any, gold: Any) -> str:
    """What ``eval --task ... --out FILE`` writes, by the file's suffix: .html the review page, .json the tables,
    else the Markdown report."""
    from llmextract.eval.task_page import build_task_page

    if out.suffix == ".html":
        texts = {a.article.id: a.article.text for a in articles}
        return build_task_page(task, texts, runs, gold, scores, ci)
    if out.suffix == ".json":
        tables = {
            name: {row: {"p": c.precision, "r": c.recall, "f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn,
                         "ci95": list((ci or {}).get(name, {}).get(row) or []) or None}
                   for row, c in score.table().items()}
            for name, score in scores.items()
        }  # fmt: skip
        return json.dumps({"task": task.name, "systems": tables}, indent=2) + "\n"
    return text + "\n"
