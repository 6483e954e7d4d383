"""Merges: two entities of the store become one, and the post-ingest consolidation that finds
which ones are.

A merge (``merge_changes``) rewrites one URI into another in every graph but the decisions graph
— mentions, roles, figures, quotations and statements keep their document and evidence; each
document's ``dg:EntityInDocument`` nodes for the two become one — derives the survivor's
entity-level triples again and writes ``old owl:sameAs new``: one transaction.

``consolidate`` finishes the documents written since it last ran (their pending marks), with
what the whole store says:

1. one name, several types or spellings: the entities whose canonical names fold the same (through
   the transliteration table too: "Qasem"/"Qassem Soleimani"; written as one word or two:
   "Aljazeera"/"Al Jazeera") are one, of the
   type with the most evidence over all their documents (type votes: the model's labels, the
   cues around each mention, the gazetteer; a lone word is a person's more for each document of
   the person the store knows with that surname: "Hadi", "Pompeo"), unless the other type has strong evidence of its own
   (a gazetteer entry for a place; cue- or gazetteer-backed mentions in several documents): then
   both stay, and ``docgraph review`` shows the pair;
1a. one name, one node of the wrong type: an entity whose documents (three or more), all counted, give another
   type RETYPE_MARGIN times the evidence of its own ("Hamas" minted a person by the first
   document that named it, which every later document then joined) becomes an entity of that
   type (a merge into the URI of that type: the old URI says ``owl:sameAs`` the new one); this
   step runs again after the others, whose merges may have joined documents of another type;
2. an organisation named for its members is one in the singular and the plural ("Houthi",
   "Houthis"); one gazetteer entry, one place;
3. people: a shorter form of a name ("Zarif", "Javad Zarif"; also a lone surname the model
   typed as an organisation or a place, with no evidence of its own; a lone name that is no one's
   surname but the first name of the person the documents attest most, "Saddam") and the full
   names it is part of
   are one person when those full names are all names of one person ("Donald Trump", "Donald J.
   Trump"), or when one of them has DOMINANCE times the documents of any other; the survivor is
   the best-attested complete name, never the shorter form; a tie is left for review;
   A shorter name whose documents nearly all name one entity that holds it is that entity ("Ban"
   beside "Ban Ki-moon", surname first; "Islamic Republic" beside "Islamic Republic of Iran");
4. an acronym or a lone surname that is the alias of exactly one entity of its type joins it (an
   acronym the alias of several: the one with DOMINANCE times the documents of any other; a tie
   is left for review); an acronym no entity of its type carries, with no evidence of its own,
   joins the entity of another type it is the alias of ("NPT", "JCPOA": treaties the model reads
   as organisations).

Each merge is one transaction; the pending marks are cleared last, so a consolidation killed
part-way is finished by the next command that consolidates.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections import Counter, defaultdict

from pyoxigraph import NamedNode, Quad

from .decisions import UNNAMED, Decided, record
from .entity_graph import (
    Changes,
    Facts,
    InDocument,
    derive,
    document_name,
    entities_of_documents,
    names_in_documents,
    pending,
    pending_mark,
    read_facts,
    settle_names,
    stored,
)
from .name_index import Known, NameIndex, compact, compatible, key, tokens, votes_of
from .names import is_acronym, patronymic, slugify
from .places import gazetteer
from .rdf import (
    decisions_graph,
    entity_class,
    entity_graph,
    entity_uri,
    in_document,
    in_document_quads,
    resolution_graph,
    type_segments,
)
from .resolve import DOMINANCE, is_weak
from .vocab import DG, OWL, TYPE_CLASS

__all__ = ["consolidate", "merge", "merge_changes"]

_ARTICLE_FIRST = re.compile(r"^(?:al|el)\b", re.IGNORECASE)
MINORITY = 0.2  # a second type stands on its own only with this share of the evidence ...
STRONG_PER_MENTION = 2.0  # ... and more evidence per mention than the model's label gives (cues, gazetteer) ...
STRONG_DOCUMENTS = 3  # ... in this many documents (or a gazetteer entry, for a place)
STRONG_SHARE = 0.75  # ... with this share of its votes for its type
COMPANION_SHARE = 0.8  # a lone name is the full name named beside it in this share of its documents
NAMED_TYPES = ("Person", "Organization", "Place")  # the types mention votes are about (works and events are not)
RETYPE_MARGIN = 1.5  # an entity takes another type when its documents give that type this many times the evidence


def _finer_ok(main: NamedNode | None, cls: str) -> bool:
    """A class may stay on an entity of type ``main``: the type itself or a class under it."""
    if main is None:
        return True
    if cls == main.value:
        return True
    _, parents = type_segments()
    return parents.get(cls) == main.value


def _combined(nodes: list[InDocument], old: str, new: str) -> InDocument:
    """The ``dg:EntityInDocument`` nodes of ``old`` and ``new`` in one document, as one node of
    ``new``: counts added, ``new``'s name kept (``old``'s becomes an alias), the rest joined."""
    main = entity_class(new)
    first = nodes[0]
    out = InDocument(first.graph, in_document(first.graph, new), new)
    for n in nodes:
        out.count += n.count
        out.aliases |= n.aliases
        if n.name:
            out.aliases.add(n.name)
        out.types |= {c for c in n.types if _finer_ok(main, c)}
        for t, v in n.votes.items():
            out.votes[t] = out.votes.get(t, 0.0) + v
        if main is None or main == TYPE_CLASS["Place"]:  # what the gazetteer says holds of places only
            out.gazetteer |= n.gazetteer
            out.countries |= {c for c in n.countries if c not in (old, new)}
        out.emails |= n.emails
    out.name = document_name([n.name for n in nodes if n.name], new)
    out.aliases.discard(out.name)
    if main is not None:
        out.types.add(main.value)
    return out


def _node_quads(n: InDocument) -> list[Quad]:
    return in_document_quads(NamedNode(n.graph), NamedNode(n.node), NamedNode(n.entity), n.count, n.name,
                             n.aliases, [NamedNode(c) for c in sorted(n.types)], n.votes,
                             [NamedNode(g) for g in sorted(n.gazetteer)], [NamedNode(c) for c in sorted(n.countries)],
                             n.emails)


def merge_changes(store, old: str, new: str) -> Changes:
    """The changes that make ``old`` one entity with ``new``, as one transaction: ``old`` is
    rewritten into ``new`` in every graph but the decisions graph, each document's nodes for the
    two become one, ``new``'s entity-level triples are derived again, and ``old owl:sameAs new``
    goes into the resolution graph."""
    base = store.base_uri
    eg, res, dec = entity_graph(base), resolution_graph(base), decisions_graph(base)
    o, n = NamedNode(old), NamedNode(new)
    facts = read_facts(store, {old, new})
    in_doc = {(x.graph, x.node) for x in facts.nodes}
    out = Changes()

    def swap(term):
        return n if term == o else term

    for q in [*store.raw.quads_for_pattern(o, None, None, None), *store.raw.quads_for_pattern(None, None, o, None)]:
        if q.graph_name == dec or (q.graph_name.value, q.subject.value) in in_doc:
            continue  # a decision names what it was about; the nodes are rebuilt below
        out.remove.append(q)
        if q.graph_name != eg:  # the entity graph of ``new`` is derived below
            out.add.append(Quad(swap(q.subject), q.predicate, swap(q.object), q.graph_name))
        elif q.subject != o:  # a link into ``old`` from another entity
            out.add.append(Quad(q.subject, q.predicate, n, q.graph_name))
    by_graph: dict[str, list[InDocument]] = defaultdict(list)
    for x in facts.nodes:
        by_graph[x.graph].append(x)
    rebuilt: list[InDocument] = []
    unimplied: dict[str, set[str]] = defaultdict(set)  # country -> graphs where no place implies it now
    for graph, nodes in by_graph.items():
        if not any(x.entity == old for x in nodes):
            rebuilt += nodes
            continue
        for x in nodes:
            out.remove += list(store.raw.quads_for_pattern(NamedNode(x.node), None, None, NamedNode(graph)))
        node = _combined(nodes, old, new)
        rebuilt.append(node)
        out.add += _node_quads(node)
        for c in set().union(*(x.countries for x in nodes)) - node.countries - {old, new}:
            unimplied[c].add(graph)
    statements = {(g, new, p, swap(obj) if isinstance(obj, NamedNode) else obj) for g, _, p, obj in facts.statements}
    target = derive(Facts(rebuilt, statements), {new}, base)
    now = stored(store, {new}, base)
    out.remove += sorted(now - target, key=str)
    out.add += sorted(target - now, key=str)
    out.add.append(Quad(o, OWL.sameAs, n, res))
    out.extend(_unimplied_countries(store, unimplied, {x.node for x in facts.nodes}))
    return out


def _unimplied_countries(store, unimplied: dict[str, set[str]], merged_nodes: set[str]) -> Changes:
    """A country a document does not mention, there only because a city of it was (``resolve``
    adds it), goes from that document when what was the city is no place after a merge; so does
    whatever only that document said of it in the entity graph."""
    out = Changes()
    for country, graphs in sorted(unimplied.items()):
        c = NamedNode(country)
        gone: set[tuple[str, str]] = set()
        for graph in sorted(graphs):
            g = NamedNode(graph)
            if any(q.subject.value not in merged_nodes
                   for q in store.raw.quads_for_pattern(None, DG.countryInDocument, c, g)):
                continue  # another place of the document lies in it
            node = NamedNode(in_document(graph, country))
            count = next(iter(store.raw.quads_for_pattern(node, DG.mentionCount, None, g)), None)
            if count is None or int(count.object.value) != 0:
                continue  # the document mentions it
            out.remove += list(store.raw.quads_for_pattern(node, None, None, g))
            gone.add((graph, node.value))
        if gone:
            facts = read_facts(store, {country})
            facts.nodes = [x for x in facts.nodes if (x.graph, x.node) not in gone]
            target = derive(facts, {country}, store.base_uri)
            now = stored(store, {country}, store.base_uri)
            out.remove += sorted(now - target, key=str)
            out.add += sorted(target - now, key=str)
    return out


def merge(store, a: str, b: str, score: float | None = None, *, verdict: bool = True, by: str = UNNAMED):
    """``a`` is merged into ``b`` (b's URI stands for both from now on), and the decision is
    recorded: one transaction. Returns the decision (None with ``verdict=False``)."""
    changes = merge_changes(store, a, b)
    decision = None
    if verdict:
        decision, recorded = record(store, a, b, "merge", score, by)
        changes.extend(recorded)
    _crash_point("merge")
    store.apply(changes)
    return decision



# -- after an ingest ------------------------------------------------------------------------------

def _crash_point(name: str) -> None:
    """Tests kill a real process here (DOCGRAPH_CRASH_AT=name) to prove a step is kill-safe."""
    if os.environ.get("DOCGRAPH_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


class _Run:
    """One consolidation: the index, the decisions, the merges made so far."""

    def __init__(self, store, index: NameIndex, decided: Decided) -> None:
        self.store, self.index, self.decided = store, index, decided
        self.done: dict[str, str] = {}
        self.votes: dict[str, tuple[Counter, int]] = {}

    def merge(self, old: str, new: str) -> bool:
        if old == new or old not in self.index.entities or new not in self.index.entities:
            return False
        if frozenset((old, new)) in self.decided.apart:
            return False
        _crash_point("consolidate-merge")
        self.store.apply(merge_changes(self.store, old, new))
        self.index.merged(old, new)
        for k, v in list(self.done.items()):
            if v == old:
                self.done[k] = new
        self.done[old] = new
        self.votes.pop(old, None)
        self.votes.pop(new, None)
        return True

    def attested(self, uri: str) -> int:
        """How many documents give the entity its canonical name (not a shorter form of it)."""
        k = self.index.entities.get(uri)
        if k is None:
            return 0
        names = names_in_documents(self.store, {uri}).get(uri, Counter())
        return sum(n for name, n in names.items() if key(name) == key(k.name))

    def survivor(self, group: set[str]) -> str:
        """Of entities that are one: the complete name most documents give, then the most documents."""
        index = self.index
        return max(group, key=lambda u: (index.entities[u].complete, self.attested(u), index.entities[u].docs,
                                         len(tokens(index.entities[u].name)), u))

    def votes_of(self, uri: str) -> Counter:
        """Type evidence over all the entity's documents."""
        if uri not in self.votes:
            self.votes[uri] = votes_of(self.store, uri)
        return self.votes[uri][0]

    def mentions_of(self, uri: str) -> int:
        self.votes_of(uri)
        return self.votes[uri][1]


def _strong(run: _Run, uri: str) -> bool:
    """An entity whose own type has evidence enough to stand beside a same-named one of another
    type: a gazetteer entry for a place its documents mostly say is one (STRONG_SHARE of the
    votes: the gazetteer knows towns named Obama and Kennedy), or — in STRONG_DOCUMENTS documents or more — mostly votes
    for its type that weigh more than the model's label alone (cues around the mentions, the
    gazetteer: more than STRONG_PER_MENTION per mention)."""
    k = run.index.entities[uri]
    votes = run.votes_of(uri)
    own = votes.get(k.type, 0.0)
    if k.type == "Place" and k.same_as and own / max(sum(votes.values()), 1e-9) >= STRONG_SHARE:
        return True
    return k.docs >= STRONG_DOCUMENTS and own / max(sum(votes.values()), 1.0) >= STRONG_SHARE and \
        own / max(run.mentions_of(uri), 1) > STRONG_PER_MENTION


def _one_name(run: _Run, keys: set[str]) -> None:
    """Step 1: entities whose canonical names fold the same, transliterations too (``spelling``)."""
    index = run.index
    for name_key in sorted(keys):
        group = {u for u in index.by_spelling.get(name_key, ()) if u in index.entities}
        if len(group) < 2:
            continue
        evidence: Counter = Counter()
        for u in group:
            for t, w in run.votes_of(u).items():
                evidence[t] += w
        lone = sorted(index.entities[u].name for u in group if len(tokens(index.entities[u].name)) == 1)
        if lone:  # a lone word that is the surname of a person the store knows well
            known = index.dominant(index.fuller(lone[0]), DOMINANCE)
            if known:
                evidence["Person"] += sum(index.entities[u].docs for u in known)
        types = {index.entities[u].type for u in group}
        winner = max(types, key=lambda t: (evidence.get(t, 0.0), sum(index.entities[u].docs for u in group
                                                                        if index.entities[u].type == t), t))
        plan: dict[str, str] = {}
        into_winner = run.survivor({u for u in group if index.entities[u].type == winner})
        for etype in sorted(types):
            members = {u for u in group if index.entities[u].type == etype}
            if etype != winner and evidence.get(etype, 0.0) >= MINORITY * evidence.get(winner, 0.0) and \
                    any(_strong(run, u) for u in members):
                into = run.survivor(members)  # another thing of this name: it stays, review shows it
            else:
                into = into_winner
            plan.update({u: into for u in members})
        for u, into in sorted(plan.items()):
            run.merge(u, into)


def _pending_votes(store, docs: list[str]) -> dict[str, Counter]:
    """Each entity's type votes in the documents ``docs`` (their ``dg:EntityInDocument`` nodes)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        g = NamedNode(doc)
        entity_of = {q.subject: q.object.value for q in store.raw.quads_for_pattern(None, DG.entity, None, g)}
        for q in store.raw.quads_for_pattern(None, DG.typeVotes, None, g):
            uri = entity_of.get(q.subject)
            if uri is None:
                continue
            try:
                for t, w in json.loads(q.object.value).items():
                    out[uri][str(t)] += float(w)
            except (ValueError, AttributeError):
                continue
    return out


def _retype(run: _Run, uris: set[str], pending_votes: dict[str, Counter]) -> None:
    """Step 1a: an entity named in STRONG_DOCUMENTS documents or more whose documents, all
    counted, give another type RETYPE_MARGIN times the evidence of its own takes that type.
    Looked at only when the documents just written lean that way (``pending_votes``: their votes
    by the URI each entity had when they were written), then the whole store's votes for each
    entity in doubt. A URI merged away before is never minted again, a pair a person kept apart
    is never joined, and a name the curated file types keeps its type."""
    from . import aliases
    from .names import fold

    index = run.index
    recent: dict[str, Counter] = defaultdict(Counter)  # by the URI each entity has now
    for u, v in pending_votes.items():
        recent[run.done.get(u, u)].update(v)
    curated = aliases.load()
    for uri in sorted(uris):
        k = index.entities.get(uri)
        votes = recent.get(uri)
        if k is None or not votes or k.type not in NAMED_TYPES or k.docs < STRONG_DOCUMENTS:
            continue
        if max(votes, key=lambda t: (votes[t], t == k.type)) == k.type:
            continue
        evidence = Counter(run.votes_of(uri))
        words = tokens(k.name)
        if len(words) == 1:  # a lone word that is the surname of a person the store knows well
            known = index.dominant(index.fuller(k.name), DOMINANCE)
            if known:
                evidence["Person"] += sum(index.entities[u].docs for u in known)
        winner = max(evidence, key=lambda t: (evidence[t], t == k.type))
        if winner == k.type or winner not in NAMED_TYPES or \
                evidence[winner] < RETYPE_MARGIN * evidence.get(k.type, 0.0):
            continue
        new = entity_uri(index.base, winner, k.name)
        if new in run.decided.merged or frozenset((uri, new)) in run.decided.apart or curated.entry(fold(k.name)):
            continue  # never revive a merged-away URI; a person's decision and the curated file stand
        if new not in index.entities:
            index.add(Known(new, winner, k.name, set(), 0, set()))
        run.merge(uri, new)


def _plurals(run: _Run, uris: set[str]) -> None:
    """Step 1b: an organisation named for its members, in the singular and the plural ("Houthi",
    "Houthis"; "Democrat", "Democrats") is one organisation."""
    index = run.index
    for uri in sorted(uris):
        k = index.entities.get(uri)
        if k is None or k.type != "Organization":
            continue
        name_key = key(k.name)
        other = name_key[:-1] if name_key.endswith("s") and len(name_key) > 4 else name_key + "s"
        group = {u for u in index.by_key.get(other, ()) if index.entities[u].type == "Organization"}
        if group:
            into = run.survivor(group | {uri})
            for u in sorted((group | {uri}) - {into}):
                run.merge(u, into)


def _one_place(run: _Run, uris: set[str]) -> None:
    """Step 2: one gazetteer entry, one place."""
    index = run.index
    for uri in sorted(uris):
        k = index.entities.get(uri)
        if k is None or not k.same_as:
            continue
        group = {u for u in index.same_as(k.same_as) if u in index.entities}
        if len(group) > 1:
            places = {u for u in group if index.entities[u].type == "Place"} or group
            into = run.survivor(places)
            for u in sorted(group - {into}):
                run.merge(u, into)


def _one_person(run: _Run, uris: set[str]) -> None:
    """Step 3: shorter forms of a name and the full names they are part of."""
    index = run.index
    people: set[str] = set()
    for uri in uris:
        k = index.entities.get(uri)
        if k is None or k.type != "Person" or not tokens(k.name):
            continue
        people.add(uri)
        # the shorter forms of a touched full name are looked at too (they may be old)
        people |= {u for u in index.by_surname.get(tokens(k.name)[-1], ()) if index.entities[u].type == "Person"}
    for uri in sorted(people, key=lambda u: (len(tokens(index.entities[u].name)) if u in index.entities else 0, u)):
        k = index.entities.get(uri)
        if k is None:
            continue
        short = tokens(k.name)
        fuller = {u for u in index.fuller(k.name) if frozenset((uri, u)) not in run.decided.apart}
        same_length = {u for u in index.by_surname.get(short[-1], ())
                       if u != uri and index.entities[u].type == "Person"
                       and len(tokens(index.entities[u].name)) == len(short)
                       and compatible(short, tokens(index.entities[u].name)) and len(short) > 1}
        fuller |= same_length
        if not fuller and len(short) == 1 and index.by_surname.get(short[0], set()) <= {uri}:
            # a lone name that is no one's surname but one person's first name ("Saddam", "Bashar")
            fuller = {u for u in index.by_first.get(short[0], ()) if u != uri and index.entities[u].complete
                      and frozenset((uri, u)) not in run.decided.apart}
            top = index.dominant(fuller, DOMINANCE) if fuller else None
            if top:
                run.merge(uri, run.survivor(top))
            continue
        if not fuller:
            continue
        groups = index.one_person(fuller)
        if len(groups) == 1 and all(compatible(short, tokens(index.entities[u].name)) for u in groups[0]):
            group = groups[0] | {uri}
            into = run.survivor(group)
            for u in sorted(group - {into}):
                run.merge(u, into)
            continue
        top = index.dominant(fuller - same_length, DOMINANCE)
        if top:  # a shorter form goes to the name the documents attest far more than any other
            run.merge(uri, run.survivor(top))
    # a surname or a shorter form of a person's name the model typed as an organisation or a
    # place ("Guterres", "Le Pen"), with no evidence of its own for that type, is the person too;
    # a gazetteer entry is such evidence only for a country, region or large city by its own name
    # ("Andrews", a town of 13,816, is the UN rapporteur Tom Andrews; "Jordan" stays the country)
    places = gazetteer()
    for uri in sorted(uris):
        k = index.entities.get(uri)
        if k is None or k.type == "Person" or not 0 < len(tokens(k.name)) <= 3 or is_acronym(k.name) \
                or (k.same_as and places.sure(k.name)) or _strong(run, uri) or _ARTICLE_FIRST.match(k.name):
            continue  # "Al-Alam", "al-Qods": the article and one word, a broadcaster's or a city's name
        fuller = {u for u in index.fuller(k.name) if frozenset((uri, u)) not in run.decided.apart}
        top = index.dominant(fuller, DOMINANCE) if fuller else None
        if top:
            run.merge(uri, run.survivor(top))


def _holds(short: list[str], full: list[str], person: bool) -> bool:
    """``full`` holds the shorter name ``short``: for a person, the one word in any place ("Ban" of
    "Ban Ki-moon", surname first) but not after a patronymic ("Salman" of "Mohammed bin Salman");
    for anything else, two or more words at the start or the end ("Islamic Republic" of "Islamic
    Republic of Iran", "Security Council" of "UN Security Council")."""
    if len(short) >= len(full):
        return False
    if person:
        at = [i for i, w in enumerate(full) if w == short[0]]
        return len(short) == 1 and bool(at) and not any(i > 0 and full[i - 1] in patronymic() for i in at)
    return len(short) >= 2 and (full[: len(short)] == short or full[-len(short):] == short)


def _companions(run: _Run, uris: set[str]) -> None:
    """Step 3b: a shorter name whose documents nearly all (COMPANION_SHARE) name one entity that
    holds it (``_holds``) is that entity: what resolution inside each document missed, the
    documents together show."""
    index = run.index
    for uri in sorted(uris):
        k = index.entities.get(uri)
        if k is None or k.docs == 0 or is_acronym(k.name):
            continue
        short = tokens(k.name)
        person = k.type == "Person"
        if (person and len(short) != 1) or (not person and len(short) < 2) or (not person and k.docs < 2):
            continue
        together: Counter = Counter()
        docs_with: dict[str, set[str]] = {}
        # the entities whose names hold this one (a person's: any word; else its first or last words)
        holders = set(index.by_word.get(short[0], ())) if person else \
            set(index.by_word.get(short[0], ())) | set(index.by_word.get(short[-1], ()))
        for f in sorted(holders - {uri}):
            other = index.entities.get(f)
            if other is None or (other.type == "Person") != person or not other.complete:
                continue
            if not any(_holds(short, tokens(n), person) for n in ({other.name} if person else other.names)):
                continue
            docs = {r["d"].value for r in run.store.query(f"""SELECT DISTINCT ?d WHERE {{ GRAPH ?d {{
                                          ?d schema:mentions {NamedNode(uri)} , {NamedNode(f)} }} }}""", union=False)}
            if docs:
                together[f] = len(docs)
                docs_with[f] = docs
        # a holder whose name holds another holder's is a longer form of it ("High Council for Human
        # Rights Kazem Gharibabadi", a name run into the next, beside "High Council for Human Rights")
        longer = {f for f in together for g in together if f != g and any(
            _holds(tokens(index.entities[g].name), tokens(n), person) for n in index.entities[f].names)}
        if len(together) > 1 and len(together) - len(longer) == 1:
            together = Counter({f: len(set().union(*docs_with.values())) for f in together if f not in longer})
        if len(together) == 1:
            ((f, n),) = together.items()
            if n >= COMPANION_SHARE * k.docs and frozenset((uri, f)) not in run.decided.apart:
                run.merge(uri, f)


def _weak_aliases(run: _Run, uris: set[str]) -> None:
    """Step 4: an acronym or a lone surname known as the alias of exactly one entity of its type
    (an acronym: or of several, one attested DOMINANCE times more than any other); failing that,
    an acronym that spells out the name of one entity of its type, or of the one the documents
    attest DOMINANCE times more than any other ("OIC": Organization of Islamic Cooperation)."""
    index = run.index
    candidates = set(uris)
    for uri in uris:  # a touched entity's aliases may name an old weak entity
        k = index.entities.get(uri)
        if k is not None:
            for n in k.names:
                candidates |= index.named(n)
    for uri in sorted(candidates):
        k = index.entities.get(uri)
        if k is None or not is_weak(k.type, k.name) or not uri.endswith("/" + slugify(k.name)):
            continue
        strong = {u for u in index.known_as(k.name) if u != uri and index.entities[u].type == k.type
                  and frozenset((uri, u)) not in run.decided.apart}
        ranked = sorted(strong, key=lambda u: (-index.entities[u].docs, u))
        if len(strong) == 1:
            run.merge(uri, strong.pop())
        elif strong and is_acronym(k.name) and index.entities[ranked[0]].docs >= DOMINANCE * max(index.entities[ranked[1]].docs, 1):
            run.merge(uri, ranked[0])  # the alias of several: the one the documents attest far more ("OIC")
        elif not strong and is_acronym(k.name) and _across_types(run, uri):
            continue  # the alias of one entity of another type ("NPT": the Non-Proliferation Treaty)
        elif not strong and is_acronym(k.name):
            spelt = sorted((u for u in index.spelt_out(k.name) if u != uri and index.entities[u].type == k.type
                            and frozenset((uri, u)) not in run.decided.apart),
                           key=lambda u: -index.entities[u].docs)
            if spelt and (len(spelt) == 1 or index.entities[spelt[0]].docs >=
                          DOMINANCE * max(index.entities[spelt[1]].docs, 1)):
                run.merge(uri, spelt[0])


def _across_types(run: _Run, uri: str) -> bool:
    """An acronym no entity of its own type carries, with no evidence of its own type (``_strong``),
    that is the alias of one entity of another type, or of the one the documents attest DOMINANCE
    times more than any other, is that entity ("NPT" an organisation by the model's reading, the
    alias of the Non-Proliferation Treaty; "OPT" of the Occupied Palestinian Territories). True
    when it was merged."""
    index = run.index
    k = index.entities[uri]
    if _strong(run, uri):
        return False
    other = sorted((u for u in index.known_as(k.name) if u != uri and index.entities[u].type != k.type
                    and frozenset((uri, u)) not in run.decided.apart), key=lambda u: (-index.entities[u].docs, u))
    if not other or (len(other) > 1 and index.entities[other[0]].docs < DOMINANCE * index.entities[other[1]].docs):
        return False
    return run.merge(uri, other[0])


def _decided(run: _Run) -> None:
    """Step 0: merges decided earlier (a person, the curated file, an earlier consolidation) for
    entities that are in the store under the merged-away URI (a bulk load knew nothing of them)."""
    for old, new in sorted(run.decided.merged.items()):
        if old in run.index.entities and new in run.index.entities:
            run.merge(old, new)


def consolidate(store, *, everything: bool = False) -> dict[str, str]:
    """Finish the documents written since the last consolidation: merge what the store says is one
    (the steps above; each merge one transaction), settle canonical names, and clear the pending
    marks (one transaction). Killed part-way, the marks stay and the next ingest redoes what is
    left. ``everything``: every document of the store, after deriving its whole entity graph again
    from the documents (a store bulk-loaded from `docgraph extract --format nq` shards, which
    wrote each document's entity triples as that document saw them). Returns {old URI: the URI it
    is now} for the merges made."""
    if everything:
        _derive_everything(store)
        docs = [d.uri for d in store.documents()]
    else:
        docs = pending(store)
    if not docs:
        return {}
    index = NameIndex.load(store)
    run = _Run(store, index, Decided.load(store))
    touched = entities_of_documents(store, docs) & set(index.entities)
    alive = lambda: {run.done.get(u, u) for u in touched} & set(index.entities)
    _decided(run)
    _one_name(run, {compact(index.entities[u].name) for u in alive()})
    written = _pending_votes(store, docs)
    _retype(run, alive(), written)
    _plurals(run, alive())
    _one_place(run, alive())
    _one_person(run, alive())
    _companions(run, alive())
    _weak_aliases(run, alive())
    _retype(run, alive(), written)  # again: the merges since may have made a node of another type's documents
    _crash_point("consolidate-names")
    final = settle_names(store, alive() | set(run.done.values()))
    final.remove += [pending_mark(d) for d in pending(store)] if everything else [pending_mark(d) for d in docs]
    store.apply(final)
    return run.done


DERIVE_BATCH = 500  # entities derived again per transaction


def _derive_everything(store) -> None:
    """The entity graph of every entity, derived again from the documents, a batch a transaction."""
    from .entity_graph import all_entities, rederive

    uris = sorted(all_entities(store))
    for i in range(0, len(uris), DERIVE_BATCH):
        store.apply(rederive(store, uris[i:i + DERIVE_BATCH]))
