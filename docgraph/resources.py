"""Where the editable data lives: ontology/, ingest/ and queries/ at the top of the project.

They are data a researcher may edit, so they stay plain files beside the package (an editable
install reads them in place); a wheel carries a copy under ``docgraph/_data``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder ``name`` (``ontology``, ``ingest`` or ``queries``)."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"docgraph data folder {name!r} not found beside {_PACKAGE}")


def resource(name: str, *parts: str) -> Path:
    return resource_dir(name).joinpath(*parts)
