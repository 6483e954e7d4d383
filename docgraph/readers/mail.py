"""E-mail (``.eml``, standard library ``email``): the body as the document's text (plain text
preferred, else the HTML part's main text), the subject as title, the date, and the sender and
recipients as correspondents (the sender becomes a Person with an e-mail address). Attachments of
the types docgraph reads become documents of their own, linked to the mail; others are counted
as ignored. A forwarded mail attached as ``message/rfc822`` is read the same way (three levels
deep at most)."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator
from email.message import EmailMessage

from ..model import Correspondent, SourceDocument
from ..normalise import normalise_text
from .failure import ReadFailure, Unreadable

SUFFIXES = (".eml",)
MEDIA_TYPE = "message/rfc822"
MAX_DEPTH = 3

# read(data, source) of the reader for a file name, or None when docgraph does not read it
Dispatch = Callable[[str], Callable[[bytes, str], SourceDocument] | None]


def read_mail(data: bytes, source: str, reader_for: Dispatch,
              ignored: Callable[[str], None] | None = None, depth: int = 0) -> Iterator[SourceDocument | ReadFailure]:
    """The mail first, then each attachment it carries that docgraph reads."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(h) for h in ("From", "Date", "Subject", "Message-ID")):
        raise Unreadable("not an e-mail (no From, Date, Subject or Message-ID header)")
    attached: list[SourceDocument | ReadFailure] = []
    for n, part in enumerate(message.iter_attachments(), 1):
        attached.extend(_attachment(part, n, source, reader_for, ignored, depth))
    doc = _mail_document(message, source)
    doc.attachments = [a.content_hash for a in attached if isinstance(a, SourceDocument) and a.attached_to is None]
    yield doc
    for item in attached:
        if isinstance(item, SourceDocument) and item.attached_to is None:
            item.attached_to = doc.content_hash
        yield item


def _attachment(part: EmailMessage, n: int, source: str, reader_for: Dispatch,
                ignored: Callable[[str], None] | None, depth: int) -> list[SourceDocument | ReadFailure]:
    name = part.get_filename() or f"attachment-{n}"
    where = f"{source}#attachment-{n}/{name}"
    try:
        if part.get_content_type() == "message/rfc822" or name.lower().endswith(SUFFIXES):
            if depth >= MAX_DEPTH:
                return [ReadFailure(where, f"mail attached more than {MAX_DEPTH} levels deep: not read")]
            inner = part.get_content()
            payload = bytes(inner) if isinstance(inner, EmailMessage) else _bytes(inner)
            return list(read_mail(payload, where, reader_for, ignored, depth + 1))
        read = reader_for(name)
        if read is None:
            if ignored is not None:
                ignored(where)
            return []
        attachment = read(_bytes(part.get_content()), where)
    except Unreadable as err:
        return [ReadFailure(where, str(err))]
    except (LookupError, ValueError, TypeError) as err:  # a damaged part: reported, the mail still read
        return [ReadFailure(where, f"attachment not readable ({type(err).__name__})")]
    return [attachment] if attachment.text.strip() else []


def _bytes(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def _mail_document(message: EmailMessage, source: str) -> SourceDocument:
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        try:
            content = body.get_content()
        except (LookupError, ValueError):  # an unknown charset: read as UTF-8, replacing what fails
            content = body.get_payload(decode=True).decode("utf-8", "replace")
        if body.get_content_subtype() == "html":
            from .html import from_html

            text = from_html(content, source).text
        else:
            text = normalise_text(content)
    subject = _header(message, "Subject")
    # the header is part of the stored text: who wrote to whom, when, is what a mail says (and two
    # mails with one body stay two documents)
    head = [f"{name}: {value}" for name in ("From", "To", "Cc", "Date", "Subject")
            if (value := _header(message, name))]
    text = "\n".join(head) + "\n\n" + (text if text.strip() else "(no text)\n")
    doc = SourceDocument(text=text, source=source, media_type=MEDIA_TYPE)
    if subject:
        doc.title = " ".join(normalise_text(subject).split())
        start = text.find(doc.title)
        doc.title_span = (start, start + len(doc.title)) if 0 <= start < 2000 else None
    try:
        when = message["Date"].datetime if message["Date"] else None
    except (AttributeError, TypeError, ValueError):
        when = None
    if when is not None:
        doc.date = when.date().isoformat()
    for role, header in (("sender", "From"), ("recipient", "To"), ("copy", "Cc")):
        doc.correspondents.extend(_addresses(message, header, role))
    metadata = {"from": _header(message, "From"), "to": _header(message, "To"), "cc": _header(message, "Cc"),
                "message_id": _header(message, "Message-ID"),
                "attachments": [p.get_filename() or "(unnamed)" for p in message.iter_attachments()]}
    doc.metadata = {k: v for k, v in metadata.items() if v}
    return doc


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):
        return None
    return " ".join(normalise_text(str(value)).split()) or None if value is not None else None


def _addresses(message: EmailMessage, name: str, role: str) -> list[Correspondent]:
    try:
        header = message.get(name)
        addresses = header.addresses if header is not None else ()
    except (AttributeError, ValueError, TypeError, IndexError):
        return []
    found = []
    for a in addresses:
        display = " ".join(normalise_text(a.display_name or "").split()) or None
        if display and "," in display and display.count(",") == 1:  # "Okafor, Daniel"
            last, first = (p.strip() for p in display.split(","))
            display = f"{first} {last}" if first and last else display
        found.append(Correspondent(role, display, a.addr_spec.lower() if a.addr_spec and "@" in a.addr_spec else None))
    return [c for c in found if c.name or c.email]
