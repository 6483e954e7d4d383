"""Where a document came from: the graph names its source relative to what the ingest was given
(never where the files sit on the machine, unless asked), and a changed file still replaces the
graph it made before — found by a private key, so two folders of one name never collide."""

from __future__ import annotations

import json
import subprocess
import sys

from pyoxigraph import NamedNode

from docgraph.ingestion import ingest, remove
from docgraph.store import open_store
from docgraph.vocab import DG

BASE = "http://127.0.0.1:8000"
A = "Amnesty International met Kofi Annan in Geneva on 3 May 2005.\n"
B = "Human Rights Watch said on Monday that the United Nations had failed Yemen.\n"
C = "Michelle Bachelet visited Santiago on 4 June 2019 with officials of the UN.\n"


def sources(store) -> dict[str, str]:
    """document URI -> dg:sourcePath"""
    return {q.graph_name.value: q.object.value for q in store.raw.quads_for_pattern(None, DG.sourcePath, None, None)}


def no_absolute_path(store, folder) -> bool:
    return not any(str(folder) in q.object.value for q in store.raw.quads_for_pattern(None, None, None, None)
                   if not isinstance(q.object, NamedNode))


def test_sources_are_named_from_the_folder_given_and_no_path_of_the_machine_is_stored(tmp_path, extractor):
    top = tmp_path / "reports"
    (top / "2024").mkdir(parents=True)
    (top / "a.txt").write_text(A, encoding="utf-8")
    (top / "2024" / "b.txt").write_text(B, encoding="utf-8")
    lines = tmp_path / "feed.jsonl"
    lines.write_text(json.dumps({"id": "x1", "text": C}) + "\n", encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    report = ingest([top, lines], store, extractor=extractor)
    assert report.new == 3
    assert sorted(sources(store).values()) == ["feed.jsonl#x1", "reports/2024/b.txt", "reports/a.txt"]
    assert no_absolute_path(store, tmp_path)
    # a file given on its own is named by its name
    (tmp_path / "c.txt").write_text(C.replace("2019", "2020"), encoding="utf-8")
    ingest([tmp_path / "c.txt"], store, extractor=extractor)
    assert "c.txt" in sources(store).values()
    store.close()


def test_a_changed_file_replaces_its_graph_whichever_way_it_is_given(tmp_path, extractor):
    top = tmp_path / "reports"
    top.mkdir()
    (top / "a.txt").write_text(A, encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    ingest([top], store, extractor=extractor)
    (top / "a.txt").write_text(A.replace("Geneva", "Vienna"), encoding="utf-8")
    report = ingest([top / "a.txt"], store, extractor=extractor)  # the file itself this time
    assert (report.new, report.replaced) == (0, 1)
    assert list(sources(store).values()) == ["a.txt"] and store.stats()["documents"] == 1
    store.close()


def test_two_folders_of_one_name_never_replace_each_other(tmp_path, extractor):
    one, two = tmp_path / "x" / "corpus", tmp_path / "y" / "corpus"
    for folder, text in ((one, A), (two, B)):
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(text, encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    ingest([one], store, extractor=extractor)
    ingest([two], store, extractor=extractor)
    assert list(sources(store).values()) == ["corpus/a.txt", "corpus/a.txt"]  # shown alike, kept apart
    (one / "a.txt").write_text(A.replace("Geneva", "Vienna"), encoding="utf-8")
    report = ingest([one], store, extractor=extractor)
    assert report.replaced == 1 and store.stats()["documents"] == 2
    texts = {r["t"].value for r in store.query("SELECT ?t WHERE { ?d a dg:Document ; nif:isString ?t }")}
    assert texts == {A.replace("Geneva", "Vienna"), B}
    # removing one folder's file leaves the other's
    assert len(remove(store, str(two / "a.txt"))) == 1
    assert {r["t"].value for r in store.query("SELECT ?t WHERE { ?d a dg:Document ; nif:isString ?t }")} == \
        {A.replace("Geneva", "Vienna")}
    store.close()


def test_remove_by_folder_by_shown_name_and_by_jsonl_line(tmp_path, extractor):
    top = tmp_path / "reports"
    top.mkdir()
    (top / "a.txt").write_text(A, encoding="utf-8")
    (top / "b.txt").write_text(B, encoding="utf-8")
    lines = tmp_path / "feed.jsonl"
    lines.write_text(json.dumps({"id": "x1", "text": C}) + "\n" + json.dumps({"id": "x2", "text": A + B}) + "\n",
                     encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    ingest([top, lines], store, extractor=extractor)
    assert len(remove(store, "reports/a.txt")) == 1  # the name the graph shows
    assert len(remove(store, f"{lines}#x1")) == 1  # one line of a JSONL file
    assert len(remove(store, str(top))) == 1  # what is left of the folder
    assert list(sources(store).values()) == ["feed.jsonl#x2"]
    store.close()


def test_a_store_written_before_keys_still_finds_what_a_changed_file_replaces(tmp_path, extractor):
    top = tmp_path / "reports"
    top.mkdir()
    (top / "a.txt").write_text(A, encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    ingest([top], store, extractor=extractor, absolute_paths=True)
    assert list(sources(store).values()) == [str(top / "a.txt")]
    store.remove_quads(list(store.raw.quads_for_pattern(None, DG.sourceKey, None, None)))  # as older stores were
    (top / "a.txt").write_text(A.replace("Geneva", "Vienna"), encoding="utf-8")
    report = ingest([top], store, extractor=extractor)
    assert report.replaced == 1 and store.stats()["documents"] == 1
    assert list(sources(store).values()) == ["reports/a.txt"]
    store.close()


def test_the_cli_names_sources_relatively_unless_asked(tmp_path):
    top = tmp_path / "reports"
    top.mkdir()
    (top / "a.txt").write_text(A, encoding="utf-8")

    def shown(*options: str) -> set[str]:
        store_dir = tmp_path / ("store" + "".join(options))
        run = subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store_dir), "ingest", "-q", *options,
                              str(top)], capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 0, run.stderr
        out = subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store_dir), "query", "--format", "csv",
                              "-e", "SELECT ?s WHERE { ?d dg:sourcePath ?s }"], capture_output=True, text=True,
                             timeout=120, check=False)
        return set(out.stdout.split()[1:])

    assert shown() == {"reports/a.txt"}
    assert shown("--absolute-paths") == {str(top / "a.txt")}
