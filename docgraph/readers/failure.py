"""What a reader gives back when a file or line cannot be read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadFailure:
    """A file or line that could not be read, and why (one line, for a person)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class Unreadable(Exception):
    """Raised inside a reader with the one-line reason; the folder walk turns it into a
    ``ReadFailure`` and goes on with the next file."""
