"""Dates: the article's anchor (dateline or publication date) and the call's date.

The anchor comes from the text itself (a dateline "WASHINGTON, Dec. 10, 2021 —",
a short date line near the top such as "January 6, 2022" or "03.03.2013, 07:25",
or a "Last Updated: ..." / "Published: ..." line), else ``Article.published``.
Relative expressions ("on Friday", "yesterday", "Tuesday's") are resolved
against the anchor; without an anchor they give None (no guessing).
A call the report gives no time for at all takes the report's own date
(:func:`report_day`), as a reader of a dated report would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

__all__ = [
    "DateExpr",
    "find_anchor",
    "find_date_exprs",
    "report_day",
    "resolve",
    "resolve_first",
    "without_title_day",
]

# A readout's title ending on its page's day ("PM call with Prime Minister Trudeau of Canada: 15 October 2024"):
# the day it was published, not that of the call, which its text gives ("spoke to him yesterday evening").
_TITLE_DAY_RE = re.compile(r":\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$")


def without_title_day(text: str) -> str:
    """``text`` without the page's day a readout's title ends on (:data:`_TITLE_DAY_RE`)."""
    return _TITLE_DAY_RE.sub("", text)


MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MON = r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"  # noqa: E501
_MDY = re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
_DIGIT_RE = re.compile(r"\d")
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b")
# "Friday 16/8/2024": day and month told apart only where one of them is over 12
_SLASHED = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d\d)\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")
# "in December 2022", "December 2022", "in mid-March": a month (with its year, or the latest before the anchor)
_MONTH_YEAR = re.compile(rf"\b{_MON}\.?,?\s+(?P<year>(?:19|20)\d\d)\b")
_MONTH_ONLY = re.compile(rf"\b(?:in|early|late|mid-|in\s+(?:early|late|mid-))\s*{_MON}(?![\w.]|\s+\d)")
_WEEKDAY = re.compile(
    r"\b(?=[FMSTWelot])(?P<pre>(?:on|last|this|early|late|earlier|later)\s+)?(?:(?:the\s+)?(?:early|late)\s+hours\s+of\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<poss>['’]s)?\b"
)
_RELATIVE = re.compile(
    r"\b(?=[elty])(?P<rel>yesterday|today|this morning|this afternoon|this evening|tonight|last night|last evening|"
    r"earlier in the day|earlier today|later that (?:morning|day|evening))\b",
    re.I,
)
# "Last month": the month before the anchor's (not "Last month TimesLIVE reported that ...": when the report came out)
_LAST_MONTH = re.compile(
    r"\blast\s+month\b(?!,?\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:reported|said|announced|wrote|told)\b)", re.I
)
# "One year ago", "two years ago", "last year": the year only
_YEARS_AGO = re.compile(
    r"\b(?=[aflot])(?:(?P<n>a|one|two|three|four|five)\s+years?\s+ago|(?P<last>last)\s+year)\b", re.I
)
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NOT_CALL_DAY_RE = re.compile(
    r"\b(?:from|until|till|since|before|after|by|next|through|arranged|scheduled|announced|planned)\s+$", re.I
)
# A date the call is counted from, not the call's own.
_SINCE_RE = re.compile(r"\b(?:since|until|till)\b[^,.;:]{0,45}$", re.I)
# Words that place a call at another time than the report's, or in a sequence of calls: "a day later", "last
# week", "had spoken", "the first call", "in 2019", "at the time", "recently", "again".
_OTHER_TIME_RE = re.compile(
    r"\b(?:later|earlier|ago|before|after|previous(?:ly)?|last|since|once|former|then|time|recent(?:ly)?|past|"
    # "had spoken" (before the report), not "had a telephone conversation"
    r"had(?!\s+(?:an?|the|his|her|their|its|(?:tele)?phone|telephonic|talks?|conversations?|calls?)\b)|"
    r"week|month|year|days?|(?:19|20)\d\d|first|second|another|again)\b",
    re.I,
)
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{1,40}(?:\([^)]{1,30}\))?\s*,\s*(?P<rest>.{6,40})")
# "New Delhi, February 2:" / "TOKYO, Dec. 21 (Kyodo) -": a dateline's day without its year
_DAY_DATELINE = re.compile(
    rf"^\s*[A-Z][\w .'’-]{{1,40}},\s*(?:{_MDY.pattern}|{_DMY.pattern.replace('?P<', '?P<d_')})\s*(?:\(|[:—–-])"
)
_STAMP_LINE = re.compile(r"(?:Last Updated|Updated|Published|First Published|Posted|Date)\s*:", re.I)


def _month(text: str) -> int | None:
    text = text.lower().rstrip(".")
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(text)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_date(text: str) -> dt.date | None:
    """The first full date (with a year) in ``text``."""
    best: tuple[int, dt.date] | None = None
    for rx in (_MDY, _DMY, _NUMERIC, _ISO):
        for m in rx.finditer(text):
            if not m.group("year"):
                continue
            mon = _month(m.group("mon"))
            if mon is None:
                continue
            d = _make(int(m.group("year")), mon, int(m.group("day")))
            if d and (best is None or m.start() < best[0]):
                best = (m.start(), d)
            break
    return best[1] if best else None


def find_anchor(text: str, published: str | None = None) -> dt.date | None:
    """The article's own date: a dateline or date line near the top, a stamp line, else ``published``; a
    dateline's day up to three days before it ("Saturday, February 3, 2001" over "New Delhi, February 2:",
    a paper's edition and the day its report was filed) is the day the report's "this evening" means."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    anchor = _edition_date(lines, published)
    for ln in lines[:15] if anchor else []:
        m = _DAY_DATELINE.match(ln)
        mon = m and _month(m.group("mon") or m.group("d_mon"))
        if m and mon:
            day = _make(anchor.year, mon, int(m.group("day") or m.group("d_day")))
            if day and 0 < (anchor - day).days <= 3:
                return day
            break
    return anchor


