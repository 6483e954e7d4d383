"""Past posts the text tells as past: the "former" flag of a role (issue: posts read as current)."""

from __future__ import annotations

import pytest

from docgraph.model import SourceDocument


def role_of(ex, person: str):
    """The role of ``person`` (by full name or its last word): (title, organisation, former)."""
    name = {e.key: e.name for e in ex.entities}
    for r in ex.roles:
        if name[r.person] == person or name[r.person].split()[-1] == person.split()[-1]:
            return r.title, name.get(r.organization), r.former
    raise AssertionError(f"no role of {person}: {[(name[r.person], r.title) for r in ex.roles]}")


@pytest.mark.parametrize("text, person, former", [
    # 463057 of the 804: "former" before two titles joined by "and" is both's
    ("Iranian Foreign Ministry spokesman Saeed Khatibzadeh castigated Western officials including former U.S. "
     "secretary of state and CIA chief Mike Pompeo for their remarks.", "Mike Pompeo", True),
    # Tehran Times corpus
    ("The race pits Donald Trump against former South Carolina governor and UN ambassador Nikki Haley.",
     "Nikki Haley", True),
    # guards: the second title written otherwise than the first is the one held
    ("The federation declined to confirm if former national team player and USSF President Cindy Parlow Cone "
     "would attend.", "Cindy Parlow Cone", False),
    ("A few weeks before the polls, Pakistan’s former Prime Minister and PML-N chief Nawaz Sharif was jailed.",
     "Nawaz Sharif", False),
])
def test_former_of_joined_titles(extractor, text, person, former):
    ex = extractor.extract(SourceDocument(text=text, source="t.txt"))
    assert role_of(ex, person)[2] is former
