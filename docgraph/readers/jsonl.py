"""JSON Lines (``.jsonl``, ``.jsonl.gz``): one document per line, ``text`` plus optional
``title``, ``url``, ``date``, ``publisher``; other fields kept as metadata. Streamed: a large
file is never held whole."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..model import SourceDocument
from ..normalise import normalise_text
from .failure import ReadFailure
from .text import iso_date

SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
FIELDS = ("text", "title", "url", "date", "publisher")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[SourceDocument | ReadFailure]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    seen_ids: set[str] = set()
    try:
        with opener(path, "rb") as fh:
            n = 0
            while True:
                line = fh.readline(max_bytes + 1)
                if not line:
                    break
                n += 1
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    while line and not line.endswith(b"\n"):  # the rest of it, in bounded pieces
                        line = fh.readline(max_bytes + 1)
                    yield ReadFailure(f"{path}:{n}", f"line {n} is too big (over {max_bytes:,} bytes; raise --max-bytes)")
                    continue
                if not line.strip():
                    continue
                item = _jsonl_document(path, n, line, seen_ids)
                yield item
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        yield ReadFailure(str(path), f"cannot read: {getattr(err, 'strerror', None) or err}")


def _jsonl_document(path: Path, n: int, line: bytes, seen_ids: set[str]) -> SourceDocument | ReadFailure:
    where = f"{path}:{n}"
    try:
        record = json.loads(line.decode("utf-8-sig" if n == 1 else "utf-8"))
    except UnicodeDecodeError as err:
        return ReadFailure(where, f"line {n}: not valid UTF-8 at byte {err.start}")
    except json.JSONDecodeError as err:
        return ReadFailure(where, f"line {n}: not valid JSON ({err.msg} at column {err.colno})")
    if not isinstance(record, dict):
        return ReadFailure(where, f"line {n}: not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        return ReadFailure(where, f"line {n}: no 'text' string")
    text = normalise_text(text)
    if not text.strip():
        return ReadFailure(where, f"line {n}: empty 'text'")
    rid = record.get("id")
    rid = str(rid) if isinstance(rid, (str, int)) and str(rid).strip() else None
    if rid is None or rid in seen_ids:
        source = f"{path}#L{n}"
    else:
        seen_ids.add(rid)
        source = f"{path}#{rid}"

    def field(name: str) -> str | None:
        value = record.get(name)
        return normalise_text(value).strip() or None if isinstance(value, str) else None

    metadata = {k: v for k, v in record.items() if k not in FIELDS}
    title = field("title") or _from_slug(field("slug"))
    title_span = None
    if title:
        start = text.find(title)
        title_span = (start, start + len(title)) if 0 <= start < 500 else None
    date = iso_date(record.get("date"))
    if record.get("date") is not None and date is None:
        metadata["date"] = record["date"]  # kept as written when it is not a date we can read
    return SourceDocument(
        text=text, source=source, title=title, date=date, url=field("url"), publisher=field("publisher"),
        media_type="application/x-ndjson", metadata=metadata, title_span=title_span,
    )


def _from_slug(slug: str | None) -> str | None:
    """A title from a URL slug when the line has none: "Iran-to-sue-U-S-in-international-courts"
    -> "Iran to sue U.S. in international courts"; a slug cut at 60 characters ends in "…"."""
    if not slug or not re.search(r"[A-Za-z]", slug):
        return None
    words = [w for w in re.split(r"[-_\s]+", slug.strip("-_ ")) if w]
    if len(slug) >= 60 and len(words) > 3:
        words = words[:-1] + ["…"]  # the cut left a piece of a word
    title = " ".join(words)
    title = re.sub(r"\b([A-Z]) ([A-Z])\b(?: ([A-Z])\b)?", lambda m: ".".join(filter(None, m.groups())) + ".", title)
    title = re.sub(r"(\w) s\b", r"\1’s", title)  # "Iran-s" -> "Iran’s"
    title = re.sub(r"(\w) t\b", r"\1’t", title)  # "mustn-t" -> "mustn’t"
    return title.replace(" …", "…")
