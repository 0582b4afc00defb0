"""The package's shape: no import cycle, no import from a lower layer up, no module too long to read.

Imports are read with `ast`, so deferred imports (inside functions) count; those under `if TYPE_CHECKING:` do not
(they never run). Layers, lowest first; a module may import its own layer and those below, never above:

  0  errors, formats, runs, config_dir, launch,  plain values and file formats, no models; the rule a setting
     rules, study                                obeys and its one-line message; where a sweep's study is kept
  1  tokenizer                                   text <-> ids (model/hf.py writes the tokenizer beside exports)
  2  model                                       the GPT and its fast paths, imports, exports
  3  generation, tasks, data, baselines          sampling; tasks as text; corpora and task CSVs; the bag of words
  4  checkpoints, config_checks, settings        loading any artefact; the config schema and its check
  5  training, inference, evaluation, sweeps     what uses a model: train it, answer with it, score it
  6  demo                                        the Gradio tabs
  7  cli, train, __main__                        the commands and their table
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "potterverse"
LAYERS = [
    ("errors", "formats", "runs", "config_dir", "launch", "rules", "study"),
    ("tokenizer",),
    ("model",),
    ("generation", "tasks", "data", "baselines"),
    ("checkpoints", "config_checks", "settings"),
    ("training", "inference", "evaluation", "sweeps"),
    ("demo",),
    ("cli", "train", "__main__"),
]
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def imports_of(name: str, path: Path) -> set[str]:
    """The package's modules `name` imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def layer(name: str) -> int:
    top = name.split(".")[1] if "." in name else ""
    if not top:
        return 0  # the package's own __init__
    return next(i for i, names in enumerate(LAYERS) if top in names)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_module_has_a_layer():
    tops = {name.split(".")[1] for name in MODULES if "." in name}
    known = {top for names in LAYERS for top in names}
    assert tops <= known, f"add {sorted(tops - known)} to LAYERS (and the table in this module's docstring)"


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_cycle_finder_finds_a_deferred_cycle():
    """The check can fail: a deferred import that closes a loop is a cycle; one under TYPE_CHECKING is not."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import potterverse.demo.app\n")
    assert any(isinstance(n, ast.Import) and id(n) in _type_checking_nodes(tree) for n in ast.walk(tree))


def test_no_upward_import():
    upward = [
        f"{name} (layer {layer(name)}) imports {dep} (layer {layer(dep)})"
        for name, deps in GRAPH.items()
        for dep in sorted(deps)
        if layer(dep) > layer(name)
    ]
    assert upward == []


def test_tasks_are_text_only():
    """Nothing under tasks/ imports the inference engine, the demo, or torch (not even deferred)."""
    for name, path in MODULES.items():
        if name.startswith("potterverse.tasks"):
            assert not {d for d in GRAPH[name] if d.startswith(("potterverse.demo", "potterverse.inference"))}, name
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skipped = _type_checking_nodes(tree)
            named = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) and id(n) not in skipped
                     for a in n.names}  # fmt: skip
            named |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and id(n) not in skipped}
            assert not {m for m in named if m and m.split(".")[0] in ("torch", "gradio")}, name


def test_no_module_is_too_long():
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    long = {p.relative_to(ROOT).as_posix(): n for p in files if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long
