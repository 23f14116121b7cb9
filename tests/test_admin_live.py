"""An admin's change shows on the running kiosk, board and counter console without a restart:
each follows the events feed and takes the new config on the `config_changed` event — also when
the change comes from another process (`antrean config import`)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from counter.console.window import ConsoleWindow
from kiosk.board import announcer as announcer_mod
from kiosk.board.app import BoardController, BoardSettings
from kiosk.board.widgets import TwoLineLabel
from shared.admin import OfficeAdmin, edits
from shared.admin.toml_out import dumps
from tests.conftest import ROOT
from tests.console_helpers import SITI, settings, show_active  # noqa: F401 (a fixture)
from tests.kiosk_helpers import open_kiosk

pytestmark = pytest.mark.gui
SEEN_WITHIN_MS = 2000     # the feed is polled every 150 ms; the 2 s config check is skipped


def service_fields(admin, code):
    return dict(next(s for s in admin.raw()["services"] if s["code"] == code))


@pytest.fixture
def admin(db_path, clock):
    return OfficeAdmin(db_path, clock)


def test_the_kiosk_shows_a_renamed_an_added_and_a_retired_service(qtbot, service, admin):
    kiosk = open_kiosk(qtbot, service)
    try:
        assert kiosk.start.tiles["kk"].name.text() == "Kartu Keluarga"
        admin.apply("admin", edits.save_service("kk", service_fields(admin, "kk")
                                                | {"name": "Kartu Keluarga (KK) Baru"}))
        qtbot.waitUntil(lambda: kiosk.start.tiles["kk"].name.text() == "Kartu Keluarga (KK) Baru",
                        timeout=SEEN_WITHIN_MS)
        admin.apply("admin", edits.save_service(None, {
            "code": "legalisir", "prefix": "F", "name": "Legalisir Dokumen",
            "name_en": "Document Legalisation", "target_wait_min": 20, "target_service_min": 5}))
        qtbot.waitUntil(lambda: "legalisir" in kiosk.start.tiles, timeout=SEEN_WITHIN_MS)
        assert kiosk.start.tiles["legalisir"].prefix.text() == "F"
        admin.apply("admin", edits.save_service("kia", service_fields(admin, "kia")
                                                | {"active": False}))
        qtbot.waitUntil(lambda: "kia" not in kiosk.start.tiles, timeout=SEEN_WITHIN_MS)
        # and what the kiosk issues follows it too: the new service's number
        ticket = service.issue("legalisir").ticket
        assert ticket.code == "F-001"
        assert kiosk.ticket.service_names["legalisir"] == ("Legalisir Dokumen",
                                                           "Document Legalisation")
    finally:
        kiosk.shutdown()


def test_the_kiosk_takes_a_change_made_in_another_process(qtbot, service, admin, tmp_path):
    kiosk = open_kiosk(qtbot, service)
    try:
        raw = admin.raw()
        raw["office"]["name"] = "Disdukcapil Kota Contoh (Gedung Baru)"
        next(s for s in raw["services"] if s["code"] == "akta")["name"] = "Akta Catatan Sipil"
        toml = tmp_path / "kantor.toml"
        toml.write_text(dumps(raw), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(service.path),
                               "config", "import", str(toml)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        qtbot.waitUntil(lambda: kiosk.start.tiles["akta"].name.text() == "Akta Catatan Sipil",
                        timeout=SEEN_WITHIN_MS)
        qtbot.waitUntil(lambda: kiosk.office_name.text()
                        == "Disdukcapil Kota Contoh (Gedung Baru)", timeout=SEEN_WITHIN_MS)
    finally:
        kiosk.shutdown()


@pytest.fixture
def silent(monkeypatch):
    monkeypatch.setattr(announcer_mod, "audio_output_available", lambda: False)


def test_the_board_shows_new_running_text_counter_labels_and_service_names(qtbot, service,
                                                                          admin, silent):
    board = BoardController(service, BoardSettings(voice="off"))
    qtbot.addWidget(board.window)
    board.window.resize(1920, 1080)
    board.start()
    try:
        qtbot.waitUntil(lambda: "3" in board.window.cards, timeout=SEEN_WITHIN_MS)
        assert "Disdukcapil Kota Contoh" in board.window.marquee.text()
        admin.apply("admin", edits.set_board_texts("Hari ini loket 3 melayani KIA juga",
                                                   ["Terima kasih"]))
        qtbot.waitUntil(lambda: board.window.marquee.text()
                        == "Hari ini loket 3 melayani KIA juga", timeout=SEEN_WITHIN_MS)
        admin.apply("admin", edits.save_counter("3", {"name": "3", "label": "Loket Tiga",
                                                      "services": ["kk", "pindah", "kia"]}))
        qtbot.waitUntil(lambda: board.window.cards["3"].title.text() == "LOKET TIGA",
                        timeout=SEEN_WITHIN_MS)
        admin.apply("admin", edits.save_service("kk", service_fields(admin, "kk")
                                                | {"name": "KK dan Perubahan Data"}))
        qtbot.waitUntil(lambda: board.service_name("kk") == "KK dan Perubahan Data",
                        timeout=SEEN_WITHIN_MS)
        chips = lambda: {w.full_text for w in board.window.findChildren(TwoLineLabel)  # noqa: E731
                         if w.objectName() == "queueName"}
        # the old chip leaves the widget tree when Qt gets to its deferred delete: wait for both
        qtbot.waitUntil(lambda: "KK dan Perubahan Data" in chips()
                        and "Kartu Keluarga" not in chips(), timeout=SEEN_WITHIN_MS)
        assert board.counter_label("3") == "Loket Tiga"
    finally:
        board.stop()


def test_the_counter_console_shows_its_new_label_and_services(qtbot, service, admin, settings):
    service.open_counter("3", "siti")
    window = show_active(qtbot, ConsoleWindow(service, "3", SITI, settings))
    assert window.title.text() == "Loket 3"
    assert set(window.side_panel.waiting_labels) == {"kk", "pindah"}
    admin.apply("admin", edits.save_counter("3", {"name": "3", "label": "Loket 3 (KK & KIA)",
                                                  "services": ["kk", "pindah", "kia"]}))
    qtbot.waitUntil(lambda: window.title.text() == "Loket 3 (KK & KIA)", timeout=SEEN_WITHIN_MS)
    qtbot.waitUntil(lambda: set(window.side_panel.waiting_labels) == {"kk", "pindah", "kia"},
                    timeout=SEEN_WITHIN_MS)
    service.issue("kia")
    qtbot.waitUntil(lambda: window.side_panel.waiting_labels["kia"].text() == "1",
                    timeout=SEEN_WITHIN_MS)
    qtbot.waitUntil(lambda: window.buttons["call_next"].isEnabled(), timeout=SEEN_WITHIN_MS)
    window.trigger("call_next")
    assert service.current_ticket("3").code == "E-001"     # the new service is called here
    window.close()
