"""Date expressions to ISO 8601 values with their XSD datatype.

``normalise_date("December 23, 2019")`` gives ``2019-12-23`` (xsd:date); "August 2017" gives
``2017-08`` (xsd:gYearMonth); "2018" gives ``2018`` (xsd:gYear). Ranges ("between June 2017 and
March 2018", "the 1980s", "the summer of 1988") carry an end value. Expressions relative to the
document ("earlier this month", "last year", "on Monday") resolve only against the document's own
date; without one they keep ``value=None`` rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Northern-hemisphere seasons as month ranges (winter is left to the year alone)
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

_MONTH = r"(?P<{n}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<{n}>1[5-9]\d\d|20\d\d)"


def _m(n: str) -> str:
    return _MONTH.format(n=n)


def _y(n: str) -> str:
    return _YEAR.format(n=n)


_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"^{_y('y')}-(?P<mo>\d\d)(?:-(?P<d>\d\d))?(?:[Tt ].*)?$")),
    ("mdy", re.compile(rf"^{_m('mo')}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_y('y')}$")),
    ("dmy", re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_m('mo')},?\s+{_y('y')}$")),
    ("my", re.compile(rf"^{_m('mo')},?\s+(?:of\s+)?{_y('y')}$")),
    ("y", re.compile(rf"^(?:the\s+)?(?:year\s+)?{_y('y')}$")),
    ("decade", re.compile(r"^(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?(?P<y>1[5-9]\d0|20\d0)['’]?s$")),
    ("season", re.compile(rf"^(?:the\s+)?(?:(?:early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_y('y')}$")),
    ("md", re.compile(rf"^{_m('mo')}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?$")),
    ("dm", re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_m('mo')}$")),
    ("m", re.compile(rf"^(?:early\s+|mid-?\s*|late\s+)?{_m('mo')}$")),
]
_RANGE = re.compile(r"^(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|till)\s+(?P<b>.+)$|^(?P<c>.+?)\s*(?:-|–|—|to|until)\s*(?P<d>.+)$")
_LEADING = re.compile(r"^(?:(?:on|in|since|by|during|until|before|after|of|at|around|about|circa|early|late|mid)\s+)+", re.I)


@dataclass(frozen=True)
class NormalisedDate:
    value: str | None
    datatype: str | None  # "date", "gYearMonth", "gYear" or None
    end_value: str | None = None
    end_datatype: str | None = None


UNRESOLVED = NormalisedDate(None, None)


def parse_reference(reference: str | None) -> date | None:
    """The document date as a ``date`` (the first of the month/year when only those are known)."""
    if not reference:
        return None
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", reference.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _ymd(y: int, mo: int, d: int | None = None) -> NormalisedDate | None:
    try:
        if d is not None:
            return NormalisedDate(date(y, mo, d).isoformat(), "date")
        if not 1 <= mo <= 12:
            return None
        return NormalisedDate(f"{y:04d}-{mo:02d}", "gYearMonth")
    except ValueError:
        return None


def _month_before(ref: date, mo: int) -> int:
    """The year of the most recent month ``mo`` not after the reference date (news looks back)."""
    return ref.year if mo <= ref.month else ref.year - 1


def _single(text: str, ref: date | None) -> NormalisedDate | None:
    t = text.strip().lower().rstrip(".,;")
    t = re.sub(r"\s+", " ", t)
    for kind, pat in _PATTERNS:
        m = pat.match(t)
        if not m:
            continue
        g = m.groupdict()
        if kind == "iso":
            return _ymd(int(g["y"]), int(g["mo"]), int(g["d"]) if g["d"] else None)
        if kind in ("mdy", "dmy"):
            return _ymd(int(g["y"]), MONTHS[g["mo"].rstrip(".")], int(g["d"]))
        if kind == "my":
            return _ymd(int(g["y"]), MONTHS[g["mo"].rstrip(".")])
        if kind == "y":
            return NormalisedDate(g["y"], "gYear")
        if kind == "decade":
            y = int(g["y"])
            return NormalisedDate(str(y), "gYear", str(y + 9), "gYear")
        if kind == "season":
            y = int(g["y"])
            if g["s"] == "winter":
                return NormalisedDate(str(y), "gYear")
            a, b = SEASONS[g["s"]]
            return NormalisedDate(f"{y:04d}-{a:02d}", "gYearMonth", f"{y:04d}-{b:02d}", "gYearMonth")
        if ref is None:
            return UNRESOLVED
        mo = MONTHS[g["mo"].rstrip(".")]
        y = _month_before(ref, mo)
        if kind in ("md", "dm"):
            return _ymd(y, mo, int(g["d"]))
        return _ymd(y, mo)
    return _relative(t, ref)


def _relative(t: str, ref: date | None) -> NormalisedDate | None:
    words = re.sub(r"^(?:earlier|later|early|late)\s+", "", t)
    if words in ("today", "yesterday", "tomorrow", "this week", "last week", "this month", "last month",
                 "next month", "this year", "last year", "next year", "the past year", "the previous year",
                 "the same day", "the same year", "tonight", "last night") or words in WEEKDAYS or (
        words.startswith("last ") and words[5:] in WEEKDAYS
    ):
        if ref is None:
            return UNRESOLVED
        if words in ("today", "tonight", "the same day"):
            return NormalisedDate(ref.isoformat(), "date")
        if words in ("yesterday", "last night"):
            return NormalisedDate((ref - timedelta(days=1)).isoformat(), "date")
        if words == "tomorrow":
            return NormalisedDate((ref + timedelta(days=1)).isoformat(), "date")
        if words in ("this month",):
            return _ymd(ref.year, ref.month)
        if words == "last month":
            return _ymd(ref.year - (ref.month == 1), 12 if ref.month == 1 else ref.month - 1)
        if words == "next month":
            return _ymd(ref.year + (ref.month == 12), 1 if ref.month == 12 else ref.month + 1)
        if words in ("this year", "the same year"):
            return NormalisedDate(str(ref.year), "gYear")
        if words in ("last year", "the past year", "the previous year"):
            return NormalisedDate(str(ref.year - 1), "gYear")
        if words == "next year":
            return NormalisedDate(str(ref.year + 1), "gYear")
        day = words.removeprefix("last ")
        if day in WEEKDAYS:  # the most recent such weekday before the document date
            back = (ref.weekday() - WEEKDAYS.index(day)) % 7 or 7
            return NormalisedDate((ref - timedelta(days=back)).isoformat(), "date")
        return UNRESOLVED  # weeks have no XSD type of their own
    return None


def normalise_date(text: str, reference: str | None = None) -> NormalisedDate:
    """Normalise one date expression; ``reference`` is the document date (ISO) for relative ones."""
    ref = parse_reference(reference)
    t = re.sub(r"\s+", " ", text.strip())
    found = _single(t, ref)
    if found is not None:
        return found
    stripped = _LEADING.sub("", t)
    if stripped != t:
        found = _single(stripped, ref)
        if found is not None:
            return found
    m = _RANGE.match(stripped)
    if m:
        a, b = (m["a"], m["b"]) if m["a"] else (m["c"], m["d"])
        end = _single(b, ref)
        if end is not None and end.value:
            start = _single(a, ref)
            if start is None or start.value is None:
                # "June to August 2017", "5-7 March 2018": borrow the year/month from the end
                start = _single(f"{a} {end.value[:4]}", ref) or _single(f"{a} {b.split(' ', 1)[-1]}", ref)
            if start is not None and start.value:
                return NormalisedDate(
                    start.value, start.datatype, end.end_value or end.value, end.end_datatype or end.datatype
                )
    # a year somewhere in a longer phrase ("the summer months of 1988") is better than nothing
    years = re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", t)
    if len(years) == 1 and not re.search(r"\d", t.replace(years[0], "")):
        return NormalisedDate(years[0], "gYear")
    return UNRESOLVED
