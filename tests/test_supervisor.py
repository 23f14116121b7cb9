"""The supervisor's dashboard: login by role, live refresh from another process, periods."""
import subprocess
import sys
import time
from datetime import date

import pytest
from PySide6.QtCore import Qt

from counter.supervisor.login import SupervisorLoginDialog
from counter.supervisor.period import period_bounds, shift
from counter.supervisor.window import SupervisorWindow, system_now
from shared.cli.main import build_parser
from shared.config import parse_config
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from tests.conftest import ROOT, example_raw, open_all_day
from tests.test_stats_periods import build_day

pytestmark = pytest.mark.gui
SUPERVISOR = {"username": "kepala", "full_name": "Ir. Bambang Sutrisno, M.Si.", "role": "supervisor"}


def login(qtbot, service, username, pin):
    dialog = SupervisorLoginDialog(service)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    return dialog


def test_login_lets_a_supervisor_and_an_admin_in(qtbot, service):
    service.set_pin("kepala", "2468")
    service.set_pin("admin", "1357")
    d = login(qtbot, service, "kepala", "2468")
    assert d.result() == d.DialogCode.Accepted and d.user["role"] == "supervisor"
    d = login(qtbot, service, "admin", "1357")
    assert d.result() == d.DialogCode.Accepted and d.user["role"] == "admin"


def test_login_refuses_an_officer_and_a_wrong_pin(qtbot, service):
    service.set_pin("siti", "1234")
    service.set_pin("kepala", "2468")
    d = login(qtbot, service, "siti", "1234")
    assert d.user is None and d.result() != d.DialogCode.Accepted
    assert not d.message.isHidden()
    assert "hanya untuk supervisor dan admin" in d.message.text() and "siti" in d.message.text()
    d = login(qtbot, service, "kepala", "0000")
    assert d.user is None and d.message.text() == "Nama pengguna atau PIN salah"


def test_supervisor_command_is_registered():
    args = build_parser().parse_args(["supervisor", "--windowed"])
    assert args.command == "supervisor" and args.windowed


def live_cell(window, service_code: str, key: str) -> str:
    model = window.live.service_model
    table = model.table
    row = next(i for i, r in enumerate(table.rows) if r.stats.service == service_code)
    return model.data(model.index(row, table.column(key)))


def test_dashboard_shows_a_change_made_by_another_process(qtbot, tmp_path):
    db = tmp_path / "live.db"
    init_database(db, parse_config(open_all_day(example_raw()), "test.toml"))
    service = SqliteQueueService(db)          # the real clock, as the other process has
    window = SupervisorWindow(service, SUPERVISOR, now=system_now)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.tabText(0) == "Hari ini (langsung)"
    assert live_cell(window, "ktp", "waiting_now") == "0"
    assert window.live.service_model.rowCount() == 5
    result = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), "issue", "A"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    done = time.monotonic()
    qtbot.waitUntil(lambda: live_cell(window, "ktp", "waiting_now") == "1", timeout=2000)
    assert time.monotonic() - done < 2.0
    assert live_cell(window, "ktp", "issued") == "1"
    assert window.live.kpis.values["waiting"].text() == "1"
    subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), "open", "2",
                    "--officer", "siti"], cwd=ROOT, check=True, capture_output=True, timeout=60)
    subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), "call", "2"],
                   cwd=ROOT, check=True, capture_output=True, timeout=60)

    def counter_two():
        m = window.live.counter_model
        return [m.data(m.index(1, c)) for c in range(m.columnCount())]
    qtbot.waitUntil(lambda: counter_two()[3] == "A-001 (dipanggil)", timeout=2000)
    assert counter_two()[:3] == ["Loket 2", "Buka", "Siti Nurhaliza"]
    assert live_cell(window, "ktp", "waiting_now") == "0"
    window.shutdown()
    service.close()


@pytest.fixture
def dashboard(qtbot, tmp_path):
    service, clock = build_day(tmp_path)
    window = SupervisorWindow(service, SUPERVISOR, now=clock.now)
    qtbot.addWidget(window)
    window.show()
    yield window, clock
    window.shutdown()
    service.close()


def shown(window):
    return window.period.kpis.values["issued"].text(), window.period.title.text()


def test_dashboard_switches_periods(qtbot, dashboard):
    window, clock = dashboard
    period = window.period
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: period.report is not None, timeout=10_000)
    # the clock stands on 24 November 00.38: the month is November
    assert shown(window) == ("7", "November 2026")
    model = period.models["service"]
    assert model.rowCount() == 5 and model.data(model.index(0, 1)) == "6"
    assert period.models["hour"].rowCount() == 5 and period.models["officer"].rowCount() == 2
    with qtbot.waitSignal(period.report_ready, timeout=10_000):
        period.set_period("day", date(2026, 11, 24))
    assert shown(window) == ("0", "Selasa, 24 November 2026")
    with qtbot.waitSignal(period.report_ready, timeout=10_000):
        qtbot.mouseClick(period.prev_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ("7", "Senin, 23 November 2026")
    with qtbot.waitSignal(period.report_ready, timeout=10_000):
        period.kind.setCurrentIndex(1)          # week
    assert shown(window) == ("7", "23–29 November 2026")
    with qtbot.waitSignal(period.report_ready, timeout=10_000):
        period.set_period("month", date(2026, 11, 1))
    with qtbot.waitSignal(period.report_ready, timeout=10_000):
        qtbot.mouseClick(period.prev_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ("0", "Oktober 2026")
    assert period.models["service"].data(period.models["service"].index(0, 1)) == "0"
    with qtbot.waitSignal(period.report_ready, timeout=10_000):
        period.set_period("range", date(2026, 11, 20), date(2026, 11, 26))
    assert shown(window) == ("7", "20–26 November 2026") and period.to_date.isVisible()
    period.tabs.setCurrentIndex(5)              # the charts draw without complaint
    assert period.chart_page.findChild(object, "hour_chart") is not None
    assert period.chart_page.findChild(object, "wait_histogram") is not None


def test_period_export_matches_screen(qtbot, dashboard, tmp_path):
    window, _ = dashboard
    period = window.period
    qtbot.waitUntil(lambda: period.report is not None, timeout=10_000)
    period.tabs.setCurrentIndex(3)              # per hour
    path = period.export("csv", tmp_path / "jam.csv")
    first = path.read_text(encoding="utf-8-sig").splitlines()[1]
    assert first.split(",")[0] == period.models["hour"].data(period.models["hour"].index(0, 0))


def test_period_arithmetic():
    d = date(2026, 11, 26)
    assert period_bounds("week", d) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_bounds("month", d) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_bounds("range", d, date(2026, 11, 20)) == (date(2026, 11, 20), d)
    assert shift("month", date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift("month", date(2026, 1, 1), -1) == date(2025, 12, 1)
