"""The core (shared/ outside shared/qt/) never imports Qt: it must run without a display."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def test_core_has_no_qt_imports():
    offenders = []
    for path in (ROOT / "shared").rglob("*.py"):
        if "qt" in path.relative_to(ROOT / "shared").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            names += ["shared.qt"] if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("shared.qt") else []
            for name in names:
                if name.split(".")[0] in QT_MODULES or name.startswith("shared.qt"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_core_imports_without_qt_in_a_fresh_interpreter():
    import subprocess
    import sys
    code = ("import sys, shared.cli.main, shared.store.service, shared.reports.stats, shared.config;"
            "import pkgutil, importlib, shared;"
            "names = [m.name for m in pkgutil.walk_packages(shared.__path__, 'shared.')"
            " if not m.name.startswith('shared.qt') and not m.name.endswith('__main__')];"
            "[importlib.import_module(n) for n in names];"
            "assert len(names) > 40, names;"
            "bad = [m for m in sys.modules if m.startswith('PySide6')];"
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
