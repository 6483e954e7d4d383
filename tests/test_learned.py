"""The learned link scorer (relations/learned.py): its model file loads without scikit-learn, it
finds the kinds of link it was trained for in sentences written here, and its links say so."""

from __future__ import annotations

from docgraph.model import SourceDocument
from docgraph.relations.learned import model


def found(extractor, text):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    name = {e.key: e.name for e in ex.entities}
    return {(name[r.subject], r.predicate, name[r.obj], r.basis) for r in ex.relations if r.obj}


def test_the_model_ships_with_thresholds_for_each_link():
    m = model()
    assert m is not None and set(m.thresholds) == {"affiliation", "location", "locatedIn", "homeLocation", "killed"}
    assert "none" in m.labels and len(m.weights) > 1000


def test_residence_and_birthplace(extractor):
    links = found(extractor, "Marie Ferraro, 54, of Bethany, Conn., was named to the board.")
    assert any(s == "Marie Ferraro" and p == "homeLocation" and o == "Bethany" for s, p, o, _ in links), links
    links = found(extractor, "Babe Ruth was born in Baltimore in 1895.")
    assert ("Babe Ruth", "homeLocation", "Baltimore", "model") in links, links


def test_killings_told_the_ways_the_rules_miss(extractor):
    links = found(extractor, "Mark David Chapman gunned down John Lennon outside the Dakota in 1980.")
    assert any(s == "Mark David Chapman" and p == "killed" and o == "John Lennon" for s, p, o, _ in links), links


def test_a_country_list_gets_no_learned_containment(extractor):
    links = found(extractor, "Delegates from Portugal, Greece and Finland met in Brussels on Monday.")
    assert not any(p == "locatedIn" and s in ("Portugal", "Greece", "Finland") for s, p, o, _ in links), links
