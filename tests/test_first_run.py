"""The first run: `antrean start` on an empty machine opens the wizard (office, zone, services
from a template, counters, first admin) instead of loading the example office silently; the
example stays one click away. The real wizard under pytest-qt, a real SQLite file."""
from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from counter.admin.wizard import FirstRunWizard
from shared.admin.first_run import TEMPLATES, create_office, office_from_template
from shared.config import load_config
from shared.domain import AntreanError
from shared.store.service import SqliteQueueService
from tests.conftest import screenshot_dir

pytestmark = pytest.mark.gui


@pytest.fixture
def wizard(qtbot, tmp_path):
    w = FirstRunWizard(tmp_path / "kantor.db")
    qtbot.addWidget(w)
    w.resize(1024, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def shot(qtbot, widget, path) -> None:
    qtbot.wait(30)                          # the page's layout settles before the picture
    assert widget.grab().save(str(path))


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def untick(page, code):
    for i in range(page.services.count()):
        if page.services.item(i).data(Qt.ItemDataRole.UserRole) == code:
            page.services.item(i).setCheckState(Qt.CheckState.Unchecked)


def test_the_wizard_builds_an_office_from_a_template(qtbot, wizard, tmp_path):
    shots = screenshot_dir()
    shot(qtbot, wizard, shots / "wizard-1-welcome.png")
    click(qtbot, wizard.welcome.own_button)
    assert wizard.step() == 1
    click(qtbot, wizard.next_button)                          # no name yet
    assert wizard.step() == 1 and wizard.message.text() == "Isi nama kantor"
    qtbot.keyClicks(wizard.office.name, "Mal Pelayanan Publik Kota Makassar")
    qtbot.keyClicks(wizard.office.short_name, "MPP Makassar")
    click(qtbot, wizard.office.zones.button(1))               # WITA
    shot(qtbot, wizard, shots / "wizard-2-office.png")
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.services.templates.button(3))         # MPP
    assert wizard.counters.count.value() == 9                 # the template's counters
    untick(wizard.services, "pertanahan")
    untick(wizard.services, "bpjs-tk")
    shot(qtbot, wizard, shots / "wizard-3-services.png")
    click(qtbot, wizard.next_button)
    wizard.counters.count.setValue(6)
    assert wizard.counters.preview.count() == 6
    assert "Prioritas" in wizard.counters.preview.item(5).text()
    shot(qtbot, wizard, shots / "wizard-4-counters.png")
    click(qtbot, wizard.next_button)
    qtbot.keyClicks(wizard.admin.full_name, "Andi Mappanyukki")
    qtbot.keyClicks(wizard.admin.pin, "135790")
    qtbot.keyClicks(wizard.admin.pin_again, "135791")
    click(qtbot, wizard.next_button)
    assert wizard.step() == 4 and wizard.message.text() == "PIN dan ulangan PIN tidak sama"
    wizard.admin.pin_again.clear()
    qtbot.keyClicks(wizard.admin.pin_again, "135790")
    shot(qtbot, wizard, shots / "wizard-5-admin.png")
    click(qtbot, wizard.next_button)
    assert wizard.step() == 5 and "6 loket" in wizard.summary.text.text()
    assert "WITA" in wizard.summary.text.text()
    shot(qtbot, wizard, shots / "wizard-6-summary.png")
    assert not wizard.db_path.exists()                        # nothing written before the end
    click(qtbot, wizard.next_button)
    assert wizard.made == "office" and wizard.result() == FirstRunWizard.DialogCode.Accepted
    svc = SqliteQueueService(wizard.db_path)
    config = svc.config
    assert (config.name, config.short_name, config.timezone) == (
        "Mal Pelayanan Publik Kota Makassar", "MPP Makassar", "Asia/Makassar")
    assert [s.code for s in config.services] == ["dukcapil", "samsat", "imigrasi", "bpjs-kes",
                                                 "perizinan", "skck"]
    assert len(config.counters) == 6 and config.counters[-1].priority_only
    served = {s for c in config.counters if not c.priority_only for s in c.services}
    assert served == {s.code for s in config.services}        # every service has a counter
    assert svc.authenticate("admin", "135790") == {"username": "admin",
                                                   "full_name": "Andi Mappanyukki",
                                                   "role": "admin"}
    svc.close()


