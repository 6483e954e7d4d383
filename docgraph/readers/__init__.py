"""Readers: files and folders in, ``SourceDocument`` (normalised text + metadata) out.

One module per format: ``text`` (``.txt``), ``markdown``, ``html`` (main text only, no
navigation, scripts or styles), ``jsonl`` (and ``.gz``; one document per line), ``pdf`` (with
page numbers), ``office`` (``.docx``, ``.odt``) and ``mail`` (``.eml``, attachments as documents
of their own). This module walks folders (recursively, in name order; hidden files are passed
over, files of other types reported as ignored) and hands each file to its reader. Anything that
cannot be read becomes a ``ReadFailure`` with a one-line reason, and reading goes on with the
next file or line.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..model import SourceDocument, source_key
from . import html, jsonl, mail, markdown, office, pdf, text
from .failure import ReadFailure, Unreadable

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED", "ReadFailure", "count_documents", "iter_documents",
           "iter_files", "kind_of", "read_file"]

DEFAULT_MAX_BYTES = 2_000_000  # a 1.2 MB text takes 45 s and 0.9 GB to extract (README)
MAX_MAX_BYTES = 100_000_000  # the most --max-bytes accepts; the per-document memory limit does the rest
# A PDF, Word, OpenDocument or mail file holds far fewer bytes of text than of file (fonts, images,
# zipped XML, base64): the file may be this many times the limit, the text it gives is held to it.
CONTAINER_FACTOR = 50
CONTAINER_KINDS = ("pdf", "docx", "odt", "mail")

# kind -> (suffixes, read(data, source) -> SourceDocument); jsonl and mail yield several documents
FORMATS: dict[str, tuple[tuple[str, ...], Callable[[bytes, str], SourceDocument] | None]] = {
    "jsonl": (jsonl.SUFFIXES, None),
    "text": (text.SUFFIXES, text.read),
    "markdown": (markdown.SUFFIXES, markdown.read),
    "html": (html.SUFFIXES, html.read),
    "pdf": (pdf.SUFFIXES, pdf.read),
    "docx": (office.DOCX_SUFFIXES, office.read_docx),
    "odt": (office.ODT_SUFFIXES, office.read_odt),
    "mail": (mail.SUFFIXES, None),
}
SUPPORTED = tuple(s for suffixes, _ in FORMATS.values() for s in suffixes)


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for kind, (suffixes, _) in FORMATS.items():
        if name.endswith(suffixes):
            return kind
    return None


def _reader_for(name: str) -> Callable[[bytes, str], SourceDocument] | None:
    kind = kind_of(Path(name))
    return FORMATS[kind][1] if kind else None


def iter_files(paths: Iterable[str | Path], ignored: Callable[[str], None] | None = None) -> Iterator[Path | ReadFailure]:
    """The files named, and the supported files under the folders named, in a stable order.
    Files of other types inside folders are passed to ``ignored`` (hidden files are not)."""
    for p in paths:
        path = Path(p).expanduser()
        if not path.exists():
            if path.is_symlink():
                try:
                    path.resolve(strict=True)
                except (OSError, RuntimeError) as err:
                    yield ReadFailure(str(path), _link_problem(err))
                    continue
            yield ReadFailure(str(path), "no such file or folder")
        elif path.is_dir():
            found, other, broken = [], [], []
            for root, dirs, files in os.walk(path, onerror=None):  # symlinked folders are not entered
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if f.startswith("."):
                        continue
                    if not kind_of(Path(f)):
                        other.append(Path(root, f))
                        continue
                    try:
                        found.append(Path(root, f).resolve(strict=True))
                    except (OSError, RuntimeError) as err:  # a symlink loop, a dangling link
                        broken.append(ReadFailure(str(Path(root, f)), _link_problem(err)))
            if ignored is not None:
                for f in sorted(other):
                    ignored(str(f.resolve()))
            yield from broken
            yield from sorted(found)
        elif kind_of(path) is None:
            yield ReadFailure(
                str(path.resolve()),
                f"unsupported file type (docgraph reads {', '.join(SUPPORTED)})",
            )
        else:
            yield path.resolve()


def _link_problem(err: Exception) -> str:
    if isinstance(err, RuntimeError) or getattr(err, "errno", None) == 40:  # ELOOP
        return "a symbolic link loop (the link leads back to itself)"
    return f"cannot follow: {getattr(err, 'strerror', None) or err}"


def iter_documents(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                   ignored: Callable[[str], None] | None = None, *,
                   absolute: bool = False) -> Iterator[SourceDocument | ReadFailure]:
    """Every document under ``paths``, streamed (a large JSONL file is never held whole).
    ``ignored`` is told each file (or attachment) of a type docgraph does not read. Each
    document's ``shown_source`` is its path from the folder it was found in (the folder's own
    name first) or its file name, unless ``absolute``."""
    for root in paths:
        shown = _shown_name(Path(root).expanduser(), absolute)
        for item in iter_files([root], ignored):
            if isinstance(item, ReadFailure):
                yield item
                continue
            for doc in _read_one(item, max_bytes, ignored):
                if isinstance(doc, SourceDocument):
                    path = str(item)
                    rest = doc.source[len(path):] if doc.source.startswith(path) else ""
                    doc.key = source_key(path, rest)
                    doc.shown_source = shown(item) + rest
                yield doc


def _shown_name(root: Path, absolute: bool) -> Callable[[Path], str]:
    """How the graph names a file found under ``root`` (see ``iter_documents``)."""
    if absolute:
        return str
    try:
        top = root.resolve()
    except (OSError, RuntimeError):
        return lambda item: item.name
    parent = top.parent if top.is_dir() else None

    def shown(item: Path) -> str:
        if parent is None:
            return item.name
        rel = os.path.relpath(item, parent)
        return item.name if rel.startswith("..") else Path(rel).as_posix()

    return shown


def _read_one(item: Path, max_bytes: int,
              ignored: Callable[[str], None] | None) -> Iterator[SourceDocument | ReadFailure]:
    try:
        kind = kind_of(item)
        if kind == "jsonl":
            yield from jsonl.read_jsonl(item, max_bytes)
        elif kind == "mail":
            for doc in mail.read_mail(_read_bytes(item, max_bytes * CONTAINER_FACTOR), str(item),
                                      _reader_for, ignored):
                yield _text_within(doc, max_bytes)
        else:
            yield read_file(item, max_bytes)
    except Unreadable as err:
        yield ReadFailure(str(item), str(err))
    except OSError as err:
        yield ReadFailure(str(item), f"cannot read: {err.strerror or err}")


def ignored_summary(paths: list[str]) -> str:
    """"ignored 3 files: .bin, .xlsx" for the files ``iter_documents`` passed over."""
    def suffix(p: str) -> str:
        name = p.rsplit("/", 1)[-1]
        return "." + name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else "(no extension)"

    kinds = sorted({suffix(p) for p in paths})
    return f"ignored {len(paths)} file{'s' * (len(paths) != 1)}: {', '.join(kinds)}"


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


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = path.stat().st_size
        raise Unreadable(f"too big ({size:,} bytes; the limit is {max_bytes:,}, raise it with --max-bytes)")
    return data


def _text_within(doc: SourceDocument | ReadFailure, max_bytes: int) -> SourceDocument | ReadFailure:
    """``doc``, or its one line when its text is over ``max_bytes`` (what extraction costs
    grows with the text, not with the file that held it)."""
    if isinstance(doc, SourceDocument):
        size = len(doc.text.encode("utf-8"))
        if size > max_bytes:
            return ReadFailure(doc.source, f"too much text ({size:,} bytes of text; the limit is {max_bytes:,}, "
                                           "raise it with --max-bytes)")
    return doc


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """One file of a single-document format as a document. Raises ``Unreadable`` with the reason.
    ``max_bytes`` holds the file, and for PDF, Word and OpenDocument files the text it gives
    (the file itself may be ``CONTAINER_FACTOR`` times larger)."""
    path = Path(path)
    kind = kind_of(path)
    data = _read_bytes(path, max_bytes * (CONTAINER_FACTOR if kind in CONTAINER_KINDS else 1))
    read = FORMATS[kind][1] if kind else None
    doc = (read or text.read)(data, str(path))
    if not doc.text.strip():
        raise Unreadable("empty document (no text to read)")
    checked = _text_within(doc, max_bytes)
    if isinstance(checked, ReadFailure):
        raise Unreadable(checked.reason)
    return doc
