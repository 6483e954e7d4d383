"""The curated aliases file (``ingest/aliases.yaml``): merges and splits made by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DocgraphError
from .model import ENTITY_TYPES
from .names import fold
from .resources import resource


@dataclass
class CuratedEntity:
    name: str
    type: str | None
    aliases: list[str] = field(default_factory=list)


@dataclass
class AliasRules:
    entries: list[CuratedEntity] = field(default_factory=list)
    apart_pairs: set[frozenset[str]] = field(default_factory=set)
    _by_name: dict[str, CuratedEntity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for n in [entry.name, *entry.aliases]:
                self._by_name.setdefault(fold(n), entry)

    def canonical(self, name: str) -> str | None:
        """The curated canonical name for ``name``, or None when the file says nothing."""
        entry = self._by_name.get(fold(name))
        return entry.name if entry else None

    def same(self, a: str, b: str) -> bool:
        """True when the file gives ``a`` and ``b`` as names of one entity."""
        entry = self._by_name.get(fold(a))
        return entry is not None and entry is self._by_name.get(fold(b))

    def entry(self, folded: str) -> CuratedEntity | None:
        return self._by_name.get(folded)

    def apart(self, a: str, b: str) -> bool:
        """True when the file says the two names must stay different entities."""
        return frozenset((fold(a), fold(b))) in self.apart_pairs


def load(path: Path | None = None) -> AliasRules:
    path = path or resource("ingest", "aliases.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DocgraphError(f"{path}: cannot read the aliases file ({exc})") from exc
    entries = []
    for n, item in enumerate(data.get("merge") or [], 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DocgraphError(f"{path}: merge entry {n} needs a 'name'")
        etype = item.get("type")
        if etype is not None and etype not in ENTITY_TYPES:
            raise DocgraphError(f"{path}: merge entry {n}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
        entries.append(CuratedEntity(item["name"], etype, [str(a) for a in item.get("aliases") or []]))
    pairs = set()
    for n, pair in enumerate(data.get("keep_apart") or [], 1):
        if not isinstance(pair, list) or len(pair) != 2:
            raise DocgraphError(f"{path}: keep_apart entry {n} must be a pair of names")
        pairs.add(frozenset((fold(str(pair[0])), fold(str(pair[1])))))
    return AliasRules(entries, pairs)
