"""Recorded model responses, keyed by everything that determines the answer.

One JSON file per entry, ``<root>/<key[:2]>/<key>.json``, indented with
sorted keys so recordings diff well in git. An entry holds the raw model
output of every request, the parsed result, token usage and latency; never
API keys, headers or cookies (the key material is hashed, and only the
article id, prompt and model are kept in clear).

Modes: ``live`` (no store), ``record`` (always call, then store), ``replay``
(never call; a missing entry is an error), ``cached`` (replay what exists,
record the rest).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from llmextract.engine.records import ErrorInfo, PromptRef, Usage


class ReplayMissing(Exception):
    """Replay mode found no recording for a request."""


class KeyParts(BaseModel):
    """Everything that determines a model's answer (hashed into the key).

    Optional parts (:data:`OPTIONAL_PARTS`) enter the hash only when set, so adding one keeps every
    existing key, and the recordings made before it, valid.
    """

    model: str
    endpoint_kind: str
    messages: list[dict[str, str]]
    response_schema: dict[str, Any]
    mode: str
    sampling: dict[str, Any]
    validation: str | None = Field(
        default=None, description="extra validation that re-asks the model, e.g. 'grounding' (None: the schema only)"
    )

    def key(self, schema_json: str | None = None) -> str:
        """SHA-256 of the parts as one :func:`canonical_json` object. ``schema_json``, when given, must be
        ``canonical_json(self.response_schema)``: a client that sends the same schema with every request
        serialises it once (the same key, with most of its cost per request gone)."""
        data = self.model_dump(mode="json", exclude={"response_schema"})
        for name in OPTIONAL_PARTS:
            if data[name] is None:
                del data[name]
        fields = {name: canonical_json(value) for name, value in data.items()}
        fields["response_schema"] = canonical_json(self.response_schema) if schema_json is None else schema_json
        # What json.dumps(..., sort_keys=True) writes for the whole object, from its members' JSON.
        blob = "{" + ",".join(f'"{name}":{fields[name]}' for name in sorted(fields)) + "}"  # names are identifiers
        return hashlib.sha256(blob.encode()).hexdigest()


def canonical_json(value: Any) -> str:
    """The JSON that keys hash: sorted keys, no spaces, non-ASCII characters as they are."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


OPTIONAL_PARTS = ("validation",)


class Entry(BaseModel):
    key: str
    article_id: str
    prompt: PromptRef
    model: str
    endpoint_kind: str
    mode: str
    sampling: dict[str, Any]
    validation: str | None = Field(default=None, description="extra validation that re-asked the model, if any")
    raw_outputs: list[str | None] = Field(description="what the model returned, one per request (re-asks included)")
    parsed: dict[str, Any] | None = Field(description="the validated extraction (null when it never validated)")
    error: ErrorInfo | None = Field(default=None, description="why the answer was rejected, when parsed is null")
    usage: Usage
    latency_s: float
    recorded_at: str


class ResponseStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        try:
            text = self.path(key).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return Entry.model_validate_json(text)

    def put(self, entry: Entry) -> Path:
        path = self.path(entry.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = entry.model_dump(mode="json", exclude={"validation"} if entry.validation is None else None)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        # Write-then-rename: a crash never leaves half an entry behind.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return path

    def entries(self) -> Iterator[Entry]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("*/*.json")):
            yield Entry.model_validate_json(path.read_text(encoding="utf-8"))
