"""The admin's office pages driven under pytest-qt on a real SQLite file: office and hours,
holidays and special days, board texts, the printer with a print test at a real TCP printer on
127.0.0.1, and backups; and the screenshots of every admin page."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QTime

from counter.admin.window import AdminPanel
from counter.supervisor.window import SupervisorWindow
from shared.store import backup
from tests.conftest import screenshot_dir
from tests.test_admin_screens import ADMIN, click, is_marked, pick, type_into
from tests.test_printer import FakePrinter

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, service):
    w = AdminPanel(service, ADMIN, follow=False)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()


def test_office_page_renames_the_office_and_moves_it_to_wita(qtbot, panel):
    page = panel.show_page("hours")
    type_into(qtbot, page.name, "Disdukcapil Kota Makassar")
    type_into(qtbot, page.short_name, "Dukcapil Makassar")
    page.timezone.setCurrentIndex(page.timezone.findData("Asia/Makassar"))
    click(qtbot, page.office_button)
    assert page.message.property("kind") == "ok"
    config = page.admin.config()
    assert (config.name, config.short_name, config.timezone) == (
        "Disdukcapil Kota Makassar", "Dukcapil Makassar", "Asia/Makassar")
    type_into(qtbot, page.status_url, "localhost/t/")
    click(qtbot, page.office_button)
    assert page.message.text() == ("Kantor — Alamat status: 'localhost/t/' harus diawali http:// "
                                   "atau https://") and is_marked(page.status_url)


def test_office_page_sets_the_week_and_refuses_an_overlap_on_friday(qtbot, panel):
    page = panel.show_page("hours")
    assert page.week.fields["senin"].text() == "07:30-12:00, 13:00-15:00"  # from senin_kamis
    type_into(qtbot, page.week.fields["jumat"], "07:30-11:30, 11:00-15:00")
    click(qtbot, page.hours_button)
    assert page.message.text().startswith("Jam pengambilan nomor — Jumat: '11:00-15:00' "
                                          "bertumpang tindih")
    assert is_marked(page.week.fields["jumat"]) and not is_marked(page.week.fields["senin"])
    type_into(qtbot, page.week.fields["jumat"], "07.30-11.00; 13.30-15.00")
    type_into(qtbot, page.week.fields["sabtu"], "08:00-12:00")
    click(qtbot, page.hours_button)
    assert page.message.property("kind") == "ok"
    week = page.admin.raw()["hours"]
    assert week["jumat"] == ["07.30-11.00", "13.30-15.00"] and week["sabtu"] == ["08:00-12:00"]
    assert page.admin.config().services[0].hours[5]          # Saturday opens


def test_holidays_page_adds_a_cuti_bersama_and_removes_it(qtbot, panel):
    page = panel.show_page("holidays")
    click(qtbot, page.day_new)
    page.day.setDate(QDate(2026, 12, 28))
    page.kind.setCurrentIndex(1)
    type_into(qtbot, page.day_name, "Natal")
    click(qtbot, page.day_save)
    assert page.message.property("kind") == "ok", page.message.text()
    assert page.admin.config().holidays[date(2026, 12, 28)] == "Cuti bersama Natal"
    item = pick(page.days, "2026-12-28")
    assert item.text() == "Senin, 28 Desember 2026\nCuti bersama Natal"
    click(qtbot, page.day_remove)
    assert date(2026, 12, 28) not in page.admin.config().holidays


def test_holidays_page_saves_ramadan_hours_and_refuses_backwards_dates(qtbot, panel):
    page = panel.show_page("holidays")
    click(qtbot, page.range_new)
    type_into(qtbot, page.range_name, "Ramadan 1449 H")
    page.start.setDate(QDate(2028, 1, 28))
    page.end.setDate(QDate(2028, 1, 2))
    click(qtbot, page.ramadan)
    assert page.range_week.fields["jumat"].text() == "08:00-11:00, 13:30-14:00"
    click(qtbot, page.range_save)
    assert "Jam khusus “Ramadan 1449 H” — Sampai tanggal: 2028-01-02 jatuh sebelum tanggal " \
           "mulai (2028-01-28)" == page.message.text()
    assert is_marked(page.end)
    page.end.setDate(QDate(2028, 2, 26))
    click(qtbot, page.range_save)
    assert page.message.property("kind") == "ok"
    override = [o for o in page.admin.config().services[0].office_overrides
                if o.name == "Ramadan 1449 H"][0]
    assert (override.start, override.end) == (date(2028, 1, 28), date(2028, 2, 26))
    assert [f"{a:%H:%M}-{b:%H:%M}" for a, b in override.hours[0]] == ["08:00-12:00",
                                                                       "13:00-14:00"]
    assert override.hours[5] == ()                         # Saturday closed in Ramadan


def test_board_page_saves_running_text_footer_and_media(qtbot, panel, tmp_path):
    page = panel.show_page("board")
    page.running_text.setPlainText("Layanan GRATIS.\nSiapkan berkas sebelum dipanggil.")
    page.footer.setPlainText("Terima kasih\nLayanan tanpa calo\n\n")
    page.media_dir.setText(str(tmp_path))
    page.interval.setValue(12)
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "ok"
    config = page.admin.config()
    assert config.running_text == "Layanan GRATIS.\nSiapkan berkas sebelum dipanggil."
    assert config.footer == ("Terima kasih", "Layanan tanpa calo")
    assert (config.board.media_dir, config.board.media_interval_s) == (str(tmp_path), 12)


def test_printer_page_needs_a_host_and_prints_a_test_at_a_real_printer(qtbot, panel, service):
    page = panel.show_page("printer")
    page.kind.setCurrentIndex(page.kind.findData("network"))
    assert page.host.isVisibleTo(page) and not page.device.isVisibleTo(page)
    click(qtbot, page.save_button)
    assert page.message.text() == "Printer struk — Alamat printer: wajib diisi untuk jenis " \
                                  "printer 'network'" and is_marked(page.host)
    click(qtbot, page.test_button)                  # the test checks the form the same way
    assert is_marked(page.host) and page.test_button.isEnabled()
    with FakePrinter() as printer:
        type_into(qtbot, page.host, "127.0.0.1")
        page.port.setValue(printer.port)
        click(qtbot, page.test_button)
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
        assert page.message.text().startswith("Struk uji dicetak"), page.message.text()
        assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()
    assert printer.printed and b"UJI" in printer.printed[0].upper()
    assert page.admin.config().printer.kind == "none"     # tested, not saved yet
    click(qtbot, page.save_button)
    assert page.admin.config().printer.host == "127.0.0.1"


def test_printer_page_reports_a_printer_that_is_not_there(qtbot, panel, service):
    import socket
    page = panel.show_page("printer")
    page.kind.setCurrentIndex(page.kind.findData("network"))
    with socket.socket() as s:                    # bound, never listening: refused
        s.bind(("127.0.0.1", 0))
        type_into(qtbot, page.host, "127.0.0.1")
        page.port.setValue(s.getsockname()[1])
        page.timeout.setValue(1.0)
        before = service.last_event_seq()
        click(qtbot, page.test_button)
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
    assert page.message.property("kind") == "error"
    assert page.message.text().startswith("Struk uji tidak tercetak")
    fault = [e for e in service.events_after(before) if e.type == "printer_fault"]
    assert fault and fault[0].detail["action"] == "print-test"


def test_backups_page_warns_backs_up_now_and_sets_the_folder(qtbot, panel, tmp_path, service):
    page = panel.show_page("backups")
    assert page.last.text() == "Belum pernah dicadangkan"
    assert page.warning.property("kind") == "error" and "belum ada cadangan" in page.warning.text()
    usb = tmp_path / "usb"
    page.folder.setText(str(usb))
    page.keep.setValue(3)
    page.at.setTime(QTime(16, 30))
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "ok"
    assert backup.backup_status(service.path)["settings"] == backup.BackupSettings(
        str(usb), 3, "16:30", True)
    service.issue("ktp")
    click(qtbot, page.now_button)
    qtbot.waitUntil(lambda: page.now_button.isEnabled() and "dibuat" in page.message.text(),
                    timeout=15_000)
    assert page.last.text() == "Senin, 23 November 2026, pukul 08.00"
    assert "1 tiket" in page.last_detail.text()
    assert page.warning.property("kind") == "ok"
    assert page.files.count() == 1 and page.files.item(0).text().startswith("antrean-cadangan-")
    page.folder.setText(str(tmp_path / "file-not-folder.txt"))
    (tmp_path / "file-not-folder.txt").write_text("x")
    click(qtbot, page.save_button)
    assert "tidak bisa ditulisi" in page.message.text() and is_marked(page.folder)


def test_backups_page_warns_when_the_last_backup_is_a_day_old(qtbot, panel, service, clock):
    backup.backup_now(service.path, now=clock.now())
    clock.advance(minutes=26 * 60)
    page = panel.show_page("backups")
    assert page.warning.property("kind") == "error"
    assert "lebih dari sehari" in page.warning.text()
    assert "26 jam lalu" in page.last_detail.text()


@pytest.mark.parametrize("key", ["services", "counters", "officers", "hours", "holidays",
                                 "board", "printer", "backups"])
def test_screenshot_of_each_admin_page(qtbot, service, key, tmp_path):
    """In the supervisor's dashboard, as an admin sees it at 1366×768."""
    if key == "backups":
        backup.save_settings(service.path, backup.BackupSettings(str(tmp_path / "usb")), "admin",
                             service.clock.now())
        backup.backup_now(service.path, now=service.clock.now())
    window = SupervisorWindow(service, ADMIN, now=service.clock.now)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.admin)
    page = window.admin.show_page(key)
    if key == "officers":
        pick(page.list, "siti")
    if key == "printer":                             # no printer yet: the preview only
        click(qtbot, page.test_button)
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
    qtbot.wait(50)
    path = screenshot_dir() / f"admin-{key}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20_000
    window.shutdown()
    window.close()


