"""The records: articles in, calls out.

Every field follows ``GUIDELINES.md`` (the spec). The models here are used in
three places: as the response schema sent to the model (so list lengths and
string sizes are bounded: small models loop on unbounded lists), as the
validator of whatever a backend returns, and as the format of output lines.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from llmextract.engine.records import ErrorInfo, PromptRef, ResultBase, Usage, normalize_date

# Bounds sent to the model as maxItems / maxLength.
MAX_CALLS = 6
# The calls of one article's record: more than a model is asked for at once, since the rules split a list of
# counterparts ("spoke with the leaders of A, B, ... and M") into one call each.
MAX_RECORDS = 20
MAX_PARTICIPANTS = 5
MAX_TOPICS = 8
MAX_OUTCOMES = 6
MAX_REPORTED_BY = 4
MAX_EVIDENCE = 4

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Clause = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
MAX_PASSAGE_CHARS = 500
Passage = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=MAX_PASSAGE_CHARS)]

# Codes people (and models) commonly write that ISO 3166-1 spells differently.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}

#: Codes the spec accepts beyond ISO 3166-1: Kosovo's user-assigned code and the former alpha-2 codes of
#: states that no longer exist (ISO 3166-3), with the names news archives use for them.
EXTRA_COUNTRIES = {
    "XK": ("Kosovo",),
    "SU": ("Soviet Union", "USSR", "U.S.S.R."),
    "YU": ("Yugoslavia",),
    "CS": ("Czechoslovakia", "Serbia and Montenegro"),
    "DD": ("East Germany", "German Democratic Republic", "GDR"),
    "YD": ("South Yemen",),
    "ZR": ("Zaire",),
    "BU": ("Burma",),
    "TP": ("East Timor",),
    "AN": ("Netherlands Antilles",),
}
_EXTRA_BY_NAME = {name.lower(): code for code, names in EXTRA_COUNTRIES.items() for name in names}


def is_country_code(code: str) -> bool:
    """An alpha-2 code the spec accepts: ISO 3166-1, Kosovo (XK) or a former state's (ISO 3166-3)."""
    return (
        len(code) == 2 and code.isupper() and (code in EXTRA_COUNTRIES or bool(pycountry.countries.get(alpha_2=code)))
    )


def normalize_country(value: str | None) -> str | None:
    """Return the alpha-2 code for ``value`` (see :func:`is_country_code`) or raise ``ValueError``.

    Accepts alpha-2 (any case), alpha-3 and English country names, since
    models often answer "USA" or "Russia"; anything else is an error.
    """
    if value is None:
        return None
    text = value.strip()
    if not text or text.lower() in {"null", "none", "n/a"}:
        return None
    upper = text.upper()
    if upper in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[upper]
    if upper in EXTRA_COUNTRIES:
        return upper
    if text.lower() in _EXTRA_BY_NAME:
        return _EXTRA_BY_NAME[text.lower()]
    found = None
    if len(upper) == 2:
        found = pycountry.countries.get(alpha_2=upper)
    elif len(upper) == 3:
        found = pycountry.countries.get(alpha_3=upper)
    if found is None and len(upper) > 3:  # a name; a short code that is none of the above stays unknown
        try:
            found = pycountry.countries.lookup(text)
        except LookupError:
            try:  # common short names such as "Russia" or "Iran"
                found = pycountry.countries.search_fuzzy(text)[0]
            except LookupError:
                found = None
    if found is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 country (use a two-letter code such as 'US')")
    return found.alpha_2


