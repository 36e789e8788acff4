"""Declarative tasks: a folder with a ``task.toml`` describes the records to extract; the engine builds the rest.

``task.toml``::

    name = "meetings"            # the task's name
    record = "Meeting"           # the record model's class name
    records = "meetings"         # the JSON list name in an answer, an output line and a gold file
    max_records = 6              # bound on the list (small models loop on unbounded lists)
    align = "participants"       # the field that aligns predicted and gold records (a pair shares a value)
    prompt = "meetings_v1"       # the default prompt folder, under prompts/ (relative to the task folder)
    prompts = "prompts"
    gold = "gold"                # the default gold folder: <id>.json gold files beside <id>.txt articles

    [fields.participants]
    kind = "names"               # name | names | code | date | text | texts | integer | choice
    description = "..."          # sent to the model in the JSON Schema
    min_items = 2                # lists: min_items, max_items, max_length (of each string)
    max_items = 6                # strings: max_length; integer: minimum, maximum; choice: choices = [...]

    [fields.evidence]
    kind = "texts"
    evidence = true              # verbatim passages: located in the text (grounding), not scored

The engine builds the record model (bounded lists and strings), the answer model ``{records: [...]}``, the
result model (one output line) and the gold model (wherever gold holds a string it may hold a list of
acceptable alternatives); :mod:`llmextract.eval.generic` scores it (names by the spec's name rule, text by
token F1 >= 0.5, dates and codes exactly), reusing the calls scorer's counts and bootstrap.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
    field_validator,
)

from llmextract.engine.records import ErrorInfo, PromptRef, ResultBase, Usage, normalize_date
from llmextract.engine.task import RuleExtractor
from llmextract.tasks.calls.grounding import FoldedText, locate_evidence
from llmextract.tasks.calls.schema import EvidenceSpan, normalize_country

KINDS = ("name", "names", "code", "date", "text", "texts", "integer", "choice")
LIST_KINDS = ("names", "texts")


class SpecError(ValueError):
    """A ``task.toml`` that cannot be used (the message names the file and the problem)."""


class FieldSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["name", "names", "code", "date", "text", "texts", "integer", "choice"]
    description: str = ""
    min_items: int = Field(default=0, ge=0)
    max_items: int = Field(default=8, ge=1, le=50)
    max_length: int = Field(default=200, ge=1, le=2000)
    minimum: int | None = None
    maximum: int | None = None
    choices: list[str] = Field(default_factory=list)
    evidence: bool = False  # verbatim passages: grounded, not scored
    score: bool = True


class TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    record: str = Field(min_length=1, pattern=r"^[A-Z][A-Za-z0-9]*$")
    records: str = Field(min_length=1, pattern=r"^[a-z_][a-z0-9_]*$")
    max_records: int = Field(default=6, ge=1, le=50)
    align: str
    prompt: str
    prompts: str = "prompts"
    gold: str = "gold"
    description: str = ""
    fields: dict[str, FieldSpec]


class RecordGrounding(BaseModel):
    """Where one record's evidence is in the article (parallel to its evidence passages), and which of its
    values the text does not support (field paths such as ``evidence.1``)."""

    evidence: list[EvidenceSpan] = Field(default_factory=list)
    unsupported: list[str] = Field(default_factory=list)


def _all_required(schema: dict[str, Any]) -> None:
    """Every property required in the schema sent to the model (as the calls task's records do)."""
    schema["required"] = list(schema.get("properties", {}))


def _country(value: str | None) -> str | None:
    return normalize_country(value) if value is not None else None


def _field(spec: FieldSpec) -> tuple[Any, Any]:
    """(annotation, FieldInfo) of one record field sent to the model."""
    text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=spec.max_length)]
    d = spec.description or None
    if spec.kind in LIST_KINDS:
        return list[text], Field(
            default_factory=list, min_length=spec.min_items, max_length=spec.max_items, description=d
        )  # type: ignore[valid-type]
    if spec.kind in ("name", "text"):
        return text | None, Field(default=None, description=d)  # type: ignore[valid-type]
    if spec.kind == "date":
        return Annotated[str | None, AfterValidator(normalize_date)], Field(default=None, description=d)
    if spec.kind == "code":
        return Annotated[str | None, AfterValidator(_country)], Field(default=None, description=d)
    if spec.kind == "integer":
        return int | None, Field(default=None, ge=spec.minimum, le=spec.maximum, description=d)
    return Literal[tuple(spec.choices)] | None, Field(default=None, description=d)  # type: ignore[valid-type]


def _alt(value: Any) -> Any:
    """A gold value: a string, or a non-empty list of strings (acceptable alternatives)."""
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError("alternatives must be a non-empty list of non-empty strings")
        return [v.strip() for v in value]
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("empty string")
        return value.strip()
    raise ValueError(f"expected a string or a list of alternative strings, got {type(value).__name__}")


Alt = Annotated[Any, AfterValidator(_alt)]


def _gold_field(spec: FieldSpec) -> tuple[Any, Any]:
    if spec.kind in LIST_KINDS:
        return list[Alt], Field(default_factory=list)
    if spec.kind == "integer":
        return int | list[int] | None, Field(default=None)
    return Alt | None, Field(default=None)


