"""``docgraph export``: Gephi-ready graphs (GEXF, GraphML, CSV) and RDF dumps."""

from __future__ import annotations

import click

from ..export import GRAPH_FORMATS, RDF_FORMATS
from .context import Context, fail, output_stream, parse_params, plural, user_errors


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS + RDF_FORMATS), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (stdout when absent; csv needs it).")
@click.option("--graph", metavar="DOCUMENT",
              help="RDF formats: only this document (its URI, the file path it was ingested from, or path#id; "
                   "a JSONL file: all of its documents).")
@click.option("--type", "types", help="Only these node types, comma-separated: Person,Organization,Place,Event,Work.")
@click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
              help="Drop edges supported by fewer documents.")
@click.option("--co-mentions", is_flag=True, help="Add co-mention edges weighted by shared documents.")
@click.option("--min-co-mentions", type=click.IntRange(min=1), default=None, metavar="N",
              help="Co-mention edges only for entities named together in N documents or more "
                   "(default 3; implies --co-mentions).")
@click.option("--drop-isolated/--keep-isolated", default=None,
              help="Leave out nodes without an edge (default: dropped when --type or --min-weight narrows the graph).")
@click.option("--documents", is_flag=True, help="Add document nodes linked to the entities they mention.")
@click.option("--metrics", is_flag=True, help="Add degree, PageRank, betweenness and Louvain community.")
@click.option("--dynamic", is_flag=True,
              help="Time for Gephi's timeline: GEXF spells; GraphML and CSV start, end and timeset.")
@click.option("--query", "query_ref", help="Only the entities a canned query (NAME or FILE.rq) returns.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A --query parameter (repeatable).")
@click.pass_context
@user_errors
def export(ctx: click.Context, fmt: str, output: str | None, graph: str | None, types: str | None, min_weight: int,
           co_mentions: bool, min_co_mentions: int | None, drop_isolated: bool | None, documents: bool, metrics: bool,
           dynamic: bool, query_ref: str | None, params: tuple[str, ...]) -> None:
    """Export the graph for Gephi (gexf, graphml, csv) or dump the RDF (ttl, trig, nq, nt, jsonld)."""
    obj: Context = ctx.obj
    given = [f"--{name.replace('_', '-')}" for name in ("types", "min_weight", "co_mentions", "min_co_mentions",
                                                        "drop_isolated", "documents", "metrics", "dynamic",
                                                        "query_ref", "params", "graph")
             if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]
    given = [{"--types": "--type", "--query-ref": "--query", "--params": "--param",
              "--drop-isolated": "--drop-isolated/--keep-isolated"}.get(g, g) for g in given]
    if fmt in RDF_FORMATS:
        misplaced = [g for g in given if g != "--graph"]
        if misplaced:
            fail(f"{', '.join(misplaced)}: only for the graph formats (gexf, graphml, csv); "
                 f"--format {fmt} dumps the RDF as stored (its dates included)")
        store = obj.store(read_only=True)
        from ..export import rdf
        from ..queries import document_graphs

        documents = document_graphs(store, graph) if graph else None
        with output_stream(output) as fh:
            rdf.write(store, fmt, fh, documents)
        if output:
            click.echo(f"wrote {output}", err=True)
        return
    if graph:
        fail(f"--graph: only for the RDF formats ({', '.join(RDF_FORMATS)}); for one document's entities "
             "use --query documents-mentioning or --query entity")
    wanted = None
    if types:
        wanted = {t.strip() for t in types.split(",") if t.strip()}
        unknown = wanted - {"Person", "Organization", "Place", "Event", "Work"}
        if unknown:
            fail(f"unknown type(s) {', '.join(sorted(unknown))}: use Person, Organization, Place, Event, Work")
    if fmt == "csv" and not output:
        fail("--format csv writes two files (nodes and edges): give -o NAME.csv")
    store = obj.store(read_only=True)
    from ..export import project

    only = None
    if query_ref:
        only = project.entities_from_query(store, query_ref, parse_params(params))
    elif params:
        fail("--param goes with --query NAME")
    if drop_isolated is None:  # a filtered graph is about what is linked
        drop_isolated = bool(wanted) or min_weight > 1
    options = project.Options(types=wanted, min_weight=min_weight, documents=documents, metrics=metrics, only=only,
                              co_mentions=co_mentions or min_co_mentions is not None, drop_isolated=drop_isolated,
                              min_co_mentions=min_co_mentions or project.MIN_CO_MENTIONS)
    g = project.graph(store, options)
    if fmt == "gexf":
        from ..export import gexf

        with output_stream(output, binary=False) as fh:
            gexf.write(g, fh, dynamic=dynamic)
    elif fmt == "graphml":
        from ..export import graphml

        with output_stream(output) as fh:
            graphml.write(g, fh, dynamic=dynamic)
    else:
        from ..export import tables

        nodes_path, edges_path = tables.paths_for(output)
        with output_stream(str(nodes_path), binary=False) as nodes, output_stream(str(edges_path), binary=False) as edges:
            tables.write(g, nodes, edges, dynamic=dynamic)
        output = f"{nodes_path} and {edges_path}"
    if output:
        alone = sum(1 for n in g if g.degree(n) == 0)
        hint = f" ({alone} without an edge: --drop-isolated leaves them out)" if alone else ""
        click.echo(f"wrote {output}: {plural(g.number_of_nodes(), 'node')}{hint}, "
                   f"{plural(g.number_of_edges(), 'edge')}", err=True)
