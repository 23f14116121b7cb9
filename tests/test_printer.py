"""Sending a slip to the printer: a real TCP server on 127.0.0.1 stands in for a network printer
(one that prints, one that is out of paper, one that accepts and never reads), and real files
stand in for device printers. The bytes themselves are tests/test_escpos_bytes.py."""
from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from kiosk.printing import transports
from kiosk.printing.printer import PrinterError, print_receipt, receipt_bytes
from kiosk.printing.transports import STATUS_QUERY
from shared.config import PrinterConfig
from shared.receipt import Receipt, build_receipt

pytestmark = pytest.mark.usefixtures("no_leaked_threads")
GS = b"\x1d"
STATUS_OK = bytes([0x16, 0x12, 0x12])          # online, no offline cause, paper adequate
STATUS_PAPER_OUT = bytes([0x1E, 0x32, 0x72])   # offline, stopped by paper end, paper end
STATUS_COVER_OPEN = bytes([0x1E, 0x16, 0x12])  # offline, cover open


class FakePrinter:
    """A network printer on 127.0.0.1 (ephemeral port), one connection after another.

    mode 'print': reads everything; answers a leading DLE EOT status query with `status`
    (None: a printer that never answers), and keeps what would be printed in `printed`.
    mode 'stuck': accepts and never reads, with a tiny receive buffer.
    """

    def __init__(self, mode: str = "print", status: bytes | None = STATUS_OK):
        self.mode, self.status = mode, status
        self.printed: list[bytes] = []
        self.raw: list[bytes] = []
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if mode == "stuck":  # before listen(), so the accepted socket inherits it
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)

    def config(self, **kw) -> PrinterConfig:
        return PrinterConfig(kind="network", host="127.0.0.1", port=self.port, **kw)

    def __enter__(self) -> "FakePrinter":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join(5)
        assert not self.thread.is_alive()
        for s in self._held:
            s.close()
        self.sock.close()

    def _serve(self) -> None:
        while True:  # until stopped and no connection is left waiting in the backlog
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                if self._stop.is_set():
                    return
                continue
            if self.mode == "stuck":
                self._held.append(conn)
                continue
            with conn:
                self._take(conn)

    def _take(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        buf, answered = b"", False
        give_up = time.monotonic() + 10
        while time.monotonic() < give_up:  # the client closes when done: read to the end
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            buf += chunk
            if (not answered and self.status is not None and buf.startswith(STATUS_QUERY)):
                conn.sendall(self.status)
                answered = True
        self.raw.append(buf)
        # real-time status requests are answered, never printed
        self.printed.append(buf[len(STATUS_QUERY):] if answered else buf)


def closed_port() -> socket.socket:
    """A bound socket that does not listen: connecting to its port is refused."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    return s


@pytest.fixture
def receipt(service) -> Receipt:
    return build_receipt(service.config, service.issue("ktp"))


def test_network_printer_receives_the_whole_receipt(receipt):
    with FakePrinter() as fake:
        assert print_receipt(receipt, fake.config()) is True
    assert fake.raw[0].startswith(STATUS_QUERY)
    assert fake.printed == [receipt_bytes(receipt, "TM-T88V", 80)]


def test_printer_settings_shape_the_bytes(receipt):
    with FakePrinter() as fake:
        print_receipt(receipt, fake.config(profile="TM-T20II", paper_mm=58, native_qr=False))
    assert fake.printed == [receipt_bytes(receipt, "TM-T20II", 58, native_qr=False)]
    assert GS + b"(k" not in fake.printed[0]


def test_a_printer_that_never_answers_status_still_prints_and_is_not_asked_again(receipt):
    with FakePrinter(status=None) as fake:
        started = time.monotonic()
        print_receipt(receipt, fake.config())
        first = time.monotonic() - started
        started = time.monotonic()
        print_receipt(receipt, fake.config())
        second = time.monotonic() - started
    data = receipt_bytes(receipt)
    assert fake.printed == [STATUS_QUERY + data, data]
    assert first < transports.STATUS_WAIT_S + 1 and second < transports.STATUS_WAIT_S


def test_paper_out_is_reported_and_nothing_is_printed(receipt):
    with FakePrinter(status=STATUS_PAPER_OUT) as fake:
        with pytest.raises(PrinterError) as err:
            print_receipt(receipt, fake.config())
    assert err.value.kind == "paper_out"
    assert err.value.message == (f"Kertas printer 127.0.0.1:{fake.port} habis: ganti gulungan "
                                 "kertas, lalu cetak ulang")
    assert "out of paper" in err.value.message_en
    assert fake.printed == [b""]


def test_cover_open_is_offline(receipt):
    with FakePrinter(status=STATUS_COVER_OPEN) as fake:
        with pytest.raises(PrinterError) as err:
            print_receipt(receipt, fake.config())
    assert err.value.kind == "offline" and "tutup printer terbuka" in err.value.message


def test_refused_connection_is_unreachable_and_quick(receipt):
    s = closed_port()
    port = s.getsockname()[1]
    try:
        started = time.monotonic()
        with pytest.raises(PrinterError) as err:
            print_receipt(receipt, PrinterConfig(kind="network", host="127.0.0.1", port=port))
        assert time.monotonic() - started < 1
    finally:
        s.close()
    assert err.value.kind == "unreachable"
    assert err.value.message.startswith(f"Printer 127.0.0.1:{port} tidak dapat dihubungi: ")
    assert "connection refused" in err.value.message_en
    assert err.value.printer == f"127.0.0.1:{port}"


def test_a_printer_that_accepts_and_never_reads_times_out(receipt):
    with FakePrinter(mode="stuck") as fake:
        started = time.monotonic()
        with pytest.raises(PrinterError) as err:
            # an image QR makes the slip larger than every buffer between us and the printer
            print_receipt(receipt, fake.config(timeout_s=1.0, native_qr=False))
        elapsed = time.monotonic() - started
    assert err.value.kind == "timeout"
    assert 0.9 <= elapsed < 1.0 + 2
    assert "tidak selesai dalam 1 detik" in err.value.message


# --- other connections -----------------------------------------------------------------------

def test_kind_none_prints_nothing(receipt):
    assert print_receipt(receipt, PrinterConfig(kind="none")) is False


def test_device_file_gets_exactly_the_receipt_bytes(receipt, tmp_path):
    device = tmp_path / "lp0"
    assert print_receipt(receipt, PrinterConfig(kind="file", device=str(device),
                                                profile="POS-5890", paper_mm=58))
    assert device.read_bytes() == receipt_bytes(receipt, "POS-5890", 58)


def test_missing_device_file_is_unreachable(receipt, tmp_path):
    with pytest.raises(PrinterError) as err:
        print_receipt(receipt, PrinterConfig(kind="file", device=str(tmp_path / "no" / "lp0")))
    assert err.value.kind == "unreachable" and str(tmp_path / "no" / "lp0") in err.value.message


def test_a_device_nobody_reads_times_out_in_bounded_time(receipt, tmp_path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    cfg = PrinterConfig(kind="file", device=str(fifo), timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(PrinterError) as err:
        print_receipt(receipt, cfg)
    assert err.value.kind == "timeout"
    assert time.monotonic() - started < 0.5 + 2
    # let the blocked writer finish, so no thread outlives the test
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        got, deadline = b"", time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                chunk = None
            if chunk == b"" and got:
                break
            got += chunk or b""
            time.sleep(0.01)
    finally:
        os.close(reader)
    assert got == receipt_bytes(receipt)


@pytest.mark.parametrize("cfg, key", [
    (PrinterConfig(kind="network", host=None), "printer.host"),
    (PrinterConfig(kind="serial"), "printer.device"),
    (PrinterConfig(kind="cups"), "printer.printer_name"),
    (PrinterConfig(kind="laser"), "'laser'"),
    (PrinterConfig(kind="network", host="127.0.0.1", timeout_s=0), "timeout_s"),
])
def test_bad_config_is_a_config_error(receipt, cfg, key):
    with pytest.raises(PrinterError) as err:
        print_receipt(receipt, cfg)
    assert err.value.kind == "config" and key in err.value.message


def test_usb_printer_that_is_not_there(receipt):
    cfg = PrinterConfig(kind="usb", usb_vendor=0x04B8, usb_product=0x0202, timeout_s=1)
    with pytest.raises(PrinterError) as err:
        print_receipt(receipt, cfg)
    # without pyusb it is a setup problem; with pyusb and no device, unreachable
    assert err.value.kind in ("config", "unreachable")
    assert "USB 04b8:0202" in err.value.message
