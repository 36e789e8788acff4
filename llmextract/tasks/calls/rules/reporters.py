"""reported_by: the sources an article cites for a call (agencies, offices, spokespeople)."""

from __future__ import annotations

import re

_NOT_WORD_RE = re.compile(r"[^\w\s]")
_POSSESSIVE_END_RE = re.compile(r"['’]s?$")
_ARTICLE_START_RE = re.compile(r"^(?:the|a|an)\s+", re.I)


def normalise_key(text: str) -> str:
    return " ".join(_NOT_WORD_RE.sub(" ", text.lower()).split())


# --------------------------------------------------------------------------- reported_by

_ORG_WORDS = (
    r"White\s+House|Kremlin|Elys[ée]e(?:\s+Palace)?|Downing\s+Street|State\s+Department|Pentagon|"
    r"(?:[A-Z][\w'’-]+\s+)?(?:Foreign|External\s+Affairs|Defen[cs]e)\s+Ministry|Ministry\s+of\s+[A-Z][\w\s]{2,30}|"
    r"[A-Z][\w'’-]+(?:['’]s)?\s+(?:foreign|external\s+affairs)\s+(?:ministry|office)|"  # "India's foreign ministry"
    # "the press service of the President"
    r"(?:presidential\s+)?press\s+service\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+|"
    r"(?:Kremlin|[A-Z][\w'’-]+)\s+(?:presidential\s+)?press\s+service|presidential\s+press\s+service|"
    r"[A-Z][\w'’-]+\s+news\s+agencies|[A-Z][\w'’-]+\s+(?:state\s+)?(?:television|TV|radio)|"  # "Pakistan television"
    # "Press Trust of India", "the Information Office of the State Council"
    r"(?:[A-Z][\w'’-]+\s+){0,2}(?:Press|News|Trust|Television|Radio|Office|Agency|Service)\s+"
    r"of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?|"
    r"Prime\s+Minister['’]s\s+Office|President['’]s\s+Office|Royal\s+(?:Hashemite\s+)?Court|Chancellery|"
    r"Xinhua|Blue\s+House|Quirinale|Palazzo\s+Chigi|Kantei|Presidency|[A-Z][\w'’-]+\s+(?:presidency|government|embassy)|"
    r"Chinese\s+state\s+media|state\s+media|Berlin|Moscow|Washington|Beijing|Paris|London|Tokyo|Ankara|Kyiv"
)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:bin|al|de|la|von|van|der|da|di)?\s*[A-Z][\w'’.-]+){0,3}"
_CHUNK = rf"(?:{_ORG_WORDS}|{_NAME})"
# _NAME with each word taken whole (possessive): before "said" what follows a name begins with a space or "'s", so the
# matches are the same, found without retrying every shorter form of each word
_NAME_WHOLE = r"[A-Z][\w'’.-]++(?:\s+(?:bin|al|de|la|von|van|der|da|di)?\s*[A-Z][\w'’.-]++){0,3}"
_SAID_RE = re.compile(
    # "Saudi Press Agency (SPA) reported", "A Downing Street spokesman said", "White House on Tuesday confirmed"
    rf"(?=[A-Zps])(?P<who>{_ORG_WORDS}|{_NAME_WHOLE})(?:\s+\([A-Z]{{2,6}}\))?(?:['’]s)?(?:\s+(?:office|spokes(?:man|woman|person)|aide|press\s+office|"
    r"statement|readout|website))?(?:\s+(?:also|later|earlier|separately))?(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)?"
    r"(?:\s+(?:has\s+|have\s+)?(?:said|says|told\s+(?:reporters|journalists|a\s+news\s+conference|a\s+briefing|the\s+press)|"
    r"announced|reported|reports|added|confirmed|stated|wrote|noted|informed)\b|\s+said\s+in\s+a\s+statement)"
)
# "a senior administration official said", "White House officials said", "Argentine sources say": the noun and
# verb first (cheap), then the one to three words before the noun that say whose officials they are
_OFFICIALS_RE = re.compile(r"\b(?P<noun>officials?|sources|aides?)\s+(?:said|say|says|told|confirmed)\b")
_OFFICIALS_OF_RE = re.compile(r"(?:(?:senior|top|[A-Z][\w.'’-]+|administration|government|diplomatic)\s+){1,3}$")
# "Xinhua news agency quoted the Kremlin as saying"
_QUOTED_RE = re.compile(
    rf"(?P<who>{_CHUNK})(?:\s+news\s+agency)?\s+quoted\s+(?:the\s+)?(?P<who2>{_CHUNK})\s+as\s+saying"
)
_SAID_INV_RE = re.compile(
    rf"\b(?:said|says|reported|reports)\s+(?!(?:in|at|on|from|to|that|after|before|during)\b)(?:the\s+)?(?:[a-z][\w-]*\s+){{0,4}}?"
    rf"(?P<who>{_CHUNK})(?=\s*(?:[.,;]|$|in\s+a\s+statement))"
)
_ACCORDING_RE = re.compile(
    rf"\b(?:according\s+to|citing|quot(?:es|ing)|(?:has\s+|had\s+)?learn(?:t|ed)\s+from)\s+(?:the\s+|a\s+)?(?:official\s+|[a-z]+\s+)?(?P<who>{_CHUNK})(?:['’]s?)?"
)
# "according to presidential sources", "according to diplomatic sources": whose sources they are, and the noun
_ACCORDING_SOURCES_RE = re.compile(
    r"\baccording\s+to\s+(?P<who>(?:(?:senior|top|presidential|diplomatic|official|government|administration|"
    r"palace|[A-Z][\w.'’-]+)\s+){1,2}(?:sources|officials))\b"
)
_READOUT_RE = re.compile(
    rf"(?:\bthe\s+|\ba\s+|^)(?P<who>{_ORG_WORDS}|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:press\s+office|readout|"
    r"read-out|statement)\b"
)
# "The Spokesman for the Presidency said", "a communiqué issued by the Presidency of the Republic", "his office said"
_SPOKES_FOR_RE = re.compile(
    r"(?P<who>[Ss]pokes(?:man|woman|person)\s+(?:for|of)\s+the\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
    r"\s+(?:said|says|stated|added|noted)\b"
)
_ISSUED_BY_RE = re.compile(
    rf"\b(?:[Cc]ommuniqu[ée]|statement|readout|read-out|press\s+release)\s+(?:(?:issued|released|published)\s+by|by|from)"
    rf"\s+(?:the\s+)?"  # "a statement from the Kremlin said", "according to a readout from the Indian government"
    rf"(?P<who>{_CHUNK}(?:\s+of\s+the\s+[A-Z][\w'’-]+)?)"
)
# A State Department readout: "The below is attributable to Spokesperson Matthew Miller:"
_ATTRIBUTABLE_RE = re.compile(
    rf"\battributable\s+to\s+(?:the\s+)?(?:[Ss]pokes(?:man|woman|person)\s+)?(?P<who>{_NAME})"
)
# "Martin's spokesman, Melanie Gruer, said": the person set off by commas after the office
_APPOSITIVE_SAID_RE = re.compile(
    rf"\b(?:[Ss]pokes(?:man|woman|person)|[Aa]ide|[Aa]dviser|[Ss]ecretary),\s+(?P<who>{_NAME}),\s+(?:said|says|told)\b"
)
_OFFICE_SAID_RE = re.compile(r"\b(?P<who>(?:his|her|the\s+[a-z]+['’]s)\s+office)\s+(?:said|says|announced)\b")
# A readout page's own header line: "THE WHITE HOUSE", "Official website of the President of Russia".
_HEADER_RE = re.compile(
    r"^[ \t]*(?:THE\s+)?(?P<who>WHITE\s+HOUSE|KREMLIN|Official\s+website\s+of\s+the\s+President\s+of\s+[A-Z]\w+|"
    r"(?:Prime\s+Minister['’]s|President['’]s)\s+Office)[ \t]*$",
    re.I | re.M,
)
# A page's header is within its first lines.
HEADER_CHARS = 300
# A line of its own that credits the story: "Source: Qatar News Agency"
_SOURCE_LINE_RE = re.compile(r"^[ \t]*Source\s*:\s*(?P<who>[A-Z][\w.'’&-]*(?:[ \t]+[\w.'’&-]+){0,7})[ \t.]*$", re.M)


def header_source(text: str) -> str | None:
    """The institution whose readout page the article is, by its header line ("THE WHITE HOUSE" gives "White
    House"), or the one a line of its own credits ("Source: Qatar News Agency"); None for an ordinary article."""
    m = _HEADER_RE.search(text[:HEADER_CHARS]) or _SOURCE_LINE_RE.search(text)
    if m is None:
        return None
    who = " ".join(m.group("who").split())
    return who.title() if who.isupper() else who


_TITLE_STRIP_RE = re.compile(
    r"^(?:(?:[A-Z][\w.'’-]*\s+)*?(?:Secretary|Spokesman|Spokeswoman|Spokesperson|Adviser|Advisor|Aide|Director|"
    r"Minister|Ambassador|Envoy|Press|Principal|Deputy|Chief|Officer|Chancellor|President|Affairs)\s+)+"
)
_BAD_REPORTERS = frozenset(
    (
        *[
            "he",
            "she",
            "they",
            "it",
            "we",
            "i",
            "you",
            "mr",
            "this",
            "that",
            "both",
            "officials",
            "official",
            "sources",
            "source",
            "media",
            "reports",
            "report",
        ],
        *[
            "earlier",
            "later",
            "also",
            "meanwhile",
            "separately",
            "but",
            "and",
            "however",
            "president",
            "presidents",
            "leaders",
            "leader",
        ],
        *["government", "spokesman", "spokesperson", "minister", "statement", "ministry", "office"],
        "prime minister",
        "the two",
        "two leaders",
        *["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"],
    )
)
_BAD_FIRST = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "He",
        "She",
        "They",
        "It",
        "We",
        "But",
        "And",
        "However",
        "Meanwhile",
        "Separately",
        "During",
        "After",
        "Before",
        "When",
        "While",
        "This",
        "That",
        "Both",
        "Earlier",
        "Later",
        "Asked",
        "Speaking",
        "Officials",
        "Two",
        "Three",
        "Several",
        "Some",
        "Many",
        *["Though", "Although", "Still", "Yet", "So", "Also", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr."],
    ]
)