def test_the_example_office_is_one_click_away(qtbot, wizard):
    click(qtbot, wizard.welcome.example_button)
    assert wizard.made == "example"
    svc = SqliteQueueService(wizard.db_path)
    assert svc.authenticate("siti", "1234")["role"] == "officer"
    assert len(svc.config.services) == 5
    svc.close()


def test_the_wizard_never_overwrites_an_office(qtbot, db_path):
    w = FirstRunWizard(db_path)
    qtbot.addWidget(w)
    w.office.name.setText("Kantor Lain")
    w.admin.pin.setText("2468")
    w.admin.pin_again.setText("2468")
    w.go(5)
    click(qtbot, w.next_button)
    assert w.made is None and "sudah berisi kantor" in w.message.text()
    with pytest.raises(AntreanError):
        create_office(db_path, office_from_template("samsat", "X", "", "Asia/Jakarta",
                                                    {"username": "admin"}), "2468")


@pytest.mark.parametrize("template", [t.key for t in TEMPLATES])
def test_every_template_is_a_valid_office(template):
    config = load_config(TEMPLATES[[t.key for t in TEMPLATES].index(template)].path)
    assert len(config.services) >= 5 and config.counters
    for n in (1, 2, len(config.counters), 12):
        raw = office_from_template(template, "Kantor Uji", "", "Asia/Jayapura",
                                   {"username": "admin", "full_name": "Admin"}, None, n)
        from shared.admin.changes import check_raw
        office = check_raw(raw)
        assert len(office.counters) == n and office.timezone == "Asia/Jayapura"
        ordinary = {s for c in office.counters if not c.priority_only for s in c.services}
        assert ordinary == {s.code for s in office.services}


def _start_args(db) -> argparse.Namespace:
    return argparse.Namespace(db=db, counter=None, config=None, example=False, windowed=True,
                              only=["kiosk"], server=None, token=None, json=False)


def _when_the_wizard_shows(action):
    """Act on the wizard once `antrean start` has opened it (its own modal loop)."""
    def look():
        wizard = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, FirstRunWizard) and w.isVisible()), None)
        if wizard is None:
            QTimer.singleShot(50, look)
        else:
            action(wizard)
    QTimer.singleShot(50, look)


def test_antrean_start_on_an_empty_machine_opens_the_wizard(qtbot, tmp_path, monkeypatch):
    from shared.cli.apps import cmd_start
    monkeypatch.setenv("ANTREAN_EXIT_AFTER_FIRST_PAINT", "1")   # the kiosk it opens exits
    db = tmp_path / "baru.db"
    _when_the_wizard_shows(lambda w: w.welcome.example_button.click())
    assert cmd_start(_start_args(db)) == 0
    svc = SqliteQueueService(db)
    assert svc.config.name == "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh"
    svc.close()
    # `start` ran the daily backup while the desk was open: the first one at once
    from shared.store.backup import list_backups
    assert len(list_backups(tmp_path / "cadangan")) == 1


def test_closing_the_wizard_creates_nothing_and_opens_nothing(qtbot, tmp_path, capsys):
    from shared.cli.apps import cmd_start
    db = tmp_path / "baru.db"
    _when_the_wizard_shows(lambda w: w.reject())
    assert cmd_start(_start_args(db)) == 0
    assert not db.exists() and "dibatalkan" in capsys.readouterr().out


def test_start_without_a_screen_says_what_to_do_instead(tmp_path):
    """Linux without DISPLAY/WAYLAND_DISPLAY (a server reached over ssh): one clear line."""
    import os
    import subprocess
    import sys
    from tests.conftest import ROOT
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    db = tmp_path / "x.db"
    r = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), "start"], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "antrean start --example" in r.stderr
    assert "Traceback" not in r.stderr and not db.exists()
