"""Works whose name, or whose maker's name, the NER model cut or fused: a body's name with "and"
inside, … — on real sentences of the Tehran Times corpora."""

from __future__ import annotations

import pytest

from docgraph.model import SourceDocument


def entity_names(extractor, text, type_):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    return [e.name for e in ex.entities if e.type == type_]


@pytest.mark.parametrize("text, body", [
    # the maker of a statement (804-article corpus, 460246 and 408876)
    ("“Israeli occupation forces launched a new missile aggression,” Syria’s Foreign and Expatriates Ministry "
     "said in a statement.", "Foreign and Expatriates Ministry"),
    ("In a statement carried by Syria's official news agency, SANA, the Syrian Foreign and Expatriates Ministry "
     "said that Damascus would “exert every effort to liberate” the citizens.", "Foreign and Expatriates Ministry"),
    # (tehran-times.jsonl.gz)
    ("In a meeting with Shamshad Akhtar, the Executive Secretary for UN Economic and Social Commission for Asia "
     "and the Pacific (ESCAP), Ebtekar regretted that regional conflicts in the Middle East has created problems.",
     "Economic and Social Commission"),
    ("“I considered this view as the main achievement of Iran’s Cultural Heritage, Tourism and Handicraft "
     "Organization during past two years,” he announced.", "Tourism and Handicraft Organization"),
    # the model's span whole already (a guard)
    ("The Industry, Mining and Trade Ministry said on Monday that exports rose.", "Industry, Mining and Trade Ministry"),
])
def test_a_body_named_with_and_inside(extractor, text, body):
    assert body in entity_names(extractor, text, "Organization")


def test_a_name_before_and_is_not_a_portfolio(extractor):
    # (a guard) "Rouhani and Foreign Ministry spokesman …": two, not one body
    names = entity_names(extractor, "Rouhani and Foreign Ministry spokesman Saeed Khatibzadeh said in a statement "
                         "that Iran is ready.", "Organization")
    assert "Foreign Ministry" in names and not any(" and " in n for n in names)
