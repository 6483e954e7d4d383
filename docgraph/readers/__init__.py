"""Readers: files and folders in, ``SourceDocument`` (normalised text + metadata) out.

Supported: ``.txt``/``.text``, ``.md``/``.markdown``, ``.html``/``.htm``/``.xhtml`` (main text only,
no navigation, scripts or styles), ``.jsonl``/``.ndjson`` and their ``.gz`` forms (one document per
line: ``text`` plus optional ``title``, ``url``, ``date``, ``publisher``; other fields kept as
metadata). Folders are read recursively in name order; hidden files and files of other types
inside folders are passed over. Anything that cannot be read becomes a ``ReadFailure`` with a
one-line reason, and reading goes on with the next file or line.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dates import normalise_date
from .model import SourceDocument
from .normalise import normalise_text

DEFAULT_MAX_BYTES = 20_000_000

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
SUPPORTED = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
JSONL_FIELDS = ("text", "title", "url", "date", "publisher")


@dataclass(frozen=True)
class ReadFailure:
    """A file or line that could not be read, and why (one line, for a person)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class _Unreadable(Exception):
    pass


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("text", TEXT_SUFFIXES),
                           ("markdown", MARKDOWN_SUFFIXES), ("html", HTML_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadFailure]:
    """The files named, and the supported files under the folders named, in a stable order."""
    for p in paths:
        path = Path(p).expanduser()
        if not path.exists():
            yield ReadFailure(str(path), "no such file or folder")
        elif path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root, f) for f in files if not f.startswith(".") and kind_of(Path(f)))
            yield from sorted(p.resolve() for p in found)
        elif kind_of(path) is None:
            yield ReadFailure(
                str(path.resolve()),
                f"unsupported file type (docgraph reads {', '.join(SUPPORTED)})",
            )
        else:
            yield path.resolve()


def iter_documents(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | ReadFailure]:
    """Every document under ``paths``, streamed (a large JSONL file is never held whole)."""
    for item in iter_files(paths):
        if isinstance(item, ReadFailure):
            yield item
            continue
        try:
            if kind_of(item) == "jsonl":
                yield from _read_jsonl(item, max_bytes)
            else:
                yield read_file(item, max_bytes)
        except _Unreadable as err:
            yield ReadFailure(str(item), str(err))
        except OSError as err:
            yield ReadFailure(str(item), f"cannot read: {err.strerror or err}")


