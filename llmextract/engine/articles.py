"""Reading inputs: ``.txt`` files, folders of them, and JSONL.

Articles are yielded lazily, one at a time, so a folder or JSONL file of
100,000 articles never sits in memory. An input that cannot be read becomes an
:class:`InputProblem` in the same stream (naming the file, line and what is
wrong) instead of stopping the run, so the good inputs still get results.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import itertools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from llmextract.config import DEFAULT_MAX_ARTICLE_CHARS
from llmextract.engine.records import Article

#: Beside the ``.txt`` articles of a folder, their metadata (not an input): one JSON object per line with
#: ``id`` and ``published`` (the publication date where known), as a batch input's JSONL line gives it.
META_FILE = "meta.jsonl"
TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
LIMIT_HINT = "--max-article-chars, LLMEXTRACT_MAX_ARTICLE_CHARS"


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


def iter_inputs(
    paths: Iterable[Path | str], exclude: Path | None = None, max_chars: int | None = DEFAULT_MAX_ARTICLE_CHARS
) -> Iterator[Item]:
    """Yield every article (or problem) under ``paths``, in a stable order.

    ``exclude`` is the run's output file: a folder walk skips it, and naming it
    as an input is a problem (a run must never read what it is writing).
    An article longer than ``max_chars`` characters is a problem, found without
    reading more than ``max_chars + 1`` characters of it (None: no limit).

    Ids do not depend on how a path is spelled: a ``.txt`` file's id is its
    stem, and ids made from a path (a JSONL line without an id, a missing or
    empty input) use it relative to the working folder (absolute outside it),
    so ``./a/x.jsonl``, ``a/x.jsonl`` and ``/abs/a/x.jsonl`` give the same ids.
    """
    skip = _resolved(exclude)
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            # A missing file gets the id it would have had, so a --resume after fixing it does not add a second line.
            yield InputProblem(_path_id(path), str(path), _broken_link(path) or "no such file or folder")
        elif path.is_dir():
            files = _folder_files(path, skip)
            if not files:
                yield InputProblem(_stable_path(path), str(path), "folder holds no .txt or .jsonl files")
            published: dict[str, str] = {}
            if (path / META_FILE).is_file():
                try:
                    published = folder_published(path)
                except ValueError as exc:
                    yield InputProblem(_stable_path(path / META_FILE), str(path / META_FILE), str(exc))
            for file in files:
                for item in _read_file(file, max_chars):
                    yield _dated(item, published) if file.suffix in TEXT_SUFFIXES else item
        elif skip is not None and _resolved(path) == skip:
            yield InputProblem(path.stem, str(path), "is the output file of this run; it cannot also be an input")
        else:
            yield from _read_file(path, max_chars)


def _dated(item: Item, published: dict[str, str]) -> Item:
    """A folder's ``.txt`` article with its publication date from the folder's :data:`META_FILE`."""
    if isinstance(item, SourcedArticle) and item.article.id in published and item.article.published is None:
        return SourcedArticle(item.article.model_copy(update={"published": published[item.article.id]}), item.source)
    return item


def folder_published(folder: Path) -> dict[str, str]:
    """Article id -> publication date from ``folder``'s :data:`META_FILE` (empty when it has none).
    ``ValueError`` naming the line when a line is not a JSON object."""
    path = folder / META_FILE
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {n}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"line {n}: not a JSON object")
        if row.get("published") and str(row.get("id")) not in out:
            out[str(row["id"])] = str(row["published"])
    return out


def _stable_path(path: Path) -> str:
    """``path`` as one spelling: relative to the working folder when inside it, else absolute (no symlinks
    resolved, so a linked file keeps its own name)."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    return Path(absolute).as_posix()


def _path_id(path: Path) -> str:
    return path.stem if path.suffix in TEXT_SUFFIXES else _stable_path(path)


