"""PDF ingest against plain text of the same words, in one run.

    flock /tmp/docgraph-heavy.lock python bench/bench_pdf.py [--reports 4] [--pages 100] [--jobs 2]

Builds R reports of about P pages each from the 804-article corpus
(``../shared/corpus-large/tehran-times-human-rights.jsonl``; the sample corpus when it is absent):
each article a heading and its paragraphs, written as a .docx with a running header and a
"Page N of M" footer (python-docx), turned into PDF by LibreOffice headless as a person would
(``soffice`` is needed: apt-get install libreoffice-writer-nogui). The same reports are written as
.txt files (heading, blank line, paragraphs). Then ``docgraph ingest --jobs J`` into a fresh store,
as a user runs it, for the .txt folder and for the .pdf folder, alternately, three times each.
Reports words per second (the words of the .txt files over wall time; best of three) and the ratio
pdf/txt. Results to stdout as Markdown and to bench/results/pdf.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))
LARGE = ROOT.parent / "shared" / "corpus-large" / "tehran-times-human-rights.jsonl"
WORDS_PER_PAGE = 680  # Liberation Serif 11 pt on A4 with 2.5 cm margins, as LibreOffice sets it


def articles(source: Path):
    from docgraph.readers import ReadFailure, iter_documents

    for doc in iter_documents([source]):
        if not isinstance(doc, ReadFailure) and len(doc.text.split()) > 150:
            yield doc.title or "Untitled", [p.strip() for p in doc.text.split("\n") if p.strip()]


def build(out: Path, reports: int, pages: int) -> tuple[list[Path], list[Path], int]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from make_seed_formats import _base_document, soffice

    source = LARGE if LARGE.exists() else ROOT / "examples" / "corpus" / "tehran-times-sample.jsonl"
    stream = articles(source)
    txt_dir, pdf_dir = out / "txt", out / "pdf"
    txt_dir.mkdir()
    pdf_dir.mkdir()
    txts, pdfs, words = [], [], 0
    for r in range(reports):
        document = _base_document(11)
        document.core_properties.title = f"Human rights in the Tehran Times, part {r + 1}"
        lines = [document.core_properties.title]
        document.add_heading(lines[0], level=1)
        count = 0
        while count < pages * WORDS_PER_PAGE:
            try:
                title, paragraphs = next(stream)
            except StopIteration:
                stream = articles(source)  # the sample is small: go round again
                continue
            document.add_heading(title, level=2)
            lines += ["", title]
            for p in paragraphs:
                document.add_paragraph(p).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                lines += ["", p]
                count += len(p.split())
        name = f"report-{r + 1:02d}"
        docx = out / f"{name}.docx"
        document.save(docx)
        pdfs.append(soffice(docx, "pdf", pdf_dir))
        txt = txt_dir / f"{name}.txt"
        txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
        txts.append(txt)
        words += len(txt.read_text(encoding="utf-8").split())
    return txts, pdfs, words


def ingest_seconds(folder: Path, jobs: int, store: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store), "ingest", "-q", "--jobs", str(jobs),
                    str(folder)], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    import pypdfium2 as pdfium

    from docgraph.readers import iter_documents

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t = time.perf_counter()
        _, pdfs, words = build(out, args.reports, args.pages)
        print(f"built {len(pdfs)} reports in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        page_counts = [len(pdfium.PdfDocument(p)) for p in pdfs]
        t = time.perf_counter()
        pdf_words = sum(len(d.text.split()) for d in iter_documents([out / "pdf"]))
        read_seconds = time.perf_counter() - t
        times: dict[str, list[float]] = {"txt": [], "pdf": []}
        for run in range(args.runs):
            for kind in ("txt", "pdf"):
                times[kind].append(ingest_seconds(out / kind, args.jobs, out / f"store-{kind}-{run}"))
                print(f"run {run + 1} {kind}: {times[kind][-1]:.1f} s", file=sys.stderr)
    best = {k: min(v) for k, v in times.items()}
    rate = {k: words / best[k] for k in best}
    result = {"reports": len(pdfs), "pages": page_counts, "words_txt": words, "words_read_from_pdf": pdf_words,
              "pdf_read_seconds": round(read_seconds, 2), "jobs": args.jobs,
              "seconds": {k: [round(x, 2) for x in v] for k, v in times.items()},
              "words_per_second": {k: round(v) for k, v in rate.items()},
              "pdf_over_txt": round(rate["pdf"] / rate["txt"], 3)}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "pdf.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"| measure | value |\n|---|---|\n"
          f"| reports | {len(pdfs)} PDFs of {', '.join(map(str, page_counts))} pages |\n"
          f"| words (.txt) / read back from the PDFs | {words:,} / {pdf_words:,} |\n"
          f"| reading the PDFs alone (text layer to documents) | {read_seconds:.1f} s |\n"
          f"| `docgraph ingest --jobs {args.jobs}` .txt | {rate['txt']:,.0f} words/s (best of {args.runs}: {best['txt']:.1f} s) |\n"
          f"| `docgraph ingest --jobs {args.jobs}` .pdf | {rate['pdf']:,.0f} words/s (best of {args.runs}: {best['pdf']:.1f} s) |\n"
          f"| pdf / txt | {result['pdf_over_txt']:.3f} |")


if __name__ == "__main__":
    main()
