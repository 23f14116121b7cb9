"""ESC/POS bytes of a slip, and sending them: a real TCP server on 127.0.0.1 stands in for a
network printer (one that prints, one that is out of paper, one that accepts and never reads)."""
from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.printing import transports
from kiosk.printing.printer import PrinterError, print_receipt, receipt_bytes
from kiosk.printing.transports import STATUS_QUERY
from shared.config import PrinterConfig
from shared.receipt import Receipt, build_receipt, qr_matrix

ROOT = Path(__file__).resolve().parent.parent
GS, ESC = b"\x1d", b"\x1b"
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


@pytest.fixture(autouse=True)
def no_leaked_threads():
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra:
            break
        time.sleep(0.02)
    assert not extra, f"threads left running: {extra}"


@pytest.fixture
def receipt(service) -> Receipt:
    return build_receipt(service.config, service.issue("ktp"))


def sample(**changes) -> Receipt:
    values = dict(office_name="Kantor Contoh", logo_path=None, code="A-069",
                  service_name="Akta & Surat — Lahir", issued_line="Senin, 23 November 2026 "
                  "pukul 08.00 WIB", people_ahead=3, estimated_wait="± 25 menit",
                  status_url="http://antrean.local/t/abcdefghijklmnop", footer=("Layanan GRATIS",),
                  priority_label=None, lang="id")
    values.update(changes)
    return Receipt(**values)


def qr_store_command(payload: str) -> bytes:
    data = payload.encode()
    return GS + b"(k" + struct.pack("<H", len(data) + 3) + b"1P0" + data


