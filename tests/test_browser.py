"""What a person sees: search, entity, document and query pages in headless Chromium (Debian's package,
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


ROOT = Path(__file__).resolve().parent.parent
BACHELET = ROOT / "examples" / "bachelet" / "tehran-times-bachelet.jsonl"


@pytest.fixture(scope="module")
def bachelet_site(sample_store_path, tmp_path_factory):
    """The sample store with eleven Tehran Times articles about Michelle Bachelet added
    (examples/bachelet/), served by `docgraph serve` on a free port."""
    import subprocess
    import sys

    from conftest import copy_store
    from serving import free_port, start_server, stop_server

    store = copy_store(sample_store_path, tmp_path_factory.mktemp("bachelet") / "store")
    done = subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store), "ingest", "-q", str(BACHELET)],
                          check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    port = free_port()
    proc = start_server(store, port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


def test_search_bachelet_read_her_roles_and_walk_the_graph(bachelet_site, page):
    """Issue 17: search for "bachelet", open her page, see her roles grouped with counts, open the
    graph and click through to a neighbour."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(bachelet_site + "/")
    box = page.locator("header form.search input[name=q]")
    box.fill("bachel")  # suggestions as she is typed
    suggestion = page.locator("header ul.suggest a", has_text="Michelle Bachelet").first
    suggestion.wait_for()
    assert "person" in suggestion.inner_text()
    page.screenshot(path=str(SHOTS / "search.png"))
    box.fill("bachelet")
    box.press("Enter")  # the search page: people first by documents, facets by type
    page.wait_for_url("**/search?q=bachelet")
    first = page.locator("ol.hits li").first
    assert first.locator("a").inner_text() == "Michelle Bachelet"
    facets = page.locator("nav.facets").inner_text()
    assert "People" in facets and "Works" in facets
    first.locator("a").click()
    page.wait_for_url("**/page/person/michelle-bachelet")
    assert page.locator("h1").inner_text() == "Michelle Bachelet"
    role = page.locator("table.roles tbody tr", has_text="High Commissioner for Human Rights").first
    assert role.locator("td").nth(1).inner_text() == "United Nations"
    sources = int(role.locator(".count").inner_text().split()[0])
    assert sources >= 3  # one row for every document that names her so, not one per sentence
    rows = page.locator("table.roles tbody tr").all_inner_texts()
    assert len(rows) == len({r.split("\t")[0] + r.split("\t")[1] for r in rows})  # each (title, organisation) once
    role.locator("details.evidence summary").click()  # the sentences behind the count
    assert role.locator("details.evidence li").count() >= 3
    page.screenshot(path=str(SHOTS / "entity-page.png"))
    # the graph: open it, find a neighbour drawn on the canvas, click it
    page.locator("details.graph > summary").click()
    page.locator("details.graph[data-ready]").wait_for()
    target = BASE_UN = None
    for node in page.evaluate("window.docgraphGraph.nodes().map(n => ({id: n.id(), label: n.data('label')}))"):
        if node["label"] == "United Nations":
            target = node["id"]
    assert target, "United Nations is not drawn around her"
    canvas = page.locator("details.graph .graph-canvas")
    canvas.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "graph.png"))
    where = canvas.bounding_box()
    at = page.evaluate("id => window.docgraphGraph.getElementById(id).renderedPosition()", target)
    page.mouse.click(where["x"] + at["x"], where["y"] + at["y"])
    page.wait_for_url("**/page/organization/united-nations")
    assert page.locator("h1").inner_text() == "United Nations"
    assert BASE_UN is None


