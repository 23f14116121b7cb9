"""`python -m assets.packaging.build`: the one-folder build in dist/antrean/ (PyInstaller).

    python -m assets.packaging.build [--dist dist] [--work build/pyinstaller]

Needs `pip install ".[package]"` (PyInstaller) in the same environment as antrean itself: the
build holds exactly the packages installed there. Prints the folder, its size and the time taken.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m assets.packaging.build", description=__doc__)
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (dist/)")
    p.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                   help="PyInstaller's working folder")
    args = p.parse_args(argv)
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print("PyInstaller belum terpasang: pip install '.[package]' "
              "(PyInstaller is not installed)", file=sys.stderr)
        return 2
    started = time.monotonic()
    pyinstaller.run([str(HERE / "antrean.spec"), "--noconfirm", "--log-level", "WARN",
                     "--distpath", str(args.dist), "--workpath", str(args.work)])
    out = args.dist / "antrean"
    exe = out / ("antrean.exe" if sys.platform == "win32" else "antrean")
    if not exe.exists():
        print(f"build: {exe} was not made", file=sys.stderr)
        return 1
    print(f"build: {out} ({folder_size(out) / 1e6:.0f} MB) in {time.monotonic() - started:.0f} s",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
