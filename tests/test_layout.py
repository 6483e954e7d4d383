"""The package's shape: modules import downwards only (no import circles, including the imports
made inside functions), as STYLE.md asks."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "docgraph"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """docgraph module -> the docgraph modules it imports, anywhere in its code."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                submodules = [f"{base}.{a.name}" for a in node.names]
                # `from . import app` imports the submodule; `from .x import f` imports x itself
                targets = submodules if all(s in modules for s in submodules) else [base]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for t in targets:
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name and t != "docgraph":
                    graph[name].add(t)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "docgraph.commands.context" in graph["docgraph.commands.query"]
    assert "docgraph.commands.query" in graph["docgraph.cli"]


def test_command_modules_never_import_the_cli_module():
    graph = import_graph()
    assert not [m for m, deps in graph.items() if m.startswith("docgraph.commands") and "docgraph.cli" in deps]


def test_no_import_circles():
    assert cycles(import_graph()) == []


def test_resolution_runs_one_way():
    """decisions below resolve (one document), resolve below merges (the store), both below
    ingestion, review above them all."""
    graph = import_graph()
    assert "docgraph.decisions" in graph["docgraph.resolve"]
    assert "docgraph.resolve" in graph["docgraph.merges"]
    assert {"docgraph.resolve", "docgraph.merges"} <= graph["docgraph.ingestion"]
    assert {"docgraph.merges", "docgraph.decisions"} <= graph["docgraph.review"]
    for low in ("docgraph.decisions", "docgraph.resolve", "docgraph.merges", "docgraph.entity_graph",
                "docgraph.store"):
        assert not graph[low] & {"docgraph.review", "docgraph.ingestion"}, low
