"""The kiosk screens, driven through the real widgets: issue, priority, refusals, double taps,
timeouts and errors. Language: tests/test_kiosk_language.py; look and screenshots:
tests/test_kiosk_look.py."""
from __future__ import annotations

import logging
import sys

import pytest

from conftest import make_service
from kiosk.screens.window import install_excepthook
from shared.domain import PriorityGroup
from tests.kiosk_helpers import (CHRISTMAS, MONDAY_4PM, SUNDAY_10AM, issued_events, open_kiosk,
                                 raw_config, settle, tap, visible_texts)
from tests.kiosk_helpers import direct, kiosk  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui


# --- issuing ----------------------------------------------------------------------------------

def test_start_screen_lists_every_active_service_with_waiting_count(kiosk, service):
    assert kiosk.current_screen() == "start"
    assert list(kiosk.start.tiles) == ["ktp", "kk", "akta", "pindah", "kia"]
    tile = kiosk.start.tiles["kk"]
    assert tile.name.text() == "Kartu Keluarga"
    assert tile.waiting.text() == "Belum ada antrean"
    assert kiosk.clock_label.text() == "08.00"
    assert kiosk.date_label.text() == "Senin, 23 November 2026"


def test_tap_a_service_issues_a_ticket_and_shows_its_number(qtbot, kiosk, service):
    tap(qtbot, kiosk.start.tiles["kk"])
    assert kiosk.current_screen() == "priority"
    settle(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.ticket_issued, timeout=2000) as issued:
        tap(qtbot, kiosk.priority.no_button)
    code = issued.args[0].ticket.code
    assert code == "B-001"
    assert [t.code for t in service.waiting("kk")] == ["B-001"]
    assert kiosk.current_screen() == "ticket"
    assert kiosk.ticket.number.text() == "B-001" and kiosk.ticket.number.isVisible()
    assert kiosk.ticket.qr.qr_text() == issued.args[0].status_url
    assert kiosk.ticket.service.text() == "Kartu Keluarga"


def test_without_priority_question_one_tap_issues(qtbot, direct):
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000):
        tap(qtbot, direct.start.tiles["ktp"])
    assert [t.code for t in direct.service.waiting("ktp")] == ["A-001"]
    assert direct.ticket.number.text() == "A-001"


@pytest.mark.parametrize("button, expected", [
    (PriorityGroup.LANSIA, PriorityGroup.LANSIA),
    (PriorityGroup.HAMIL, PriorityGroup.HAMIL),
    (None, None),
])
def test_priority_step_sets_the_group(qtbot, kiosk, service, button, expected):
    tap(qtbot, kiosk.start.tiles["ktp"])
    settle(qtbot, kiosk)
    if button is PriorityGroup.LANSIA:
        assert kiosk.priority.group_buttons[button].text() == "Lanjut usia"
    target = kiosk.priority.no_button if button is None else kiosk.priority.group_buttons[button]
    tap(qtbot, target)
    [ticket] = service.waiting("ktp")
    assert ticket.priority_group == expected
    assert kiosk.ticket.priority.isVisibleTo(kiosk) == (expected is not None)


def test_priority_back_button_returns_without_issuing(qtbot, kiosk, service):
    tap(qtbot, kiosk.start.tiles["akta"])
    settle(qtbot, kiosk)
    tap(qtbot, kiosk.priority.back_button)
    assert kiosk.current_screen() == "start"
    assert issued_events(service) == []


def test_waiting_counts_follow_the_store(qtbot, kiosk, service):
    for _ in range(3):
        service.issue("kia")   # another kiosk, or the CLI
    qtbot.waitUntil(lambda: kiosk.start.tiles["kia"].waiting.text() == "3 orang menunggu",
                    timeout=3000)


# --- refusals ---------------------------------------------------------------------------------

@pytest.mark.parametrize("when, status, word", [
    (MONDAY_4PM, "Tutup · Buka Selasa 07.30", "sedang tutup"),
    (SUNDAY_10AM, "Tutup · Buka Senin 07.30", "sedang tutup"),
    (CHRISTMAS, "Libur · Buka Senin 07.30", "Hari ini libur"),
])
def test_closed_service_is_refused_with_its_message(qtbot, kiosk, service, clock, when, status,
                                                    word):
    clock.set(when)
    kiosk.refresh_queues()
    tile = kiosk.start.tiles["ktp"]
    assert tile.status.text() == status
    assert tile.property("open") == "false" and tile.isEnabled()   # readable, still tappable
    with qtbot.waitSignal(kiosk.refused, timeout=2000) as refused:
        tap(qtbot, tile)
    assert kiosk.current_screen() == "start"
    assert kiosk.banner.isVisible()
    assert kiosk.banner.text.text() == refused.args[0].message
    assert word in kiosk.banner.text.text()
    assert issued_events(service) == []
    assert service.waiting("ktp") == []


