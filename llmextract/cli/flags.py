"""The CLI's options: the settings' flags (generated from llmextract.config) and number checks."""

from __future__ import annotations

import argparse
from typing import Any

from llmextract.config import ServeSettings, Settings, flag_names, flag_specs

EXTRACT_FLAGS = flag_names(Settings)  # every setting with a flag (llmextract.config): written once there
SERVE_FLAGS = flag_names(ServeSettings)


def _at_least(minimum: float, kind: type = int, what: str = "") -> Any:
    """An argparse type: a number of ``kind`` that is at least ``minimum`` (or above 0 for floats)."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a{'n integer' if kind is int else ' number'}: {text!r}") from None
        if not (value > minimum if kind is float else value >= minimum):  # also refuses nan
            raise argparse.ArgumentTypeError(f"must be {what or f'at least {minimum}'} (got {text})")
        return value

    return parse


POSITIVE_INT = _at_least(1, int)
POSITIVE_FLOAT = _at_least(0, float, "more than 0")


def _add_model_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model (flags > environment > defaults)")
    for _, flag, kwargs in flag_specs(Settings):
        g.add_argument(flag, **kwargs)


def _add_serve_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("service (flags > LLMEXTRACT_SERVE_* environment > defaults; token: env only)")
    for _, flag, kwargs in flag_specs(ServeSettings):
        g.add_argument(flag, **kwargs)
    g.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
