"""Printing from the kiosk: off the GUI thread, faults recorded, the ticket never lost, the kiosk
never stuck — against real TCP servers on 127.0.0.1."""
from __future__ import annotations

import threading
import time
import tomllib

import pytest
from PySide6.QtCore import Qt

from conftest import EXAMPLE_CONFIG, make_service
from kiosk.bench import FakeNetworkPrinter, refused_port
from kiosk.screens.window import KioskWindow
from kiosk.printing.worker import PrintQueue

pytestmark = pytest.mark.gui


def printer_service(tmp_path, clock, port: int, timeout_s: float = 2.0, **printer):
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["priority"]["ask_at_kiosk"] = False
    raw["printer"] = {"kind": "network", "host": "127.0.0.1", "port": port,
                      "timeout_s": timeout_s, **printer}
    return make_service(tmp_path, raw, clock)


@pytest.fixture
def open_window(qtbot):
    opened = []

    def open_(service) -> KioskWindow:
        window = KioskWindow(service)
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, service))
        return window

    yield open_
    for window, service in opened:
        window.shutdown(timeout_ms=10_000)
        service.close()


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def faults(service) -> list:
    return [e for e in service.events_after(0) if e.type == "printer_fault"]


def test_the_receipt_reaches_a_network_printer(qtbot, tmp_path, clock, open_window):
    printer = FakeNetworkPrinter("read")
    try:
        service = printer_service(tmp_path, clock, printer.port)
        window = open_window(service)
        with qtbot.waitSignal(window.print_done, timeout=10_000) as done:
            tap(qtbot, window.start.tiles["ktp"])
            assert window.ticket.print_state == "printing"   # the tap did not wait for paper
        result = done.args[0]
        assert result.ok and result.code == "A-001", result
        assert printer.wait_jobs(1, timeout=5)
        data = printer.jobs[0].data
        assert b"A-001" in data and len(data) > 200
        assert window.ticket.print_state == "ok"
        assert window.ticket.status.text() == "Silakan ambil tiket Anda"
        assert faults(service) == []
    finally:
        printer.stop()


def assert_failed_but_issued(window, service, code: str, kind: str) -> None:
    assert [t.code for t in service.waiting("ktp")][:1] == [code]   # the ticket stays issued
    recorded = [e for e in faults(service) if e.ticket_code == code]
    assert len(recorded) == 1
    assert recorded[0].detail["kind"] == kind and recorded[0].detail["message"]
    assert window.ticket.status.text() == ("Struk tidak dapat dicetak — silakan foto nomor "
                                           "dan kode QR ini")
    assert window.ticket.number.text() == code
    assert window.ticket.qr.qr_text().endswith(service.ticket(code).token)
    assert window.ticket.qr.pixmap() is not None and not window.ticket.qr.pixmap().isNull()


def test_refused_printer_port_keeps_the_ticket_and_records_a_fault(qtbot, tmp_path, clock,
                                                                   open_window):
    service = printer_service(tmp_path, clock, refused_port())
    window = open_window(service)
    with qtbot.waitSignal(window.print_done, timeout=10_000) as done:
        tap(qtbot, window.start.tiles["ktp"])
    assert not done.args[0].ok and done.args[0].kind == "unreachable"
    assert_failed_but_issued(window, service, "A-001", "unreachable")
    # the kiosk keeps serving
    qtbot.waitUntil(window._tap_ok, timeout=3000)
    tap(qtbot, window.ticket)
    qtbot.waitUntil(window._tap_ok, timeout=3000)
    with qtbot.waitSignal(window.print_done, timeout=10_000):
        tap(qtbot, window.start.tiles["kk"])
    assert [t.code for t in service.waiting("kk")] == ["B-001"]
    assert len(faults(service)) == 2


def test_stalled_printer_times_out_and_the_kiosk_stays_responsive(qtbot, tmp_path, clock,
                                                                  open_window):
    printer = FakeNetworkPrinter("stall")
    try:
        # a raster QR makes the slip larger than the socket buffers can swallow
        service = printer_service(tmp_path, clock, printer.port, timeout_s=2.5, native_qr=False)
        window = open_window(service)
        results = []
        window.print_done.connect(results.append)
        tap(qtbot, window.start.tiles["ktp"])
        assert window.current_screen() == "ticket"
        qtbot.waitUntil(window._tap_ok, timeout=3000)
        tap(qtbot, window.ticket)                        # back to start…
        assert window.current_screen() == "start"
        qtbot.waitUntil(window._tap_ok, timeout=3000)
        assert results == [] and window.printer.in_flight == 1   # …while the slip is stuck
        started = time.perf_counter()
        tap(qtbot, window.start.tiles["kia"])           # another visitor, another service
        assert time.perf_counter() - started < 0.5      # the GUI thread did not wait
        assert window.current_screen() == "ticket"
        assert window.ticket.number.text() == "E-001"
        assert [t.code for t in service.waiting("kia")] == ["E-001"]
        qtbot.waitUntil(lambda: len(results) == 2, timeout=15_000)
        assert [(r.code, r.ok) for r in results] == [("A-001", False), ("E-001", False)]
        assert results[0].kind == "timeout"
        assert {e.ticket_code for e in faults(service)} == {"A-001", "E-001"}
        assert window.ticket.print_state == "failed"
        assert [t.code for t in service.waiting("ktp")] == ["A-001"]
    finally:
        printer.stop()


def test_one_job_prints_one_waits_and_the_rest_fail_fast(qtbot, service):
    """A stalled printer never piles up threads: a third slip is refused at once ('busy')."""
    release = threading.Event()
    threads = set()

    def slow_print(config, issued, lang):
        threads.add(threading.get_ident())
        assert release.wait(10)
        return True

    queue = PrintQueue(service, slow_print)
    results = []
    queue.finished.connect(results.append)
    tickets = [service.issue("ktp") for _ in range(3)]
    try:
        assert queue.submit(tickets[0]) is True
        assert queue.submit(tickets[1]) is True
        assert queue.submit(tickets[2]) is False
        qtbot.waitUntil(lambda: len(results) == 1, timeout=2000)
        assert results[0].code == "A-003" and results[0].kind == "busy"
        assert [e.ticket_code for e in service.events_after(0)
                if e.type == "printer_fault"] == ["A-003"]
        release.set()
        qtbot.waitUntil(lambda: len(results) == 3, timeout=5000)
        assert [(r.code, r.ok) for r in results[1:]] == [("A-001", True), ("A-002", True)]
        assert threading.get_ident() not in threads and len(threads) == 1
        assert queue.in_flight == 0
    finally:
        release.set()
        queue.shutdown()


def test_an_unexpected_printing_error_is_a_fault_too(qtbot, service):
    def broken(config, issued, lang):
        raise ValueError("bad profile data")

    queue = PrintQueue(service, broken)
    issued = service.issue("kk")
    try:
        with qtbot.waitSignal(queue.finished, timeout=5000) as done:
            queue.submit(issued)
        assert done.args[0].kind == "error" and "bad profile data" in done.args[0].message
        [fault] = [e for e in service.events_after(0) if e.type == "printer_fault"]
        assert fault.ticket_code == issued.ticket.code
        assert service.ticket(issued.ticket.code).status.value == "waiting"
    finally:
        queue.shutdown()
