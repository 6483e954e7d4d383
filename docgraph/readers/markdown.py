"""Markdown (``.md``): YAML front matter as metadata, syntax out and words in."""

from __future__ import annotations

import re
from typing import Any

from ..model import SourceDocument
from ..normalise import normalise_text
from .text import decode, from_text, iso_date

SUFFIXES = (".md", ".markdown")


def read(data: bytes, source: str) -> SourceDocument:
    return from_markdown(decode(data), source)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")


def from_markdown(raw: str, source: str) -> SourceDocument:
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
    doc = from_text(body, source, "text/markdown")
    heading = _MD_HEADING.search(raw)
    title = meta.pop("title", None)
    if isinstance(title, str) and title.strip():
        doc.title, doc.title_span = normalise_text(title.strip()), None
        start = doc.text.find(doc.title)
        if start >= 0:
            doc.title_span = (start, start + len(doc.title))
    elif heading and doc.title is None:
        doc.title = normalise_text(heading[1].strip())
    date = iso_date(str(meta.pop("date"))) if "date" in meta else None
    doc.date = date or doc.date
    for key in ("url", "publisher"):
        if isinstance(meta.get(key), str):
            setattr(doc, key, meta.pop(key))
    doc.metadata = {k: v if isinstance(v, (str, int, float, bool)) else str(v) for k, v in meta.items()}
    return doc
