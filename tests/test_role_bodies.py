"""Roles whose title or organisation names a body: a part of a body after its possessive, a
body's name cut, the body a description stands for (issue 13's draws)."""

from __future__ import annotations

import pytest

from docgraph.model import SourceDocument


def roles_of(ex):
    name = {e.key: e.name for e in ex.entities}
    return {name[r.person]: (r.title, name.get(r.organization)) for r in ex.roles}


@pytest.mark.parametrize("text, person, title, organisation", [
    # the draw's 413774: the Guard's division, not the Guard, is what he heads
    ("“The first ground-to-ground ballistic missile to be unveiled in the future will be named "
     "‘Dezful’,” Fars news agency quoted Amirali Hajizadeh, head of the Guard’s airspace division, as saying.",
     "Amirali Hajizadeh", "Head of the Guard’s airspace division", "Guard"),
    # the draw's 422097: the part after "at the EU's"
    ("Denis Chaibi, head of the Iranian taskforce at the EU’s external action service, has said that if "
     "the United States withdraws from a nuclear deal with Iran, the EU may reinstate former regulations.",
     "Denis Chaibi", "Head of the Iranian taskforce at the EU’s external action service", "EU"),
    # 445615 of the 804
    ("Kianoush Jahanpour, head of the Iranian Health Ministry’s public relations department, announced on "
     "Friday that the death toll rose.",
     "Kianoush Jahanpour", "Head of the Iranian Health Ministry’s public relations department", "Iranian Health Ministry"),
    # Tehran Times corpus
    ("Asghar Ahmadi, the head of the Interior Ministry’s state elections committee, said the vote would be held.",
     "Asghar Ahmadi", "Head of the Interior Ministry’s state elections committee", "Interior Ministry"),
    ("Ismail Haniyeh, head of the Hamas Islamic Resistance Movement's political bureau, elaborated on current events.",
     "Ismail Haniyeh", "Head of the Hamas Islamic Resistance Movement's political bureau", "Hamas"),
    # (a guard) a body's possessive and a post, no part of the body between
    ("Iran's foreign minister Hossein Amir Abdollahian said the talks would go on.",
     "Hossein Amir Abdollahian", "Iran's foreign minister", None),
])
def test_a_part_of_a_body_is_a_word_of_the_title(extractor, text, person, title, organisation):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    assert roles_of(ex)[person] == (title, organisation)
