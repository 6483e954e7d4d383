"""PDF (``.pdf``) with PDFium (``pypdfium2``): the text layer as paragraphs, page by page.

- Lines come in the order of the page's content, which for PDFs made by word processors and
  publishing tools is reading order (columns one after the other); each line's box and font
  size tell where paragraphs and headings end.
- Running headers, footers and page numbers are left out: lines in the top or bottom margin that
  repeat on the pages (digits aside: "Page 3 of 10"), and page numbers standing alone there.
- A word broken at a line end is joined ("sur- / rounding" -> "surrounding"); the hyphen stays
  unless the document writes the word whole elsewhere, when it writes the compound with one
  elsewhere, before the rest of a longer compound ("shoulder- / to-shoulder"), or before a
  capital or a digit.
- Page numbers are kept: ``SourceDocument.pages`` holds the offsets of each page in the stored
  text, so every sentence, mention and link can say which page it came from.
- Title: the PDF's own Title when it is one (not "Microsoft Word - x.docx"), else the first
  heading (the largest type at the top of page 1).
- A PDF with no text layer (a scan) is refused with one line: "no text layer; OCR it first".
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..model import SourceDocument
from ..normalise import normalise_text
from .failure import Unreadable
from .text import header_date

SUFFIXES = (".pdf",)
MEDIA_TYPE = "application/pdf"

MARGIN = 0.12  # top and bottom share of a page where running headers and footers sit
_PAGE_NUMBER = re.compile(r"^[\W_]*(?:page|p\.|seite|página)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/|von|de)\s*\d{1,4})?[\W_]*$", re.IGNORECASE)
_HYPHENS = ("-", "\u00ad", "\u2010", "\ufffe", "\x02")
# PDFium joins a line that ends in a hyphen with the next and marks the hyphen U+FFFE (or 0x02);
# a hyphen that ends a line PDFium kept apart is followed by "\n" here
# (justified lines may set the hyphen apart: "re -" / "gional")
_BREAK_HYPHEN = re.compile(r"(\w+)( ?)(?:[\ufffe\x02]\n?|[\u00ad\u2010-]\n)(\w+)(?=(-\w)?)")
_TERMINAL = (".", "!", "?", ":", "”", "\"", "’", "»", ")")
_JUNK_TITLE = re.compile(r"^(?:microsoft \w+ - |untitled|document\d*$)|\.(?:docx?|odt|rtf|pdf|txt|indd|qxd)$", re.IGNORECASE)


@dataclass
class _Line:
    text: str
    x0: float = 0.0
    y0: float = 0.0  # PDF coordinates: y grows upwards
    x1: float = 0.0
    y1: float = 0.0
    size: float = 0.0
    placed: bool = False  # box known


def read(data: bytes, source: str) -> SourceDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        reason = str(err)
        if "password" in reason.lower():
            raise Unreadable("password-protected PDF: save an unprotected copy") from None
        raise Unreadable(f"not a readable PDF ({reason})") from None
    try:
        pages = []
        for page in pdf:
            width, height = page.get_size()
            textpage = page.get_textpage()
            pages.append((width, height, _page_lines(textpage)))
            textpage.close()
            page.close()
        meta = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    if not any(line.text.strip() for _, _, lines in pages for line in lines):
        raise Unreadable(f"no text layer; OCR it first ({len(pages)} page{'s' * (len(pages) != 1)} of images only)")
    return _document(pages, meta, source)


def _page_lines(textpage) -> list[_Line]:
    """The page's lines in content order, each with its box and font size where PDFium knows them.
    PDFium's own lines can hold several printed ones (it joins a hyphenated line end with what
    follows, even a footer): they are cut where the boxes move to another line."""
    from pypdfium2 import raw

    text = textpage.get_text_range()
    placed = len(text) == textpage.count_chars()  # else (characters outside the BMP) no boxes
    lines: list[_Line] = []
    pos = 0
    for piece in text.split("\r\n"):
        if piece.strip():
            if not placed:
                lines.append(_Line(piece))
            else:
                boxes = [textpage.get_rect(i) for i in range(textpage.count_rects(pos, len(piece)))]
                for start, end, group in _visual_lines(textpage, piece, pos, boxes):
                    part = piece[start:end]
                    if not part.strip():
                        continue
                    line = _Line(part)
                    if group:
                        line.x0, line.y0 = min(b[0] for b in group), min(b[1] for b in group)
                        line.x1, line.y1 = max(b[2] for b in group), max(b[3] for b in group)
                        first = pos + start + len(part) - len(part.lstrip())
                        line.size = float(raw.FPDFText_GetFontSize(textpage.raw, first))
                        line.placed = True
                    lines.append(line)
        pos += len(piece) + 2
    return lines


def _visual_lines(textpage, piece: str, pos: int, boxes: list) -> list[tuple[int, int, list]]:
    """(start, end, boxes) of each printed line within one of PDFium's lines."""
    groups: list[list] = []
    for box in boxes:
        if groups:
            top, bottom = max(b[3] for b in groups[-1]), min(b[1] for b in groups[-1])
            overlap = min(top, box[3]) - max(bottom, box[1])
            if overlap > 0.3 * min(top - bottom, box[3] - box[1]) or box[3] - box[1] < 0.5 * (top - bottom) \
                    and bottom <= box[1] <= top:
                groups[-1].append(box)
                continue
        groups.append([box])
    cuts = [0]
    for group in groups[1:]:
        x0, y0, _, y1 = group[0]
        index = textpage.get_index(x0 + 0.5, (y0 + y1) / 2, 2, 2)
        if index is None or not cuts[-1] < index - pos < len(piece):
            return [(0, len(piece), [b for g in groups for b in g])]  # cannot cut: one line
        cuts.append(index - pos)
    cuts.append(len(piece))
    return [(cuts[i], cuts[i + 1], groups[i] if groups else []) for i in range(len(cuts) - 1)]


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_margins(pages: list[tuple[float, float, list[_Line]]]) -> list[list[_Line]]:
    """Each page's lines without running headers, footers and page numbers."""
    def in_margin(line: _Line, height: float, lines: list[_Line], i: int) -> bool:
        if line.placed:
            return line.y0 > height * (1 - MARGIN) or line.y1 < height * MARGIN
        return i < 2 or i >= len(lines) - 2  # no boxes: the first and last lines

    seen: Counter[str] = Counter()
    for _, height, lines in pages:
        seen.update({_margin_key(line.text) for i, line in enumerate(lines) if in_margin(line, height, lines, i)})
    n = len(pages)
    needed = n if n <= 3 else max(3, int(0.4 * n + 0.999))
    kept = []
    for _, height, lines in pages:
        kept.append([line for i, line in enumerate(lines)
                     if not (in_margin(line, height, lines, i)
                             and (n > 1 and seen[_margin_key(line.text)] >= needed
                                  or _PAGE_NUMBER.match(line.text.strip())))])
    return kept