def _edition_date(lines: list[str], published: str | None) -> dt.date | None:
    for ln in lines[:15]:
        m = _DATELINE.match(ln)
        if m:
            d = _full_date(m.group("rest"))
            if d:
                return d
        if len(ln.strip()) <= 60:
            d = _full_date(ln)
            if d:
                return d
    for ln in lines:
        if ":" in ln and len(ln) <= 120 and _STAMP_LINE.search(ln):
            d = _full_date(ln)
            if d:
                return d
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            return None
    return None


class DateExpr:
    """One date expression found in a passage, with its resolution rule."""

    __slots__ = ("back", "day", "kind", "month", "start", "weekday", "year")

    def __init__(self, kind: str, start: int, *, year=None, month=None, day=None, weekday=None, back=0) -> None:  # type: ignore[no-untyped-def]
        self.back = back  # years before the anchor ("two years ago")
        self.kind = kind
        self.start = start
        self.year = year
        self.month = month
        self.day = day
        self.weekday = weekday

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DateExpr({self.kind}, y={self.year}, m={self.month}, d={self.day}, wd={self.weekday})"


def find_date_exprs(text: str) -> list[DateExpr]:
    """Every date expression in ``text``, in order of position."""
    out: list[DateExpr] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    digits = _DIGIT_RE.search(text) is not None  # every pattern of a day or a year needs one (a cheap test first)
    for rx in (_MDY, _DMY, _NUMERIC, _ISO) if digits else ():
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            mon = _month(m.group("mon"))
            day = int(m.group("day"))
            if mon is None or not 1 <= day <= 31:
                continue
            year = int(m.group("year")) if m.group("year") else None
            # "May 12" is a date, but "may" the verb is lower case
            if rx is _MDY and m.group("mon").lower() == "may" and not year and text[m.start()] != "M":
                continue
            taken.append((m.start(), m.end()))
            out.append(DateExpr("explicit", m.start(), year=year, month=mon, day=day))
    for m in _SLASHED.finditer(text) if digits and "/" in text else ():
        a, b = int(m.group("a")), int(m.group("b"))
        day, mon = (a, b) if a > 12 >= b else (b, a) if b > 12 >= a else (0, 0)
        if day and free(m.start(), m.end()) and _make(int(m.group("year")), mon, day):
            taken.append((m.start(), m.end()))
            out.append(DateExpr("explicit", m.start(), year=int(m.group("year")), month=mon, day=day))
    for rx in (_MONTH_YEAR, _MONTH_ONLY) if digits else (_MONTH_ONLY,):
        for m in rx.finditer(text):
            mon = _month(m.group("mon"))
            if mon is None or not free(m.start(), m.end()) or (m.group("mon").lower() == "may" and rx is _MONTH_ONLY):
                continue
            taken.append((m.start(), m.end()))
            year = int(m.group("year")) if rx is _MONTH_YEAR else None
            out.append(DateExpr("month", m.start(), year=year, month=mon))
    for m in _WEEKDAY.finditer(text) if "day" in text else ():
        if _NOT_CALL_DAY_RE.search(text[max(0, m.start() - 10) : m.start()]):
            continue  # "a five-day trip from Wednesday", "by Friday": not the day something happened
        if any(0 <= a - m.end() <= 3 for a, _ in taken):
            continue  # "Friday 16/8/2024", "Friday, August 16": the date that follows says more
        if free(m.start("wd"), m.end("wd")):
            out.append(DateExpr("weekday", m.start(), weekday=WEEKDAYS[m.group("wd").lower()]))
    for m in _YEARS_AGO.finditer(text):
        back = 1 if m.group("last") else _COUNT[m.group("n").lower()]
        out.append(DateExpr("years_ago", m.start(), back=back))
    out += [DateExpr("last_month", m.start()) for m in _LAST_MONTH.finditer(text)]
    for m in _RELATIVE.finditer(text):
        if any(0 <= a - m.end() <= 25 for a, _ in taken):
            continue  # "yesterday evening (Wednesday), July 2, 2003": the date that follows says which day
        rel = m.group("rel").lower()
        offset = -1 if rel in {"yesterday", "last night", "last evening"} else 0
        out.append(DateExpr("relative", m.start(), day=offset))
    out.sort(key=lambda e: e.start)
    return out


