"""Time for timelines: the periods an entity or a link is seen, as GEXF spells, GraphML and CSV
start/end columns, and Gephi's interval-set notation."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta

Spells = list[tuple[str, str]]


def spells(dates: Iterable[str]) -> Spells:
    """The time an entity or link is seen, for a timeline: each date widened to its month (a
    year-only date to its year), overlapping and adjacent periods joined, as (start, end) pairs of
    ``yyyy-mm-dd``. Values that are not dates are left out."""
    periods = []
    for value in set(dates):
        m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-\d\d)?(?:T.*)?", value)
        if not m:
            continue
        year, month = int(m[1]), int(m[2]) if m[2] else None
        try:
            if month is None:
                periods.append((date(year, 1, 1), date(year, 12, 31)))
            else:
                periods.append((date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])))
        except ValueError:  # month 13, year 0
            continue
    out: list[list[date]] = []
    for start, end in sorted(periods):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a.isoformat(), b.isoformat()) for a, b in out]


def bounds(periods: Spells) -> tuple[str, str]:
    """The first start and the last end ("" when never seen)."""
    return (periods[0][0], periods[-1][1]) if periods else ("", "")


def interval_set(periods: Spells) -> str:
    """Gephi's notation for an interval set, ``<[2019-12-01, 2019-12-31]; [2020-03-01, 2020-03-31]>``
    (a "timeset" column its spreadsheet import reads); "" when never seen."""
    return "<" + "; ".join(f"[{a}, {b}]" for a, b in periods) + ">" if periods else ""
