"""Readers: files and folders in, ``SourceDocument`` (normalised text + metadata) out.

One module per format, each with its ``SUFFIXES``: ``text`` (``.txt``), ``markdown``,
``html`` (main text only, no navigation, scripts or styles), ``jsonl`` (and ``.gz``; one
document per line). This module walks folders (recursively, in name order; hidden files are
passed over, files of other types counted as ignored) and hands each file to its reader.
Anything that cannot be read becomes a ``ReadFailure`` with a one-line reason, and reading goes
on with the next file or line.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import SourceDocument
from . import html, jsonl, markdown, text
from .failure import ReadFailure, Unreadable

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED", "ReadFailure", "count_documents", "iter_documents",
           "iter_files", "kind_of", "read_file"]

DEFAULT_MAX_BYTES = 20_000_000

# kind -> its reader module; a module reads bytes (``read``) or streams documents (jsonl)
FORMATS = {"jsonl": jsonl, "text": text, "markdown": markdown, "html": html}
SUPPORTED = tuple(s for module in FORMATS.values() for s in module.SUFFIXES)


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for kind, module in FORMATS.items():
        if name.endswith(module.SUFFIXES):
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
                yield from jsonl.read_jsonl(item, max_bytes)
            else:
                yield read_file(item, max_bytes)
        except Unreadable as err:
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
    """One txt, md or html file as a document. Raises ``Unreadable`` with the reason."""
    path = Path(path)
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = path.stat().st_size
        raise Unreadable(f"too big ({size:,} bytes; the limit is {max_bytes:,}, raise it with --max-bytes)")
    kind = kind_of(path)
    doc = FORMATS[kind].read(data, str(path)) if kind in ("html", "markdown") else text.read(data, str(path))
    if not doc.text.strip():
        raise Unreadable("empty document (no text to read)")
    return doc