def test_pages_work_without_javascript(bachelet_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(bachelet_site + "/")
        page.locator("header form.search input[name=q]").fill("bachelet")
        page.locator("header form.search button").click()
        page.wait_for_url("**/search?q=bachelet")
        page.locator("ol.hits a", has_text="Michelle Bachelet").first.click()
        page.wait_for_url("**/page/person/michelle-bachelet")
        assert "High Commissioner for Human Rights" in page.locator("table.roles").inner_text()
        page.locator("details.graph > summary").click()  # without the drawing: the names, linked
        page.locator("details.graph ul.around a", has_text="United Nations").first.click()
        page.wait_for_url("**/page/organization/united-nations")
        page.goto(bachelet_site + "/browse/person")
        assert page.locator("table.browse tbody tr").count() > 10
    finally:
        context.close()


def test_a_document_page_shows_what_was_extracted(bachelet_site, page):
    page.goto(bachelet_site + "/page/person/michelle-bachelet")
    page.locator(".doc h3 a").first.click()
    page.wait_for_url("**/page/document/*")
    assert page.locator(".doctext a.mention", has_text="Bachelet").count() >= 1
    extracted = page.locator("aside.extracted").inner_text()
    assert "Mentions" in extracted and ("Quotations" in extracted or "Roles" in extracted)
    page.screenshot(path=str(SHOTS / "document-page.png"))


def test_run_a_canned_query_as_a_table_and_follow_an_entity_link(site, page):
    page.goto(site["base"] + "/query")
    assert page.title() == "Query · docgraph"
    form = page.locator('form.canned-query[data-name="people-roles"]')
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/queries/people-roles*")
    table = page.locator("table.results")
    assert "person" in table.locator("thead").inner_text()
    assert page.locator("p.formats a", has_text="CSV").get_attribute("href").endswith("format=csv")
    page.locator("table.results thead a", has_text="title").click()  # sorted by the server, whole result
    page.wait_for_url("**_sort=title*")
    titles = page.locator("table.results tbody tr td:nth-child(3)").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold) and len(titles) > 10
    page.screenshot(path=str(SHOTS / "results-table.png"))
    page.goto(site["base"] + "/queries/people-roles?who=destro")
    link = page.locator("table.results a", has_text="person/robert-a-destro").first
    link.click()
    page.wait_for_url("**/page/person/robert-a-destro")
    assert page.locator("h1").inner_text() == "Robert A. Destro"
    assert "Assistant Secretary of State for Democracy, Human Rights, and Labor" in page.locator("table.roles").inner_text()
    mark = page.locator(".evidence mark").first
    assert mark.inner_text() == "Robert A. Destro" and mark.is_visible()
    page.locator("table.roles a", has_text="US State Department").first.click()
    page.wait_for_url("**/page/organization/us-state-department")
    assert "People with roles here" in page.content()


def test_typed_sparql_and_errors_in_the_editor(site, page):
    page.goto(site["base"] + "/query")
    page.locator("#yasgui .CodeMirror").wait_for()
    page.evaluate("q => { window.docgraphYasgui.getTab().setQuery(q); }",
                  'SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name '
                  'FILTER(CONTAINS(?name, "Guterres")) } ORDER BY ?name')
    page.locator("#yasgui .yasqe_queryButton").click()
    results = page.locator("#yasgui .yasr_results table")
    results.wait_for()
    assert "Guterres" in results.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "query-page.png"))
    # completion of prefixes from docgraph's vocabulary, never from another site
    page.evaluate("q => { window.docgraphYasgui.getTab().setQuery(q); }", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    # "open in editor" runs the query: its answer comes before the next query is sent (a query
    # sent while one runs aborts the running one)
    with page.expect_response(lambda r: r.url.endswith("/sparql"), timeout=60_000):
        page.locator('form.canned-query[data-name="people-roles"] button.edit').click()
    page.wait_for_function("() => window.docgraphYasgui.getTab().getQuery().includes('dg:roleHolder')")
    page.evaluate("q => { window.docgraphYasgui.getTab().setQuery(q); }", "SELECT ?x WHERE { ?x ?y }")
    page.locator("#yasgui .yasqe_queryButton").click()
    error = page.locator("#yasgui .yasr .errorResult, #yasgui .yasr_results .error")
    error.first.wait_for()
    assert "400" in error.first.inner_text() or "syntax" in error.first.inner_text().lower()


def test_a_hostile_document_is_shown_as_text(site, page):
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.goto(site["base"] + "/page/person/anna-kowalski")
    doc_link = page.locator(".doc h3 a").first
    doc_link.click()
    page.wait_for_load_state()
    assert "<script>alert('pwned')</script>" in page.locator(".doctext").inner_text()
    page.goto(site["base"] + "/search?q=kowalski")
    page.locator("header form.search input[name=q]").fill("<img src=x onerror=alert(1)> anna")
    page.wait_for_timeout(400)
    # and in YASGUI's result table
    page.goto(site["base"] + "/query")
    page.locator("#yasgui .CodeMirror").wait_for()
    page.evaluate("q => { window.docgraphYasgui.getTab().setQuery(q); }",
                  'SELECT ?text WHERE { ?d <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> '
                  '?text FILTER(CONTAINS(?text, "pwned")) }')
    page.locator("#yasgui .yasqe_queryButton").click()
    table = page.locator("#yasgui .yasr_results table")
    table.wait_for()
    assert "<img src=x onerror=alert(2)>" in table.inner_text()
    assert fired == []


def test_links_in_query_results_work_on_another_port(sample_store_path, tmp_path, page):
    """The sample store was built for port 8000; served elsewhere, a result's entity link opens
    the page on this server (issue 16: every link pointed at the dead port)."""
    from conftest import copy_store
    from serving import free_port, start_server, stop_server

    port = free_port()
    proc = start_server(copy_store(sample_store_path, tmp_path / "store"), port)
    try:
        page.goto(f"http://127.0.0.1:{port}/queries/people-roles?who=destro")
        link = page.locator("table.results a", has_text="person/robert-a-destro").first
        assert link.get_attribute("href") == "/page/person/robert-a-destro"
        link.click()
        page.wait_for_url(f"http://127.0.0.1:{port}/page/person/robert-a-destro")
        assert page.locator("h1").inner_text() == "Robert A. Destro"
    finally:
        stop_server(proc)
