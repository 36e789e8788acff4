"""Gold files: the hand-annotated answers, one ``<article_id>.json`` per article.

The format is the one in ``GUIDELINES.md`` ("Gold files"). It mirrors
:class:`llmextract.tasks.calls.schema.Call`, except that wherever a value is a string it
may instead be a non-empty list of strings, the acceptable alternatives for
that one value (``Alt``). ``duration_minutes`` may likewise be a list of
integers. The helpers :func:`alternatives` turn any such value into a list.

``load_gold_dir`` is strict: a file that does not parse or validate raises
:class:`GoldError`. ``check_gold_dir`` runs every check (the schema ones and
those that need the article text) and returns all problems found, each naming
the file and the field path, e.g.
``gold/x.json: calls[0].evidence[1]: not found in article text``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, ValidationError

from llmextract.engine.articles import META_FILE, folder_published
from llmextract.engine.records import normalize_date
from llmextract.eval.text import Alt, _alt, alternatives, resolve_name
from llmextract.tasks.calls.schema import is_country_code

__all__ = [
    "Alt",
    "GoldArticle",
    "GoldCall",
    "GoldError",
    "GoldParticipant",
    "GoldProblem",
    "alternatives",
    "check_gold_dir",
    "evidence_in_text",
    "load_articles_dir",
    "load_gold_dir",
    "load_gold_file",
    "load_published_dir",
]


# --------------------------------------------------------------------------- value types


def _country_alt(value: str | list[str]) -> str | list[str]:
    for code in alternatives(value):
        if not is_country_code(code):
            raise ValueError(
                f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. 'US', 'GB'), 'XK' or a former state's "
                "ISO 3166-3 code ('SU', 'YU', 'CS', 'DD')"
            )
    return value


def _date_alt(value: str | list[str]) -> str | list[str]:
    for text in alternatives(value):
        if normalize_date(text) != text:  # also rejects "null"/"unknown", which normalize_date maps to None
            raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return value


def _medium_alt(value: str | list[str]) -> str | list[str]:
    for text in alternatives(value):
        if text not in ("phone", "video"):
            raise ValueError(f"medium must be 'phone' or 'video', got {text!r}")
    return value


def _duration(value: Any) -> int | list[int]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ValueError("empty list of alternatives")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= 1440:
            raise ValueError(f"duration_minutes must be an integer from 1 to 1440 (or a list of them), got {item!r}")
    return value


#: A string, or a list of alternative strings.
CountryAlt = Annotated[str | list[str], PlainValidator(_alt), AfterValidator(_country_alt)]
DateAlt = Annotated[str | list[str], PlainValidator(_alt), AfterValidator(_date_alt)]
MediumAlt = Annotated[str | list[str], PlainValidator(_alt), AfterValidator(_medium_alt)]
DurationAlt = Annotated[int | list[int], PlainValidator(_duration)]


# --------------------------------------------------------------------------- models


class GoldParticipant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Alt
    role: Alt | None = None
    country: CountryAlt | None = None


class GoldCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participants: list[GoldParticipant] = Field(min_length=2)
    initiator: Alt | None = None
    date: DateAlt | None = None
    medium: MediumAlt = "phone"
    duration_minutes: DurationAlt | None = None
    topics: list[Alt] = Field(default_factory=list)
    outcomes: list[Alt] = Field(default_factory=list)
    reported_by: list[Alt] = Field(default_factory=list)
    evidence: list[Alt] = Field(min_length=1)


class GoldArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: str = Field(min_length=1)
    published: DateAlt | None = None
    calls: list[GoldCall]


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class GoldProblem:
    """One problem in a gold file; ``field`` is a path such as ``calls[0].evidence[1]`` (None: the whole file)."""

    file: Path
    field: str | None
    message: str
    kind: Literal["json", "schema", "article_id", "article", "evidence", "initiator", "empty"] = "schema"

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class GoldError(ValueError):
    """Raised by the loaders when a gold file is invalid; ``problems`` lists every problem."""

    def __init__(self, problems: Sequence[GoldProblem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more")
        super().__init__("invalid gold file(s):\n" + "\n".join(lines))


def _loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _parse(path: Path) -> tuple[GoldArticle | None, list[GoldProblem]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return None, [GoldProblem(path, None, f"not UTF-8 text: {exc}", "json")]
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        return None, [GoldProblem(path, None, msg, "json")]
    try:
        gold = GoldArticle.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(GoldProblem(path, _loc(err["loc"]) or None, msg, "schema"))
        return None, problems
    problems = []
    if gold.article_id != path.stem:
        msg = f"{gold.article_id!r} differs from the file name {path.stem!r}"
        problems.append(GoldProblem(path, "article_id", msg, "article_id"))
    return gold, problems


def _gold_files(gold_dir: Path) -> list[Path]:
    return sorted(p for p in Path(gold_dir).glob("*.json") if p.is_file())


# --------------------------------------------------------------------------- loading


def load_gold_file(path: Path) -> GoldArticle:
    """Load and validate one gold file; raise :class:`GoldError` on any schema or article_id problem."""
    gold, problems = _parse(Path(path))
    if problems or gold is None:
        raise GoldError(problems)
    return gold


def load_gold_dir(gold_dir: Path) -> dict[str, GoldArticle]:
    """Load every ``<id>.json`` directly in ``gold_dir`` (not subfolders), keyed by id (sorted).

    Raises :class:`GoldError` listing the problems of every invalid file, and
    ``FileNotFoundError`` when ``gold_dir`` is not a directory.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gold_dir}")
    out: dict[str, GoldArticle] = {}
    problems: list[GoldProblem] = []
    for path in _gold_files(gold_dir):
        gold, found = _parse(path)
        problems.extend(found)
        if gold is not None and not found:
            out[path.stem] = gold
    if problems:
        raise GoldError(problems)
    return out