@dataclass
class SpecTask:
    """A task built from a ``task.toml``: the :class:`~llmextract.engine.task.Task` interface."""

    spec: TaskSpec
    folder: Path
    record_model: type[BaseModel]
    response_model: type[BaseModel]
    result_model: type[ResultBase]
    gold_model: type[BaseModel]

    builtin: ClassVar[bool] = False

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def noun(self) -> str:
        return self.spec.record.lower()

    @property
    def records_key(self) -> str:
        return self.spec.records

    @property
    def default_prompt(self) -> str:
        return self.spec.prompt

    @property
    def prompts_dir(self) -> Path:
        return self.folder / self.spec.prompts

    @property
    def gold_dir(self) -> Path:
        return self.folder / self.spec.gold

    @property
    def evidence_fields(self) -> list[str]:
        return [n for n, f in self.spec.fields.items() if f.evidence]

    @property
    def scored_fields(self) -> dict[str, FieldSpec]:
        return {n: f for n, f in self.spec.fields.items() if f.score and not f.evidence}

    def ground(self, text: str, records: list[Any]) -> list[RecordGrounding]:
        folded = FoldedText.of(text)
        out = []
        for record in records:
            spans: list[EvidenceSpan] = []
            unsupported: list[str] = []
            for name in self.evidence_fields:
                for i, passage in enumerate(getattr(record, name)):
                    span = locate_evidence(passage, folded)
                    spans.append(span)
                    if span.match == "not_found":
                        unsupported.append(f"{name}.{i}")
            out.append(RecordGrounding(evidence=spans, unsupported=unsupported))
        return out

    def reask_check(self, text: str) -> Callable[[BaseModel], list[str]] | None:
        folded = FoldedText.of(text)

        def check(answer: BaseModel) -> list[str]:
            problems = []
            for r, record in enumerate(getattr(answer, self.records_key)):
                for name in self.evidence_fields:
                    for i, passage in enumerate(getattr(record, name)):
                        if locate_evidence(passage, folded).match == "not_found":
                            problems.append(f"{self.records_key}.{r}.{name}.{i}: {passage[:80]!r}")
            return problems

        return check

    def rules(self) -> RuleExtractor | None:
        return None

    def describe(self, record: Any) -> str:
        parts = []
        for name, f in self.spec.fields.items():
            if f.evidence:
                continue
            value = getattr(record, name)
            if value in (None, []):
                continue
            parts.append(f"{name}: {'; '.join(map(str, value)) if isinstance(value, list) else value}")
        return ", ".join(parts)

    def json_schema(self) -> dict[str, Any]:
        return self.response_model.model_json_schema()

    def load_gold(self, path: Path) -> BaseModel:
        """One gold file, validated (``ValueError`` naming the file and the problem)."""
        import json

        try:
            return self.gold_model.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError) as exc:
            raise ValueError(f"{path}: {exc}") from None


def build_task(spec: TaskSpec, folder: Path) -> SpecTask:
    """The models of a task from its spec."""
    if spec.align not in spec.fields:
        raise SpecError(f"align = {spec.align!r} is not one of the fields ({', '.join(spec.fields)})")
    for name, f in spec.fields.items():
        if f.kind == "choice" and not f.choices:
            raise SpecError(f"field {name!r}: kind choice needs choices = [...]")
    config = ConfigDict(extra="ignore", json_schema_extra=_all_required)
    record = create_model(
        spec.record,
        __config__=config,
        __doc__=spec.description or None,
        **{n: _field(f) for n, f in spec.fields.items()},
    )
    key = spec.records
    answer = create_model(
        f"{spec.record}Extraction",
        __doc__=f"Every {spec.record.lower()} the article reports (an empty list when there is none).",
        **{key: (list[record], Field(default_factory=list, max_length=spec.max_records))},  # type: ignore[valid-type]
    )
    result = create_model(
        f"{spec.record}Result",
        __base__=ResultBase,
        __doc__=f"One output line: the {key} found in one article, or why none could be found.",
        article_id=(str, ...),
        ok=(bool, True),
        **{key: (list[record], Field(default_factory=list))},  # type: ignore[valid-type]
        grounding=(list[RecordGrounding] | None, Field(default=None, description=f"Parallel to {key}.")),
        backend=(str, ...),
        model=(str | None, None),
        prompt=(PromptRef | None, None),
        usage=(Usage, Field(default_factory=Usage)),
        latency_s=(float, 0.0),
        replayed=(bool, False),
        error=(ErrorInfo | None, None),
        source=(str | None, Field(default=None, description="Where the article came from (file or file:line).")),
    )
    result.records_key = key  # type: ignore[misc]
    gold_record = create_model(f"Gold{spec.record}", **{n: _gold_field(f) for n, f in spec.fields.items()})

    class _GoldArticle(BaseModel):
        article_id: str
        published: str | None = None

        @field_validator("published")
        @classmethod
        def _date(cls, v: str | None) -> str | None:
            return normalize_date(v) if v else None

    gold = create_model(
        f"Gold{spec.record}Article",
        __base__=_GoldArticle,
        **{key: (list[gold_record], Field(default_factory=list))},  # type: ignore[valid-type]
    )
    return SpecTask(spec, folder, record, answer, result, gold)


def load_spec_task(path: Path) -> SpecTask:
    """The task of a folder with a ``task.toml`` (or of the file itself); :class:`SpecError` when invalid.

    Loaded once per file and content: every caller gets the same models (a result validated by one part of
    the engine must be an instance of the record class another part built)."""
    path = Path(path)
    file = (path if path.name == "task.toml" else path / "task.toml").resolve()
    try:
        content = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read {file}: {exc.strerror or exc}") from None
    return _load(file, content)


@functools.lru_cache(maxsize=32)
def _load(file: Path, content: str) -> SpecTask:
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{file}: invalid TOML: {exc}") from None
    try:
        spec = TaskSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(f"{file}: {exc}") from None
    try:
        return build_task(spec, file.parent.resolve())
    except SpecError as exc:
        raise SpecError(f"{file}: {exc}") from None
