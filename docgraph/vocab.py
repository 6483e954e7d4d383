"""Namespaces and the terms docgraph writes, as pyoxigraph ``NamedNode``s.

The meaning of each ``dg:`` term is in ``ontology/docgraph.ttl``; this module only names them.
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace:
    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)


SCHEMA = Namespace("https://schema.org/")
DG = Namespace("https://w3id.org/docgraph#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREFIXES: dict[str, str] = {
    "schema": SCHEMA.iri,
    "dg": DG.iri,
    "nif": NIF.iri,
    "itsrdf": ITSRDF.iri,
    "prov": PROV.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
}

# docgraph entity type -> schema.org class
TYPE_CLASS: dict[str, NamedNode] = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Event": SCHEMA.Event,
    "Work": SCHEMA.CreativeWork,
}

# relation name (Relation.predicate) -> the property of the direct edge
RELATION_PROPERTY: dict[str, NamedNode] = {
    "affiliation": SCHEMA.affiliation,
    "memberOf": SCHEMA.memberOf,
    "author": SCHEMA.author,
    "publisher": SCHEMA.publisher,
    "about": SCHEMA.about,
    "addressedTo": DG.addressedTo,
    "location": SCHEMA.location,
    "locatedIn": SCHEMA.containedInPlace,
    "participant": DG.participant,
    "organizer": SCHEMA.organizer,
    "date": SCHEMA.startDate,
    "endDate": SCHEMA.endDate,
    "datePublished": SCHEMA.datePublished,
    "killed": DG.killed,
    "homeLocation": SCHEMA.homeLocation,
    "isPartOf": SCHEMA.isPartOf,
    "spokesperson": DG.spokespersonOf,
    "headOf": DG.headOf,
    "citizenOf": DG.citizenOf,
}


def xsd(datatype: str) -> NamedNode:
    """'date' -> xsd:date."""
    return XSD[datatype]
