"""Word (``.docx``, python-docx) and OpenDocument text (``.odt``, odfpy): the body's paragraphs,
headings and tables in order; running headers, footers, footnotes and comments left out.
Title from the file's own properties (core properties, ``dc:title``), else its first heading."""

from __future__ import annotations

import io
import zipfile

from ..model import SourceDocument
from ..normalise import normalise_text
from .failure import Unreadable
from .text import header_date

DOCX_SUFFIXES = (".docx",)
ODT_SUFFIXES = (".odt",)
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
MAX_UNPACKED = 500_000_000  # a zip that claims to unpack to more is refused (a zip bomb)


def _zip(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Unreadable(f"not a readable {kind} file (not a zip package; an old .doc or a damaged file?)") from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise Unreadable(f"{kind} file unpacks to over {MAX_UNPACKED:,} bytes: refused")
    return archive


def _document(paragraphs: list[str], source: str, media_type: str, title: str | None,
              metadata: dict) -> SourceDocument:
    parts = [normalise_text(p).strip() for p in paragraphs]
    text = "\n\n".join(p for p in parts if p) + "\n"
    doc = SourceDocument(text=text, source=source, media_type=media_type,
                         metadata={k: v for k, v in metadata.items() if v})
    if title:
        doc.title = " ".join(normalise_text(title).split())
        start = text.find(doc.title)
        doc.title_span = (start, start + len(doc.title)) if 0 <= start < 2000 else None
    doc.date = header_date(text, doc.title_span[1] if doc.title_span else 0)
    return doc


# --- Word --------------------------------------------------------------------------------------

def read_docx(data: bytes, source: str) -> SourceDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    archive = _zip(data, "Word")
    if "word/document.xml" not in archive.namelist():
        raise Unreadable("not a Word document (no word/document.xml in the package)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 -- python-docx raises many kinds on a damaged package
        raise Unreadable(f"not a readable Word file ({type(err).__name__}: {str(err)[:100]})") from None
    paragraphs: list[str] = []
    heading = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            style = (block.style.name if block.style is not None else "") or ""
            if heading is None and text.strip() and style.startswith(("Title", "Heading")):
                heading = text
            paragraphs.append(text)
        elif isinstance(block, Table):
            paragraphs.extend(_table_rows(block))
    props = document.core_properties
    metadata = {"author": props.author, "subject": props.subject, "keywords": props.keywords,
                "created": props.created.isoformat() if props.created else None}
    title = props.title if props.title and props.title.strip() else heading
    return _document(paragraphs, source, DOCX_MEDIA_TYPE, title, metadata)


def _table_rows(table) -> list[str]:
    """One paragraph per row, its cells separated by " | " (a cell repeated by a merge once)."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


# --- OpenDocument ------------------------------------------------------------------------------

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SKIP = {(_TEXT_NS, "note"), (_OFFICE_NS, "annotation"), (_TEXT_NS, "tracked-changes"),
         (_TEXT_NS, "sequence-decls"), (_TEXT_NS, "table-of-content")}


def read_odt(data: bytes, source: str) -> SourceDocument:
    from odf import opendocument

    archive = _zip(data, "OpenDocument")
    if "content.xml" not in archive.namelist():
        raise Unreadable("not an OpenDocument text (no content.xml in the package)")
    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 -- odfpy raises many kinds on a damaged package
        raise Unreadable(f"not a readable OpenDocument file ({type(err).__name__}: {str(err)[:100]})") from None
    paragraphs: list[str] = []
    heading = None
    stack = [document.text]
    while stack:  # paragraphs and headings in document order, without recursion
        node = stack.pop()
        qname = getattr(node, "qname", None)
        if qname in _SKIP:
            continue
        if qname in ((_TEXT_NS, "p"), (_TEXT_NS, "h")):
            text = _odf_text(node)
            if heading is None and qname[1] == "h" and text.strip():
                heading = text
            paragraphs.append(text)
            continue
        stack.extend(reversed(getattr(node, "childNodes", [])))
    meta = _odf_meta(document)
    title = meta.pop("title", None) or heading
    return _document(paragraphs, source, ODT_MEDIA_TYPE, title, meta)


def _odf_text(paragraph) -> str:
    parts: list[str] = []
    stack = [paragraph]
    while stack:
        node = stack.pop()
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
            continue
        qname = getattr(node, "qname", None)
        if qname in _SKIP:
            continue
        if qname == (_TEXT_NS, "s"):
            parts.append(" " * int(node.getAttribute("c") or 1))
        elif qname == (_TEXT_NS, "tab"):
            parts.append("\t")
        elif qname == (_TEXT_NS, "line-break"):
            parts.append("\n")
        else:
            stack.extend(reversed(node.childNodes))
    return "".join(parts)


def _odf_meta(document) -> dict:
    from odf import dc, meta

    found = {}
    for key, element in (("title", dc.Title), ("subject", dc.Subject), ("author", meta.InitialCreator),
                         ("created", meta.CreationDate)):
        nodes = document.meta.getElementsByType(element)
        if nodes:
            value = "".join(str(n.data) for n in nodes[0].childNodes if n.nodeType == n.TEXT_NODE).strip()
            if value:
                found[key] = value
    return found
