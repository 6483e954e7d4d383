"""HTTP content negotiation (RFC 9110 §12.5.1): pick what to send from an Accept header.

q-values are honoured, a more specific range (``text/csv``) overrides a wider one (``text/*``,
``*/*``) for the types it matches, ``q=0`` excludes; at equal q a type the client names beats
one it reaches by a wildcard, then the server's order decides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

    def matches(self, media_type: str) -> int:
        """-1 if this range does not cover ``media_type``, else its specificity (0, 1, 2)."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Media ranges of an Accept header; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for part in header.split(","):
        part = part.strip()
        if not part:
            continue
        fields = [f.strip() for f in part.split(";")]
        mtype, _, subtype = fields[0].lower().partition("/")
        if not mtype or not subtype:
            continue  # malformed range: ignore it, as browsers and servers do
        q = 1.0
        params: list[tuple[str, str]] = []
        for f in fields[1:]:
            name, _, value = f.partition("=")
            name = name.strip().lower()
            if name == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif name:
                params.append((name, value.strip().strip('"')))
        ranges.append(MediaRange(mtype, subtype, q, tuple(params)))
    return ranges


def quality(media_type: str, ranges: list[MediaRange]) -> float:
    """The q the client gives ``media_type``: that of the most specific range covering it."""
    return _rank(media_type, ranges)[0]


def _rank(media_type: str, ranges: list[MediaRange]) -> tuple[float, int]:
    """(q, specificity of the range that gave it); (0, -1) when no range covers the type."""
    best_spec, best_q = -1, 0.0
    for r in ranges:
        spec = r.matches(media_type)
        if spec > best_spec or (spec == best_spec and spec >= 0 and r.q > best_q):
            best_spec, best_q = spec, r.q
    return (best_q, best_spec) if best_spec >= 0 else (0.0, -1)


# media types clients send for a representation we serve under its registered name
ALIASES = {"text/n3": "text/turtle", "application/x-turtle": "text/turtle", "text/plain": "application/n-triples"}


def choose(header: str | None, offered: list[str], *, aliases: dict[str, str] | None = None) -> str | None:
    """The offered media type the client prefers, or None (406). At equal q a type the client
    names beats one it only reaches by a wildcard (``text/turtle, */*`` gets Turtle, not the
    server's first choice), then the server's order decides. ``aliases`` (e.g. ``text/n3`` ->
    ``text/turtle``) count for the offered type they stand for."""
    ranges = parse_accept(header)
    best, best_rank = None, (0.0, -1)
    candidates = [(m, m) for m in offered]
    candidates += [(alias, target) for alias, target in (aliases or {}).items() if target in offered]
    for named, media_type in candidates:
        rank = _rank(named, ranges)
        if rank[0] > 0 and rank > best_rank:
            best, best_rank = media_type, rank
    return best