def raster_images(data: bytes) -> list[list[list[bool]]]:
    """Decode every GS v 0 raster image in an ESC/POS stream into rows of dots (True = black)."""
    images, start = [], 0
    while (i := data.find(GS + b"v0", start)) >= 0:
        width_bytes, height = struct.unpack("<HH", data[i + 4:i + 8])
        body = data[i + 8:i + 8 + width_bytes * height]
        rows = [[bool(body[r * width_bytes + c // 8] & (0x80 >> (c % 8)))
                 for c in range(width_bytes * 8)] for r in range(height)]
        images.append(rows)
        start = i + 8 + len(body)
    return images


def matrix_in(rows: list[list[bool]], n: int) -> list[list[bool]]:
    """Read an n×n QR matrix out of a picture that holds one QR code (and white around it)."""
    dark = [(y, x) for y, row in enumerate(rows) for x, v in enumerate(row) if v]
    y0, x0 = min(p[0] for p in dark), min(p[1] for p in dark)
    y1, x1 = max(p[0] for p in dark), max(p[1] for p in dark)
    module = (x1 - x0 + 1) / n
    assert abs((y1 - y0 + 1) / n - module) < 0.01
    return [[rows[int(y0 + (r + .5) * module)][int(x0 + (c + .5) * module)] for c in range(n)]
            for r in range(n)]


# --- the bytes -----------------------------------------------------------------------------

def test_bytes_of_an_issued_ticket_hold_code_date_and_native_qr(service, receipt):
    url = service.config.status_url(service.ticket("A-001").token)
    data = receipt_bytes(receipt, "TM-T88V", 80)
    assert b"A-001\n" in data
    assert b"Senin, 23 November 2026 pukul 08.00 WIB\n" in data
    assert b"Perekaman & Pencetakan KTP-el" in data
    # native QR: the payload is exactly the status URL in the GS ( k store-data command,
    # then the print command
    store = qr_store_command(url)
    assert data.count(store) == 1
    assert data.index(GS + b"(k\x03\x001Q0") > data.index(store)
    assert GS + b"v0" not in data  # no picture needed
    assert data.startswith(ESC + b"@")
    assert data.endswith(GS + b"V\x00")  # full cut on a TM-T88V


def test_the_number_is_large_bold_and_underlined():
    data = receipt_bytes(sample(code="B-1069"), "TM-T88V", 80)
    i = data.index(b"B-1069\n")
    style = data[i - 9:i]
    assert style == GS + b"!\x33" + ESC + b"E\x01" + ESC + b"-\x02"  # 4×4, bold, thick underline
    assert data[i + 7:i + 10] == ESC + b"!\x00"  # back to normal right after


def test_typography_prints_through_the_code_page():
    data = receipt_bytes(sample(footer=("Buka 07.30–12.00 & 13.00—15.00",)), "TM-T88V", 80)
    assert ESC + b"t\x00" in data           # CP437 selected …
    assert b"\xf1 25 menit" in data          # … where '±' is 0xF1
    assert b"Akta & Surat - Lahir" in data   # em dash as a plain hyphen, '&' as is
    assert b"Buka 07.30-12.00 & 13.00-15.00" in data
    assert b"?" not in data.replace(b"http", b"")  # nothing fell back to the '?' symbol


def test_priority_is_printed_inverted():
    data = receipt_bytes(sample(priority_label="Prioritas: Lanjut usia"), "TM-T88V", 80)
    assert GS + b"B\x01 Prioritas: Lanjut usia \n" in data
    assert b"Prioritas" not in receipt_bytes(sample(), "TM-T88V", 80)
    narrow = receipt_bytes(sample(priority_label="Priority: Persons with disabilities",
                                  lang="en"), "POS-5890", 58)
    assert GS + b"B\x01 Priority: Persons with \n disabilities \n" in narrow


@pytest.mark.parametrize("profile, paper, dots", [("POS-5890", 58, 384), ("TM-T88V", 80, 512),
                                                  ("TM-T20II", 80, 576)])
def test_image_qr_when_the_printer_has_no_native_qr(profile, paper, dots):
    r = sample()
    data = receipt_bytes(r, profile, paper, native_qr=False if profile != "POS-5890" else None)
    assert GS + b"(k" not in data
    images = raster_images(data)
    assert len(images) == 1 and len(images[0][0]) == dots   # never wider than the printer
    expected = qr_matrix(r.status_url)
    assert matrix_in(images[0], len(expected)) == expected
    assert matrix_in(images[0], len(expected)) != qr_matrix(r.status_url + "x")


def test_generic_profile_uses_the_paper_width_and_stays_quiet(capsys):
    data = receipt_bytes(sample(), "default", 80, native_qr=False)
    assert [len(img[0]) for img in raster_images(data)] == [576]
    assert capsys.readouterr() == ("", "")   # nothing on stdout: `--json` output stays clean


def test_a_busy_cups_queue_is_not_offline_but_a_stopped_one_is():
    class Queue:
        def __init__(self, state):
            self.printers = {"struk": {"printer-state": state}}
    assert transports._cups_stopped(Queue(5), "struk")
    assert not transports._cups_stopped(Queue(4), "struk")   # printing other jobs
    assert not transports._cups_stopped(Queue(3), "struk")


def test_no_cut_command_for_a_printer_without_cutter():
    data = receipt_bytes(sample(), "POS-5890", 58)
    assert GS + b"V" not in data
    assert data.endswith(b"\n" * 6) or data.endswith(ESC + b"d\x06")


def test_a_logo_is_printed_when_the_file_exists(tmp_path):
    from PIL import Image
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (0, 80, 160, 255)).save(logo)
    with_logo = receipt_bytes(sample(logo_path=str(logo)), "TM-T88V", 80)
    images = raster_images(with_logo)
    assert len(images) == 1 and len(images[0]) == 100 and len(images[0][0]) == 512
    assert with_logo.index(GS + b"v0") < with_logo.index(b"Kantor Contoh")
    missing = receipt_bytes(sample(logo_path=str(tmp_path / "nope.png")), "TM-T88V", 80)
    assert missing == receipt_bytes(sample(), "TM-T88V", 80)


def test_58mm_paper_wraps_at_32_columns():
    data = receipt_bytes(sample(office_name="Dinas Kependudukan dan Pencatatan Sipil Kota "
                                            "Contoh"), "TM-T88V", 58)
    assert b"-" * 32 + b"\n" in data and b"-" * 33 not in data
    assert b"Dinas Kependudukan dan\nPencatatan Sipil Kota Contoh\n" in data


def test_footer_in_fine_print_without_orphaned_words(office_config):
    footer = office_config.footer
    wide = receipt_bytes(sample(footer=footer), "TM-T88V", 80)
    assert (ESC + b"M\x01Maklumat Pelayanan:\nKami siap memberikan pelayanan sesuai standar\n"
            b"pelayanan yang telah ditetapkan. Layanan GRATIS.\n" + ESC + b"M\x00") in wide
    narrow = receipt_bytes(sample(footer=footer), "POS-5890", 58)
    assert (b"Kami siap memberikan pelayanan sesuai\nstandar pelayanan yang telah ditetapkan.\n"
            b"Layanan GRATIS.\n") in narrow
    # a printer with one font only keeps font A
    assert ESC + b"M\x01" not in receipt_bytes(sample(footer=footer), "ZJ-5870", 58)


def test_unknown_profile_is_a_config_error():
    with pytest.raises(PrinterError) as err:
        receipt_bytes(sample(), "NO-SUCH-PRINTER")
    assert err.value.kind == "config" and "NO-SUCH-PRINTER" in err.value.message


def test_escpos_cache_goes_to_the_user_cache_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", "import os, kiosk.printing.printer; "
                          "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    folder = Path(out.stdout.strip())
    assert folder.is_relative_to(tmp_path / "cache") and folder.is_dir()
    assert any(folder.glob("*.capabilities.pickle"))


# --- a network printer -------------------------------------------------------------------------

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