def name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[\w'-]+", name.lower()) if w}


def same_person(a: str, b: str) -> bool:
    """The spec's name rule: equal, or the words of one all in the other."""
    wa, wb = name_words(a), name_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _all_required(schema: dict[str, Any]) -> None:
    """List every property as required in the JSON Schema sent to the model.

    Validation keeps its defaults; but a constrained decoder then has to write
    every key (``null`` or ``[]`` when empty), which makes a small model
    consider each field instead of skipping straight to the end.
    """
    schema["required"] = list(schema.get("properties", {}))


class Participant(BaseModel):
    """A person on the call."""

    model_config = ConfigDict(json_schema_extra=_all_required)

    name: Name = Field(description="Full name as usually written in English, e.g. 'Vladimir Putin'.")
    role: ShortText | None = Field(
        default=None, description="Title held at the time of the call, e.g. 'President of Russia'; null if not given."
    )
    country: str | None = Field(
        default=None,
        max_length=3,
        description=(
            "ISO 3166-1 alpha-2 code of the country the person represents, e.g. 'US', 'RU'; "
            "null for international bodies."
        ),
    )

    # A country value the spec does not know, set to null (grounding notes it); not part of the output.
    _dropped_country: str | None = PrivateAttr(default=None)

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> str | None:
        """A code the spec does not know (a model's guess such as 'EU') becomes null: the person is kept."""
        if not isinstance(v, str):
            return v
        try:
            return normalize_country(v)
        except ValueError:
            return None

    @model_validator(mode="wrap")
    @classmethod
    def _note_dropped_country(cls, data: Any, handler: Any) -> Participant:
        person = handler(data)
        raw = data.get("country") if isinstance(data, dict) else None
        if isinstance(raw, str) and raw.strip() and person.country is None:
            person._dropped_country = raw.strip()[:40]
        return person


class Call(BaseModel):
    """One real-time phone or video conversation that the article reports as having taken place."""

    model_config = ConfigDict(json_schema_extra=_all_required)

    participants: list[Participant] = Field(
        min_length=2, max_length=MAX_PARTICIPANTS, description="Everyone on the call (at least two people)."
    )
    initiator: Name | None = Field(
        default=None,
        description="Name of the participant who placed the call, only if the text says so ('X called Y'); else null.",
    )
    date: str | None = Field(
        default=None,
        max_length=10,
        description=(
            "ISO date of the call: YYYY-MM-DD (or YYYY-MM / YYYY); "
            "resolve 'on Friday' against the article's dateline; null if no anchor."
        ),
    )
    medium: Literal["phone", "video"] = Field(default="phone", description="'video' only if the text says video.")
    duration_minutes: int | None = Field(
        default=None, ge=1, le=1440, description="Length in minutes, only if the text states it."
    )
    topics: list[ShortText] = Field(
        default_factory=list, max_length=MAX_TOPICS, description="Each distinct subject discussed, a short noun phrase."
    )
    outcomes: list[Clause] = Field(
        default_factory=list,
        max_length=MAX_OUTCOMES,
        description="What the call produced (agreements, decisions, instructions, invitations), a short clause each.",
    )
    reported_by: list[Name] = Field(
        default_factory=list,
        max_length=MAX_REPORTED_BY,
        description="Whom the article credits for the account: an institution ('White House') or a person.",
    )
    evidence: list[Passage] = Field(
        min_length=1, max_length=MAX_EVIDENCE, description="Verbatim passages of the article that report the call."
    )

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> str | None:
        return normalize_date(v) if isinstance(v, str) or v is None else v

    @field_validator("initiator", mode="before")
    @classmethod
    def _blank_initiator(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip().lower() in {"", "null", "none", "unknown"}:
            return None
        return v

    @model_validator(mode="after")
    def _initiator_is_participant(self) -> Call:
        if self.initiator is None:
            return self
        matches = [p.name for p in self.participants if same_person(p.name, self.initiator)]
        if len(matches) != 1:
            names = ", ".join(p.name for p in self.participants)
            raise ValueError(f"initiator {self.initiator!r} must be exactly one of the participants ({names})")
        self.initiator = matches[0]
        return self


def _at_most_records(calls: list[Call]) -> list[Call]:
    if len(calls) > MAX_RECORDS:
        raise ValueError(f"at most {MAX_RECORDS} calls per article, got {len(calls)}")
    return calls


class Extraction(BaseModel):
    """Every call between leaders that the article reports (an empty list when there is none)."""

    model_config = ConfigDict(json_schema_extra=_all_required)

    # The schema a model is given asks for at most MAX_CALLS; a record holds up to MAX_RECORDS.
    calls: Annotated[list[Call], AfterValidator(_at_most_records)] = Field(
        default_factory=list, json_schema_extra={"maxItems": MAX_CALLS}
    )


TopicText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]
MAX_CALL_TOPICS = 6


class CallTopics(BaseModel):
    """The subjects discussed on one call (the hybrid backend asks for these about a call the rules found)."""

    model_config = ConfigDict(json_schema_extra=_all_required)

    topics: list[TopicText] = Field(
        default_factory=list,
        max_length=MAX_CALL_TOPICS,
        description="Each distinct subject the leaders discussed on this call, a short noun phrase from the article.",
    )


OutcomeText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=160)]
SourceText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]
MAX_CALL_OUTCOMES = 4
MAX_CALL_SOURCES = 3