def _paragraph_break(prev: _Line, cur: _Line, gap_unit: float, right: float) -> bool:
    if not (prev.placed and cur.placed):
        return prev.text.rstrip().endswith(_TERMINAL) and len(prev.text.strip()) < 60
    size = max(prev.size, cur.size, 1.0)
    if abs(prev.size - cur.size) > 0.08 * size:
        return True  # a heading begins or ends
    gap = prev.y0 - cur.y1
    if gap < -size:  # the next column or a text box further up: the flow goes on
        return prev.text.rstrip().endswith(_TERMINAL) and not cur.text.lstrip()[:1].islower()
    if gap > 1.5 * gap_unit + 0.1 * size:
        return True
    short = prev.x1 < right - 3 * size
    return short and prev.text.rstrip().endswith(_TERMINAL)


def _join_hyphenated(text: str, words: set[str]) -> str:
    """Words broken at a line end joined, keeping the hyphen of a real compound."""
    def fix(m: re.Match) -> str:
        a, b = m[1], m[3]
        if b[:1].isupper() or b[:1].isdigit() or a[-1:].isdigit():
            return f"{a}-{b}"
        if (a + b).lower() in words:
            return a + b  # a word the document writes whole elsewhere
        if f"{a}-{b}".lower() in words or m[4]:
            return f"{a}-{b}"  # a compound written so elsewhere, or a longer compound: "shoulder- / to-shoulder"
        return a + b  # most words broken at a line end are broken by the typesetter

    return _BREAK_HYPHEN.sub(fix, text)


