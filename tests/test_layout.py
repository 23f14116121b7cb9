"""The layout a newcomer reads: no import circles between our modules, modules of a readable size,
and a README map that names every package."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("shared", "kiosk", "counter", "assets")
MAX_LINES = 400


def module_files() -> dict[str, Path]:
    """Every module of ours by dotted name (`shared.store.service`; a package is its name)."""
    found = {}
    for top in PACKAGES:
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Our modules that `name` imports anywhere in its text — at the top, inside functions and under
    TYPE_CHECKING alike: an import hidden in a function is still a circle a reader must untangle."""
    is_package = path.name == "__init__.py"
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[: len(here) - (node.level - 1)]
                base = ".".join(here + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in modules else base)
    return {t for t in targets if t in modules and t != name}


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_circle_and_passes_a_chain():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_import_reader_sees_imports_inside_functions_and_type_checking(tmp_path):
    src = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shared.http import client\n"
           "def f():\n    from shared.store.service import SqliteQueueService\n")
    path = tmp_path / "m.py"
    path.write_text(src)
    modules = module_files()
    assert imports_of("shared.http.events", path, modules) == {"shared.http.client",
                                                               "shared.store.service"}


def test_no_import_circles():
    found = circles(import_graph())
    assert not found, "import circles:\n" + "\n".join(" ↔ ".join(c) for c in found)


@pytest.mark.parametrize("top", PACKAGES + ("tests",))
def test_no_module_over_400_lines(top):
    long = [f"{p.relative_to(ROOT)}: {n} lines" for p in sorted((ROOT / top).rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, "\n".join(long)


def test_no_name_prefix_families_left_in_a_folder():
    """`kiosk_*.py`, `supervisor_*.py`, `reports_*.py`: a prefix shared by three modules in one
    folder is a package waiting to be made."""
    offenders = []
    for folder in {p.parent for top in PACKAGES for p in (ROOT / top).rglob("*.py")}:
        prefixes: dict[str, list[str]] = {}
        for p in folder.glob("*_*.py"):
            prefixes.setdefault(p.stem.split("_")[0], []).append(p.name)
        offenders += [f"{folder.relative_to(ROOT)}: {names}" for names in prefixes.values()
                      if len(names) >= 3]
    assert not offenders, "\n".join(offenders)


def readme_map_folders(section: str) -> set[str]:
    """The folders the map's tree names: `shared/` then an indented `store/` is `shared/store/`."""
    block = section.split("```", 2)[1]
    folders, stack = set(), []
    for line in block.splitlines():
        word = line.strip().split(" ", 1)[0]
        if not word.endswith("/"):
            continue
        depth = (len(line) - len(line.lstrip())) // 2
        stack[depth:] = [word]
        folders.add("".join(stack))
    return folders


def test_the_readme_map_reader_nests_by_indentation():
    text = "x\n```\nshared/   core\n  store/  db\n  qt/ a\nkiosk/  k\n  board/  b\n```\n"
    assert readme_map_folders(text) == {"shared/", "shared/store/", "shared/qt/", "kiosk/",
                                        "kiosk/board/"}


def test_the_readme_map_names_every_package():
    """'How it fits together' lists each package folder, so any behaviour is one hop away."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it fits together", 1)[1].split("\n## ", 1)[0]
    packages = {str(p.parent.relative_to(ROOT)) + "/" for top in PACKAGES
                for p in (ROOT / top).rglob("__init__.py")}
    missing = sorted(packages - readme_map_folders(section))
    assert not missing, f"README 'How it fits together' does not name: {missing}"
