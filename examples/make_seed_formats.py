"""Write examples/seed-formats/ (the seed article in the formats researchers hold) and
examples/documents/ (the harder cases of those formats).

    python examples/make_seed_formats.py        # needs python-docx and LibreOffice (soffice)

- ``seed.docx`` by python-docx: the seed's paragraphs, a running header and a "Page N of M"
  footer on every page, automatic hyphenation on, core properties (title, author);
- ``seed.pdf`` and ``seed.odt`` converted from that ``.docx`` by LibreOffice headless, as a
  person would export them (two A4 pages, hyphenated line ends, the header and footer on both);
- ``seed.html`` a news page around the article (navigation, share buttons, footer);
- ``seed.eml`` an e-mail whose body is the article (standard library ``email``);
and in ``documents/``:

- ``briefing-with-attachments.eml`` a short cover mail with ``seed.pdf``, ``seed.docx`` and a
  spreadsheet attached;
- ``two-columns.pdf`` a Tehran Times article of the sample set in two columns under a
  full-width title (LibreOffice, from a ``.docx`` with a two-column section);
- ``scanned.pdf`` the first page of ``seed.pdf`` as an image only: a scan with no text layer
  (pypdfium2 renders the page and writes the picture into a new PDF).

The files are committed; the tests read them and never need LibreOffice. Run this again only to
change them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE / "corpus" / "000_c70673dcfd7164ec.txt"
SAMPLE = HERE / "corpus" / "tehran-times-sample.jsonl"
OUT = HERE / "seed-formats"
HARD = HERE / "documents"
HEADER = "Iran Human Rights Monitor · Briefing"


def seed_paragraphs() -> tuple[str, list[str]]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").split("\n")]
    lines = [line for line in lines if line]
    return lines[0], lines[1:]


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``: python-docx has no API for fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _auto_hyphenation(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    el = OxmlElement("w:autoHyphenation")
    el.set(qn("w:val"), "true")
    settings.append(el)


def _base_document(font_size: float):
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(font_size)
    style.paragraph_format.space_after = Pt(6)
    document.core_properties.language = "en-GB"
    _auto_hyphenation(document)
    header = section.header.paragraphs[0]
    header.text = HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    return document


def write_docx(path: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title, paragraphs = seed_paragraphs()
    document = _base_document(12.5)
    document.core_properties.title = title
    document.core_properties.author = "MEK Iran"
    document.add_heading(title, level=1)
    for text in paragraphs:
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.save(path)


def write_two_columns_docx(path: Path) -> None:
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    record = next(json.loads(line) for line in SAMPLE.open(encoding="utf-8")
                  if json.loads(line)["id"] == "478326")
    title = record["slug"].replace("-", " ")
    document = _base_document(10)
    document.add_heading(title, level=1)
    section = document.add_section(WD_SECTION.CONTINUOUS)
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), "567")
    section._sectPr.append(cols)
    for text in record["text"].split("\n"):
        if text.strip():
            document.add_paragraph(text.strip())
    document.save(path)


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    exe = shutil.which("soffice") or sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=300)
    return outdir / f"{src.stem}.{fmt}"


def write_html(path: Path) -> None:
    title, paragraphs = seed_paragraphs()
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in paragraphs)
    path.write_text(f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(title)} | Iran Human Rights Monitor</title>
  <meta property="og:title" content="{escape(title)}">
  <meta property="og:site_name" content="Iran Human Rights Monitor">
  <link rel="stylesheet" href="/style.css">
  <script>window.analytics = {{"page": "article"}};</script>
</head>
<body>
  <header class="site-header"><a href="/">Iran Human Rights Monitor</a></header>
  <nav class="menu"><a href="/news">News</a> <a href="/reports">Reports</a> <a href="/about">About us</a></nav>
  <main>
    <article>
      <h1>{escape(title)}</h1>
{body}
    </article>
    <div class="share-buttons">Share on Twitter · Share on Facebook</div>
    <aside class="related">Related: Human rights groups call for inquiry</aside>
  </main>
  <footer>© Iran Human Rights Monitor · Contact · Privacy</footer>
</body>
</html>
""", encoding="utf-8")


def write_eml(path: Path) -> None:
    title, paragraphs = seed_paragraphs()
    mail = EmailMessage()
    mail["From"] = "Sara Kamali <sara.kamali@example.org>"
    mail["To"] = "Research Desk <research@example.org>, Daniel Okafor <d.okafor@example.net>"
    mail["Cc"] = "archive@example.org"
    mail["Date"] = format_datetime(datetime(2019, 12, 27, 9, 30, tzinfo=UTC))
    mail["Subject"] = title
    mail["Message-ID"] = "<seed-2019-12-27@example.org>"
    mail.set_content(title + "\n\n" + "\n\n".join(paragraphs) + "\n", cte="quoted-printable")
    path.write_bytes(bytes(mail))


def write_eml_with_attachments(path: Path, pdf: Path, docx: Path) -> None:
    mail = EmailMessage()
    mail["From"] = "\"Okafor, Daniel\" <d.okafor@example.net>"
    mail["To"] = "Research Desk <research@example.org>"
    mail["Date"] = format_datetime(datetime(2020, 1, 6, 14, 5, tzinfo=UTC))
    mail["Subject"] = "Fwd: briefing on the 1988 massacre"
    mail["Message-ID"] = "<briefing-2020-01-06@example.net>"
    mail.set_content("Dear colleagues,\n\nattached are the briefing as PDF and as Word file, and the "
                     "spreadsheet of sources.\n\nBest regards,\nDaniel\n")
    mail.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename="briefing.pdf")
    mail.add_attachment(docx.read_bytes(), maintype="application",
                        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                        filename="briefing.docx")
    mail.add_attachment(b"PK\x03\x04 not really a spreadsheet", maintype="application",
                        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="sources.xlsx")
    path.write_bytes(bytes(mail))


def write_scanned_pdf(src: Path, path: Path) -> None:
    """Page 1 of ``src`` as a picture in a new PDF: what a scanner gives."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(src)
    page = source[0]
    width, height = page.get_size()
    bitmap = page.render(scale=100 / 72, grayscale=True)
    scan = pdfium.PdfDocument.new()
    new_page = scan.new_page(width, height)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    new_page.insert_obj(image)
    new_page.gen_content()
    scan.save(path)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    docx = OUT / "seed.docx"
    write_docx(docx)
    soffice(docx, "pdf", OUT)
    soffice(docx, "odt", OUT)
    write_html(OUT / "seed.html")
    write_eml(OUT / "seed.eml")
    HARD.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        two = Path(tmp) / "two-columns.docx"
        write_two_columns_docx(two)
        soffice(two, "pdf", HARD)
    write_scanned_pdf(OUT / "seed.pdf", HARD / "scanned.pdf")
    write_eml_with_attachments(HARD / "briefing-with-attachments.eml", OUT / "seed.pdf", docx)
    import pypdfium2 as pdfium

    for pdf in sorted([*OUT.glob("*.pdf"), *HARD.glob("*.pdf")]):
        print(f"{pdf.name}: {len(pdfium.PdfDocument(pdf))} pages")


if __name__ == "__main__":
    main()