def _document(pages: list[tuple[float, float, list[_Line]]], meta: dict, source: str) -> SourceDocument:
    bodies = _drop_margins(pages)
    every = [line for lines in bodies for line in lines]
    # the typical space between two lines of one paragraph, over the whole document
    gaps = [a.y0 - b.y1 for lines in bodies for a, b in itertools.pairwise(lines)
            if a.placed and b.placed and abs(a.size - b.size) < 0.5 and -1 < a.y0 - b.y1 < 2 * max(a.size, 1)]
    gap_unit = statistics.median(gaps) if gaps else 2.0
    words = _vocabulary(every)

    # paragraphs as lists of (page index, line); a paragraph may run on over a page break
    paragraphs: list[list[tuple[int, _Line]]] = []
    prev: _Line | None = None
    for page_no, lines in enumerate(bodies):
        placed = [line.x1 for line in lines if line.placed]
        right = statistics.quantiles(placed, n=10)[-1] if len(placed) >= 2 else (max(placed) if placed else 0.0)
        for line in lines:
            if prev is None or _paragraph_break(prev, line, gap_unit, right):
                paragraphs.append([])
            paragraphs[-1].append((page_no, line))
            prev = line

    # the stored text, and where each page begins in it
    parts: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}
    for paragraph in paragraphs:
        if parts:
            parts.append("\n\n")
            length += 2
        pieces: list[str] = []
        for k, (page_no, line) in enumerate(paragraph):
            piece = " ".join(line.text.split())
            if k and pieces and pieces[-1].endswith(_HYPHENS):
                pieces[-1] += "\n"  # a hyphen at the end of a line: joined below
            elif k and not (pieces and pieces[-1].endswith("—") and not pieces[-1].endswith(" —")):
                pieces.append(" ")
            pieces.append(piece)
            if page_no not in page_starts:
                page_starts[page_no] = length + len(_flatten(pieces[:-1], words))
        paragraph_text = _flatten(pieces, words)
        parts.append(paragraph_text)
        length += len(paragraph_text)
    text = "".join(parts)
    starts = sorted(page_starts.items())
    spans: list[tuple[int, int]] = []
    for page_no in range(len(pages)):  # a page with no text is an empty span where the next begins
        begin = next((s for p, s in starts if p >= page_no), len(text))
        end = next((s for p, s in starts if p > page_no), len(text))
        spans.append((begin, end))

    title = _title(meta, bodies[0] if bodies else [], words)
    doc = SourceDocument(text=text + "\n", source=source, title=title, media_type=MEDIA_TYPE, pages=spans)
    if title:
        start = text.find(title)
        doc.title_span = (start, start + len(title)) if 0 <= start < 2000 else None
    doc.date = header_date(text, doc.title_span[1] if doc.title_span else 0)
    doc.metadata = {k.lower(): v for k, v in meta.items()
                    if k in ("Author", "Subject", "Keywords", "Creator", "Producer") and v.strip()}
    doc.metadata["pages"] = len(pages)
    if doc.metadata.get("author"):
        doc.metadata["author"] = normalise_text(doc.metadata["author"])
    return doc


def _flatten(pieces: list[str], words: set[str]) -> str:
    return normalise_text(_join_hyphenated("".join(pieces), words)).replace("\n", "")


def _vocabulary(lines: list[_Line]) -> set[str]:
    """Every word the document writes whole (hyphenated compounds too), lower case: the halves
    of a word broken at a line end are left out."""
    words: set[str] = set()
    broken = False
    for line in lines:
        text = re.sub(r"\w+ ?[\ufffe\x02]\w*", " ", line.text.strip())
        if broken:
            text = re.sub(r"^\w+", " ", text)
        broken = text.endswith(_HYPHENS)
        if broken:
            text = re.sub(r"\w+ ?[\u00ad\u2010\ufffe\x02-]$", " ", text)
        for compound in re.findall(r"\w+(?:-\w+)+", text):  # "step-by-step": step-by, by-step too
            parts = compound.lower().split("-")
            words.update("-".join(parts[i:i + 2]) for i in range(len(parts) - 1))
        words.update(w.lower() for w in re.findall(r"\w+", text))
    return words


def _title(meta: dict, first_page: list[_Line], words: set[str]) -> str | None:
    title = " ".join(str(meta.get("Title") or "").split())
    if title and not _JUNK_TITLE.search(title) and len(title) > 3:
        return normalise_text(title)
    head = [line for line in first_page[:12] if line.placed]
    if not head:
        return None
    body = statistics.median(line.size for line in first_page if line.placed)
    biggest = max(line.size for line in head)
    if biggest < body * 1.15:
        return None
    lines = []
    for line in head[head.index(next(x for x in head if x.size == biggest)):]:
        if line.size != biggest:
            break
        lines.append(" ".join(line.text.split()))
    title = _join_hyphenated(" ".join(lines), words)
    return normalise_text(title)[:300] or None