def _clean_reporter(raw: str) -> str | None:
    text = raw.strip(" ,.'\"“”’")
    text = _POSSESSIVE_END_RE.sub("", text).strip()
    text = _ARTICLE_START_RE.sub("", text)
    stripped = _TITLE_STRIP_RE.sub("", text).strip()
    if stripped and stripped != text and re.match(r"[A-Z]", stripped):
        text = stripped
    words = text.split()
    while words and words[0] in _BAD_FIRST:
        words = words[1:]
    text = " ".join(words)
    if len(text) < 2 or normalise_key(text) in _BAD_REPORTERS:
        return None
    if len(text) > 80:
        return None
    return text


# Someone on the call tells of it ("Zelensky said on Oct. 12 that he had spoken with Trump", "Modi tweeted that
# he spoke to ..."): the verb of telling comes before the words of the call in that sentence.
_TELLS_RE = re.compile(
    r"(?:,[^,]{1,60},)?\s+(?:also\s+|later\s+)?(?:said|says|wrote|writes|tweeted|posted|announced|revealed|disclosed|"
    r"told\s+(?:reporters|journalists|the\s+press|a\s+news\s+conference))\b"
)
# "..., Modi said on X.", "..., Zelensky wrote on Telegram.": the attribution after the words of the call
_TELLS_AFTER = (
    r"\s+(?:said|wrote|posted|tweeted)(?:\s+on\s+(?:X|Twitter|Facebook|Telegram|Instagram|social\s+media))?"
    r"(?:\s+on\s+\w+day)?\s*(?:[.;]|$)"
)
_CALL_WORDS_RE = re.compile(
    r"\b(?:call(?:s|ed)?|phon(?:e|ed)|telephon\w*|spoke|spoken|talked|conversation|video\s+link)\b", re.I
)


