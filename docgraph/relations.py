"""Relations, roles, figures, attributions and quotations (issue 3) — being written."""

from __future__ import annotations


def extract_relations(doc, ex) -> None:
    return None
