"""Where python-escpos keeps its printer database: one user cache folder, set before import."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def _escpos_cache_dir() -> None:
    """python-escpos pickles its printer database into a new temp folder on every import unless
    told where: give it one folder in the user cache (before importing escpos)."""
    if os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
        return
    folder = Path(platformdirs.user_cache_dir("antrean", appauthor=False)) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)


_escpos_cache_dir()
