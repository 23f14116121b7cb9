"""ESC/POS bytes of a slip: the number large, bold and underlined, the typography through the code
page, native or image QR codes by profile, paper widths, logos, footers. Sending them to a printer
is tests/test_printer.py."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.printing import transports
from kiosk.printing.printer import PrinterError, receipt_bytes
from shared.receipt import Receipt, build_receipt, qr_matrix

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("no_leaked_threads")
GS, ESC = b"\x1d", b"\x1b"


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
