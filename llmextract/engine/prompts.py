"""Prompt templates: loading, rendering, hashing.

A prompt is a folder ``prompts/<name>/`` holding ``system.j2`` and ``user.j2``
(Jinja2) and optionally ``examples.json`` (a list of ``{"article", "answer"}``
pairs, invented for the prompt, rendered into the system part). Every output
record carries the prompt's name and a hash of all its files, so a result can
be traced to the exact text that produced it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from llmextract.engine.records import Article, PromptRef

_FILES = ("system.j2", "user.j2", "examples.json")


class PromptError(Exception):
    """A prompt folder is missing, incomplete or does not render."""


@functools.lru_cache(maxsize=64)
def _template(source: str) -> jinja2.Template:
    """Compile a template once (compiling dominates rendering on replayed runs)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)
    return env.from_string(source)


def default_prompts_dir() -> Path:
    """``prompts/`` of a source checkout, else the copy bundled in the wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "prompts", here / "_prompts"):
        if candidate.is_dir():
            return candidate
    return here.parent / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    system: str
    user: str
    examples: list[dict[str, Any]] = field(default_factory=list)
    hash: str = ""

    @property
    def ref(self) -> PromptRef:
        return PromptRef(name=self.name, hash=self.hash)

    def render(self, article: Article, **context: Any) -> list[dict[str, str]]:
        """The chat messages for one article (``context``: more variables for the user template)."""
        try:
            system = self.system_text
            user = _template(self.user).render(article=article, **context).strip()
        except jinja2.TemplateError as exc:
            raise PromptError(f"prompt {self.name!r} does not render: {exc}") from exc
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    @functools.cached_property
    def system_text(self) -> str:
        """The system part does not depend on the article: rendered once per prompt."""
        examples = [{**ex, "answer": json.dumps(ex["answer"], ensure_ascii=False)} for ex in self.examples]
        return _template(self.system).render(examples=examples).strip()


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()[:16]


def load_prompt(name: str, prompts_dir: Path | None = None) -> Prompt:
    """Load ``prompts_dir/name``; ``name`` may also be a path to a prompt folder."""
    base = prompts_dir or default_prompts_dir()
    folder = Path(name) if Path(name).is_dir() else base / name
    if not folder.is_dir():
        available = sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
        raise PromptError(f"no prompt {name!r} in {base} (available: {', '.join(available) or 'none'})")
    files = {f: (folder / f).read_bytes() for f in _FILES if (folder / f).is_file()}
    for required in ("system.j2", "user.j2"):
        if required not in files:
            raise PromptError(f"prompt {folder} has no {required}")
    examples: list[dict[str, Any]] = []
    if "examples.json" in files:
        try:
            examples = json.loads(files["examples.json"])
        except json.JSONDecodeError as exc:
            raise PromptError(f"{folder / 'examples.json'}: invalid JSON: {exc}") from exc
    return Prompt(
        name=folder.name,
        system=files["system.j2"].decode(),
        user=files["user.j2"].decode(),
        examples=examples,
        hash=content_hash(files),
    )
