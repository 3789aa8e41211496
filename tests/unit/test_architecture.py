"""The shape of the code (DESIGN.md, Layout): no import cycles between modules of
src/coffeechat, and no private name (`_x`) imported from another module."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "coffeechat"


def module_name(path: Path) -> str:
    parts = ["coffeechat", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def imports(name: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in a module, lazy ones too."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((submodule, [], node.lineno) if submodule in MODULES else (base, [alias.name], node.lineno))
    return [(module, names, line) for module, names, line in found if module in MODULES]


def graph() -> dict[str, set[str]]:
    return {name: {module for module, _, _ in imports(name) if module != name} for name in MODULES}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports():
    edges = graph()
    assert "coffeechat.kb.store" in edges["coffeechat.kb.index"]
    assert "coffeechat.signals" in edges["coffeechat.questions.checks"]


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_private_name_is_imported_across_modules():
    private = [f"{MODULES[name].relative_to(SRC)}:{line}: {module}.{n}" for name in MODULES for module, names, line in imports(name) for n in names if n.startswith("_")]
    assert private == []


def test_flows_and_shared_layers_import_no_ui():
    ui = {"coffeechat.cli", "coffeechat.ui"} | {m for m in MODULES if m.startswith("coffeechat.tabs")}
    below = [m for m in MODULES if m.split(".")[1] in ("kb", "outreach", "questions", "notes", "text", "signals", "llm", "guards", "files")]
    upward = [(m, i) for m in below for i in graph()[m] if i in ui]
    assert upward == []


def test_the_knowledge_base_imports_no_flow():
    flows = ("coffeechat.outreach", "coffeechat.questions", "coffeechat.rehearsal")
    upward = [(m, i) for m in MODULES if m.startswith("coffeechat.kb") for i in graph()[m] if i.startswith(flows)]
    assert upward == []
