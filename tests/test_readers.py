"""Readers and normalisation: every supported format, titles and dates, offsets into the stored
text, and dates normalised to typed values."""

from __future__ import annotations

import gzip
import json

import pytest

from docgraph.dates import normalise_date
from docgraph.normalise import normalise_text
from docgraph.readers import ReadFailure, iter_documents


def read_one(path):
    (item,) = list(iter_documents([path]))
    assert not isinstance(item, ReadFailure), item
    return item


def test_seed_title_and_normalised_text(seed_path):
    doc = read_one(seed_path)
    assert doc.title.startswith("Iran: Condemnations of 1988 Massacre")
    assert doc.text[doc.title_span[0] : doc.title_span[1]] == doc.title
    raw = seed_path.read_text(encoding="utf-8")
    assert "\u202f" in raw or "\xa0" in raw  # the seed really has no-break spaces
    assert "\u202f" not in doc.text and "\xa0" not in doc.text
    assert "People’s Mojahedin" in doc.text  # curly apostrophe kept
    assert doc.date is None  # "1988 Massacre" under the title is a heading, not a date


def test_html_main_text_title_and_date(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(
        """<!doctype html><html><head><title>Site | Report</title>
        <meta property="og:title" content="Geneva hearing on Iran">
        <meta property="article:published_time" content="2018-02-21T09:00:00Z">
        <link rel="canonical" href="https://example.org/geneva-hearing">
        <style>body { color: red }</style><script>var tracking = "Amnesty International";</script>
        </head><body><nav><a href="/">Home</a> | <a href="/about">About Kofi Annan</a></nav>
        <header>Daily News</header>
        <article><h1>Geneva hearing on Iran</h1>
        <p>Amnesty International <b>said</b> on Tuesday that witnesses spoke in Geneva.</p>
        <p>A second paragraph&nbsp;with a no-break space.</p></article>
        <footer>Copyright Reuters</footer><div class="share-buttons">Share on Twitter</div>
        </body></html>""",
        encoding="utf-8",
    )
    doc = read_one(page)
    assert doc.title == "Geneva hearing on Iran"
    assert doc.text[doc.title_span[0] : doc.title_span[1]] == doc.title
    assert doc.date == "2018-02-21" and doc.url == "https://example.org/geneva-hearing"
    assert "Amnesty International said on Tuesday that witnesses spoke in Geneva." in doc.text
    for noise in ("tracking", "Home", "Kofi Annan", "Daily News", "Copyright", "Share on", "color: red"):
        assert noise not in doc.text
    assert "paragraph with a no-break" in doc.text
    assert doc.media_type == "text/html"


def test_markdown_front_matter_and_links(tmp_path):
    md = tmp_path / "note.md"
    md.write_text(
        "---\ntitle: Letter to the Council\ndate: 2020-03-24\nauthor: Field team\n---\n"
        "# Letter to the Council\n\nThe [UN Human Rights Council](https://www.ohchr.org) received **the letter**.\n",
        encoding="utf-8",
    )
    doc = read_one(md)
    assert doc.title == "Letter to the Council" and doc.date == "2020-03-24"
    assert doc.metadata == {"author": "Field team"}
    assert "The UN Human Rights Council received the letter." in doc.text
    assert "https://" not in doc.text and "**" not in doc.text and "#" not in doc.text


def test_jsonl_gz_fields_and_metadata(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    rows = [
        {"id": 7, "text": "Kofi Annan visited Tehran.", "title": "Annan in Tehran", "date": "May 5, 2005",
         "url": "https://example.org/7", "publisher": "Example Wire", "section": "world"},
        {"text": "No id on this line.", "tags": ["a", "b"]},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    first, second = list(iter_documents([tmp_path]))
    assert first.source == f"{path}#7" and second.source == f"{path}#L2"
    assert (first.title, first.date, first.url, first.publisher) == (
        "Annan in Tehran", "2005-05-05", "https://example.org/7", "Example Wire")
    assert first.metadata == {"id": 7, "section": "world"}
    assert second.metadata == {"tags": ["a", "b"]}


def test_folders_recursive_hidden_and_other_types_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep text about Geneva.", encoding="utf-8")
    (tmp_path / "top.md").write_text("Top text.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    sources = [d.source for d in iter_documents([tmp_path])]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["deep.txt", "top.md"]


def test_normalise_text():
    raw = "Caf\u0065\u0301\u00a0in\u202fGeneva\u200b \u201cquoted\u201d\r\nline\u2028two\x07"
    assert normalise_text(raw) == "Café in Geneva “quoted”\nline\ntwo"


@pytest.mark.parametrize(("raw", "expected"), [
    # Windows-1252 letters read as Windows-1256, as in the Tehran Times corpora (25 words in 32,887 articles)
    ("UN chief Antَnio Guterres said", "UN chief António Guterres said"),
    ("Bjِrn Höcke and Wolfgang Schنuble’s party", "Björn Höcke and Wolfgang Schäuble’s party"),
    ("Viktor Orbلn met Zdravko Pocivalڑek, then the ةlysée", "Viktor Orbán met Zdravko Pocivalšek, then the Élysée"),
    # Arabic script that is Arabic stays as written, beside Latin words or not
    ("Iran (ایران) said", "Iran (ایران) said"),
    ("the ۱۵th and millionو and ِDuring", "the ۱۵th and millionو and ِDuring"),
])
def test_normalise_undoes_latin_letters_read_as_arabic(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("December 23, 2019", None, ("2019-12-23", "date", None)),
        ("23 Dec. 2019", None, ("2019-12-23", "date", None)),
        ("August 2017", None, ("2017-08", "gYearMonth", None)),
        ("2018", None, ("2018", "gYear", None)),
        ("the summer of 1988", None, ("1988-06", "gYearMonth", "1988-08")),
        ("between June 2017 and March 2018", None, ("2017-06", "gYearMonth", "2018-03")),
        ("the 1980s", None, ("1980", "gYear", "1989")),
        ("Earlier this month", None, (None, None, None)),
        ("Earlier this month", "2019-12-20", ("2019-12", "gYearMonth", None)),
        ("last year", "2018-05-01", ("2017", "gYear", None)),
        ("November", "2019-12-20", ("2019-11", "gYearMonth", None)),
        ("on Monday", "2018-05-02", ("2018-04-30", "date", None)),
        ("the past few years", "2018-05-02", (None, None, None)),
        ("February 30, 2019", None, (None, None, None)),
    ],
)
def test_dates(text, reference, expected):
    nd = normalise_date(text, reference)
    assert (nd.value, nd.datatype, nd.end_value) == expected
