"""Extraction against the hand-made development gold (tests/gold/): the targets of the relations
issue (precision >= 0.95, recall >= 0.85 per kind: roles, works with dates, figures and quotations) hold,
and every annotation points at the text it was read from."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgraph.evaluate import KINDS, find_document, load_gold, score

GOLD = sorted((Path(__file__).parent / "gold").glob("*.yaml"))


def test_gold_files_point_at_their_text(corpus_dir):
    assert len(GOLD) >= 3
    for path in GOLD:
        gold = load_gold(path)
        text = find_document(gold, corpus_dir).text
        for section, key in (("roles", "person"), ("figures", "value"), ("quotations", "text"), ("works", "name")):
            for item in gold.get(section) or []:
                if "at" not in item or item.get("optional"):
                    continue
                window = text[item["at"]: item["at"] + 250].lower()
                probe = f"{int(item[key]):,}" if section == "figures" else str(item[key])
                if section == "figures" and probe not in window:  # "44", or as written: "22.2 million"
                    probe = str(item.get("text") or int(item[key]))
                assert probe.lower() in window, (path.name, section, item)


@pytest.fixture(scope="module")
def tallies(corpus_dir, extractor):
    return score(GOLD, corpus_dir, extractor)


@pytest.mark.parametrize("kind", KINDS)
def test_precision_and_recall_on_the_development_gold(tallies, kind):
    t = tallies[kind]
    assert t.gold > 0
    assert t.precision is not None and t.precision >= 0.95, (kind, t.wrong)
    assert t.recall >= 0.85, (kind, t.missed)