class CallDetails(CallTopics):
    """What one call was about, what it produced and who reported it (the hybrid's ``details`` question)."""

    outcomes: list[OutcomeText] = Field(
        default_factory=list,
        max_length=MAX_CALL_OUTCOMES,
        description="What this call produced (agreements, decisions, invitations), short clauses from the article.",
    )
    reported_by: list[SourceText] = Field(
        default_factory=list,
        max_length=MAX_CALL_SOURCES,
        description="Who the article credits for the account of this call: an institution or a named person.",
    )


class CallPeople(BaseModel):
    """Who was on one call, as the hybrid's fallback question asks it (the rules fill in the rest)."""

    model_config = ConfigDict(json_schema_extra=_all_required)

    participants: list[Name] = Field(
        min_length=2, max_length=MAX_PARTICIPANTS, description="The full name of each person on the call."
    )
    placed_by: Name | None = Field(default=None, description="Who placed the call, only if the text says so.")
    video: bool = Field(default=False, description="True only if the text says it was a video call.")


class WindowCalls(BaseModel):
    """The calls a few sentences report (the hybrid's fallback question, when the rules found none)."""

    model_config = ConfigDict(json_schema_extra=_all_required)

    calls: list[CallPeople] = Field(default_factory=list, max_length=MAX_CALLS)


MatchKind = Literal["exact", "normalised", "fuzzy", "not_found"]


class EvidenceSpan(BaseModel):
    """Where one evidence passage is in the article: character offsets ``[start, end)`` into the text as read.

    ``match``: ``exact`` (verbatim), ``normalised`` (equal up to white space, quote and dash style, case and
    accents), ``fuzzy`` (a close match; ``score`` is the similarity, 0-100) or ``not_found`` (no offsets).
    """

    match: MatchKind
    start: int | None = None
    end: int | None = None
    score: float | None = None


class CallGrounding(BaseModel):
    """How one call's values are grounded in the article (not part of the model-facing schema).

    ``evidence`` is parallel to the call's ``evidence``; ``unsupported`` lists the field paths of values the
    text does not support, e.g. ``evidence.1``, ``participants.1.name``, ``duration_minutes``.
    """

    evidence: list[EvidenceSpan] = Field(default_factory=list)
    unsupported: list[str] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list,
        description="Values changed on the way in, e.g. a country code the spec does not know, set to null.",
    )


class ArticleResult(ResultBase):
    """One output line: the calls found in one article, or why none could be found."""

    records_key: ClassVar[str] = "calls"

    article_id: str
    ok: bool = True
    calls: list[Call] = Field(default_factory=list)
    grounding: list[CallGrounding] | None = Field(
        default=None, description="Parallel to calls: where each call's evidence is and which values are unsupported."
    )
    backend: str
    model: str | None = None
    prompt: PromptRef | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    replayed: bool = False
    error: ErrorInfo | None = None
    source: str | None = Field(default=None, description="Where the article came from (file or file:line).")


def extraction_json_schema() -> dict[str, Any]:
    """The JSON Schema of what a backend returns for one article."""
    return Extraction.model_json_schema()
