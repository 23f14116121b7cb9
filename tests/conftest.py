"""Shared fixtures: a migrated SQLite file loaded with the example office, and a manual clock."""
from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# Before any Qt or escpos import: no display needed, and no temp folder per escpos import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_escpos_dir = Path(tempfile.gettempdir()) / "antrean-escpos-cache"
_escpos_dir.mkdir(exist_ok=True)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_escpos_dir))

import pytest  # noqa: E402

from shared.qt import guard_none_refcount  # noqa: E402

guard_none_refcount()   # PySide6 6.12.0 on CPython 3.11: see shared.qt.guard_none_refcount

from shared.clock import ManualClock  # noqa: E402
from shared.config import load_config, parse_config  # noqa: E402
from shared.store.setup import init_database  # noqa: E402
from shared.store.service import SqliteQueueService  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "assets" / "config" / "dukcapil-contoh.toml"
JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 23 November 2026, 08:00 WIB: inside the example office's issuing hours.
MONDAY_8AM = datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA)


@pytest.fixture
def office_config():
    return load_config(EXAMPLE_CONFIG)


@pytest.fixture
def clock():
    return ManualClock(MONDAY_8AM)


@pytest.fixture
def db_path(tmp_path, office_config):
    path = tmp_path / "antrean.db"
    init_database(path, office_config)
    return path


@pytest.fixture
def service(db_path, clock):
    svc = SqliteQueueService(db_path, clock)
    yield svc
    svc.close()


def make_service(tmp_path, raw: dict, clock) -> SqliteQueueService:
    """A service on a fresh database from a config given as a dict (for policy tables)."""
    path = tmp_path / f"custom-{len(list(tmp_path.iterdir()))}.db"
    init_database(path, parse_config(raw, "test.toml"))
    return SqliteQueueService(path, clock)


def example_raw() -> dict:
    """The example office config as a plain dict, to modify per test."""
    import tomllib
    return tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))


def open_all_day(raw: dict) -> dict:
    """Issue every day, all day: for tests whose clock is the real one or runs past midnight."""
    raw["hours"] = {"setiap_hari": ["00:00-24:00"]}
    raw.pop("overrides", None)
    raw.pop("holidays", None)
    for s in raw["services"]:
        s.pop("hours", None)
    return raw


def screenshot_dir() -> Path:
    """Where screen tests save their PNGs: $ANTREAN_SCREENSHOTS (e.g. assets/screenshots, to
    refresh the README's pictures), else a temporary folder, so a test run leaves the tree clean."""
    folder = Path(os.environ.get("ANTREAN_SCREENSHOTS") or Path(tempfile.gettempdir()) / "antrean-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def no_leaked_threads():
    """Fails a test that leaves a thread of its own running (a printer send that never ends)."""
    import threading
    import time
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra:
            break
        time.sleep(0.02)
    assert not extra, f"threads left running: {extra}"
