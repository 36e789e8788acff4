"""The output file of a batch run: checking it can be written, resuming it (cutting a torn last line,
dropping failed lines for ``--retry-failed``) in a way a crash cannot corrupt."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path


class OutputExists(Exception):
    pass


class OutputProblem(Exception):
    """The output path cannot be written (a folder, a file as its parent, no permission)."""


def check_output_path(path: Path) -> None:
    """Make sure ``path`` can be appended to (creating missing parent folders); :class:`OutputProblem` if not."""
    path = Path(path)
    if path.is_dir():
        raise OutputProblem(f"output {path} is a folder; give a file name, e.g. {path / 'out.jsonl'}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputProblem(f"output {path}: {parent} is a file, not a folder")
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    except OSError as exc:
        raise OutputProblem(f"cannot write the output {path}: {exc.strerror or exc}") from None
    os.close(fd)


def prepare_output(path: Path, resume: bool, overwrite: bool, retry_failed: bool = False) -> set[str]:
    """Ids already done (for ``resume``); cuts a torn last line left by a crash.

    With ``retry_failed``, an id whose newest line is a failure is not done: the file is rewritten
    without it (and without older lines of ids that appear twice), so the retried article's new line
    is its only one. The rewrite goes to a new file that replaces the old one in one rename: killed
    mid-way, the old file is still there, whole.
    """
    if not path.exists() or path.stat().st_size == 0:
        return set()
    if overwrite:
        path.write_bytes(b"")
        return set()
    if not resume:
        raise OutputExists(f"{path} already exists: add --resume to continue it, or --overwrite to start again")
    data_end = _last_newline_end(path)
    if data_end < path.stat().st_size:
        with path.open("r+b") as handle:
            handle.truncate(data_end)
    newest: dict[str, tuple[int, bool]] = {}  # id -> (number of its newest line, ok)
    line_ids: list[str | None] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle):
            line_ids.append(None)
            with contextlib.suppress(ValueError, AttributeError, KeyError, TypeError):
                data = json.loads(line)
                line_ids[number] = str(data["article_id"])
                newest[line_ids[number]] = (number, data.get("ok") is not False)
    if not retry_failed:
        return set(newest)
    # Drop failed newest lines and every older line of an id; lines without an id stay as they are.
    drop = {
        number
        for number, article_id in enumerate(line_ids)
        if article_id is not None and newest[article_id] != (number, True)
    }
    if drop:
        _rewrite_without(path, drop)
    return {article_id for article_id, (_, ok) in newest.items() if ok}


def _rewrite_without(path: Path, drop: set[int]) -> None:
    """Replace ``path`` by a copy without the lines numbered in ``drop``: write a new file, then rename it."""
    import tempfile

    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as handle:
            for number, line in enumerate(handle):
                if number not in drop:
                    out.write(line)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _last_newline_end(path: Path) -> int:
    size = path.stat().st_size
    with path.open("rb") as handle:
        pos = size
        while pos > 0:
            step = min(65536, pos)
            handle.seek(pos - step)
            block = handle.read(step)
            idx = block.rfind(b"\n")
            if idx >= 0:
                return pos - step + idx + 1
            pos -= step
    return 0
