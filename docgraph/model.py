"""Plain data carried between the stages: documents, entities, links.

Nothing here knows about spaCy or RDF. Readers produce ``SourceDocument``; extraction
produces an ``Extraction``; resolution fills in URIs; ``rdf.py`` turns it into quads.
All offsets are character offsets into ``SourceDocument.text`` (the stored text).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Entity kinds and the URI path segment each one gets: {base}/id/{segment}/{slug}
ENTITY_TYPES: dict[str, str] = {
    "Person": "person",
    "Organization": "organization",
    "Place": "place",
    "Event": "event",
    "Work": "work",
}


@dataclass
class Correspondent:
    """Who sent or received a letter or e-mail, as its header names them."""

    role: str  # "sender", "recipient", "copy"
    name: str | None = None
    email: str | None = None


def source_key(path: str, rest: str = "") -> str:
    """The key a document's source is known by in the store (to find the graph a changed file
    replaces): a hash of the file's absolute path, which the graph does not show, and what names
    the document inside the file (``#id`` of a JSONL line)."""
    return "sha256:" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:32] + rest


@dataclass
class SourceDocument:
    """One document as read from disk, its text already normalised.

    ``source`` names where it came from: a file path, or ``path#id`` / ``path#L{n}`` for
    one line of a JSONL file. ``shown_source`` is that name as the graph gives it (``dg:sourcePath``):
    relative to the folder or file the ingest was given (``corpus/a.txt``), so a published
    graph does not show where the files sit on the machine. ``key`` is the private key of
    ``source`` (``source_key``), set by the reader or taken from the store.
    """

    text: str
    source: str
    title: str | None = None
    date: str | None = None  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    url: str | None = None
    publisher: str | None = None
    media_type: str = "text/plain"
    metadata: dict[str, Any] = field(default_factory=dict)
    # span of the title line inside ``text`` when the title was taken from the text itself
    title_span: tuple[int, int] | None = None
    # paged documents (PDF): the span of each page inside ``text``, page 1 first
    pages: list[tuple[int, int]] | None = None
    # e-mail: sender and recipients from the header
    correspondents: list[Correspondent] = field(default_factory=list)
    # an e-mail: the content hashes of the attachments read as documents of their own;
    # an attachment: the content hash of the e-mail it came with
    attachments: list[str] = field(default_factory=list)
    attached_to: str | None = None
    # set when it is written: its MinHash signature, and the document it reprints (see reprints.py)
    signature: str | None = None
    reprint_of: str | None = None
    shown_source: str | None = None
    key: str | None = None

    @property
    def source_key(self) -> str:
        return self.key or source_key(self.source)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def page_at(self, offset: int) -> int | None:
        """The page number (from 1) holding the character at ``offset``, for paged documents."""
        if not self.pages:
            return None
        for number, (start, end) in enumerate(self.pages, 1):
            if start <= offset < end:
                return number
        return len(self.pages) if offset >= self.pages[-1][0] else None


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    start: int
    end: int
    text: str
    sentence: int  # index into Extraction.sentences


@dataclass
class Entity:
    """An entity as found in one document (all its mentions, merged in-document)."""

    key: str  # local id inside the extraction: "e0", "e1", …
    type: str  # one of ENTITY_TYPES
    name: str  # canonical name in this document
    subtype: str | None = None  # finer schema.org class: Report, Legislation, Country, …
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    uri: str | None = None  # set by resolution
    email: str | None = None  # a correspondent's address (the sender of an e-mail)
    # evidence for each type in this document (mention labels, titles, gazetteer priors),
    # weighted; ``type`` is the heaviest. Resolution across documents adds these up.
    type_votes: dict[str, float] = field(default_factory=dict)
    # external identifiers of the same thing: GeoNames ``https://sws.geonames.org/ID/``
    same_as: list[str] = field(default_factory=list)
    # for a city or region: its country's canonical name and GeoNames URI
    country: str | None = None
    country_same_as: str | None = None


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    sentence: int
    value: str | None  # normalised ISO value, None when it could not be resolved
    datatype: str | None  # "date", "gYearMonth", "gYear" (XSD local names) or None
    # for ranges ("between June 2017 and March 2018") the end of the range
    end_value: str | None = None
    end_datatype: str | None = None


