"""The roles an extraction found, read by person, for the roles tests (test_role_*.py)."""

from __future__ import annotations


def roles_of(ex) -> ByLastName:
    """Title and organisation by person; a person also by the last word of the name (the NER
    model may take only the family name)."""
    name = {e.key: e.name for e in ex.entities}
    found = ByLastName()
    for r in ex.roles:
        found[name[r.person]] = found[name[r.person].split()[-1]] = (r.title, name.get(r.organization))
    return found


class ByLastName(dict):
    """A person's row by the full name or, failing that, by its last word."""

    def __getitem__(self, person):
        return super().get(person) or super().__getitem__(person.split()[-1])

    def get(self, person, default=None):
        try:
            return self[person]
        except KeyError:
            return default
