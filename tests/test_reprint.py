"""`antrean reprint CODE` and `antrean print-test` through shared.cli.main on a temp database.

The CLI runs on the system clock, so these databases issue tickets around the clock.
"""
from __future__ import annotations

import json
import struct

import pytest
from PIL import Image

from kiosk.printing.printer import receipt_bytes
from shared.cli.main import main
from shared.config import parse_config
from shared.domain import IssuedTicket
from shared.receipt import build_receipt
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from test_printer import FakePrinter, closed_port

pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def office(printer: dict) -> dict:
    return {
        "office": {"name": "Kantor Kecamatan Contoh", "timezone": "Asia/Makassar",
                   "status_base_url": "https://antrean.contoh.go.id/t/",
                   "footer": ["Layanan GRATIS"]},
        "hours": {"setiap_hari": ["00:00-24:00"]},
        "services": [{"code": "umum", "prefix": "A", "name": "Layanan Umum",
                      "target_wait_min": 30, "target_service_min": 10}],
        "counters": [{"name": "1", "services": ["umum"]}],
        "printer": printer,
    }


@pytest.fixture
def make_db(tmp_path):
    def make(printer: dict):
        path = tmp_path / "antrean.db"
        init_database(path, parse_config(office(printer), "x.toml"))
        return path
    return make


def issue(db, n: int = 1):
    svc = SqliteQueueService(db)
    try:
        return [svc.issue("umum") for _ in range(n)][-1]
    finally:
        svc.close()


def events(db, type_: str):
    svc = SqliteQueueService(db)
    try:
        return [e for e in svc.events_after(0) if e.type == type_]
    finally:
        svc.close()


def current_receipt(db, code: str):
    svc = SqliteQueueService(db)
    try:
        t = svc.ticket(code)
        issued = IssuedTicket(t, svc.people_ahead(code), svc.estimated_wait(code),
                              svc.config.status_url(t.token))
        return build_receipt(svc.config, issued)
    finally:
        svc.close()


def qr_store(url: str) -> bytes:
    return b"\x1d(k" + struct.pack("<H", len(url) + 3) + b"1P0" + url.encode()


def test_reprint_on_a_network_printer(make_db, capsys):
    with FakePrinter() as fake:
        db = make_db({"kind": "network", "host": "127.0.0.1", "port": fake.port,
                      "profile": "TM-T20II"})
        issue(db, 2)
        assert main(["--db", str(db), "reprint", "a2"]) == 0
    assert f"A-002 dicetak ulang di printer 127.0.0.1:{fake.port}" in capsys.readouterr().out
    receipt = current_receipt(db, "A-002")
    assert receipt.people_ahead == 1 and "WITA" in receipt.issued_line
    assert fake.printed == [receipt_bytes(receipt, "TM-T20II", 80)]
    [event] = events(db, "reprinted")
    assert event.ticket_code == "A-002"
    assert event.detail["printer"] == f"127.0.0.1:{fake.port}"
    assert not events(db, "printer_fault")


def test_reprint_when_the_printer_is_unreachable_records_a_fault(make_db, capsys):
    s = closed_port()
    port = s.getsockname()[1]
    try:
        db = make_db({"kind": "network", "host": "127.0.0.1", "port": port})
        issue(db)
        assert main(["--db", str(db), "reprint", "A-001"]) == 1
    finally:
        s.close()
    err = capsys.readouterr().err
    assert err.startswith(f"antrean: Printer 127.0.0.1:{port} tidak dapat dihubungi")
    [fault] = events(db, "printer_fault")
    assert fault.ticket_code == "A-001"
    assert fault.detail["kind"] == "unreachable"
    assert fault.detail["message"] in err
    assert not events(db, "reprinted")


def test_reprint_fault_as_json(make_db, capsys):
    s = closed_port()
    try:
        db = make_db({"kind": "network", "host": "127.0.0.1", "port": s.getsockname()[1]})
        issue(db)
        assert main(["--db", str(db), "--json", "reprint", "A-001"]) == 1
    finally:
        s.close()
    err = json.loads(capsys.readouterr().err)
    assert err["error"] == "printer" and "cannot be reached" in err["message_en"]


def test_reprint_without_printer_saves_a_preview(make_db, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    db = make_db({"kind": "none", "paper_mm": 58})
    issue(db)
    assert main(["--db", str(db), "reprint", "A-001"]) == 0
    png = tmp_path / "antrean-struk-A-001.png"
    assert str(png) in capsys.readouterr().out
    with Image.open(png) as img:
        assert img.width == 384
    [event] = events(db, "reprinted")
    assert event.detail == {"printer": "none", "preview": str(png)}


def test_reprint_refuses_unknown_and_finished_tickets(make_db, capsys):
    db = make_db({"kind": "none"})
    assert main(["--db", str(db), "reprint", "A-001"]) == 1
    assert "A-001 tidak ditemukan hari ini" in capsys.readouterr().err
    issue(db)
    svc = SqliteQueueService(db)
    svc.open_counter("1")
    svc.call_next("1")
    svc.start("1")
    svc.finish("1")
    svc.close()
    assert main(["--db", str(db), "reprint", "A-001"]) == 1
    assert "sudah selesai dilayani" in capsys.readouterr().err
    assert not events(db, "reprinted")


def test_print_test_on_a_network_printer_also_saves_the_preview(make_db, tmp_path, capsys):
    png = tmp_path / "uji.png"
    with FakePrinter() as fake:
        db = make_db({"kind": "network", "host": "127.0.0.1", "port": fake.port})
        assert main(["--db", str(db), "print-test", "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert str(png) in out and f"127.0.0.1:{fake.port}" in out
    [printed] = fake.printed
    assert b"UJI CETAK - bukan nomor antrean" in printed
    assert qr_store("https://antrean.contoh.go.id/t/uji-cetak") in printed
    assert b"A-123\n" in printed and printed.endswith(b"\x1dV\x00")
    with Image.open(png) as img:
        assert img.width == 576


def test_print_test_without_printer_saves_in_the_current_folder(make_db, tmp_path, monkeypatch,
                                                                capsys):
    monkeypatch.chdir(tmp_path)
    db = make_db({"kind": "none"})
    assert main(["--db", str(db), "--json", "print-test"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"printed": False, "printer": None,
                    "preview": str(tmp_path / "antrean-uji-cetak.png")}
    assert (tmp_path / "antrean-uji-cetak.png").is_file()


def test_print_test_fault_is_recorded_and_the_preview_kept(make_db, tmp_path, capsys):
    s = closed_port()
    png = tmp_path / "uji.png"
    try:
        db = make_db({"kind": "network", "host": "127.0.0.1", "port": s.getsockname()[1]})
        assert main(["--db", str(db), "print-test", "--png", str(png)]) == 1
    finally:
        s.close()
    assert "tidak dapat dihubungi" in capsys.readouterr().err
    assert png.is_file()
    [fault] = events(db, "printer_fault")
    assert fault.ticket_code is None and fault.detail["kind"] == "unreachable"
