"""Text normalisation before NLP. The normalised text is the stored text: every offset in the
graph indexes into it. Curly quotes and dashes are kept as written; only invisible differences
(composition, no-break spaces, zero-width and bidi controls, line endings) are removed, and one
kind of mojibake is undone: Latin letters a Windows-1252 text carried into an Arabic code page
(Windows-1256), "Antَnio Guterres" for "António Guterres"."""

from __future__ import annotations

import re
import unicodedata

# no-break space, narrow no-break space, figure space, other fixed-width spaces -> plain space
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"), " ")
# zero-width characters, byte-order mark, bidi embeddings and isolates: dropped
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"),
    None,
)
_LINE_SEPARATORS = dict.fromkeys(map(ord, "\u2028\u2029\x85\x0b\x0c"), "\n")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Arabic-script characters inside a Latin word ("Bjِrn", "Schنuble", "Orbلn") or opening one before
# lower-case Latin letters ("ةlysée"): the bytes of Windows-1252 letters decoded as Windows-1256
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_MOJIBAKE = re.compile(r"(?<=[A-Za-z])[\u0600-\u06ff]{1,2}(?=[a-z])|(?<![^\W\d_])[\u0600-\u06ff](?=[a-z]{2})")


def _latin_again(match: re.Match) -> str:
    chars = match.group()
    try:
        latin = chars.encode("cp1256").decode("cp1252")
    except UnicodeError:
        return chars
    return latin if all(c.isalpha() and "LATIN" in unicodedata.name(c, "") for c in latin) else chars


def normalise_text(text: str) -> str:
    """NFC, plain spaces for no-break spaces, no invisible controls, ``\\n`` line endings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_SPACES).translate(_INVISIBLE).translate(_LINE_SEPARATORS)
    text = _CONTROL.sub("", text)
    if _ARABIC.search(text):
        text = _MOJIBAKE.sub(_latin_again, text)
    return unicodedata.normalize("NFC", text)