def own_account(sentences: list[str], people: list[list[str]]) -> list[str]:
    """The people on the call whom one of ``sentences`` (the call's own) credits for telling of it. ``people``
    gives, per person, the full name first and the other forms the article may use (a surname)."""
    out: list[str] = []
    for text in sentences:
        first_call = _CALL_WORDS_RE.search(text)
        if first_call is None:
            continue
        for forms in people:
            if forms[0] in out:
                continue
            for form in forms:
                if form not in text:
                    continue
                m = re.search(rf"\b{re.escape(form)}\b" + _TELLS_RE.pattern, text)
                if (m and m.end() <= first_call.start()) or re.search(
                    rf",\s+{re.escape(form)}{_TELLS_AFTER}", text[first_call.end() :]
                ):
                    out.append(forms[0])
                    break
    return out


def _acronym_of(short: str, long: str) -> bool:
    """ "PMO" of "Prime Minister's Office", "SPA" of "Saudi Press Agency"."""
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'’-]*", long))
    return short.isupper() and 2 <= len(short) <= 6 and short == initials


def _whose_office(text: str, m: re.Match[str]) -> str:
    """The source a match credits: "Martin's office" for "Martin's office said", not Martin."""
    who = m.group("who")
    office = re.match(r"(['’]s)?\s+office\b", text[m.end("who") :])
    if office is None or not (office.group(1) or who.endswith(("'s", "’s"))):
        return who
    return f"{who}{office.group(1) or ''} office"


