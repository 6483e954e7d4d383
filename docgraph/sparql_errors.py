"""SPARQL syntax errors said in one line a person can act on.

The parser (oxigraph's) reports where it gave up and every terminal it could have read there,
character classes included: for an undefined prefix that is 500 bytes of Unicode ranges, and the
place is often the end of the query rather than the mistake. So the query is read again here for
the three mistakes people make most — a prefix never declared, a misspelt keyword, a relative IRI
where no base is set — and the line says what, where (line, column, the token) and the fix.
Anything else keeps the parser's place and a short, readable list of what it expected.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# SPARQL 1.1 keywords and built-in function names (the grammar's, plus oxigraph's RDF 1.2 ones):
# a bare word that is none of these, but close to one, is a misspelling
KEYWORDS = frozenset("""
BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE GROUP BY HAVING
ORDER ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL UNION MINUS GRAPH SERVICE SILENT FILTER BIND
LOAD CLEAR DROP CREATE ADD MOVE COPY INSERT DELETE DATA WITH USING DEFAULT ALL INTO TO LATERAL
NOT IN EXISTS A TRUE FALSE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG
LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE
ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS
TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE LANGDIR HASLANG HASLANGDIR STRLANGDIR
TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE ADJUST
""".split())  # noqa: SIM905 - a word list reads better as words
# what people type for two-word keywords
JOINED = {"GROUPBY": "GROUP BY", "ORDERBY": "ORDER BY", "NOTEXISTS": "NOT EXISTS", "FILTERNOT": "FILTER NOT"}
# the keywords worth suggesting (function names are suggested too: STRSTARTS for STRSTART)
SUGGESTIBLE = sorted(KEYWORDS - {"A", "TO", "IN", "AS", "BY", "IF", "TZ"})

_STRING = re.compile(r'"""[\s\S]*?(?:"""|$)|\'\'\'[\s\S]*?(?:\'\'\'|$)|"(?:[^"\\\n]|\\.)*"?|\'(?:[^\'\\\n]|\\.)*\'?')
_IRI = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*)>")
_COMMENT = re.compile(r"#[^\r\n]*")
_PN_CHARS_BASE = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f" \
                 "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
_PREFIXED = re.compile(rf"([{_PN_CHARS_BASE}](?:[{_PN_CHARS_BASE}\w.-]*[{_PN_CHARS_BASE}\w-])?)?:"
                       rf"((?:[{_PN_CHARS_BASE}\w:]|%[0-9A-Fa-f]{{2}}|\\.)(?:[{_PN_CHARS_BASE}\w.:-]|%[0-9A-Fa-f]{{2}}|\\.)*)?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VAR = re.compile(r"[?$][\w\u00b7\u0300-\u036f\u203f-\u2040" + _PN_CHARS_BASE + r"]+")
_LANGTAG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_DECL = re.compile(r"\bPREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"\bBASE\s*<", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)


@dataclass
class Token:
    kind: str  # "iri", "pname", "word", "string", "var", "punct"
    text: str
    offset: int


def tokens(query: str) -> list[Token]:
    """The query's tokens as far as these hints need them; strings, comments and language tags
    are read past so that nothing inside them is taken for a keyword or a prefix."""
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
            continue
        for kind, pattern in (("comment", _COMMENT), ("string", _STRING), ("iri", _IRI), ("var", _VAR),
                              ("lang", _LANGTAG)):
            if kind == "lang" and not (out and out[-1].kind == "string"):
                continue
            m = pattern.match(query, i)
            if m and m.end() > i:
                if kind != "comment":
                    out.append(Token(kind, m.group(0), i))
                i = m.end()
                break
        else:
            m = _PREFIXED.match(query, i)
            if m and ":" in m.group(0) and not query.startswith("_:", i):
                out.append(Token("pname", m.group(0), i))
                i = m.end()
                continue
            if query.startswith("_:", i):  # a blank node label
                m = re.compile(r"_:[\w.-]*").match(query, i)
                i = m.end() if m else i + 2
                continue
            m = _WORD.match(query, i)
            if m:
                out.append(Token("word", m.group(0), i))
                i = m.end()
                continue
            out.append(Token("punct", c, i))
            i += 1
    return out


def line_column(query: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``."""
    line = query.count("\n", 0, offset) + 1
    return line, offset - (query.rfind("\n", 0, offset) + 1) + 1


def _where(query: str, token: Token) -> str:
    line, col = line_column(query, token.offset)
    return f"line {line}, column {col}"


def undefined_prefix(query: str, predefined: dict[str, str]) -> str | None:
    declared = {m.group(1) for m in _DECL.finditer(_blank_strings(query))} | set(predefined)
    for t in tokens(query):
        if t.kind != "pname":
            continue
        prefix = t.text.split(":", 1)[0]
        if prefix in declared:
            continue
        known = well_known_prefixes().get(prefix)
        fix = f"PREFIX {prefix}: <{known}>" if known else f"PREFIX {prefix}: <http://…/>"
        return (f"the prefix {prefix}: is not declared ({_where(query, t)}, '{_cut(t.text)}'): "
                f"add {fix} before the query")
    return None


def misspelt_keyword(query: str) -> str | None:
    for t in tokens(query):
        word = t.text.upper()
        if t.kind != "word" or word in KEYWORDS:
            continue
        if word in JOINED:
            guess: str | None = JOINED[word]
        else:
            close = difflib.get_close_matches(word, SUGGESTIBLE, n=1, cutoff=0.75)
            guess = close[0] if close else None
        if guess:
            return f"'{_cut(t.text)}' is not a SPARQL keyword ({_where(query, t)}): did you mean {guess}?"
    return None


def relative_iri(query: str) -> str | None:
    if _BASE.search(_blank_strings(query)):
        return None
    for t in tokens(query):
        if t.kind == "iri" and not re.match(r"<[A-Za-z][A-Za-z0-9+.-]*:", t.text):
            return (f"{_cut(t.text)} is a relative IRI ({_where(query, t)}) and this query has no base: "
                    f"write the whole IRI (<http://example.org/{_cut(t.text[1:-1], 20)}>), or declare BASE <…> first")
    return None


def unclosed(query: str) -> str | None:
    depth = {"{": 0, "(": 0, "[": 0}
    closing = {"}": "{", ")": "(", "]": "["}
    for t in tokens(query):
        if t.kind != "punct":
            continue
        if t.text in depth:
            depth[t.text] += 1
        elif t.text in closing:
            depth[closing[t.text]] -= 1
    for bracket, close in (("{", "}"), ("(", ")"), ("[", "]")):
        if depth[bracket] > 0:
            return f"{depth[bracket]} '{bracket}' never closed: add '{close}'"
        if depth[bracket] < 0:
            return f"{-depth[bracket]} '{close}' too many"
    return None


def explain(query: str, message: str, predefined: dict[str, str] | None = None, *,
            has_base: bool = False) -> str:
    """One line for a syntax error ``message`` (the parser's) about ``query``. ``predefined``:
    the prefixes the query may use without declaring them; ``has_base``: relative IRIs resolve."""
    hint = undefined_prefix(query, predefined or {}) or misspelt_keyword(query) or \
        (None if has_base else relative_iri(query))
    if hint:
        return f"SPARQL syntax error: {hint}"
    m = _POSITION.match(message.strip())
    if not m:
        return "SPARQL syntax error: " + " ".join(message.split())[:300]
    line, col, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = query.split("\n")
    at = ""
    if 1 <= line <= len(lines):
        rest = lines[line - 1][col - 1:]
        tok = re.match(r"\s*(\S{1,30})", rest)
        later = "\n".join(lines[line:]).strip()
        at = f" near '{tok.group(1)}'" if tok else (" (at the end of the query)" if not later else "")
    wanted = readable_expected(expected)
    text = f"SPARQL syntax error at line {line}, column {col}{at}"
    if wanted:
        text += f": expected {wanted}"
    brackets = unclosed(query)
    if brackets:
        text += f" ({brackets})"
    return text


def readable_expected(expected: str) -> str:
    """The parser's list of expected terminals without character classes, at most eight."""
    text = expected.removeprefix("expected").strip().removeprefix("one of").strip()
    items = [i.strip() for i in re.split(r",\s*(?![^\[]*\])", text) if i.strip()]
    words = []
    for item in items:
        if item.startswith("[") or "\\u" in item or "..=" in item or not item:
            continue
        if item == "IRI parsing failed":
            item = "a valid IRI"
        elif item == "Prefix not found":
            item = "a declared prefix"
        words.append(item)
    if len(words) > 8:
        words = words[:8] + ["…"]
    return ", ".join(words)


def _blank_strings(query: str) -> str:
    """The query with strings and comments blanked (same length), for declaration look-ups."""
    out = list(query)
    for t in tokens(query):
        if t.kind == "string":
            out[t.offset:t.offset + len(t.text)] = " " * len(t.text)
    return _COMMENT.sub(lambda m: " " * len(m.group(0)), "".join(out))


def _cut(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_KNOWN: dict[str, str] | None = None


def well_known_prefixes() -> dict[str, str]:
    """Prefixes everyone uses (foaf, dcterms, skos, …): rdflib's own bindings."""
    global _KNOWN
    if _KNOWN is None:
        from rdflib import Graph

        _KNOWN = {p: str(ns) for p, ns in Graph(bind_namespaces="rdflib").namespaces() if p}
    return _KNOWN
