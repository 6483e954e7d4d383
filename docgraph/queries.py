"""Canned queries (``queries/*.rq``) and running SPARQL with bound parameters.

A canned query is one ``.rq`` file whose header says what it is::

    # title: People and their roles
    # description: Every person who holds a role …
    # param: who | string | | only people whose name contains this text (any case)

``# param: NAME | TYPE | DEFAULT | DESCRIPTION`` declares ``?NAME``; TYPE is ``string``,
``integer``, ``decimal``, ``date``, ``iri`` or ``entity`` (a URI, or a name or alias looked up in
the store). An empty DEFAULT makes the parameter optional (bound to ""), no default at all
(``| - |``) makes it required. Values are bound as RDF terms in a ``VALUES`` block placed at the
start of the query's WHERE clause, built from pyoxigraph terms (escaped N-Triples forms), never by
pasting text; an ``integer`` parameter may also stand in ``LIMIT ?NAME``.

API: ``run_canned(store, "people-roles", {"who": "Destro"})`` → a ``Result`` (iterate it for the
rows); below it, ``load_catalogue()`` → {name: CannedQuery}; ``prepare(sparql, params, declared,
store)`` → SPARQL text with the values bound; ``run(store, sparql, graph=None, timeout=None)`` →
``Result``; ``serialize(result, fmt)`` → bytes; ``document_graphs(store, ref)`` → the URIs of the
documents a URI, path or path#id names.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
)

from .errors import DocgraphError, QueryError
from .guard import check, has_dataset_clause
from .resources import resource_dir
from .vocab import XSD

PARAM_TYPES = ("string", "integer", "decimal", "date", "iri", "entity")
REQUIRED = object()
DEFAULT_TIMEOUT = 30.0

RESULT_FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV,
                  "json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
                 "xml": RdfFormat.RDF_XML}


@dataclass
class Param:
    name: str
    type: str
    default: Any  # REQUIRED, "" (optional) or a default value as text
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass
class CannedQuery:
    name: str
    title: str
    description: str
    sparql: str
    params: list[Param] = field(default_factory=list)
    path: Path | None = None


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params = path.stem, "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m[1], m[2].strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            parts = [p.strip() for p in value.split("|")]
            if len(parts) < 2 or parts[1] not in PARAM_TYPES or not re.fullmatch(r"[A-Za-z_]\w*", parts[0]):
                raise QueryError(f"{path.name}: bad parameter line {line!r} (NAME | TYPE | DEFAULT | DESCRIPTION)")
            default = parts[2] if len(parts) > 2 else "-"
            params.append(Param(parts[0], parts[1], REQUIRED if default == "-" else default,
                                parts[3] if len(parts) > 3 else ""))
    return CannedQuery(path.stem, title, description, text, params, path)


def load_catalogue(folder: Path | None = None) -> dict[str, CannedQuery]:
    folder = folder or resource_dir("queries")
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def find_query(ref: str, folder: Path | None = None) -> CannedQuery:
    """A canned query by name, or any ``.rq`` file by path."""
    catalogue = load_catalogue(folder)
    if ref in catalogue:
        return catalogue[ref]
    path = Path(ref)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    if path.suffix == ".rq":
        raise QueryError(f"no such query file: {ref}")
    import difflib

    close = difflib.get_close_matches(ref, list(catalogue), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise QueryError(f"no canned query named {ref!r}{hint} (docgraph queries lists them)")


# -- binding ----------------------------------------------------------------------------------

def term_for(param: Param, value: str, store=None) -> list[Any]:
    """The RDF term(s) a parameter value stands for; a clear error when it does not fit."""
    kind = param.type
    try:
        if kind == "string":
            return [Literal(value)]
        if kind == "integer":
            return [Literal(str(int(value)), datatype=XSD.integer)]
        if kind == "decimal":
            return [Literal(str(float(value)), datatype=XSD.decimal)]
        if kind == "date":
            if not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value):
                raise ValueError
            dt = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(value)]
            return [Literal(value, datatype=XSD[dt])]
        if kind == "iri":
            return [NamedNode(value)]
    except (ValueError, SyntaxError):
        raise QueryError(f"parameter {param.name}: {value!r} is not a valid {kind}") from None
    # entity: a URI, or a name/alias resolved in the store
    if re.match(r"^https?://\S+$", value):
        try:
            return [NamedNode(value)]
        except (ValueError, SyntaxError):
            raise QueryError(f"parameter {param.name}: {value!r} is not a valid URI") from None
    if store is None:
        raise QueryError(f"parameter {param.name}: give the entity's URI")
    from .lookup import find_entity

    try:
        return [NamedNode(find_entity(store, value))]
    except DocgraphError as exc:
        raise QueryError(f"parameter {param.name}: {exc}") from None


def _skip(text: str, i: int) -> int:
    """Index after a string, IRI or comment starting at ``i`` (else ``i`` itself)."""
    c = text[i]
    if c == "#":
        j = text.find("\n", i)
        return len(text) if j < 0 else j
    if c in "\"'":
        q3 = text[i : i + 3]
        if q3 in ('"""', "'''"):
            j = text.find(q3, i + 3)
            return len(text) if j < 0 else j + 3
        j = i + 1
        while j < len(text) and text[j] != c:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if c == "<":
        m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
        if m:
            return i + m.end()
    return i


