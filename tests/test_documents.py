"""The documents researchers hold: the seed article as PDF, Word, OpenDocument, e-mail and HTML
gives what its .txt gives; PDF pages, running headers and hyphenation; e-mail senders and
attachments; damaged files; files of other types counted.

The fixtures are committed in examples/seed-formats/ and examples/documents/ (written by
examples/make_seed_formats.py with python-docx and LibreOffice headless); the tests need neither.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgraph.cli import main
from docgraph.model import Extraction
from docgraph.readers import ReadFailure, iter_documents
from docgraph.readers.pdf import _join_hyphenated
from docgraph.resolve import resolve
from docgraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "examples" / "seed-formats"
HARD = ROOT / "examples" / "documents"
BASE = "http://127.0.0.1:8000"


def read_one(path: Path):
    items = list(iter_documents([path]))
    assert len(items) == 1 and not isinstance(items[0], ReadFailure), items
    return items[0]


def findings(ex: Extraction, start: int = 0) -> dict[str, set]:
    """What a researcher compares: people, organisations, roles and quotations (from ``start``)."""
    def name(key: str | None) -> str | None:
        return ex.entity(key).name if key else None

    def in_body(e) -> bool:
        return any(m.start >= start for m in e.mentions)

    return {
        "people": {e.name for e in ex.entities if e.type == "Person" and in_body(e)},
        "organisations": {e.name for e in ex.entities if e.type == "Organization" and in_body(e)},
        "roles": {(name(r.person), r.title, name(r.organization), r.former, r.late, r.elect)
                  for r in ex.roles if ex.sentences[r.sentence].start >= start},
        "quotations": {(q.text, name(q.speaker) or q.speaker_text) for q in ex.quotations if q.start >= start},
    }


@pytest.fixture(scope="module")
def seed_findings(extractor, seed_path):
    return findings(resolve(extractor.extract(read_one(seed_path)), None, BASE))


@pytest.mark.parametrize("name", ["seed.pdf", "seed.docx", "seed.odt", "seed.eml", "seed.html"])
def test_seed_in_every_format_gives_what_the_txt_gives(extractor, seed_findings, name):
    doc = read_one(FORMATS / name)
    assert doc.title == "Iran: Condemnations of 1988 Massacre of Political Prisoners from all Over the World"
    body = doc.text.index("\n\n") + 2 if name.endswith(".eml") else 0  # an e-mail's header first
    got = findings(resolve(extractor.extract(doc), None, BASE), body)
    for kind, expected in seed_findings.items():
        assert expected, kind  # the seed has some of each
        assert got[kind] == expected, (kind, got[kind] ^ expected)


def test_pdf_pages_headers_footers_and_hyphens(extractor):
    doc = read_one(FORMATS / "seed.pdf")
    assert doc.media_type == "application/pdf" and doc.metadata["pages"] == 2
    assert len(doc.pages) == 2 and doc.pages[0][0] == 0 and doc.pages[0][1] == doc.pages[1][0]
    # the running header and "Page N of 2" are on both pages of the PDF, and in neither text
    assert "Iran Human Rights Monitor" not in doc.text and "Page 1 of 2" not in doc.text
    # words LibreOffice hyphenated at line ends are whole again
    for word in ("Prisoners", "information", "surrounding", "authorities"):
        assert word in doc.text
    assert "\ufffe" not in doc.text and "sur-" not in doc.text
    ex = resolve(extractor.extract(doc), None, BASE)
    pages = {e.name: {doc.page_at(m.start) for m in e.mentions} for e in ex.entities}
    assert pages["Robert A. Destro"] == {1} and pages["Maryam Rajavi"] == {2}
    # the paragraph that runs over the page break is one paragraph, its second part on page 2
    at = doc.text.index("be able to know the fate")
    assert doc.page_at(at) == 2 and doc.page_at(at - 10) == 1 and "\n" not in doc.text[at - 10:at]


def test_pdf_pages_in_the_rdf_and_on_the_entity_page(tmp_path, extractor):
    from docgraph.ingestion import ingest

    store = open_store(tmp_path / "store", BASE)
    assert ingest([FORMATS / "seed.pdf"], store, extractor=extractor).new == 1
    rows = store.query("""SELECT ?name ?page WHERE { GRAPH ?doc {
        ?m itsrdf:taIdentRef ?e ; nif:sentence ?s . ?s dg:page ?page } ?e schema:name ?name }""")
    pages = {(r["name"].value, int(r["page"].value)) for r in rows}
    assert ("Robert A. Destro", 1) in pages and ("Maryam Rajavi", 2) in pages
    spans = store.query("""SELECT ?n ?b ?e WHERE { GRAPH ?doc { ?doc dg:pageCount 2 .
        ?p a dg:Page ; dg:pageNumber ?n ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?doc } }
        ORDER BY ?n""")
    assert [int(r["n"].value) for r in spans] == [1, 2]
    from docgraph.validate import validate_store

    (result,) = validate_store(store)
    assert result.conforms, result.report[:2000]
    from starlette.testclient import TestClient

    from docgraph.serve import create_app

    with TestClient(create_app(store), base_url=BASE) as client:
        page = client.get("/page/person/maryam-rajavi")
    assert page.status_code == 200
    assert '<span class="page">p. 2</span>' in page.text
    assert "Iran: Condemnations of 1988 Massacre" in page.text  # the title, not the path
    store.close()


def test_two_columns_in_reading_order_and_first_heading_as_title():
    doc = read_one(HARD / "two-columns.pdf")
    assert doc.title == "Iran dismisses UNSC meeting as abusive meddlesome"  # no Title in its metadata
    record = next(json.loads(line) for line in (ROOT / "examples/corpus/tehran-times-sample.jsonl").open()
                  if json.loads(line)["id"] == "478326")
    words, source = doc.text.split(), record["text"].split()
    assert words[len(doc.title.split()):][:40] == source[:40]
    import difflib

    assert difflib.SequenceMatcher(None, words, source, autojunk=False).ratio() > 0.99


def test_hyphens_at_line_ends():
    words = {"decades-long", "step-by", "by-step", "human", "rights", "over", "turns"}
    assert _join_hyphenated("sur\ufffe" + "rounding", words) == "surrounding"
    assert _join_hyphenated("Arria\ufffeFormula", words) == "Arria-Formula"  # a capital after it
    assert _join_hyphenated("decades-\nlong", words) == "decades-long"  # written so elsewhere
    assert _join_hyphenated("Step-by-\nstep", words) == "Step-by-step"
    assert _join_hyphenated("shoulder-\nto-shoulder", words) == "shoulder-to-shoulder"
    assert _join_hyphenated("over-\nturns", words) == "overturns"  # two words, but broken by the typesetter
    assert _join_hyphenated("re -\ngional", words) == "regional"  # a justified line sets the hyphen apart
    assert _join_hyphenated("inter-\nnational", words) == "international"
    assert _join_hyphenated("well-known", words) == "well-known"  # not at a line end: untouched


def test_scanned_and_damaged_files_are_one_line_each(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(HARD / "scanned.pdf", folder / "scan.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    (folder / "old.odt").write_bytes(b"plain text, not a package")
    (folder / "note.eml").write_bytes(b"just some words\nwith no header at all\n")
    shutil.copy(FORMATS / "seed.docx", folder / "good.docx")
    failures = {Path(f.source).name: f.reason for f in iter_documents([folder]) if isinstance(f, ReadFailure)}
    assert failures["scan.pdf"].startswith("no text layer; OCR it first")
    assert failures["broken.pdf"].startswith("not a readable PDF")
    assert failures["broken.docx"].startswith("not a readable Word file")
    assert failures["old.odt"].startswith("not a readable OpenDocument file")
    assert failures["note.eml"].startswith("not an e-mail")
    assert len(failures) == 5 and all("\n" not in r for r in failures.values())
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", "-q", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "1 new" in result.output and "5 failed" in result.output
    assert "skipped " + str((folder / "scan.pdf").resolve()) + ": no text layer; OCR it first" in result.output


def test_email_sender_recipients_and_attachments(tmp_path, extractor):
    from docgraph.ingestion import ingest

    doc = read_one(FORMATS / "seed.eml")
    assert doc.date == "2019-12-27" and doc.text.startswith("From: Sara Kamali <sara.kamali@example.org>\n")
    assert [(c.role, c.name, c.email) for c in doc.correspondents] == [
        ("sender", "Sara Kamali", "sara.kamali@example.org"),
        ("recipient", "Research Desk", "research@example.org"),
        ("recipient", "Daniel Okafor", "d.okafor@example.net"),
        ("copy", None, "archive@example.org")]
    store = open_store(tmp_path / "store", BASE)
    report = ingest([FORMATS / "seed.eml", HARD / "briefing-with-attachments.eml"], store, extractor=extractor)
    assert report.new == 4 and report.ok  # two mails, the PDF and the Word file attached to the second
    assert [p.rsplit("/", 1)[-1] for p in report.ignored] == ["sources.xlsx"]
    senders = {(r["name"].value, r["email"].value) for r in store.query("""SELECT ?name ?email WHERE {
        GRAPH ?doc { ?doc schema:sender ?p } ?p a schema:Person ; schema:name ?name ; schema:email ?email }""")}
    # "Okafor, Daniel" in the header is the person the other mail's header calls Daniel Okafor
    assert senders == {("Sara Kamali", "sara.kamali@example.org"), ("Daniel Okafor", "d.okafor@example.net")}
    from docgraph.validate import validate_store

    bad = [r for r in validate_store(store) if not r.conforms]
    assert not bad, bad[0].report[:2000]
    links = list(store.query("""SELECT ?mail ?file ?type WHERE {
        GRAPH ?mail { ?mail dg:attachment ?file } GRAPH ?file { ?file dg:attachmentOf ?mail ; schema:encodingFormat ?type } }"""))
    assert sorted(r["type"].value for r in links) == [
        "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    from starlette.testclient import TestClient

    from docgraph.serve import create_app

    mail = next(r["mail"].value for r in links)
    with TestClient(create_app(store), base_url=BASE) as client:
        page = client.get(mail.replace(BASE + "/id/", "/page/")).text
    assert page.count("<dt>attachment</dt>") == 2 and "Fwd: briefing on the 1988 massacre" in page
    store.close()


def test_files_of_other_types_are_counted_and_listed(tmp_path, seed_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_path, folder / "seed.txt")
    (folder / "data.bin").write_bytes(b"\x00\x01" * 10)
    (folder / "table.xlsx").write_bytes(b"PK")
    (folder / "more.xlsx").write_bytes(b"PK")
    (folder / ".hidden.bin").write_bytes(b"x")  # hidden: passed over, not counted
    store = str(tmp_path / "store")
    quiet = CliRunner().invoke(main, ["--store", store, "ingest", "-q", str(folder)])
    assert quiet.exit_code == 0, quiet.output
    assert "ignored 3 files: .bin, .xlsx (--verbose lists them)" in quiet.output
    assert "table.xlsx" not in quiet.output
    verbose = CliRunner().invoke(main, ["--store", store, "ingest", "-q", "--verbose", str(folder)])
    listed = [line.strip() for line in verbose.output.splitlines() if line.strip().startswith("ignored /")]
    assert [Path(line.split(" ", 1)[1]).name for line in listed] == ["data.bin", "more.xlsx", "table.xlsx"]


def test_titles_from_each_format(tmp_path):
    assert read_one(FORMATS / "seed.docx").metadata["author"] == "MEK Iran"
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(json.dumps({"id": 1, "slug": "Iran-to-sue-U-S-in-international-courts", "text": "Words."}) + "\n"
                     + json.dumps({"id": 2, "title": "Given title", "slug": "x-y", "text": "More words."}) + "\n",
                     encoding="utf-8")
    assert [d.title for d in iter_documents([jsonl])] == ["Iran to sue U.S. in international courts", "Given title"]
    md = tmp_path / "a.txt"
    md.write_text("Statement on the Geneva hearing\n\nThe hearing was held in Geneva.\n", encoding="utf-8")
    assert read_one(md).title == "Statement on the Geneva hearing"


def test_extraction_with_pages_and_correspondents_survives_the_handoff(extractor):
    for name in ("seed.pdf", "seed.eml"):
        ex = extractor.extract(read_one(FORMATS / name))
        again = Extraction.from_dict(json.loads(json.dumps(ex.to_dict())))
        assert again.document.pages == ex.document.pages
        assert again.document.correspondents == ex.document.correspondents
        assert [e.email for e in again.entities] == [e.email for e in ex.entities]
