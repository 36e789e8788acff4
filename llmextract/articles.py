"""Reading inputs: ``.txt`` files, folders of them, and JSONL.

Articles are yielded lazily, one at a time, so a folder or JSONL file of
100,000 articles never sits in memory. An input that cannot be read becomes an
:class:`InputProblem` in the same stream (naming the file, line and what is
wrong) instead of stopping the run, so the good inputs still get results.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from llmextract.schema import Article

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read as an article."""

    article_id: str
    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class SourcedArticle:
    article: Article
    source: str


Item = SourcedArticle | InputProblem


def iter_inputs(paths: Iterable[Path | str], exclude: Path | None = None) -> Iterator[Item]:
    """Yield every article (or problem) under ``paths``, in a stable order.

    ``exclude`` is the run's output file: a folder walk skips it, and naming it
    as an input is a problem (a run must never read what it is writing).
    """
    skip = _resolved(exclude)
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            # A missing file gets the id it would have had, so a --resume after fixing it does not add a second line.
            missing_id = path.stem if path.suffix in TEXT_SUFFIXES else str(path)
            yield InputProblem(missing_id, str(path), "no such file or folder")
        elif path.is_dir():
            files = _folder_files(path, skip)
            if not files:
                yield InputProblem(str(path), str(path), "folder holds no .txt or .jsonl files")
            for file in files:
                yield from _read_file(file)
        elif skip is not None and _resolved(path) == skip:
            yield InputProblem(path.stem, str(path), "is the output file of this run; it cannot also be an input")
        else:
            yield from _read_file(path)


def _resolved(path: Path | str | None) -> Path | None:
    return None if path is None else Path(path).resolve()


def _folder_files(folder: Path, skip: Path | None) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in TEXT_SUFFIXES | JSONL_SUFFIXES and (skip is None or p.resolve() != skip)
    )


def _read_file(path: Path) -> Iterator[Item]:
    if path.suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
    elif path.suffix in TEXT_SUFFIXES:
        yield _read_text(path)
    else:
        yield InputProblem(path.stem, str(path), f"unsupported file type {path.suffix!r} (use .txt or .jsonl)")


def _read_text(path: Path) -> Item:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(path.stem, str(path), f"not UTF-8 text (byte {exc.start}: {exc.reason})")
    except OSError as exc:
        return InputProblem(path.stem, str(path), f"cannot read: {exc.strerror}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        return InputProblem(path.stem, str(path), "empty file")
    return SourcedArticle(Article(id=path.stem, text=text), str(path))


def _read_jsonl(path: Path) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputProblem(path.stem, str(path), f"cannot read: {exc.strerror}")
        return
    with handle:
        seen_any = False
        for number, raw in enumerate(handle, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            seen_any = True
            yield _parse_line(raw, source)
        if not seen_any:
            yield InputProblem(path.stem, str(path), "empty file")


def _parse_line(raw: bytes, source: str) -> Item:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputProblem(source, source, f"not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return InputProblem(source, source, f"malformed JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}")
    if not isinstance(data, dict):
        return InputProblem(source, source, "each line must be a JSON object with 'id' and 'text'")
    article_id = str(data.get("id") or source)
    try:
        article = Article.model_validate(
            {k: data.get(k) for k in ("id", "text", "published", "url") if data.get(k) is not None}
        )
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
        return InputProblem(article_id, source, fields)
    if not article.text.strip():
        return InputProblem(article_id, source, "empty text")
    return SourcedArticle(article, source)


def count_inputs(paths: Iterable[Path | str], exclude: Path | None = None) -> int:
    """How many items :func:`iter_inputs` will yield, counted cheaply (for ETA)."""
    skip = _resolved(exclude)
    total = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            total += sum(_count_file(f) for f in _folder_files(path, skip)) or 1
        else:
            total += _count_file(path)
    return total


def _count_file(path: Path) -> int:
    if path.suffix not in JSONL_SUFFIXES or not path.is_file():
        return 1
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            count += bool(line.strip())
    return count or 1
