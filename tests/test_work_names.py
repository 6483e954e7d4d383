"""Works whose name, or whose maker's name, the NER model cut or fused: a body's name with "and"
inside, a law's name with a hyphened run of names before its noun, a law's name run into the next
work's, a law's part or a heading, a report typed a law, a maker whose name took a title's word —
on real sentences of the Tehran Times corpora."""

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


S62 = ("A signatory to international human rights conventions and treaties galore, the Islamic Republic of Iran – "
       "in order to fulfill commitment thereof – has submitted the following periodic reports to treaty institutions "
       "over the past 18 months including the Preliminary Report on the Implementation of the Protocol to the "
       "Convention on the Rights of the Child on the Sale of Children, Child Prostitution and Child Pornography, "
       "Fourth Periodic Report on the Implementation of Obligations Under the International Covenant on Civil and "
       "Political Rights, The Fourteenth Periodic Report on the Implementation of Obligations Under the Convention "
       "on the Elimination of All Forms of Racial Discrimination, Finalizing the Fifth and Sixth Reports on the "
       "Implementation of Obligations Under the Convention on the Rights of the Child and the Preparing the Second, "
       "Third and Fourth Combined Reports on the Implementation of Obligations Under the Convention on the Rights "
       "of Persons with Disabilities.")


@pytest.mark.parametrize("text, work", [
    # before a year: two works (804-article corpus, 463477)
    ("The 1973 International Convention on the Suppression and Punishment of the Crime of Apartheid and the 1998 "
     "Rome Statute for the International Criminal Court (ICC) define apartheid as a crime against humanity.",
     "International Convention on the Suppression and Punishment of the Crime of Apartheid"),
    # (tehran-times.jsonl.gz)
    ('Accordingly, normative development in international law will not occur except by consensus on all subjects of the international community, whose governing formalities stem from the Charter of the United Nations and the 1969 Vienna Convention on the Law of Treaties.',
     "Charter of the United Nations"),
    # a law's part after a comma (804-article corpus, 473656)
    ('Not only is that in conflict with the principles set forth in the UN Charter, but it also amounts to the flagrant violation of the right to liberty and security stipulated in Article 3 of the Universal Declaration of Human Rights, Article 9 (1) of the International Covenant on Civil and Political Rights as well as Article 5 of European Convention on Human Rights.',
     "Universal Declaration of Human Rights"),
    ('Such discriminatory behaviors violate Article 7 of the Universal Declaration of Human Rights, Articles 10 and 26 of the International Covenant on Civil and Political Rights and Article 14 of the European Convention on Human Rights.',
     "Universal Declaration of Human Rights"),
    ('Such discriminatory behaviors violate Article 7 of the Universal Declaration of Human Rights, Articles 10 and 26 of the International Covenant on Civil and Political Rights and Article 14 of the European Convention on Human Rights.',
     "International Covenant on Civil and Political Rights"),
    # a heading run into the sentence after it (804-article corpus, 430002; the second tehran-times.jsonl.gz)
    ('Convention on the Rights of the Child The United Nations Convention on the Rights of the Child (commonly abbreviated as the CRC or UNCRC) is a human rights treaty which sets out the civil, political, economic, social, health and cultural ri',
     "United Nations Convention on the Rights of the Child"),
    ('Parties and signatories to Paris Agreement The Paris Agreement was open for signature by states and regional economic integration organizations that are parties to the UNFCCC (the Convention) from Apr',
     "Paris Agreement"),
    # a list of reports (804-article corpus, 473919)
    (S62, "Fourth Periodic Report on the Implementation of Obligations Under the International Covenant on Civil and "
          "Political Rights"),
    (S62, "Fourteenth Periodic Report on the Implementation of Obligations Under the Convention on the Elimination of "
          "All Forms of Racial Discrimination"),
    (S62, "Preliminary Report on the Implementation of the Protocol to the Convention on the Rights of the Child on "
          "the Sale of Children, Child Prostitution and Child Pornography"),
])
def test_a_name_stops_before_the_next_work_part_or_heading(extractor, text, work):
    assert work in entity_names(extractor, text, "Work")


@pytest.mark.parametrize("text, work", [
    (S62, "Fourth Periodic Report on the Implementation of Obligations Under the International Covenant on Civil and "
          "Political Rights"),  # (804-article corpus, 473919)
    (S62, "Third and Fourth Combined Reports on the Implementation of Obligations Under the Convention on the Rights "
          "of Persons with Disabilities"),
    # (tehran-times.jsonl.gz)
    ("Biodiversity in Iran According to Iran’s Fifth National Report to the Convention on Biological Diversity, "
     "the country has 8,000 plant species.", "Fifth National Report to the Convention on Biological Diversity"),
])
def test_a_name_headed_by_report_is_a_report(extractor, text, work):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    assert {e.name: e.subtype for e in ex.entities if e.type == "Work"}[work] == "Report"


def test_a_law_named_with_a_report_inside_stays_a_law(extractor):
    # (a guard) the head is "Act"
    ex = extractor.extract(SourceDocument(text="The Iran Nuclear Agreement Review Act was passed in 2015.", source="t.txt"))
    assert [(e.name, e.subtype) for e in ex.entities if e.type == "Work"] == [("Iran Nuclear Agreement Review Act", "Legislation")]


@pytest.mark.parametrize("text, person", [
    # the maker of a statement (804-article corpus, 424625)
    ("Later, and following the US President’s decision to withdraw from the accord, now Secretary of State Pompeo "
     "in his statement on May 21 emphatically stated that “Iran has violated its commitments.”", "Pompeo"),
    # (tehran-times.jsonl.gz)
    ('”\xa0 Secretary of State Pompeo has said “NATO is more indispensable than ever.', "Pompeo"),
    ('Secretary of State Tillerson, when he either gets fired or resigns.', "Tillerson"),
    ('Hours after Trump’s remarks contrary to his remarks, Secretary of State Pompeo outlined a series of preconditions.', "Pompeo"),
])
def test_a_title_word_is_no_word_of_a_one_word_name(extractor, text, person):
    names = entity_names(extractor, text, "Person")
    assert person in names and not any(n.startswith("State ") for n in names)


def test_a_portfolio_of_two_words_is_no_name(extractor):
    # (a guard; 804-article corpus, 472117) "Minister of Development Cooperation"
    text = ("Against this background, the experts welcomed the statement issued on March 23, 2022 by the Belgian "
            "Minister of Development Cooperation, Meryame Kitir, who stated, “My administration has conducted an "
            "internal investigation into the allegations.”")
    assert "Cooperation" not in entity_names(extractor, text, "Person")
