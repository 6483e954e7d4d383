"""Errors a user can cause. The CLI prints their message as one line and exits non-zero."""


class DocgraphError(Exception):
    """Base class: the message names the file or value at fault and, where possible, the fix."""


class ReadError(DocgraphError):
    """A document could not be read (missing, binary, not UTF-8, too large, malformed line)."""


class StoreError(DocgraphError):
    """The store could not be opened or written (locked by another process, wrong base URI)."""


class QueryError(DocgraphError):
    """A SPARQL query is malformed, timed out, or a parameter is missing or ill-typed."""


class ExtractionError(DocgraphError):
    """A document that the extractor could not process."""
