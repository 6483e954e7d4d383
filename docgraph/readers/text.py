"""Plain text (``.txt``): the first line as title when it reads as one, a date line under it."""

from __future__ import annotations

import re
from typing import Any

from ..dates import normalise_date
from ..model import SourceDocument
from ..normalise import normalise_text
from .failure import Unreadable

SUFFIXES = (".txt", ".text")


def decode(data: bytes) -> str:
    """Bytes of a text file as str: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if not data.strip():
        raise Unreadable("empty document (no text to read)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise Unreadable(f"not valid UTF-16 at byte {err.start}") from None
    if b"\x00" in data[:8192]:
        raise Unreadable("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not valid UTF-8 at byte {err.start} (save the file as UTF-8)") from None


def read(data: bytes, source: str) -> SourceDocument:
    return from_text(decode(data), source)


def iso_date(value: Any, *, day_only: bool = False) -> str | None:
    """A document date from metadata ("2019-12-23T10:00:00Z", "December 23, 2019") as ISO."""
    if not isinstance(value, str) or not value.strip():
        return None
    nd = normalise_date(value.strip()[:64])
    if day_only and nd.datatype != "date":
        return None
    return nd.value if nd.value and nd.end_value is None else None


_DATE_LINE = re.compile(r"^(?:(?:date|published|posted|updated)\s*:?\s*)?(?P<d>[\w ,.\-/:]{4,40})$", re.IGNORECASE)


def title_line(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first line, when it reads as a title: short, followed by a blank line or a date line,
    and not a sentence that goes on."""
    m = re.match(r"\s*(?P<line>[^\n]+)\n", text)
    if not m:
        return None
    line = m["line"].strip()
    if not line or len(line) > 200 or line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return None
    start = m.start("line") + (len(m["line"]) - len(m["line"].lstrip()))
    return line, (start, start + len(line))


def header_date(text: str, skip: int = 0) -> str | None:
    """A date standing alone on one of the first lines ("Date: 23 December 2019")."""
    for line in text[skip:].lstrip("\n").split("\n")[:4]:
        m = _DATE_LINE.match(line.strip())
        if m and re.search(r"\d{4}", line):
            value = iso_date(m["d"], day_only=True)  # "1988 Massacre" is a heading, not a date
            if value:
                return value
    return None


def from_text(raw: str, source: str, media_type: str = "text/plain") -> SourceDocument:
    text = normalise_text(raw)
    title = title_line(text)
    return SourceDocument(
        text=text,
        source=source,
        title=title[0] if title else None,
        title_span=title[1] if title else None,
        date=header_date(text, title[1][1] if title else 0),
        media_type=media_type,
    )
