"""The browser code docgraph serve ships (docgraph/static/query.js, graph.js, search.js,
query.css) is what web/ builds from its package-lock: rebuilt here and compared byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parent.parent / "web"


def test_shipped_bundles_are_what_the_lock_builds():
    if not (WEB / "node_modules" / "esbuild").exists():
        if os.environ.get("CI"):
            pytest.fail("web/node_modules is missing: the README's test command runs npm ci --prefix web")
        pytest.skip("npm ci --prefix web first")
    node = shutil.which("node")
    assert node, "node is needed to build web/"
    done = subprocess.run([node, "build.mjs", "--check"], cwd=WEB, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is what web/ builds" in done.stdout


def test_no_bundle_reaches_another_site():
    """The pages' CSP allows this server only: no bundle loads code, fonts or styles from a CDN
    (what YASGUI would fetch from other sites, docgraph's page replaces: tests/test_browser.py
    fails on any request the CSP refuses)."""
    static = WEB.parent / "docgraph" / "static"
    for name in ("query.js", "graph.js", "search.js"):
        text = (static / name).read_text(encoding="utf-8")
        for host in ("cdn.jsdelivr", "unpkg.com", "cdnjs.", "googleapis.com", "fonts.g"):
            assert host not in text, f"{name} names {host}"