def load_articles_dir(dirs: Path | Sequence[Path]) -> dict[str, str]:
    """Map article id -> text for every ``<id>.txt`` directly in the given folder(s); the first folder wins."""
    if isinstance(dirs, str | Path):
        dirs = [Path(dirs)]
    out: dict[str, str] = {}
    for d in dirs:
        for path in sorted(Path(d).glob("*.txt")):
            if path.is_file() and path.stem not in out:
                out[path.stem] = path.read_text(encoding="utf-8")
    return out


def load_published_dir(dirs: Path | Sequence[Path]) -> dict[str, str]:
    """Map article id -> publication date from each folder's :data:`~llmextract.engine.articles.META_FILE`
    (folders without one add nothing; the first folder wins). The eval gives it to the system, as ``extract``
    does when it reads the folder."""
    if isinstance(dirs, str | Path):
        dirs = [Path(dirs)]
    out: dict[str, str] = {}
    for d in dirs:
        try:
            found = folder_published(Path(d))
        except ValueError as exc:
            raise GoldError([GoldProblem(Path(d) / META_FILE, str(exc).split(":")[0], str(exc), "json")]) from None
        out = {**found, **out}
    return out


# --------------------------------------------------------------------------- checking


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


def evidence_in_text(passage: str, text: str) -> bool:
    """True when ``passage`` occurs in ``text`` verbatim, up to runs of white space (both are collapsed)."""
    needle = collapse_ws(passage)
    return bool(needle) and needle in collapse_ws(text)


def check_gold_dir(gold_dir: Path, article_dirs: Sequence[Path]) -> list[GoldProblem]:
    """Every problem in the gold files of ``gold_dir`` (empty list: all good).

    Checks: JSON syntax; the schema (including ISO country codes and dates);
    ``article_id`` equal to the file name; an article file ``<id>.txt`` in one
    of ``article_dirs``; each evidence passage (each alternative) occurring in
    the article text (see :func:`evidence_in_text`); the initiator (each
    alternative) naming exactly one participant by the name rule.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        return [GoldProblem(gold_dir, None, "gold directory not found", "empty")]
    files = _gold_files(gold_dir)
    if not files:
        return [GoldProblem(gold_dir, None, "no <article_id>.json gold files", "empty")]
    texts = load_articles_dir(list(article_dirs))
    problems: list[GoldProblem] = []
    for path in files:
        gold, found = _parse(path)
        problems.extend(found)
        text = texts.get(path.stem)
        if text is None:
            where = ", ".join(str(d) for d in article_dirs) or "(no article folders given)"
            problems.append(GoldProblem(path, None, f"no article file {path.stem}.txt in {where}", "article"))
        if gold is None:
            continue
        for ci, call in enumerate(gold.calls):
            if text is not None:
                for ei, passage in enumerate(call.evidence):
                    for alt in alternatives(passage):
                        if not evidence_in_text(alt, text):
                            where = f"calls[{ci}].evidence[{ei}]"
                            problems.append(GoldProblem(path, where, "not found in article text", "evidence"))
                            break
            names = [p.name for p in call.participants]
            for alt in alternatives(call.initiator):
                if len(resolve_name(alt, names)) != 1:
                    msg = f"{alt!r} is not exactly one of the participants (by the name rule)"
                    problems.append(GoldProblem(path, f"calls[{ci}].initiator", msg, "initiator"))
    return problems
