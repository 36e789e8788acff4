"""The actor dictionary's data files (``rules/data/*.csv``), read once: the rules and grounding both use them."""

from __future__ import annotations

import csv
import functools
from importlib import resources


def _data_text(name: str) -> str:
    return resources.files("llmextract.tasks.calls.rules").joinpath("data", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_actor_rows() -> tuple[tuple[str, ...], ...]:
    """The raw rows of actors.csv (immutable, cached)."""
    reader = csv.DictReader(_data_text("actors.csv").splitlines())
    return tuple(
        (r["name"].strip(), r["aliases"].strip(), r["country"].strip(), r["role"].strip(), r["start"], r["end"])
        for r in reader
    )