def test_full_quota_is_refused_and_names_what_is_still_open(qtbot, tmp_path, clock):
    raw = raw_config(priority={"ask_at_kiosk": False})
    raw["services"][1]["daily_quota"] = 2   # Kartu Keluarga
    svc = make_service(tmp_path, raw, clock)
    window = open_kiosk(qtbot, svc)
    try:
        for _ in range(2):
            settle(qtbot, window)
            window.show_screen("start")
            settle(qtbot, window)
            tap(qtbot, window.start.tiles["kk"])
        assert [t.code for t in svc.waiting("kk")] == ["B-001", "B-002"]
        window.show_screen("start")
        settle(qtbot, window)
        assert window.start.tiles["kk"].status.text().startswith("Kuota habis")
        with qtbot.waitSignal(window.refused, timeout=2000) as refused:
            tap(qtbot, window.start.tiles["kk"])
        assert refused.args[0].reason == "quota"
        assert window.banner.text.text() == "Kuota harian Kartu Keluarga (2) sudah habis"
        assert window.banner.extra_label.text().startswith("Layanan yang masih buka: Perekaman")
        assert len(svc.waiting("kk")) == 2
    finally:
        window.shutdown()
        svc.close()


# --- double taps ------------------------------------------------------------------------------

@pytest.mark.parametrize("taps", [2, 3])
def test_rapid_taps_on_a_service_issue_one_ticket(qtbot, direct, taps):
    tile = direct.start.tiles["ktp"]
    for _ in range(taps):
        tap(qtbot, tile)
    qtbot.wait(50)
    assert len(direct.service.waiting("ktp")) == 1
    assert len(issued_events(direct.service)) == 1
    assert not tile.isEnabled()   # the button disabled itself
    qtbot.waitUntil(tile.isEnabled, timeout=3000)


@pytest.mark.parametrize("taps", [2, 3])
def test_rapid_taps_on_a_priority_button_issue_one_ticket(qtbot, kiosk, service, taps):
    tap(qtbot, kiosk.start.tiles["kk"])
    settle(qtbot, kiosk)
    for _ in range(taps):
        tap(qtbot, kiosk.priority.group_buttons[PriorityGroup.ANAK])
    assert len(service.waiting("kk")) == 1


def test_second_tap_of_a_double_tap_does_not_answer_the_next_screen(qtbot, kiosk, service):
    tap(qtbot, kiosk.start.tiles["kk"])
    tap(qtbot, kiosk.priority.group_buttons[PriorityGroup.DISABILITAS])  # same finger, same spot
    assert kiosk.current_screen() == "priority"
    assert issued_events(service) == []


def test_a_tap_right_after_issuing_does_not_dismiss_the_ticket(qtbot, direct):
    tap(qtbot, direct.start.tiles["kia"])
    tap(qtbot, direct.ticket)
    assert direct.current_screen() == "ticket"


# --- returning to start, idle, errors ----------------------------------------------------------

def test_ticket_screen_returns_to_start_after_the_configured_time(qtbot, tmp_path, clock):
    svc = make_service(tmp_path, raw_config(priority={"ask_at_kiosk": False},
                                            kiosk={"ticket_screen_seconds": 1}), clock)
    window = open_kiosk(qtbot, svc)
    try:
        tap(qtbot, window.start.tiles["akta"])
        assert window.current_screen() == "ticket"
        qtbot.waitUntil(lambda: window.current_screen() == "start", timeout=4000)
        assert window.start.tiles["akta"].waiting.text() == "1 orang menunggu"
    finally:
        window.shutdown()
        svc.close()


def test_ticket_screen_returns_to_start_on_a_tap(qtbot, direct):
    tap(qtbot, direct.start.tiles["akta"])
    assert direct.current_screen() == "ticket"
    assert direct.ticket.countdown.text() == "Sentuh layar untuk kembali · 12"
    settle(qtbot, direct)
    tap(qtbot, direct.ticket.qr)   # anywhere on the screen, the QR code included
    assert direct.current_screen() == "start"


def test_idle_screen_after_inactivity_and_tap_to_start(qtbot, tmp_path, clock):
    svc = make_service(tmp_path, raw_config(kiosk={"idle_seconds": 1}), clock)
    window = open_kiosk(qtbot, svc)
    try:
        tap(qtbot, window.lang_button)
        qtbot.waitUntil(lambda: window.current_screen() == "idle", timeout=4000)
        assert window.lang == "id"
        assert window.idle.call.text() == "Sentuh layar untuk mengambil nomor antrean"
        tap(qtbot, window.idle)
        assert window.current_screen() == "start"
    finally:
        window.shutdown()
        svc.close()


def test_unexpected_error_is_logged_and_returns_to_start(qtbot, kiosk, caplog, monkeypatch):
    tap(qtbot, kiosk.start.tiles["kk"])
    assert kiosk.current_screen() == "priority"
    previous = install_excepthook(kiosk)
    try:
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    qtbot.waitUntil(lambda: kiosk.current_screen() == "start", timeout=2000)
    assert kiosk.banner.isVisible()
    assert kiosk.banner.title.text() == "Mohon maaf, terjadi gangguan"
    assert "Traceback" not in " ".join(visible_texts(kiosk).values())
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_an_error_inside_issue_never_reaches_the_visitor(qtbot, direct, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(direct.service, "issue", broken)
    with caplog.at_level(logging.ERROR):
        tap(qtbot, direct.start.tiles["ktp"])
    assert direct.current_screen() == "start"
    assert direct.banner.isVisible()
    assert direct.banner.title.text() == "Mohon maaf, terjadi gangguan"
    assert "disk on fire" not in " ".join(visible_texts(direct).values())
    assert any("disk on fire" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    assert not direct._busy
