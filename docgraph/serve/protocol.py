"""The SPARQL 1.1 Protocol's query operation, read strictly from the HTTP request.

https://www.w3.org/TR/sparql11-protocol/#query-operation: a query by GET (``?query=``), by a
URL-encoded form POST, or by a direct POST of ``application/sparql-query``; the dataset in
``default-graph-uri`` / ``named-graph-uri`` parameters. What a client gets wrong is refused with
the status the protocol names and one line that says what to do:

- exactly one ``query`` per request (two are ambiguous: 400), in the body of a POST;
- UTF-8 only: a ``charset`` other than UTF-8 is 415, bytes that are not UTF-8 are 400 (never
  turned into U+FFFD and run as some other query);
- a POST says what it holds (``Content-Type``), else 415; updates are refused (403: read-only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only"
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@dataclass
class ProtocolRequest:
    """What a query request asks: the query text and the dataset the protocol names."""

    query: str
    default_graphs: list[str]
    named_graphs: list[str]


class ProtocolError(Exception):
    """A request the protocol refuses: ``status`` and one line for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """``text/plain; charset=UTF-8`` -> ("text/plain", {"charset": "UTF-8"})."""
    if not header:
        return "", {}
    kind, *rest = header.split(";")
    params = {}
    for p in rest:
        name, _, value = p.partition("=")
        if name.strip():
            params[name.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), params


def _utf8(raw: bytes, what: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not valid UTF-8 (byte {exc.start}): send the query in UTF-8") \
            from None
    return text.removeprefix("\ufeff")


def _charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset={charset[:40]} is not supported: send the query in UTF-8 "
                                 "(charset=utf-8, or no charset)")


def _form(raw: bytes, what: str) -> list[tuple[str, str]]:
    """URL-encoded pairs; the bytes and what the %-escapes stand for must be UTF-8."""
    text = _utf8(raw, what)
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} holds %-escapes that are not UTF-8: percent-encode the "
                                 "query's UTF-8 bytes") from None


def read(method: str, query_string: bytes, content_type: str | None, body: bytes | None, *,
         max_query_bytes: int) -> ProtocolRequest | None:
    """The query request in ``method`` + raw ``query_string`` (+ ``content_type`` and ``body`` for
    a POST); None for a GET without a query (the client wants the service description).
    Raises ``ProtocolError``."""
    url = _form(query_string, "URL's query string")
    names = [k for k, _ in url]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(403, UPDATE_REFUSED)
    queries = [v for k, v in url if k == "query"]
    default_graphs = [v for k, v in url if k == "default-graph-uri"]
    named_graphs = [v for k, v in url if k == "named-graph-uri"]
    if method in ("GET", "HEAD"):
        if not queries:
            return None
    elif method == "POST":
        kind, params = media_type(content_type)
        if kind == FORM:
            _charset(params)
            form = _form(body or b"", "form body")
            if any(k == "update" for k, _ in form):
                raise ProtocolError(403, UPDATE_REFUSED)
            queries += [v for k, v in form if k == "query"]
            default_graphs += [v for k, v in form if k == "default-graph-uri"]
            named_graphs += [v for k, v in form if k == "named-graph-uri"]
        elif kind == DIRECT:
            _charset(params)
            if queries:
                raise ProtocolError(400, "a direct POST carries its query in the body: remove query= from the URL")
            queries = [_utf8(body or b"", "request body")]
        elif kind == "application/sparql-update":
            raise ProtocolError(403, UPDATE_REFUSED)
        else:
            said = f"Content-Type {kind}" if kind else "no Content-Type"
            raise ProtocolError(415, f"{said}: POST a query as {DIRECT}, or as an {FORM} form with query=")
    else:
        raise ProtocolError(405, f"{method} is not a SPARQL query operation: use GET or POST")
    if not queries:
        raise ProtocolError(400, "no query: give query=")
    if len(queries) > 1:
        raise ProtocolError(400, f"{len(queries)} query parameters: a request carries exactly one query")
    query = queries[0]
    if len(query.encode("utf-8")) > max_query_bytes:
        raise ProtocolError(413, f"the query is longer than {max_query_bytes // 1024} KB")
    for g in default_graphs + named_graphs:
        if not _IRI.fullmatch(g):
            raise ProtocolError(400, f"not an IRI: {g[:200]}")
    return ProtocolRequest(query, default_graphs, named_graphs)


def base_iri(endpoint: str) -> str | None:
    """The endpoint's URL as the queries' base IRI, when it is one (a forged Host header is not)."""
    return endpoint if _IRI.fullmatch(endpoint) else None


def too_large(message: str, max_results: int, max_bytes: int | None = None) -> str:
    """A 413's body: what was too large, this server's caps, and who can raise them how."""
    caps = f"at most {max_results:,} rows or triples"
    raise_with = "docgraph serve --max-results N"
    if max_bytes is not None:
        caps += f" and {max_bytes:,} bytes"
        raise_with += " --max-bytes B"
    return (f"413 result too large: {message}. This server sends {caps} a query; whoever runs it can "
            f"raise that: {raise_with}")