def _broken_link(path: Path) -> str | None:
    """Why a symlink cannot be followed ("dangling symlink to X", "symlink loop"), or None if it is not one."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop: it points (through other links) back to itself"
        with_target = ""
        with contextlib.suppress(OSError):
            with_target = f" to {os.readlink(path)}"
        return f"dangling symlink{with_target}: its target does not exist"
    return None


def _resolved(path: Path | str | None) -> Path | None:
    return None if path is None else Path(path).resolve()


def _folder_files(folder: Path, skip: Path | None) -> list[Path]:
    """The .txt and .jsonl files of ``folder``, and its broken symlinks with those suffixes (each a problem)."""
    found = []
    for p in folder.iterdir():
        if p.suffix not in TEXT_SUFFIXES | JSONL_SUFFIXES or p.name == META_FILE:
            continue
        if p.is_file():
            if skip is None or p.resolve() != skip:
                found.append(p)
        elif _broken_link(p):
            found.append(p)
    return sorted(found)


def _read_file(path: Path, max_chars: int | None = DEFAULT_MAX_ARTICLE_CHARS) -> Iterator[Item]:
    if problem := _broken_link(path):
        yield InputProblem(_path_id(path), str(path), problem)
    elif path.suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_chars)
    elif path.suffix in TEXT_SUFFIXES:
        yield _read_text(path, max_chars)
    else:
        yield InputProblem(path.stem, str(path), f"unsupported file type {path.suffix!r} (use .txt or .jsonl)")


def _too_long(max_chars: int) -> str:
    return f"article longer than the limit of {max_chars:,} characters ({LIMIT_HINT})"


def _read_text(path: Path, max_chars: int | None = DEFAULT_MAX_ARTICLE_CHARS) -> Item:
    # At most max_chars + 1 characters are read (UTF-8: up to 4 bytes each), so a huge or endless
    # file (a link to /dev/zero) costs a bounded read, not all of memory.
    cap = None if max_chars is None else 4 * (max_chars + 1) + 4
    try:
        with path.open("rb") as handle:
            data = handle.read() if cap is None else handle.read(cap)
        decoder = codecs.getincrementaldecoder("utf-8")()
        text = decoder.decode(data, final=cap is None or len(data) < cap)
    except UnicodeDecodeError as exc:
        return InputProblem(path.stem, str(path), f"not UTF-8 text (byte {exc.start}: {exc.reason})")
    except OSError as exc:
        return InputProblem(path.stem, str(path), f"cannot read: {exc.strerror}")
    text = text.lstrip("\ufeff")
    if max_chars is not None and len(text) > max_chars:
        return InputProblem(path.stem, str(path), _too_long(max_chars))
    if not text.strip():
        return InputProblem(path.stem, str(path), "empty file")
    return SourcedArticle(Article(id=path.stem, text=text), str(path))


def _read_jsonl(path: Path, max_chars: int | None = DEFAULT_MAX_ARTICLE_CHARS) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputProblem(_path_id(path), str(path), f"cannot read: {exc.strerror}")
        return
    # A JSON string may spell a character in up to 12 bytes (a surrogate pair of \\uXXXX): a longer line
    # cannot hold an article within the limit; it is skipped without being kept in memory.
    line_cap = -1 if max_chars is None else 12 * max_chars + 65_536
    stable = _stable_path(path)
    with handle:
        seen_any = False
        for number in itertools.count(1):
            raw = handle.readline(line_cap)
            if not raw:
                break
            source = f"{path}:{number}"
            if line_cap > 0 and len(raw) >= line_cap and not raw.endswith(b"\n"):
                assert max_chars is not None
                seen_any = True
                skipped = len(raw)
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    skipped += len(rest)
                    if skipped > 16 * line_cap:  # an endless line (a link to /dev/zero): give up on the file
                        yield InputProblem(
                            f"{stable}:{number}", source, f"{_too_long(max_chars)}; the rest of the file is not read"
                        )
                        return
                yield InputProblem(f"{stable}:{number}", source, _too_long(max_chars))
                continue
            if not raw.strip():
                continue
            seen_any = True
            yield _parse_line(raw, source, f"{stable}:{number}", max_chars)
        if not seen_any:
            yield InputProblem(_path_id(path), str(path), "empty file")


def _parse_line(
    raw: bytes, source: str, line_id: str | None = None, max_chars: int | None = DEFAULT_MAX_ARTICLE_CHARS
) -> Item:
    line_id = line_id or source  # the id of a line that has none of its own
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputProblem(line_id, source, f"not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return InputProblem(line_id, source, f"malformed JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}")
    if not isinstance(data, dict):
        return InputProblem(line_id, source, "each line must be a JSON object with 'id' and 'text'")
    article_id = str(data.get("id") or line_id)
    if max_chars is not None and isinstance(data.get("text"), str) and len(data["text"]) > max_chars:
        return InputProblem(article_id, source, _too_long(max_chars))
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