def test_screenshot_of_a_refused_change(qtbot, service):
    window = SupervisorWindow(service, ADMIN, now=service.clock.now)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.tabs.setCurrentWidget(window.admin)
    page = window.admin.show_page("services")
    pick(page.list, "kk")
    page.prefix.setText("A")
    page.quota.setValue(90)
    click(qtbot, page.save_button)
    assert page.message.property("kind") == "error"
    assert window.grab().save(str(screenshot_dir() / "admin-services-refused.png"))
    window.shutdown()
    window.close()


def test_the_admin_tab_reloads_when_another_admin_changes_the_office(qtbot, service, clock):
    from shared.admin import OfficeAdmin, edits
    panel = AdminPanel(service, ADMIN)
    qtbot.addWidget(panel)
    board = panel.pages["board"]
    page = panel.show_page("services")
    page.name.setText("Sedang diketik")                   # the admin is typing here
    OfficeAdmin(service.path, clock).apply("cli:other", edits.set_board_texts("Dari PC lain", []))
    qtbot.waitUntil(lambda: board.running_text.toPlainText() == "Dari PC lain", timeout=3000)
    assert page.name.text() == "Sedang diketik"            # kept, and told
    assert "baru saja diubah oleh cli:other" in page.message.text()
    assert panel.show_page("board").running_text.toPlainText() == "Dari PC lain"
    panel.shutdown()
