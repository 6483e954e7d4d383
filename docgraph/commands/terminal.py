"""Tables on a terminal: columns that fit the width, long ones wrapped, or cut with an ellipsis.

rich lays a table out by shrinking every column alike, so a result with a sentence column came
out as eleven columns of four characters. Here the widths are chosen first: short columns keep
their width, long ones share what is left in proportion to their length (so a sentence takes the
room and a true/false column stays whole); when even the short minimum of every column does not
fit, each row is printed as a block of ``name  value`` lines instead. ``truncate`` keeps one line
per row and ends a cut cell with "…".
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

MIN_WIDTH = 10  # a wrapped column is never made narrower than this (or its longest cell)
MAX_WORD = 32  # a word (a URI, a slug) longer than this may be folded
SHORT_WORD = 16  # when not every word fits, words up to this long (a type name) still stay whole


def natural_width(cells: Sequence[str]) -> int:
    return max((cell_len(line) for c in cells for line in (c.splitlines() or [""])), default=0)


def fit_widths(naturals: list[int], minimums: list[int], room: int) -> list[int] | None:
    """Column widths that add up to at most ``room``: the natural ones when they fit; else short
    columns at their natural width and long ones in proportion to theirs, never under their
    minimum. None when the minimums alone do not fit."""
    if sum(naturals) <= room:
        return list(naturals)
    if sum(minimums) > room:
        return None
    widths: dict[int, int] = {}
    free = set(range(len(naturals)))
    while True:
        left = room - sum(widths.values())
        total = sum(naturals[i] for i in free)
        fixed = {i for i in free if naturals[i] * left / total < minimums[i]}
        if not fixed:
            break
        for i in fixed:
            widths[i] = minimums[i]
        free -= fixed
    shares = {i: naturals[i] * left / total for i in free}
    for i, share in shares.items():
        widths[i] = int(share)
    spare = room - sum(widths.values())  # the rounding, to the largest remainders
    for i in sorted(shares, key=lambda i: shares[i] - int(shares[i]), reverse=True)[:spare]:
        widths[i] += 1
    return [widths[i] for i in range(len(naturals))]


def cap_widths(naturals: list[int], room: int) -> list[int]:
    """Widths for one-line rows: every column at most the same cap, the largest cap that fits."""
    if sum(naturals) <= room:
        return list(naturals)
    cap = max(1, room // max(len(naturals), 1))
    while sum(min(n, cap + 1) for n in naturals) <= room:
        cap += 1
    return [max(1, min(n, cap)) for n in naturals]


def print_table(headers: list[str], rows: list[list[str]], *, truncate: bool = False, title: str | None = None,
                console: Console | None = None) -> None:
    """``rows`` of plain text (no markup) under ``headers``, laid out for the console's width."""
    console = console or Console()
    columns = list(zip(headers, *rows)) if rows else [(h,) for h in headers]
    naturals = [max(natural_width(col), 1) for col in columns]
    overhead = 3 * len(headers) + 1  # padding of one on each side, a rule between and at the edges
    room = console.width - overhead
    if truncate:
        widths = cap_widths(naturals, room)
    else:
        # keep each column's longest word whole if it can (URIs, then shorter words such as a
        # type name), else just readable
        words = [max((cell_len(w) for c in col for w in c.split()), default=0) for col in columns]
        minimums = [min(n, max(MIN_WIDTH, cell_len(h))) for n, h in zip(naturals, headers)]
        whole_words = [max(m, min(w, n, MAX_WORD)) for m, w, n in zip(minimums, words, naturals)]
        short_words = [max(m, min(w, n)) if w <= SHORT_WORD else m for m, w, n in zip(minimums, words, naturals)]
        widths = fit_widths(naturals, whole_words, room) or fit_widths(naturals, short_words, room) \
            or fit_widths(naturals, minimums, room)
        if widths is None:
            print_records(headers, rows, console=console, title=title)
            return
    table = Table(title=title, box=box.SQUARE, show_lines=False)
    for header, width in zip(headers, widths):
        table.add_column(Text(header), width=width, no_wrap=truncate, overflow="ellipsis" if truncate else "fold")
    for row in rows:  # Text: a cell is shown as it is, never read as rich markup
        table.add_row(*(Text(" ".join(c.split()) if truncate else c) for c in row))
    console.print(table)


def print_records(headers: list[str], rows: list[list[str]], *, console: Console, title: str | None = None) -> None:
    """Each row as a block of ``name  value`` lines, values wrapped to the width (``psql \\x``)."""
    if title:
        console.print(Text(title, style="bold"))
    label = max((cell_len(h) for h in headers), default=0)
    for n, row in enumerate(rows, 1):
        console.rule(Text(str(n)), style="dim", align="left")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", width=label, no_wrap=True)
        grid.add_column(overflow="fold")
        for header, cell in zip(headers, row):
            grid.add_row(Text(header), Text(cell))
        console.print(grid)