def where_brace(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE clause (strings, IRIs and
    comments skipped); -1 when there is none."""
    i, depth, seen_where, first_brace = 0, 0, False, -1
    upper = sparql.upper()
    while i < len(sparql):
        j = _skip(sparql, i)
        if j != i:
            i = j
            continue
        c = sparql[i]
        if c == "{":
            if depth == 0 and seen_where:
                return i + 1
            if depth == 0 and first_brace < 0:
                first_brace = i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and upper.startswith("WHERE", i) and (i == 0 or not sparql[i - 1].isalnum()):
            seen_where = True
        i += 1
    return first_brace if not re.search(r"\bCONSTRUCT\b", upper) else -1


def with_values(sparql: str, **terms) -> str:
    """``sparql`` with ``terms`` (pyoxigraph terms) bound in a VALUES block at the top of its WHERE
    clause. Each term is written by pyoxigraph (an IRI cannot break out of its brackets, a literal
    out of its quotes): values are bound, never pasted in as text. Unlike pyoxigraph's
    substitutions, the variables need not be projected (GROUP BY queries cannot project them)."""
    at = where_brace(sparql)
    if at < 0:
        raise QueryError("the query has no WHERE clause to bind values in")
    names = list(terms)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(terms[n]) for n in names)}) }}\n"
    return sparql[:at] + "\n  " + block + sparql[at:]


def prepare(sparql: str, values: dict[str, str], declared: list[Param] | None = None, store=None) -> str:
    """``sparql`` with the parameters bound: declared ones get their defaults, required ones
    must be given, unknown ones are an error."""
    declared = declared or []
    by_name = {p.name: p for p in declared}
    for name in values:
        if declared and name not in by_name:
            known = ", ".join(by_name) or "none"
            raise QueryError(f"unknown parameter {name!r} (this query takes: {known})")
    bound: dict[str, list[Any]] = {}
    for p in declared:
        if p.name in values:
            raw = values[p.name]
        elif p.required:
            raise QueryError(f"missing parameter {p.name} ({p.type}): --param {p.name}=…")
        else:
            raw = p.default
        if raw == "" and p.type in ("string",):
            bound[p.name] = [Literal("")]
        elif raw == "":
            raise QueryError(f"parameter {p.name} ({p.type}) needs a value")
        else:
            bound[p.name] = term_for(p, raw, store)
    for name, raw in values.items():  # ad hoc queries: --param k=v binds ?k as a string
        if name not in by_name:
            bound[name] = [NamedNode(raw)] if re.match(r"^https?://\S+$", raw) else [Literal(raw)]
    if not bound:
        return sparql
    for name, terms in list(bound.items()):
        pattern = re.compile(rf"\bLIMIT\s+\?{name}\b", re.IGNORECASE)
        if pattern.search(sparql):
            if by_name.get(name) is None or by_name[name].type != "integer":
                raise QueryError(f"parameter {name} is used in LIMIT and must be declared integer")
            sparql = pattern.sub(f"LIMIT {int(terms[0].value)}", sparql)
    at = where_brace(sparql)
    if at < 0:
        raise QueryError("parameters need a query with a WHERE clause")
    names = list(bound)
    rows = [[]]
    for name in names:
        rows = [r + [t] for r in rows for t in bound[name]]
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + " ".join(
        "(" + " ".join(str(t) for t in row) + ")" for row in rows) + " }\n"
    return sparql[:at] + "\n  " + block + sparql[at:]


# -- running ----------------------------------------------------------------------------------

def document_graphs(store, ref: str) -> list[str]:
    """The URIs of the documents ``ref`` names: a document URI, the file path it was ingested from
    (a JSONL file: each of its lines), or ``path#id`` for one line of a JSONL file."""
    found = store.find_documents(ref)
    if not found:
        raise QueryError(f"no document {ref} in the store: give a document URI, a file path as ingested, "
                         "or path#id for a JSONL line (docgraph query document-summary lists them)")
    return found


def run_canned(store, ref: str, params: dict[str, str] | None = None, *, graph: str | None = None,
               timeout: float | None = DEFAULT_TIMEOUT) -> Result:
    """A canned query by NAME, or a FILE.rq, with ``params`` bound (names or URIs for entities),
    over every document, or only over those ``graph`` names (a document URI, path or path#id)."""
    canned = find_query(ref)
    sparql = prepare(canned.sparql, params or {}, canned.params, store)
    documents = document_graphs(store, graph) if graph else None
    return run(store, sparql, timeout=timeout, documents=documents)


def run(store, sparql: str, *, graph: str | None = None, timeout: float | None = DEFAULT_TIMEOUT,
        max_results: int | None = None, default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None, slots: threading.Semaphore | None = None,
        documents: list[str] | None = None, max_bytes: int | None = None, base_iri: str | None = None):
    """Evaluate fully (so errors surface here, not half-way through output) within ``timeout``
    seconds, ``max_results`` rows or triples and about ``max_bytes`` of values; relative IRIs
    against ``base_iri``. Returns a ``Result``. ``documents``: only what these documents say
    (their graphs; the entity graph gives the names and types).

    The query is checked first (``guard.check``: nesting, SERVICE, updates). pyoxigraph cannot
    cancel a running query, so here evaluation runs in a thread that is abandoned at the
    timeout; the server runs queries in worker processes instead (``querypool.py``), where a
    query past its time is stopped by ending its process."""
    check(sparql)
    box: dict[str, Any] = {}
    if documents is not None:  # what these documents say: their graphs, with the entity graph for names
        from .rdf import entity_graph

        default_graphs = [*documents, entity_graph(store.base_uri).value]
        named_graphs = list(documents)
    if slots is not None and not slots.acquire(timeout=1.0):
        raise QueryBusy("too many queries are running; try again in a moment")

    def work() -> None:
        try:
            box["result"] = evaluate(store, sparql, graph=graph, default_graphs=default_graphs,
                                     named_graphs=named_graphs, max_results=max_results, max_bytes=max_bytes,
                                     base_iri=base_iri)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc
        finally:
            if slots is not None:
                slots.release()

    t = threading.Thread(target=work, daemon=True, name="docgraph-query")
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise QueryTimeout(f"the query ran past the {timeout:g}s timeout and was stopped")
    if "error" in box:
        err = box["error"]
        if isinstance(err, QueryError):
            raise err
        raise QueryError(f"query failed: {err}") from err
    return box["result"]


def evaluate(store, sparql: str, *, graph: str | None = None, default_graphs: list[str] | None = None,
             named_graphs: list[str] | None = None, max_results: int | None = None,
             max_bytes: int | None = None, base_iri: str | None = None) -> Result:
    """Evaluate ``sparql`` (already checked) in this thread, whole, within the caps; relative
    IRIs against ``base_iri`` (the endpoint's URL when served).

    The default graph is the union of every graph, unless the query names its dataset with
    ``FROM`` / ``FROM NAMED`` (SPARQL 1.1: then those graphs, and an empty default graph when
    only ``FROM NAMED`` is given) or the protocol names it (``default_graphs``/``named_graphs``)."""
    res = store.query(sparql, graph=graph, default_graphs=default_graphs, named_graphs=named_graphs,
                      union=not has_dataset_clause(sparql), **({"base_iri": base_iri} if base_iri else {}))
    if isinstance(res, QuerySolutions):
        return Result([v.value for v in res.variables], _capped(res, max_results, "rows", max_bytes), None, None)
    if isinstance(res, QueryBoolean):
        return Result(None, None, bool(res), None)
    return Result(None, None, None, _capped(res, max_results, "triples", max_bytes))


def _capped(results, cap: int | None, what: str, max_bytes: int | None = None) -> list:
    """The results as a list, refused (``ResultTooLarge``) past ``cap`` items or about
    ``max_bytes`` of term values: a result is never cut short silently."""
    if cap is None and max_bytes is None:
        return list(results)
    out = []
    size = 0
    for item in results:
        if cap is not None and len(out) == cap:
            raise ResultTooLarge(f"the result has more than {cap:,} {what}: add a LIMIT, or narrow the query")
        if max_bytes is not None:
            size += sum(len(t.value) + 16 for t in item if t is not None)
            if size > max_bytes:
                raise ResultTooLarge(f"the result is larger than {_size(max_bytes)} (after {len(out):,} {what}): "
                                     "add a LIMIT, select fewer or shorter values, or narrow the query")
        out.append(item)
    return out


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} KB"


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class ResultTooLarge(QueryError):
    """The result is bigger than the cap."""


