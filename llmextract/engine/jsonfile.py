"""Reading a small JSON settings file (prices, thresholds) with errors that name the file and the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_json_file(path: Path, what: str) -> Any:
    """The JSON value in ``path``; ``ValueError`` naming ``what`` file it is and why it cannot be read."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read the {what} file {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{what} file {path} is not valid JSON: {exc}") from None
