"""HTML (``.html``): the main text only (no navigation, scripts, styles or footers), title,
date, canonical URL and publisher from the page's metadata."""

from __future__ import annotations

import re

from ..model import SourceDocument
from ..normalise import normalise_text
from .text import decode, header_date, iso_date

SUFFIXES = (".html", ".htm", ".xhtml")


def read(data: bytes, source: str) -> SourceDocument:
    return from_html(decode(data), source)


_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select", "head", "menu", "dialog", "object", "canvas"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "figure",
               "figcaption", "br", "hr", "address", "details", "summary", "body", "caption"}
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:nav|menu|sidebar|footer|header|cookie|share|social|related|comments?|advert|ads|breadcrumbs?|newsletter|subscribe)(?:$|[\s_-])", re.IGNORECASE)
_DATE_META = ("article:published_time", "og:published_time", "datePublished", "date", "DC.date",
              "dc.date", "DC.date.issued", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date")


_BLOCK_END = object()


def _html_text(root) -> str:
    """Visible text of ``root`` with blocks on their own lines; walked without recursion."""
    parts: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is _BLOCK_END:  # (never compare a Node with ==: selectolax serialises it)
            parts.append("\n\n")
            continue
        tag = node.tag
        if tag == "-text":
            parts.append(re.sub(r"[ \t\r\n]+", " ", node.text_content or ""))
            continue
        if tag in _SKIP_TAGS or tag == "-comment":
            continue
        attrs = node.attributes or {}
        if tag != "body" and (attrs.get("hidden") is not None and "hidden" in attrs
                              or attrs.get("aria-hidden") == "true"
                              or attrs.get("role") in ("navigation", "banner", "contentinfo", "complementary")
                              or _BOILERPLATE.search(" ".join(filter(None, (attrs.get("class"), attrs.get("id")))))):
            continue
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
            stack.append(_BLOCK_END)
        stack.extend(reversed(children))
    text = "".join(parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


MAX_HTML_DEPTH = 256  # elements nested deeper are unwrapped (their text kept) before parsing
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
_UNNESTED = {  # void elements, and those a parser closes by itself: they never nest deep
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
    "caption", "html", "head", "body", "rb", "rt", "rtc", "rp"}
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "noembed", "noframes", "plaintext", "iframe", "noscript"}


def cap_nesting(raw: str, max_depth: int = MAX_HTML_DEPTH) -> str:
    """``raw`` with the tags nested deeper than ``max_depth`` taken out (their text stays), in
    one linear pass: an HTML parser takes quadratic time on deep nesting (50,000 levels: 9 s)."""
    if raw.count("<") <= max_depth:
        return raw
    out: list[str] = []
    depth = excess = last = 0
    for m in _TAG.finditer(raw):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if name in _UNNESTED or name in _RAW_TEXT or selfclose:
            continue
        drop = False
        if not closing:
            if depth >= max_depth:
                excess += 1
                drop = True
            else:
                depth += 1
        elif excess:
            excess -= 1
            drop = True
        elif depth:
            depth -= 1
        if drop:
            out.append(raw[last:m.start()])
            out.append(" ")
            last = m.end()
    if last == 0:
        return raw
    out.append(raw[last:])
    return "".join(out)


def from_html(raw: str, source: str) -> SourceDocument:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(cap_nesting(raw))

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name", "itemprop"):
                node = tree.css_first(f'meta[{attr}="{name}"]')
                if node is not None and (node.attributes.get("content") or "").strip():
                    return node.attributes["content"].strip()
        return None

    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = meta("og:title", "twitter:title") or (h1.text(strip=True) if h1 else None) or (
        title_node.text(strip=True) if title_node else None
    )
    date = meta(*_DATE_META)
    if date is None:
        time_node = tree.css_first("time[datetime]")
        date = time_node.attributes.get("datetime") if time_node is not None else None
    canonical = tree.css_first('link[rel="canonical"]')
    url = meta("og:url") or (canonical.attributes.get("href") if canonical is not None else None)
    publisher = meta("og:site_name", "publisher", "author")
    root = tree.css_first("article") or tree.css_first("main") or tree.css_first('[role="main"]') or tree.body
    text = normalise_text(_html_text(root) if root is not None else "")
    doc = SourceDocument(text=text, source=source, url=url, publisher=publisher, media_type="text/html",
                         date=iso_date(date))
    if title:
        doc.title = normalise_text(re.sub(r"\s+", " ", title))
        start = text.find(doc.title)
        if start >= 0:
            doc.title_span = (start, start + len(doc.title))
    if doc.date is None:
        doc.date = header_date(text)
    return doc
