"""HTTP content negotiation (RFC 9110 §12.5.1): pick what to send from an Accept header.

q-values are honoured, a more specific range (``text/csv``) overrides a wider one (``text/*``,
``*/*``) for the types it matches, ``q=0`` excludes, and ties go to the server's order.
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
    best_spec, best_q = -1, 0.0
    for r in ranges:
        spec = r.matches(media_type)
        if spec > best_spec or (spec == best_spec and spec >= 0 and r.q > best_q):
            best_spec, best_q = spec, r.q
    return best_q if best_spec >= 0 else 0.0


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (first offered wins a tie), or None (406)."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for media_type in offered:
        q = quality(media_type, ranges)
        if q > best_q:
            best, best_q = media_type, q
    return best
