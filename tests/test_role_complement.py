"""Titles after a name whose complement ("in …", "of …") or whose body was cut: the field a
scholar's title names before the body after "at", …"""

from __future__ import annotations

import pytest

from docgraph.model import SourceDocument
from role_rows import roles_of


@pytest.mark.parametrize("text, person, title, organisation", [
    # 446005 of the 804
    ("Tian Feilong, a research fellow in the Middle Eastern studies at the China Institute of Contemporary "
     "International Relations in Beijing, told the Global Times.",
     "Tian Feilong", "research fellow in the Middle Eastern studies",
     "China Institute of Contemporary International Relations"),
    # Tehran Times corpus
    ("Tim Anderson, a senior lecturer in political economy at the University of Sydney, believes that the war "
     "on Syria was intended to weaken and divide independent countries in the region.",
     "Tim Anderson", "senior lecturer in political economy", "University of Sydney"),
    ("“This is particularly visible in the importation of drugs and medical equipment,” said Tuomo Melasuo, "
     "a professor in political history at the University of Turku, in an interview with ILNA published on Monday.",
     "Tuomo Melasuo", "professor in political history", "University of Turku"),
    ("In a commentary on CNN on April 9, Jonathan Cristol, a research fellow in the Levermore Global Scholars "
     "Program at Adelphi University, wrote that the designation will do little.",
     "Jonathan Cristol", "research fellow in the Levermore Global Scholars Program", "Adelphi University"),
    # (a guard) "in" a place, no field: the body after "at" is not read over it
    ("Nader Hashemi, a professor in Beijing at the University of Denver, said the talks would go on.",
     "Nader Hashemi", "professor", None),
    # (a guard) an analyst's "in an interview" names no field
    ("Ali Vaez, a senior analyst in an interview at Crisis Group, said the talks would go on.",
     "Ali Vaez", "senior analyst", None),
])
def test_a_field_after_in_then_the_body_after_at(extractor, text, person, title, organisation):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    assert roles_of(ex)[person] == (title, organisation)


@pytest.mark.parametrize("text, person, title, organisation", [
    # 479377 of the 804
    ("Nadhim Zahawi, the chairman of the governing Conservative Party, has said that the UK government is "
     "considering deploying the army.",
     "Nadhim Zahawi", "Chairman", "Conservative Party"),
    # Tehran Times corpus
    ("His sentiment was shared by Devlet Bahceli, the leader of the far-right Nationalist Action Party.",
     "Devlet Bahceli", "Leader", "Nationalist Action Party"),
    ("Nupur Sharma, the spokesperson for the ruling Bharatiya Janata Party (BJP), made harsh remarks during a "
     "recent TV news debate.",
     "Nupur Sharma", "Spokesperson", "Bharatiya Janata Party"),
    ("Jeremy Corbyn, leader of the opposition Labour Party, is widely expected to table a vote of no confidence.",
     "Jeremy Corbyn", "Leader", "Labour Party"),
    # (a guard) the name the NER cut ("Republican| People’s Party") is not taken for the body
    ("In a rare example of support for the government, Kemal Kilicdaroglu, the leader of the main opposition "
     "Republican People’s Party, said that while everyone could vote.",
     "Kemal Kilicdaroglu", "Leader of the main opposition", None),
])
def test_a_body_after_where_it_stands(extractor, text, person, title, organisation):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    assert roles_of(ex)[person] == (title, organisation)


@pytest.mark.parametrize("text, person, title, organisation", [
    # 431328 of the 804
    ("Hu Xijin, chief editor of Chinese daily Beijing Times, said China is an economic and a nuclear power.",
     "Hu Xijin", "chief editor", "Beijing Times"),
    # Tehran Times corpus
    ("Meanwhile, Ismail Haniyeh, leader of the Palestinian resistance movement Hamas, said the U.S. role is "
     "on the decline.",
     "Ismail Haniyeh", "Leader", "Hamas"),
    ("Sayed Ikram Afzali, executive director of Afghan advocacy group Integrity Watch, was quoted saying by "
     "AFP recently.",
     "Ikram Afzali", "Executive director", "Integrity Watch"),
    # (a guard) a title's noun before the name: the name is its holder's, no body of the post
    ("John Smith, an adviser of the Iranian foreign minister Hossein Amir Abdollahian, said the talks would go on.",
     "John Smith", "adviser of the Iranian foreign minister Hossein Amir Abdollahian", None),
])
def test_a_body_after_its_kind(extractor, text, person, title, organisation):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    assert roles_of(ex)[person] == (title, organisation)


@pytest.mark.parametrize("text, person, title, organisation", [
    # 69651 of the 804
    ("Kate Gilmore, chief executive of the human rights group's international secretariat, warned that the "
     "challenges were now more complex.",
     "Kate Gilmore", "Chief executive of the human rights group's international secretariat", None),
    # Tehran Times corpus
    ("Abbas Golrou, chairman of the parliament’s foreign relations committee, told IRNA.",
     "Abbas Golrou", "Chairman of the parliament’s foreign relations committee", None),
    ("IRNA quoted Saeid Hashemzadeh, the head of the ministry’s medical tourism department, as saying on Saturday.",
     "Saeid Hashemzadeh", "Head of the ministry’s medical tourism department", None),
    # the body "the ministry" stands for, named before (_body_said_before), stays the organisation
    ("Iran's Health Ministry has licensed 22 companies. Saeid Hashemzadeh, the head of the ministry’s medical "
     "tourism department, said the number would grow.",
     "Saeid Hashemzadeh", "Head of the ministry’s medical tourism department", "Health Ministry"),
    # (a guard) the title ends with the part of the body, not in the rank of the name after it
    ("Earlier this year, a Taliban delegation led by deputy head of the group’s political bureau Mullah Abdul "
     "Ghani Baradar visited Tehran.",
     "Abdul Ghani Baradar", None, None),
])
def test_a_part_of_a_body_named_in_lower_case(extractor, text, person, title, organisation):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    found = roles_of(ex)
    if title is None:
        assert person not in found and person.split()[-1] not in found
    else:
        assert found[person] == (title, organisation)