@dataclass
class Relation:
    """A binary link between two entities (or an entity and a date/literal).

    ``predicate`` is one of the relation names ``vocab.RELATION_PROPERTY`` maps to a property
    (affiliation, author, publisher, about, addressee, location, participant, organizer,
    date, locatedIn, …). ``obj`` is an entity key, or a literal when ``obj_literal`` is set.
    """

    subject: str
    predicate: str
    obj: str | None
    sentence: int
    evidence: tuple[int, int]  # offsets of the supporting span (usually the sentence)
    obj_literal: str | None = None
    obj_datatype: str | None = None
    attributed_to: list[str] = field(default_factory=list)  # entity keys
    # "sentence": the sentence says it; "document": the document as a whole does (a city named
    # in one sentence, its country in another), ``basis`` saying on what ground
    scope: str = "sentence"
    basis: str | None = None  # "model", "gazetteer", "nationality", "based", … (None: a pattern)


@dataclass
class Role:
    """An n-ary role: ``person`` holds ``title`` in ``organization``."""

    person: str  # entity key
    title: str
    sentence: int
    evidence: tuple[int, int]
    organization: str | None = None  # entity key
    former: bool = False
    late: bool = False  # the holder is deceased ("the late …")
    acting: bool = False
    elect: bool = False
    date: str | None = None
    date_datatype: str | None = None
    # what the person does, said with no body ("Saudi journalist X", "a Canadian analyst"): an
    # occupation (schema:hasOccupation), not a post
    occupation: bool = False


@dataclass
class Attribution:
    """Who gives a figure or makes a claim, how, and when."""

    agent: str  # entity key (person or organisation) or a role phrase when agent_text is set
    kind: str  # "announced", "confirmed", "according-to", "reported", "said", "estimated"
    sentence: int
    evidence: tuple[int, int]
    agent_text: str | None = None  # a role without a name: "the Supreme Leader's chief deputy"
    date: str | None = None
    date_datatype: str | None = None


@dataclass
class Figure:
    """A number the text gives: what it counts, for which event, and who gives it."""

    value: float
    counts: str  # what is counted: "political prisoners", "death toll", "victims"
    text: str  # the figure's words as written: "at least 44", "30,000"
    sentence: int
    evidence: tuple[int, int]
    qualifier: str | None = None  # "at least", "about", "more than", "up to"
    max_value: float | None = None  # for ranges: 2,800–5,000
    event: str | None = None  # entity key of the event it belongs to
    attributions: list[Attribution] = field(default_factory=list)
    # what happened to what is counted: "killed", "injured", "executed", "arrested", "displaced"
    outcome: str | None = None


@dataclass
class Quotation:
    text: str  # the quoted words, without the quote marks
    start: int  # offsets of the quoted words
    end: int
    sentence: int
    speaker: str | None = None  # entity key
    speaker_text: str | None = None  # role without a name, kept as the speaker
    date: str | None = None
    date_datatype: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: SourceDocument
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    model: str | None = None  # name and version of the NLP model used

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["document"]["content_hash"] = self.document.content_hash
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """The inverse of ``to_dict`` (what ``docgraph ingest`` hands a running server)."""
        return _build(cls, data)


def _build(cls: type, data: Any) -> Any:
    """A dataclass (recursively) from the plain dict ``asdict`` made of it; fields it does not
    declare are refused, so a malformed hand-off fails loudly instead of half-loading."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(cls)
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected an object")
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    unknown = set(data) - names - {"content_hash"}
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
    return cls(**{k: _value(hints[k], v) for k, v in data.items() if k in names})


def _value(hint: Any, value: Any) -> Any:
    import dataclasses
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(inner[0], value) if len(inner) == 1 else value
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_value(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    return value