class QueryBusy(QueryError):
    """Every query slot is taken."""


@dataclass
class Result:
    """A query's whole answer. Iterate it for the rows of a SELECT (each a pyoxigraph
    ``QuerySolution``: ``row["name"].value``) or the triples of a CONSTRUCT/DESCRIBE; ``bool()`` of
    an ASK is its answer. ``variables``, ``rows``, ``boolean`` and ``triples`` hold the same."""

    variables: list[str] | None
    rows: list | None
    boolean: bool | None
    triples: list | None

    @property
    def kind(self) -> str:
        return "select" if self.rows is not None else "ask" if self.boolean is not None else "graph"

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "ask":
            raise TypeError("an ASK result is a yes or no, not rows: use bool(result) or result.boolean")
        return iter(self.rows if self.rows is not None else self.triples or [])

    def __len__(self) -> int:
        """Rows of a SELECT, triples of a CONSTRUCT; 1 for an ASK."""
        if self.kind == "ask":
            return 1
        return len(self.rows if self.rows is not None else self.triples or [])

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def dicts(self) -> list[dict[str, str | None]]:
        """A SELECT's rows as plain ``{variable: value}`` dicts (unbound: None), e.g. for pandas."""
        if self.kind != "select":
            raise TypeError(f"a {self.kind.upper()} result has no rows")
        return [{v: (None if r[v] is None else r[v].value) for v in self.variables or []} for r in self.rows]


