"""What a SPARQL text may do, decided before any parser sees it.

pyoxigraph's parser and evaluator recurse: a query nested a few thousand levels deep (``{{{…``,
``((((…``) or chained a few thousand times (``1+1+…``, ``{} UNION {} UNION …``) overflows the
stack and kills the process. And a query that reaches ``SERVICE`` makes the server send HTTP
requests wherever the query says. So every query is read here first, token by token, the way
the SPARQL 1.1 grammar reads it:

- IRIs are ``<`` + characters that are not spaces, ``<>"{}|^`\\`` + ``>`` (so
  ``<?b)SERVICE:x{?x}FILTER(?c>`` is *not* an IRI: the ``<`` is a less-than);
- strings (the four quote forms, with their escapes), comments (to the end of the line),
  variables and prefixed names (with their ``\\#``, ``\\'`` escapes) are single tokens;
- keywords are matched without a word boundary, as a parsing-expression grammar does:
  ``SERVICEx:sparql`` and ``trueSERVICE:x`` both read as the keyword followed by a name, so any
  name token whose prefix holds ``service`` is refused (a prefix really named ``service:`` is
  refused too: rename it).

Anything the tokenizer cannot place stays visible to the checks, never hidden. ``check(query)``
raises ``QueryRefused`` (with ``status``: 400 too deep or reaches out, 403 an update); it is the
first thing ``docgraph query`` and ``docgraph serve`` do with a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import QueryError

MAX_DEPTH = 128  # nested brackets; pyoxigraph crashes near 4,000 ({) and 5,500 (()
MAX_CHAIN = 1_000  # operators, UNION/OPTIONAL/MINUS and path steps; it crashes near 8,000 `+`

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

_TOKENS = re.compile("|".join([
    r"(?P<ws>[ \t\r\n]+)",
    r"(?P<comment>#[^\r\n]*)",
    r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
    (r'(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\r\n]|\\.)*"'
     r"|'(?:[^'\\\r\n]|\\.)*')"),
    rf"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)",
    rf"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
    rf"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
    rf"(?P<word>[{_PN_CHARS_BASE}_][{_PN_CHARS_BASE}_0-9]*)",
    r"(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)",
    r"(?P<op>\|\||&&|\^\^|!=|<=|>=|[{}()\[\]<>=!+\-*/|^?;,.@])",
    r"(?P<other>.)",
]), re.DOTALL)

_OPEN, _CLOSE = "{([", "})]"
_CHAIN_OPS = {"||", "&&", "!=", "<=", ">=", "<", ">", "=", "!", "+", "-", "*", "/", "|", "^"}
_CHAIN_WORDS = {"union", "optional", "minus", "filter", "bind", "values", "graph"}
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}


class QueryRefused(QueryError):
    """A query refused before it runs; ``status`` is the HTTP status the server answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    at: int


def tokens(query: str) -> list[Token]:
    """The query's tokens, whitespace and comments included (``kind`` is the group name)."""
    return [Token(m.lastgroup or "other", m.group(), m.start()) for m in _TOKENS.finditer(query)]


def _reaches_out(tok: Token) -> bool:
    text = tok.text.lower()
    if tok.kind == "word":
        return "service" in text
    if tok.kind == "pname":
        prefix, _, local = text.partition(":")
        return "service" in prefix or ".service" in local
    return False


def check(query: str, *, max_depth: int = MAX_DEPTH, max_chain: int = MAX_CHAIN) -> None:
    """Raise ``QueryRefused`` when ``query`` is nested or chained past what the engine survives,
    names ``SERVICE``, or is an update (SPARQL Update, ``LOAD`` included)."""
    if (max_depth, max_chain) == (MAX_DEPTH, MAX_CHAIN) and len(query) <= _CACHED_CHARS:
        verdict = _read_cached(query)
    else:
        verdict = _read(query, max_depth, max_chain)
    if verdict.refused is not None:
        message, status = verdict.refused
        raise QueryRefused(message, status)


@dataclass(frozen=True)
class _Verdict:
    refused: tuple[str, int] | None  # (message, HTTP status) when the query is refused
    form: str | None  # see query_form
    dataset: bool  # see has_dataset_clause


_CACHED_CHARS = 20_000  # a server reads the same canned query texts again and again: read each once
_FORMS = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}


@lru_cache(maxsize=1024)
def _read_cached(query: str) -> _Verdict:
    return _read(query, MAX_DEPTH, MAX_CHAIN)


def _read(query: str, max_depth: int, max_chain: int) -> _Verdict:
    """One pass over the tokens: the first reason to refuse the query, its form, whether it names
    a dataset."""
    depth = deepest = chain = 0
    first_word = None
    dataset = False
    toks = tokens(query)

    def refused(message: str, status: int = 400) -> _Verdict:
        return _Verdict((message, status), _FORMS.get(first_word or ""), dataset)

    for i, tok in enumerate(toks):
        kind, text = tok.kind, tok.text
        if kind in ("ws", "comment"):
            continue
        if kind == "op":
            if text in _OPEN:
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > max_depth:
                        return refused(f"the query is nested more than {max_depth} levels deep "
                                       f"(at character {tok.at}): simplify it")
            elif text in _CLOSE:
                depth -= 1
            elif text in _CHAIN_OPS:
                chain += 1
        if kind in ("word", "pname") and _reaches_out(tok):
            return refused("SERVICE is refused: this endpoint does not query other endpoints "
                           f"(at character {tok.at}; a prefix named like it must be renamed)")
        if kind == "word":
            low = text.lower()
            if low in _CHAIN_WORDS:
                chain += 1
            if low == "from":
                dataset = True
            if first_word is None and low not in ("prefix", "base"):
                first_word = low
            if low in _UPDATE_WORDS and (first_word == low or _after_semicolon(toks, i)):
                return refused("SPARQL Update is refused: this endpoint is read-only", 403)
        if chain > max_chain:
            return refused(f"the query chains more than {max_chain} operators, UNIONs or path steps: "
                           "split it into smaller queries")
    return _Verdict(None, _FORMS.get(first_word or ""), dataset)


def _after_semicolon(toks: list[Token], i: int) -> bool:
    """An update request is a sequence of operations separated by ``;`` at the top level."""
    for tok in reversed(toks[:i]):
        if tok.kind in ("ws", "comment"):
            continue
        return tok.text == ";"
    return False


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
    if len(query) <= _CACHED_CHARS:
        return _read_cached(query).dataset
    return any(t.kind == "word" and t.text.lower() == "from" for t in tokens(query))


def query_form(query: str) -> str | None:
    """``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT, DESCRIBE) from the query's first
    keyword after its prologue; None when there is none to read."""
    if len(query) <= _CACHED_CHARS:
        return _read_cached(query).form
    for m in _TOKENS.finditer(query):
        if m.lastgroup == "word":
            word = m.group().lower()
            if word in ("prefix", "base"):
                continue
            return _FORMS.get(word)
    return None
