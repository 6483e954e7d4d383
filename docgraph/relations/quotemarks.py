"""Where a text's quotation marks open and close: the spans of quoted words, shared by the
quotation rules and by anything that must know whether a word is inside someone's words."""

from __future__ import annotations

import re

MAX_QUOTE_CHARS = 3000


_N = MAX_QUOTE_CHARS
# curly pairs (with a curly pair inside one, as some writers nest them: “… a resounding “NO” to
# …”), a curly mark closed by a straight one or the other way round (“…" "…”), straight pairs,
# and single curly marks around twelve characters or more
_OTHERS = (rf"|“([^“”\"\n]{{1,{_N}}})\"|\"([^“”\"\n]{{1,{_N}}})”"
           rf"|\"([^\"\n]{{1,{_N}}})\"|‘([^‘’\n]{{12,{_N}}})’(?![a-z])")
_QUOTES = re.compile(rf"“((?:[^“”\n]|“[^“”\n]{{1,200}}”(?=[^“”\n]*”)){{1,{_N}}})”" + _OTHERS)
_FLAT = re.compile(rf"“([^“”\n]{{1,{_N}}})”" + _OTHERS)
# (a curly pair nested in another only within the outer one's first sentence: an opening mark
# never closed, before a later quotation, is no outer quotation of it)
_SENTENCE_END = re.compile(r"[.!?…][\"”’]?\s+[A-Z“\"‘]")
STRAIGHT, SINGLE = 4, 5  # the regular expression groups of straight pairs and single marks


def quoted(text: str):
    """(quote start, quote end, words start, words end, group) of each quotation, left to right.

    Straight marks are paired as they come; where the words "between" a pair start with a space,
    the first mark closed a quotation and the second opens the next one, so the search goes on
    from the second. Where they end with a space after a sentence's end ("“They have … in Iran.
    "You cannot …"), the first quotation was never closed: its words run to the sentence's end."""
    pos = 0
    while (m := _QUOTES.search(text, pos)) is not None:
        g = next(k for k in range(1, 6) if m.group(k) is not None)
        if g == 1 and "“" in m.group(1) and _SENTENCE_END.search(m.group(1), 0, m.group(1).index("“")):
            m = _FLAT.search(text, pos)
            g = next(k for k in range(1, 6) if m.group(k) is not None)
        start, end = m.start(g), m.end(g)
        if g == 1 and (lone := re.match(r'[^"]*\S"(?=[\s,.;:)]|$)', m.group(1))) is not None:
            # “… cowardly" acts from Israel. It is clear that …”: the first straight mark inside a
            # curly pair, after a word, closed the quotation (not one before a word: “… should
            # "refrain from …”, a quotation within it)
            end = start + lone.end() - 1
            yield m.start(), end + 1, start, end, g
            pos = end + 1
            continue
        if g == STRAIGHT and (text[start:start + 1].isspace() or text[end - 1:end].isspace()):
            if not text[start:start + 1].isspace() and re.search(r"[.!?…]\s+$", text[start:end]):
                words_end = start + len(text[start:end].rstrip())
                yield m.start(), words_end, start, words_end, g
            pos = m.end() - 1
            continue
        yield m.start(), m.end(), start, end, g
        pos = m.end()