def serialize(result: Result, fmt: str) -> bytes:
    """SPARQL results as CSV/TSV/JSON/XML, graphs as Turtle/N-Triples/JSON-LD/RDF-XML."""
    from pyoxigraph import Store

    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is a graph: use --format {', '.join(GRAPH_FORMATS)}")
        if fmt == "jsonld":
            from .jsonld import dumps

            return dumps(result.triples)
        from pyoxigraph import serialize as rdf_serialize

        if fmt == "xml":
            _check_rdfxml(result.triples)
        return rdf_serialize(result.triples, format=GRAPH_FORMATS[fmt], prefixes=_prefixes()) or b""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a SELECT/ASK result is a table: use --format {', '.join(RESULT_FORMATS)}")
    if result.kind == "ask":  # pyoxigraph writes booleans in every format
        return Store().query("ASK {}" if result.boolean else "ASK { FILTER(false) }").serialize(format=RESULT_FORMATS[fmt])
    return _solutions_bytes(result, fmt)


_NCNAME_END = re.compile(r"[A-Za-z_\u00c0-\ufffd][\w.\-\u00b7\u00c0-\ufffd]*$")


class NotWritable(QueryError):
    """The result cannot be written in the format asked for (another format can)."""


def _check_rdfxml(triples) -> None:
    """RDF/XML writes a predicate as an XML element name: an IRI that does not end in one
    (``…/p/``, ``…/123``) cannot be written, and pyoxigraph would write broken XML."""
    for t in triples:
        if not _NCNAME_END.search(t.predicate.value):
            raise NotWritable(f"RDF/XML cannot write the predicate <{t.predicate.value[:200]}> (an XML element "
                              "name must end it): ask for Turtle, N-Triples or JSON-LD")


def _prefixes() -> dict[str, str]:
    from .vocab import PREFIXES

    return dict(PREFIXES)


def _solutions_bytes(result: Result, fmt: str) -> bytes:
    """Write SELECT rows in the SPARQL 1.1 result formats from the collected solutions."""
    import csv
    import io
    import json
    from xml.sax.saxutils import escape, quoteattr

    vars_ = result.variables or []
    if fmt == "json":
        def term(t):
            if isinstance(t, NamedNode):
                return {"type": "uri", "value": t.value}
            if isinstance(t, Literal):
                d: dict[str, Any] = {"type": "literal", "value": t.value}
                if t.language:
                    d["xml:lang"] = t.language
                elif t.datatype and t.datatype.value != XSD.string.value:
                    d["datatype"] = t.datatype.value
                return d
            return {"type": "bnode", "value": t.value}
        bindings = [{v: term(r[v]) for v in vars_ if r[v] is not None} for r in result.rows]
        return json.dumps({"head": {"vars": vars_}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(vars_)
        for r in result.rows:
            w.writerow(["" if r[v] is None else r[v].value for v in vars_])
        return out.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in vars_)]
        for r in result.rows:
            lines.append("\t".join("" if r[v] is None else str(r[v]) for v in vars_))
        return ("\n".join(lines) + "\n").encode()
    # xml
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in vars_]
    parts.append("</head><results>")
    for r in result.rows:
        parts.append("<result>")
        for v in vars_:
            t = r[v]
            if t is None:
                continue
            if isinstance(t, NamedNode):
                inner = f"<uri>{escape(t.value)}</uri>"
            elif isinstance(t, Literal):
                attr = f" xml:lang={quoteattr(t.language)}" if t.language else (
                    f" datatype={quoteattr(t.datatype.value)}" if t.datatype and t.datatype.value != XSD.string.value else "")
                inner = f"<literal{attr}>{escape(t.value)}</literal>"
            else:
                inner = f"<bnode>{escape(t.value)}</bnode>"
            parts.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()