def resolve(expr: DateExpr, anchor: dt.date | None) -> str | None:
    """ISO date for one expression, or None when it needs an anchor that is missing."""
    try:
        return _resolve(expr, anchor)
    except OverflowError:  # an anchor at the very ends of the calendar (year 1 or 9999)
        return None


def _resolve(expr: DateExpr, anchor: dt.date | None) -> str | None:
    if expr.kind == "explicit":
        if expr.year is not None:
            d = _make(expr.year, expr.month, expr.day)
            return d.isoformat() if d else None
        if anchor is None:
            return None
        d = _make(anchor.year, expr.month, expr.day)
        if d and d > anchor + dt.timedelta(days=2):
            d = _make(anchor.year - 1, expr.month, expr.day)
        return d.isoformat() if d else None
    if expr.kind == "month":
        year = expr.year if expr.year is not None else anchor.year if anchor else None
        if year is None:
            return None
        if expr.year is None and anchor is not None and expr.month > anchor.month:
            return None  # "in December" read in March: last December or the next, a plan; not guessed
        return f"{year:04d}-{expr.month:02d}"
    if anchor is None:
        return None
    if expr.kind == "years_ago":
        return f"{anchor.year - expr.back:04d}"
    if expr.kind == "last_month":
        return f"{anchor.year - (anchor.month == 1):04d}-{(anchor.month - 2) % 12 + 1:02d}"
    if expr.kind == "weekday":
        back = (anchor.weekday() - expr.weekday) % 7
        return (anchor - dt.timedelta(days=back)).isoformat()
    if expr.kind == "relative":
        return (anchor + dt.timedelta(days=expr.day or 0)).isoformat()
    return None


def resolve_first(text: str, anchor: dt.date | None) -> str | None:
    """Resolve the first date expression in ``text`` (None when there is none or no anchor)."""
    for expr in find_date_exprs(text):
        since = _SINCE_RE.search(text[max(0, expr.start - 50) : expr.start])
        if since and not re.search(r",\s+when\b", text[expr.start : expr.start + 30]):
            continue  # "their first call since ... won the November 3 election" (not "since June 10, when they spoke")
        value = resolve(expr, anchor)
        if value:
            return value
        if expr.kind != "explicit":
            return None
    return None


def report_day(evidence: Sequence[str], anchor: dt.date | None) -> str | None:
    """The report's own day (``anchor``) for a call whose evidence gives no time at all: no date expression but
    the report's own (a dateline) and no word that places it at another time (:data:`_OTHER_TIME_RE`). A dated
    report of a call ("UAE President made two separate phone calls to ...") is read as news of that day; None
    otherwise.

    Measured on the real-news dev set before it was adopted: of the calls the rules left undated in an article
    with a date, the annotators gave the article's day to 12, its month to 6 and no date to 3."""
    text = " ".join(evidence)
    if anchor is None or not text:
        return None
    day = anchor.isoformat()
    if any(resolve(expr, anchor) != day for expr in find_date_exprs(text)):
        return None
    # the report's own date written out ("ABU DHABI, 6 February 2023 (WAM) -") is not another time by its year
    if _OTHER_TIME_RE.search(_DMY.sub(" ", _MDY.sub(" ", text))):
        return None
    return day