def count_documents(paths: Iterable[str | Path]) -> int:
    """How many documents ``paths`` hold, cheaply (lines of JSONL files, one per other file):
    the total a progress bar shows. Unreadable files count as one."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, ReadFailure) or kind_of(item) != "jsonl":
            total += 1
            continue
        opener = gzip.open if item.name.lower().endswith(".gz") else open
        try:
            with opener(item, "rb") as fh:
                lines = last = 0
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    lines += chunk.count(b"\n")
                    last = chunk[-1]
                total += lines + (last not in (0, 10))
        except (OSError, EOFError):
            total += 1
    return total


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """One txt, md or html file as a document. Raises ``_Unreadable`` with the reason."""
    path = Path(path)
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = path.stat().st_size
        raise _Unreadable(f"too big ({size:,} bytes; the limit is {max_bytes:,}, raise it with --max-bytes)")
    raw = _decode(data)
    kind = kind_of(path)
    if kind == "html":
        doc = _from_html(raw, str(path))
    elif kind == "markdown":
        doc = _from_markdown(raw, str(path))
    else:
        doc = _from_text(raw, str(path))
    if not doc.text.strip():
        raise _Unreadable("empty document (no text to read)")
    return doc


def _decode(data: bytes) -> str:
    if not data.strip():
        raise _Unreadable("empty document (no text to read)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise _Unreadable(f"not valid UTF-16 at byte {err.start}") from None
    if b"\x00" in data[:8192]:
        raise _Unreadable("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _Unreadable(f"not valid UTF-8 at byte {err.start} (save the file as UTF-8)") from None


def _iso_date(value: Any, *, day_only: bool = False) -> str | None:
    """A document date from metadata ("2019-12-23T10:00:00Z", "December 23, 2019") as ISO."""
    if not isinstance(value, str) or not value.strip():
        return None
    nd = normalise_date(value.strip()[:64])
    if day_only and nd.datatype != "date":
        return None
    return nd.value if nd.value and nd.end_value is None else None


# --- plain text --------------------------------------------------------------------------------

_DATE_LINE = re.compile(r"^(?:(?:date|published|posted|updated)\s*:?\s*)?(?P<d>[\w ,.\-/:]{4,40})$", re.I)


def _title_line(text: str) -> tuple[str, tuple[int, int]] | None:
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


def _header_date(text: str, skip: int = 0) -> str | None:
    """A date standing alone on one of the first lines ("Date: 23 December 2019")."""
    for line in text[skip:].lstrip("\n").split("\n")[:4]:
        m = _DATE_LINE.match(line.strip())
        if m and re.search(r"\d{4}", line):
            value = _iso_date(m["d"], day_only=True)  # "1988 Massacre" is a heading, not a date
            if value:
                return value
    return None


def _from_text(raw: str, source: str, media_type: str = "text/plain") -> SourceDocument:
    text = normalise_text(raw)
    title = _title_line(text)
    return SourceDocument(
        text=text,
        source=source,
        title=title[0] if title else None,
        title_span=title[1] if title else None,
        date=_header_date(text, title[1][1] if title else 0),
        media_type=media_type,
    )


# --- markdown ----------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$", re.M)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")


def _from_markdown(raw: str, source: str) -> SourceDocument:
    import yaml

    meta: dict[str, Any] = {}
    m = _FRONT_MATTER.match(raw)
    if m:
        try:
            loaded = yaml.safe_load(m["yaml"])
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = {str(k): v for k, v in loaded.items()}
            raw = raw[m.end():]
    # markdown syntax out, words in: links keep their text, headings lose their hashes
    body = _MD_IMAGE.sub(r"\1", raw)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_REF_DEF.sub("", body)
    body = _MD_HEADING.sub(r"\1", body)
    body = _MD_EMPHASIS.sub(r"\2", body)
    body = _MD_HTML_TAG.sub("", body)
    doc = _from_text(body, source, "text/markdown")
    heading = _MD_HEADING.search(raw)
    title = meta.pop("title", None)
    if isinstance(title, str) and title.strip():
        doc.title, doc.title_span = normalise_text(title.strip()), None
        start = doc.text.find(doc.title)
        if start >= 0:
            doc.title_span = (start, start + len(doc.title))
    elif heading and doc.title is None:
        doc.title = normalise_text(heading[1].strip())
    date = _iso_date(str(meta.pop("date"))) if "date" in meta else None
    doc.date = date or doc.date
    for key in ("url", "publisher"):
        if isinstance(meta.get(key), str):
            setattr(doc, key, meta.pop(key))
    doc.metadata = {k: v if isinstance(v, (str, int, float, bool)) else str(v) for k, v in meta.items()}
    return doc


# --- HTML --------------------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select", "head", "menu", "dialog", "object", "canvas"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "figure",
               "figcaption", "br", "hr", "address", "details", "summary", "body", "caption"}
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:nav|menu|sidebar|footer|header|cookie|share|social|related|comments?|advert|ads|breadcrumbs?|newsletter|subscribe)(?:$|[\s_-])", re.I)
_DATE_META = ("article:published_time", "og:published_time", "datePublished", "date", "DC.date",
              "dc.date", "DC.date.issued", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date")


_BLOCK_END = object()


def _html_text(root) -> str:
    """Visible text of ``root`` with blocks on their own lines; walked without recursion."""
    parts: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is _BLOCK_END:  # (never compare a Node with ==: selectolax serialises it)
            parts.append("\n\n")
            continue
        tag = node.tag
        if tag == "-text":
            parts.append(re.sub(r"[ \t\r\n]+", " ", node.text_content or ""))
            continue
        if tag in _SKIP_TAGS or tag == "-comment":
            continue
        attrs = node.attributes or {}
        if tag != "body" and (attrs.get("hidden") is not None and "hidden" in attrs
                              or attrs.get("aria-hidden") == "true"
                              or attrs.get("role") in ("navigation", "banner", "contentinfo", "complementary")
                              or _BOILERPLATE.search(" ".join(filter(None, (attrs.get("class"), attrs.get("id")))))):
            continue
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
            stack.append(_BLOCK_END)
        stack.extend(reversed(children))
    text = "".join(parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _from_html(raw: str, source: str) -> SourceDocument:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(raw)

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name", "itemprop"):
                node = tree.css_first(f'meta[{attr}="{name}"]')
                if node is not None and (node.attributes.get("content") or "").strip():
                    return node.attributes["content"].strip()
        return None

    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = meta("og:title", "twitter:title") or (h1.text(strip=True) if h1 else None) or (
        title_node.text(strip=True) if title_node else None
    )
    date = meta(*_DATE_META)
    if date is None:
        time_node = tree.css_first("time[datetime]")
        date = time_node.attributes.get("datetime") if time_node is not None else None
    canonical = tree.css_first('link[rel="canonical"]')
    url = meta("og:url") or (canonical.attributes.get("href") if canonical is not None else None)
    publisher = meta("og:site_name", "publisher", "author")
    root = tree.css_first("article") or tree.css_first("main") or tree.css_first('[role="main"]') or tree.body
    text = normalise_text(_html_text(root) if root is not None else "")
    doc = SourceDocument(text=text, source=source, url=url, publisher=publisher, media_type="text/html",
                         date=_iso_date(date))
    if title:
        doc.title = normalise_text(re.sub(r"\s+", " ", title))
        start = text.find(doc.title)
        if start >= 0:
            doc.title_span = (start, start + len(doc.title))
    if doc.date is None:
        doc.date = _header_date(text)
    return doc


# --- JSONL -------------------------------------------------------------------------------------

def _read_jsonl(path: Path, max_bytes: int) -> Iterator[SourceDocument | ReadFailure]:
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

    metadata = {k: v for k, v in record.items() if k not in JSONL_FIELDS}
    title = field("title")
    title_span = None
    if title:
        start = text.find(title)
        title_span = (start, start + len(title)) if 0 <= start < 500 else None
    date = _iso_date(record.get("date"))
    if record.get("date") is not None and date is None:
        metadata["date"] = record["date"]  # kept as written when it is not a date we can read
    return SourceDocument(
        text=text, source=source, title=title, date=date, url=field("url"), publisher=field("publisher"),
        media_type="application/x-ndjson", metadata=metadata, title_span=title_span,
    )
