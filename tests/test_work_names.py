"""Works whose name, or whose maker's name, the NER model cut or fused: a body's name with "and"
inside, a law's name
with a hyphened run of names before its noun, … — on real sentences of the Tehran Times corpora."""

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


@pytest.mark.parametrize("text, work", [
    # (804-article corpus, 430080)
    ("This year, all eyes will be on a high-stakes meeting and the potential signing of the "
     "U.S.-Mexico-Canada Agreement (USMCA).", "U.S.-Mexico-Canada Agreement"),
    # (tehran-times.jsonl.gz)
    ("Mohsen Mohebbi, Iran’s lawyer at The Hague told the court that the new sanctions violated the 1955 "
     "U.S.-Iranian Treaty of Amity, Economic Relations and Consular Rights.",
     "U.S.-Iranian Treaty of Amity, Economic Relations and Consular Rights"),
    ("In Jerusalem, President Biden signed a document called “The Jerusalem U.S.-Israel Strategic Partnership "
     "Joint Declaration,” which makes two references to Iran.", "Jerusalem U.S.-Israel Strategic Partnership Joint Declaration"),
    ("Washington signed the U.S.-Taliban Agreement in Doha in February 2020.", "U.S.-Taliban Agreement"),
    # (a guard) hyphens the model's tokens split already
    ("Washington withdrew from the Intermediate-Range Nuclear Forces Treaty in 2019.",
     "Intermediate-Range Nuclear Forces Treaty"),
])
def test_a_hyphened_run_of_names_before_a_laws_noun(extractor, text, work):
    assert work in entity_names(extractor, text, "Work")
