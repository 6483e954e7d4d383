"""``docgraph review``, ``docgraph merge`` and ``docgraph split``: entity resolution a person decides."""

from __future__ import annotations

import json
import sys

import click

from .context import Context, fail, plural, user_errors


def _candidate_json(n: int, c) -> dict:
    side = lambda s: {"uri": s.uri, "name": s.name, "aliases": s.aliases, "documents": s.documents,
                      "sentence": s.sentence, "document": s.document}
    return {"n": n, "key": c.key, "type": c.type, "score": c.score, "documents": c.documents, "a": side(c.a),
            "b": side(c.b), "reasons": c.reasons}


REVIEWER = click.option("--reviewer", envvar="DOCGRAPH_REVIEWER", default=None, metavar="NAME",
                        help="Your name, recorded with the decision (environment DOCGRAPH_REVIEWER).")


@click.command("review")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None,
              help="table on a terminal, json otherwise")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.6, show_default=True)
@click.option("--accept", "accept", type=int, metavar="N", help="Merge candidate N (its first entity into its second).")
@click.option("--reject", "reject", type=int, metavar="N", help="Keep candidate N's entities apart for good.")
@click.option("--consolidate", is_flag=True,
              help="First run the short-name merge pass an ingest ends with (after a bulk load of `extract --format nq`).")
@REVIEWER
@click.pass_obj
@user_errors
def review(obj: Context, fmt: str | None, limit: int, min_score: float, accept: int | None, reject: int | None,
           consolidate: bool, reviewer: str | None) -> None:
    """Merge candidates, best first, with scores and evidence; --accept N / --reject N decides one."""
    from ..review import candidates

    if accept is not None and reject is not None:
        fail("give --accept or --reject, not both")
    if consolidate:  # needs the store writable (or the server that holds it) before anything reads it
        from ..merges import consolidate as run_consolidate

        store = obj.store(via_server=True)
        merged = store.consolidate() if obj.served else run_consolidate(store, everything=True)
        store.flush()
        click.echo(f"merged {plural(len(merged), 'short name')} into the entities they stand for", err=True)
    chosen = accept if accept is not None else reject
    if chosen is None:
        found = candidates(obj.store(read_only=True), min_score=min_score, limit=limit, with_evidence=True)
    else:
        decide = _decisions(obj)
        found = candidates(obj.snapshot(), min_score=min_score, limit=max(limit, chosen), with_evidence=False)
        if not 1 <= chosen <= len(found):
            fail(f"no candidate {chosen}: `docgraph review` lists {len(found)}")
        c = found[chosen - 1]
        if accept is not None:
            decide.merge(c.a.uri, c.b.uri, c.score, by=reviewer)
            click.echo(f"merged {c.a.name} <{c.a.uri}> into {c.b.name} <{c.b.uri}>")
        else:
            redone = decide.keep_apart(c.a.uri, c.b.uri, c.score, by=reviewer)
            click.echo(f"kept apart: {c.a.name} and {c.b.name}; they will not be proposed again"
                       + (f" ({plural(len(redone), 'document')} extracted again)" if redone else ""))
        return
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        click.echo(json.dumps([_candidate_json(n, c) for n, c in enumerate(found, 1)], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no merge candidates")
        return
    from .terminal import print_table

    def side(s) -> str:
        return f"{s.name}\n{plural(s.documents, 'doc')}" + (f" · aka {', '.join(s.aliases[:3])}" if s.aliases else "")

    print_table(["n", "score", "type", "entity A", "entity B", "why"],
                [[str(n), f"{c.score:.2f}", c.type, side(c.a), side(c.b), "\n".join(c.reasons)]
                 for n, c in enumerate(found, 1)],
                title="merge candidates (docgraph review --accept N | --reject N)")


class _Here:
    """Entity decisions on a store this process holds; ``handoff.ServedStore`` makes the same ones
    through `docgraph serve` when the server holds the store."""

    def __init__(self, store) -> None:
        self.store = store

    def find_entity(self, ref: str) -> str:
        from ..review import find_entity

        return find_entity(self.store, ref)

    def merge(self, a: str, b: str, score: float | None = None, by: str | None = None) -> None:
        from ..review import UNNAMED, merge

        merge(self.store, a, b, score, by=by or UNNAMED)

    def keep_apart(self, a: str, b: str, score: float | None = None, by: str | None = None) -> list[str]:
        from ..review import UNNAMED, keep_apart

        return keep_apart(self.store, a, b, score, by=by or UNNAMED)[1]


def _decisions(obj: Context):
    """Who carries out a decision: this process, or the server that holds the store."""
    store = obj.store(via_server=True)
    return store if obj.served else _Here(store)


@click.command("merge")
@click.argument("a")
@click.argument("b")
@REVIEWER
@click.pass_obj
@user_errors
def merge_cmd(obj: Context, a: str, b: str, reviewer: str | None) -> None:
    """Merge entity A into entity B (URIs, or names that name one entity each)."""
    decide = _decisions(obj)
    ua, ub = decide.find_entity(a), decide.find_entity(b)
    decide.merge(ua, ub, by=reviewer)
    click.echo(f"merged <{ua}> into <{ub}>; <{ua}> stays citable (owl:sameAs)")


@click.command("split")
@click.argument("a")
@click.argument("b")
@REVIEWER
@click.pass_obj
@user_errors
def split_cmd(obj: Context, a: str, b: str, reviewer: str | None) -> None:
    """Keep A and B apart for good; if they were merged, bring both back as they were."""
    decide = _decisions(obj)
    ua, ub = decide.find_entity(a), decide.find_entity(b)  # a merged-away URI still answers (owl:sameAs)
    redone = decide.keep_apart(ua, ub, by=reviewer)
    click.echo(f"kept apart: <{ua}> and <{ub}>" + (f"; {plural(len(redone), 'document')} extracted again" if redone else ""))
