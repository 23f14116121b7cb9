"""The counter console follows the store across processes: a ticket issued or called by another
process shows within a second, and the app starts to its login and logs to a file."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conftest import EXAMPLE_CONFIG, make_service
from counter.console.window import ConsoleWindow
from shared.clock import SystemClock
from tests.console_helpers import SITI, settings, show_active  # noqa: F401 (a fixture)

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent


# --- live, across processes ---------------------------------------------------------------------
def all_day_raw() -> dict:
    """The example office, open every day around the clock (for the real system clock)."""
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["hours"] = {"setiap_hari": ["00:00-24:00"]}
    raw.pop("overrides", None)
    raw.pop("holidays", None)
    for s in raw["services"]:
        s.pop("hours", None)
    return raw


@pytest.fixture
def live_service(tmp_path):
    svc = make_service(tmp_path, all_day_raw(), SystemClock())
    yield svc
    svc.close()


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)


def test_other_processes_show_up_within_a_second(qtbot, live_service, settings):
    live_service.open_counter("1", "siti")
    window = show_active(qtbot, ConsoleWindow(live_service, "1", SITI, settings))
    waiting = window.side_panel.waiting_labels["ktp"]
    assert waiting.text() == "0" and not window.buttons["call_next"].isEnabled()

    cli(live_service.path, "issue", "ktp")               # the kiosk, in another process
    done = time.monotonic()
    qtbot.waitUntil(lambda: waiting.text() == "1", timeout=1000)
    assert time.monotonic() - done < 1.0
    assert window.buttons["call_next"].isEnabled()

    cli(live_service.path, "call", "2", "--officer", "budi")   # another counter calls it
    done = time.monotonic()
    qtbot.waitUntil(lambda: waiting.text() == "0", timeout=1000)
    qtbot.waitUntil(lambda: "Loket 2 · budi · A-001" in window.side_panel.others.text(),
                    timeout=1000)
    assert time.monotonic() - done < 1.0
    assert window.buttons["call_next"].toolTip() == "Tidak ada yang menunggu"


def test_app_starts_to_the_login_and_logs_to_a_file(tmp_path, live_service):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANTREAN_LOG_DIR=str(tmp_path / "logs"),
               ANTREAN_COUNTER_SETTINGS=str(tmp_path / "counter.toml"))
    proc = subprocess.Popen([sys.executable, "-m", "shared.cli", "--db", str(live_service.path),
                             "counter", "--windowed", "--counter", "2"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        log_file = tmp_path / "logs" / "counter.log"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (
                log_file.exists() and "starting" in log_file.read_text()):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.2)
        time.sleep(1.0)
        assert proc.poll() is None, proc.communicate()   # waiting at the login dialog
        assert "counter console starting" in log_file.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
