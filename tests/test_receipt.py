"""The content of a ticket slip and its PNG rendering (shared.receipt, no printer involved)."""
from __future__ import annotations

import ast
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from shared.receipt import (PAPER_DOTS, Receipt, build_receipt, qr_matrix, receipt_for_test,
                            render_receipt_png)

ROOT = Path(__file__).resolve().parent.parent


def test_receipt_of_an_issued_ticket(service):
    issued = service.issue("ktp")
    r = build_receipt(service.config, issued)
    assert r.code == "A-001"
    assert r.office_name == "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh"
    assert r.service_name == "Perekaman & Pencetakan KTP-el"
    assert r.issued_line == "Senin, 23 November 2026 pukul 08.00 WIB"
    # nobody is at a counter yet (fresh office, no history): the first is expected within 5 min,
    # not "kurang dari 1 menit" (that needs a counter open and free: tests/test_estimate.py)
    assert (r.people_ahead, r.estimated_wait) == (0, "± 5 menit")
    assert r.status_url == service.config.status_url(issued.ticket.token)
    assert r.status_url.endswith("/" + issued.ticket.token)
    assert r.footer[0] == "Maklumat Pelayanan:"
    assert r.priority_label is None and r.lang == "id"


def test_people_ahead_and_wait_are_worded(service):
    for _ in range(3):
        service.issue("ktp")
    r = build_receipt(service.config, service.issue("ktp"))
    # 2 counters serving KTP, none open yet (expected in 5 min): are called
    # then, A-004 after two more calls at 2 × (1/10 min) — 5 + 10 = 15 (tests/test_estimate.py)
    assert (r.code, r.people_ahead, r.estimated_wait) == ("A-004", 3, "± 15 menit")
    assert r.people_ahead_text() == "3 orang"


def test_priority_ticket_in_english(service):
    issued = service.issue("kk", "lansia")
    r = build_receipt(service.config, issued, lang="en")
    assert r.priority_label == "Priority: Senior citizens"
    assert r.service_name == "Family Card"
    assert r.issued_line == "Monday, 23 November 2026 at 08:00 WIB"
    assert build_receipt(service.config, issued).priority_label == "Prioritas: Lanjut usia"


def test_issued_time_is_shown_in_the_office_zone(service, clock):
    clock.set(datetime(2026, 11, 23, 1, 15, tzinfo=ZoneInfo("UTC")))  # 08.15 WIB
    r = build_receipt(service.config, service.issue("ktp"))
    assert r.issued_line == "Senin, 23 November 2026 pukul 08.15 WIB"


def test_test_receipt_is_marked(office_config):
    now = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    r = receipt_for_test(office_config, now)
    assert r.code == "A-123"
    assert r.issued_line == "Senin, 23 November 2026 pukul 09.30 WIB"
    assert "UJI CETAK" in r.footer[0]
    assert r.footer[1:] == office_config.footer
    assert r.status_url == office_config.status_url("uji-cetak")


# --- the picture ---------------------------------------------------------------------------

def dark(img: Image.Image, x: int, y: int) -> bool:
    return img.getpixel((x, y)) < 128


@pytest.mark.parametrize("paper", [80, 58])
def test_png_at_the_paper_width_with_a_readable_qr(service, tmp_path, paper):
    r = build_receipt(service.config, service.issue("ktp"))
    path = tmp_path / f"r{paper}.png"
    img = render_receipt_png(r, paper, path)
    assert img.width == PAPER_DOTS[paper] == {80: 576, 58: 384}[paper]
    with Image.open(path) as saved:
        assert saved.format == "PNG" and saved.size == img.size

    # the QR code: every module where the renderer says, equal to the status URL's QR code
    x, y, module, n = img.info["qr_box"]
    expected = qr_matrix(r.status_url)
    assert n == len(expected) and module >= 3
    sampled = [[dark(img, x + (c * module) + module // 2, y + (row * module) + module // 2)
                for c in range(n)] for row in range(n)]
    assert sampled == expected
    assert sampled != qr_matrix(r.status_url.replace("/t/", "/x/"))
    # with a white quiet zone of 4 modules all round
    q, side = 4 * module, n * module
    lo_x, hi_x, lo_y, hi_y = x - q, x + side + q - 1, y - q, y + side + q - 1
    ring = [(i, j) for i in range(lo_x, hi_x + 1) for j in (lo_y, hi_y)]
    ring += [(i, j) for j in range(lo_y, hi_y + 1) for i in (lo_x, hi_x)]
    assert not any(dark(img, i, j) for i, j in ring)


@pytest.mark.parametrize("paper", [80, 58])
def test_the_number_is_huge_and_underlined(service, paper):
    r = build_receipt(service.config, service.issue("ktp"))
    img = render_receipt_png(r, paper)
    x0, y0, x1, y1 = img.info["code_box"]
    assert y1 - y0 >= 0.18 * img.width            # about a sixth of the paper's width, tall
    assert x1 - x0 >= 0.6 * img.width
    glyphs = img.crop((x0, y0, x1, y1))
    bbox = Image.eval(glyphs, lambda v: 255 - v).point(lambda v: 255 if v > 127 else 0).getbbox()
    assert bbox is not None and bbox[1] <= 2 and bbox[3] >= (y1 - y0) - 2   # the box is true
    # a solid bar under the whole number (6 and 9 keep their way up)
    bar = [y for y in range(y1 + 1, y1 + 40) if all(dark(img, x, y) for x in range(x0, x1))]
    assert bar, "no underline under the number"


def test_priority_band_and_english_labels(service):
    r = build_receipt(service.config, service.issue("ktp", "hamil"), lang="en")
    plain = render_receipt_png(replace(r, priority_label=None))
    banded = render_receipt_png(r)
    assert banded.height > plain.height + 20


def test_a_logo_when_the_file_exists(tmp_path, office_config):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 200), (200, 30, 30, 255)).save(logo)
    now = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    r = receipt_for_test(office_config, now)
    without = render_receipt_png(r)
    with_logo = render_receipt_png(replace(r, logo_path=str(logo)))
    assert with_logo.height > without.height + 100
    assert dark(with_logo, with_logo.width // 2, 16 + 50)     # the logo, centred at the top
    missing = render_receipt_png(replace(r, logo_path=str(tmp_path / "nope.png")))
    assert missing.tobytes() == without.tobytes()


def test_long_office_names_wrap_inside_the_paper():
    r = Receipt(office_name="Mal Pelayanan Publik Kabupaten Contoh Dengan Nama Yang Sangat "
                            "Panjang Sekali", logo_path=None, code="ABC-1000",
                service_name="Pelayanan Terpadu Satu Pintu", issued_line="Jumat, 27 November "
                "2026 pukul 10.05 WITA", people_ahead=123, estimated_wait="± 2 jam 35 menit",
                status_url="https://antrean.contoh.go.id/t/" + "x" * 40, footer=(),
                priority_label=None, lang="id")
    img = render_receipt_png(r, 58)
    x0, _, x1, _ = img.info["code_box"]
    assert 0 <= x0 and x1 <= img.width
    # nothing drawn in the outer 8 dots on either side
    for y in range(img.height):
        assert not any(dark(img, x, y) for x in (*range(0, 8), *range(img.width - 8, img.width)))


def test_receipt_module_stays_free_of_qt():
    tree = ast.parse((ROOT / "shared" / "receipt.py").read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in names if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "escpos")]

