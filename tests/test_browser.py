"""What a person sees: the query page and entity pages in headless Chromium (Debian's package,
driven by Playwright with the system binary). Screenshots land in docs/screenshots/ for the README."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# the README's screenshots are refreshed with DOCGRAPH_SCREENSHOTS=docs/screenshots; otherwise a
# test run leaves the checkout as it was
SHOTS = Path(os.environ.get("DOCGRAPH_SCREENSHOTS") or Path(__file__).resolve().parent.parent / ".pytest_cache" / "screenshots")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("no chromium: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # a 400 the page asked for on purpose (a malformed query) is not an error of the page
    pg.on("console", lambda msg: errors.append(msg.text)
          if msg.type == "error" and "status of 400" not in msg.text else None)
    yield pg
    context.close()
    assert errors == [], errors


def test_run_a_canned_query_and_follow_an_entity_link(site, page):
    page.goto(site["base"] + "/")
    assert page.title() == "Query · docgraph"
    form = page.locator('form.canned-query[data-name="people-roles"]')
    form.locator("button").click()
    table = page.locator("#results table.results")
    table.wait_for()
    assert "person" in page.locator("#results thead").inner_text()
    link = page.locator("#results a", has_text="person/robert-a-destro").first
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "query-page.png"))
    link.click()
    page.wait_for_url("**/page/person/robert-a-destro")
    assert page.locator("h1").inner_text() == "Robert A. Destro"
    assert "Assistant Secretary of State for Democracy, Human Rights, and Labor" in page.locator("ul.roles").inner_text()
    mark = page.locator(".evidence mark").first
    assert mark.inner_text() == "Robert A. Destro" and mark.is_visible()
    page.screenshot(path=str(SHOTS / "entity-page.png"), full_page=False)
    page.locator("a", has_text="US State Department").first.click()
    page.wait_for_url("**/page/organization/us-state-department")
    assert "People with roles here" in page.content()


def test_typed_sparql_and_errors_in_the_editor(site, page):
    page.goto(site["base"] + "/")
    page.fill("#query", 'SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name '
                        'FILTER(CONTAINS(?name, "Guterres")) } ORDER BY ?name')
    page.click("#run")
    page.locator("#results table").wait_for()
    assert "Guterres" in page.locator("#results tbody").inner_text()
    page.fill("#query", "SELECT ?x WHERE { ?x ?y }")
    page.click("#run")
    page.locator("#results .error").wait_for()
    assert page.locator("#results .error").inner_text().startswith("400")


def test_a_hostile_document_is_shown_as_text(site, page):
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.goto(site["base"] + "/page/person/anna-kowalski")
    doc_link = page.locator(".doc h3 a").first
    doc_link.click()
    page.wait_for_load_state()
    assert "<script>alert('pwned')</script>" in page.locator(".doctext").inner_text()
    assert fired == []


def test_links_in_query_results_work_on_another_port(sample_store_path, tmp_path, page):
    """The sample store was built for port 8000; served elsewhere, a result's entity link opens
    the page on this server (issue 16: every link pointed at the dead port)."""
    from conftest import copy_store
    from serving import free_port, start_server, stop_server

    port = free_port()
    proc = start_server(copy_store(sample_store_path, tmp_path / "store"), port)
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator('form.canned-query[data-name="people-roles"] button').click()
        link = page.locator("#results a", has_text="person/robert-a-destro").first
        link.wait_for()
        assert link.get_attribute("href") == "/page/person/robert-a-destro"
        link.click()
        page.wait_for_url(f"http://127.0.0.1:{port}/page/person/robert-a-destro")
        assert page.locator("h1").inner_text() == "Robert A. Destro"
    finally:
        stop_server(proc)