# Each pattern that credits a source, with the words it cannot match without (a cheap test first: they are costly).
_CREDITS = (
    (
        _SAID_RE,
        ("said", "says", "told", "announced", "report", "added", "confirmed", "stated", "wrote", "noted", "informed"),
    ),
    (_ACCORDING_RE, ("according", "citing", "quot", "learn")),
    (_ACCORDING_SOURCES_RE, ("according",)),
    (_READOUT_RE, ("office", "readout", "read-out", "statement")),
    (_SAID_INV_RE, ("said", "says", "report")),
    (_SPOKES_FOR_RE, ("pokes",)),
    (_ISSUED_BY_RE, ("by",)),
    (_OFFICE_SAID_RE, ("office",)),
    (_ATTRIBUTABLE_RE, ("attributable",)),
    (_APPOSITIVE_SAID_RE, ("said", "says", "told")),
)


def find_reporters(passages: list[str], exclude: set[str] | None = None) -> list[str]:
    """Institutions and people the text credits for its account of the call."""
    exclude_keys = {normalise_key(e) for e in (exclude or set())}
    out: list[str] = []
    seen: set[str] = set()

    def add(raw: str) -> None:
        name = _clean_reporter(raw)
        if not name:
            return
        key = normalise_key(name)
        if not key or key in seen:
            return
        kw = set(key.split())
        office = key.endswith(" office")  # "Schroeder's office": an institution, not the person on the call
        if not office and any(kw <= set(e.split()) or set(e.split()) <= kw for e in exclude_keys):
            return
        if any(_acronym_of(name, prev) or _acronym_of(prev, name) for prev in out):
            return  # "PMO" after "Prime Minister's Office (PMO)": one source
        # "Earnest" after "John Earnest": keep the longer one only
        for i, prev in enumerate(out):
            pk = set(normalise_key(prev).split())
            if kw <= pk:
                return
            if pk <= kw:
                out[i] = name
                seen.add(key)
                return
        seen.add(key)
        out.append(name)

    for text in passages:
        hits: list[tuple[int, str, bool]] = []
        for rx, words in _CREDITS:
            if any(w in text for w in words):
                hits += [(m.start("who"), _whose_office(text, m), rx is _SAID_RE) for m in rx.finditer(text)]
        for m in _OFFICIALS_RE.finditer(text) if any(w in text for w in ("official", "sources", "aide")) else ():
            of = _OFFICIALS_OF_RE.search(text[max(0, m.start() - 60) : m.start()])
            if of:
                hits.append((m.start() - len(of.group(0)), of.group(0) + m.group("noun"), False))
        if "quoted" in text:
            for m in _QUOTED_RE.finditer(text):
                hits += [(m.start("who"), m.group("who"), False), (m.start("who2"), m.group("who2"), False)]
        for pos, who, check_place in sorted(hits):
            if check_place and re.search(
                r"\b(?:in|at|from|to|of|for|with|on|accompanying|visiting)\s+(?:the\s+)?$", text[:pos]
            ):
                continue
            add(who)
    return out[:4]
