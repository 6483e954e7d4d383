"""Entity resolution: aliases in parentheses, surnames, acronyms, the curated aliases file,
the same entity across documents, URIs stable in any order of ingest."""

from __future__ import annotations

from pathlib import Path

from docgraph.extract import Extractor
from docgraph.ingestion import ingest
from docgraph.model import SourceDocument
from docgraph.names import fold, slugify
from docgraph.resolve import resolve
from docgraph.store import open_store

BASE = "http://127.0.0.1:8000"
PMOI = f"{BASE}/id/organization/peoples-mojahedin-organization-of-iran"


def by_name(extraction, name):
    (entity,) = [e for e in extraction.entities if e.name == name]
    return entity


def test_parenthetical_aliases_make_one_node(seed_extraction):
    pmoi = by_name(seed_extraction, "People’s Mojahedin Organization of Iran")
    assert {"PMOI", "MEK", "MEK Iran"} <= set(pmoi.aliases)
    assert pmoi.uri == PMOI
    # no separate entity for any alias, and "Iran" inside "MEK Iran" is not a mention of Iran
    names = {e.name for e in seed_extraction.entities}
    assert not names & {"PMOI", "MEK", "MEK Iran"}
    iran = by_name(seed_extraction, "Iran")
    pmoi_spans = [(m.start, m.end) for m in pmoi.mentions]
    for m in iran.mentions:
        assert not any(a <= m.start and m.end <= b for a, b in pmoi_spans)


def test_acronym_defined_in_text(seed_extraction):
    ncri = by_name(seed_extraction, "National Council of Resistance of Iran")
    assert "NCRI" in ncri.aliases
    assert ncri.type == "Organization"


def test_surname_is_the_earlier_full_name(extractor):
    text = ("UN Secretary-General António Guterres visited Geneva on Monday.\n\n"
            "Guterres said the talks would resume. Later, Mr. Guterres met Amnesty International.")
    ex = resolve(extractor.extract(SourceDocument(text=text, source="t")), None, BASE)
    persons = [e for e in ex.entities if e.type == "Person"]
    assert [p.name for p in persons] == ["António Guterres"]
    assert len(persons[0].mentions) == 3
    assert persons[0].uri == f"{BASE}/id/person/antonio-guterres"


def test_same_entity_in_two_documents_is_one_node(sample_store):
    # The seed calls it PMOI; Tehran Times calls it MKO: the curated aliases file makes them one.
    rows = list(sample_store.query(
        "SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?doc schema:mentions ?e } GROUP BY ?e",
        substitutions={"e": __import__("pyoxigraph").NamedNode(PMOI)},
    ))
    assert int(rows[0]["n"].value) >= 2
    names = list(sample_store.query(
        "SELECT DISTINCT ?e ?a WHERE { ?e schema:alternateName ?a }",
        substitutions={"e": __import__("pyoxigraph").NamedNode(PMOI)},
    ))
    assert "MKO" in {r["a"].value for r in names}


def _entity_uris(store_dir: Path) -> set[str]:
    store = open_store(store_dir)
    uris = {r["e"].value for r in store.query("SELECT DISTINCT ?e WHERE { ?d schema:mentions ?e }")}
    store.close()
    return uris


def test_uris_do_not_depend_on_ingest_order(tmp_path, extractor):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Report\n\nUnited Nations Secretary-General António Guterres spoke in Geneva.\n", encoding="utf-8")
    b.write_text("Comment\n\nOn Monday, Guterres warned the Human Rights Council about Yemen.\n", encoding="utf-8")
    s1 = open_store(tmp_path / "ab", BASE)
    ingest([a], s1, extractor=extractor)
    ingest([b], s1, extractor=extractor)
    s1.close()
    s2 = open_store(tmp_path / "ba", BASE)
    ingest([b], s2, extractor=extractor)
    merged = ingest([a], s2, extractor=extractor)
    s2.close()
    assert merged.merged == {f"{BASE}/id/person/guterres": f"{BASE}/id/person/antonio-guterres"}
    assert _entity_uris(tmp_path / "ab") == _entity_uris(tmp_path / "ba")
    assert f"{BASE}/id/person/antonio-guterres" in _entity_uris(tmp_path / "ab")
    assert f"{BASE}/id/person/guterres" not in _entity_uris(tmp_path / "ab")


def test_curated_aliases_file_merges_and_splits(tmp_path):
    text = "Mujahedin-e Khalq members met in Paris.\n\nThe Iranian Resistance and Iran Human Rights Monitor spoke."
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(
        "merge:\n  - name: Iran Human Rights Monitor\n    type: Organization\n    aliases: [IHRM, Iranian Resistance]\n",
        encoding="utf-8",
    )
    default = resolve(Extractor().extract(SourceDocument(text=text, source="t")), None, BASE)
    assert PMOI in {e.uri for e in default.entities}  # the shipped file: Mujahedin-e Khalq is the PMOI
    custom = resolve(Extractor(aliases=aliases).extract(SourceDocument(text=text, source="t")), None, BASE)
    ihrm = [e for e in custom.entities if e.name == "Iran Human Rights Monitor"]
    assert len(ihrm) == 1 and "Iranian Resistance" in ihrm[0].aliases
    keep = tmp_path / "apart.yaml"
    keep.write_text("keep_apart:\n  - [António Guterres, Guterres]\n", encoding="utf-8")
    t2 = "António Guterres spoke in Geneva.\n\nOn Monday, Guterres warned the Human Rights Council about Yemen."
    apart = Extractor(aliases=keep).extract(SourceDocument(text=t2, source="t"))
    assert sorted(e.name for e in apart.entities if e.type == "Person") == ["António Guterres", "Guterres"]


def test_names_fold_and_slug():
    assert fold("The People’s Mojahedin") == fold("people's mojahedin")
    assert slugify("António Guterres") == "antonio-guterres"
    assert slugify("محمد").startswith("n-")
