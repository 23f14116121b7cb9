"""Antrean online, the parts without a queue: [services.booking] in the office config (and its
errors, in both languages), codes and what a scanner types, NIK and phone numbers, and the NIK
never appearing in full in a response, an event, a page or the database file."""
from __future__ import annotations

import tomllib
from datetime import datetime

import pytest

from shared.admin.labels import field_label, problem_id
from shared.booking.codes import ALPHABET, display_code, new_code, parse_scanned
from shared.booking.identity import mask_nik, normalise_phone, parse_contact, validate_nik
from shared.config import BookingConfig, parse_config
from shared.domain import BookingRefused, ConfigError
from shared.server.testing import make_test_client, session_token
from shared.store.setup import init_database
from tests.conftest import JAKARTA, example_raw

NIK = "3174015708900123"


# --- the config -------------------------------------------------------------------------------
def test_example_office_books_kk_and_akta():
    from tests.conftest import EXAMPLE_CONFIG
    from shared.config import load_config
    cfg = load_config(EXAMPLE_CONFIG)
    kk, akta = cfg.service("kk").booking, cfg.service("akta").booking
    assert kk == BookingConfig(slot_minutes=30, per_slot=3, share=0.3, days_ahead=7,
                               cutoff_minutes=60, early_minutes=30, late_minutes=15,
                               identity="either")
    assert akta.identity == "nik" and akta.per_slot == 4
    assert cfg.service("ktp").booking is None


def test_defaults_when_the_table_is_empty():
    raw = example_raw()
    raw["services"][0]["booking"] = {}
    assert parse_config(raw).service("ktp").booking == BookingConfig()


@pytest.mark.parametrize("key,value,words,words_id", [
    ("slot_minutes", 0, "must be from 5 to 480", "harus dari 5 sampai 480"),
    ("per_slot", 0, "must be from 1 to 1000", "harus dari 1 sampai 1000"),
    ("per_slot", 2.5, "whole number", "angka bulat"),
    ("share", 0, "more than 0 and at most 1", "lebih dari 0 dan paling banyak 1"),
    ("share", 1.5, "more than 0 and at most 1", "lebih dari 0 dan paling banyak 1"),
    ("share", "40%", "must be a number", "jenis isiannya salah"),
    ("days_ahead", 120, "must be from 0 to 90", "harus dari 0 sampai 90"),
    ("cutoff_minutes", -5, "must be from 0", "harus dari 0"),
    ("early_minutes", 300, "must be from 0 to 240", "harus dari 0 sampai 240"),
    ("late_minutes", -1, "must be from 0 to 240", "harus dari 0 sampai 240"),
    ("identity", "email", "must be one of: phone, nik, either", "harus salah satu dari"),
    ("capacity", 3, "unknown key", "unknown key"),
])
def test_bad_booking_values_name_the_field(key, value, words, words_id):
    raw = example_raw()
    raw["services"][1]["booking"][key] = value
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "kantor.toml")
    assert err.value.key == f"services[1].booking.{key}"
    assert err.value.file == "kantor.toml" and words in err.value.problem
    assert words_id in problem_id(err.value.problem)          # the admin's Indonesian
    label = field_label(err.value.key, raw)
    assert label.startswith("Layanan Kartu Keluarga — Antrean online")


def test_booking_must_be_a_table():
    raw = example_raw()
    raw["services"][1]["booking"] = True
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "kantor.toml")
    assert err.value.key == "services[1].booking" and "must be a table" in err.value.problem


def test_an_admin_edit_of_the_service_keeps_its_booking(tmp_path, clock):
    from shared.admin import edits
    from shared.admin.changes import OfficeAdmin
    from shared.admin.toml_out import dumps
    db = tmp_path / "a.db"
    init_database(db, parse_config(example_raw(), "a.toml"))
    admin = OfficeAdmin(db, clock)
    before = admin.config().service("kk").booking
    # the service form does not show the booking table: saving it must not drop it
    fields = {k: v for k, v in admin.raw()["services"][1].items() if k != "booking"}
    admin.apply("admin", edits.save_service("kk", fields | {"daily_quota": 90}))
    after = OfficeAdmin(db, clock).config().service("kk")
    assert after.daily_quota == 90 and after.booking == before is not None
    exported = dumps(admin.raw())                         # `antrean config export` round-trips
    assert parse_config(tomllib.loads(exported)).service("kk").booking == before


# --- codes ------------------------------------------------------------------------------------
def test_codes_avoid_look_alikes():
    assert not set("01OIL") & set(ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 8 and set(c) <= set(ALPHABET) for c in codes)
    assert display_code("K7Q4M2XA") == "K7Q4-M2XA"


@pytest.mark.parametrize("typed,code", [
    ("K7Q4M2XA", "K7Q4M2XA"), ("k7q4-m2xa", "K7Q4M2XA"), (" K7Q4 M2XA\r\n", "K7Q4M2XA"),
    ("http://10.0.0.5:8080/booking/K7Q4M2XA", "K7Q4M2XA"),
    ("https://antrean.kantor.go.id/booking/K7Q4-M2XA/?lang=en", "K7Q4M2XA"),
    ("K7Q4M2X", None), ("K7Q4M2XAB", None), ("K0Q4M2XA", None), ("A-001", None), ("", None),
    ("http://host/t/abcdefghijklmnop", None),
])
def test_parse_scanned(typed, code):
    assert parse_scanned(typed) == code


# --- identity ---------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["081234567890", "0812-3456-7890", "+62 812 3456 7890",
                                   "6281234567890", "(0812) 3456.7890", "81234567890"])
def test_phone_numbers_normalised(typed):
    assert normalise_phone(typed) == "+6281234567890"
    assert parse_contact("phone", typed).masked == "0812****7890"


@pytest.mark.parametrize("typed", ["0812", "021 5551234", "+1 415 555 0100", "08123456789012345",
                                   "nomor saya"])
def test_bad_phone_numbers(typed):
    with pytest.raises(BookingRefused) as err:
        normalise_phone(typed)
    assert err.value.reason == "bad_phone" and "0812" in err.value.message


@pytest.mark.parametrize("typed,ok", [
    (NIK, True), ("3174 0157 0890 0123", True), ("3174014108900123", True),   # woman: day + 40
    ("317401570890012", False), ("31740157089001234", False), ("0174015708900123", False),
    ("3174013208900123", False), ("3174015713900123", False), ("3174015708900000", False),
    ("317401570890012X", False),
])
def test_nik(typed, ok):
    if ok:
        assert validate_nik(typed) == typed.replace(" ", "")
        assert mask_nik(validate_nik(typed)) == "3174********0123"
    else:
        with pytest.raises(BookingRefused) as err:
            validate_nik(typed)
        assert err.value.reason == "bad_nik" and typed not in err.value.message


# --- privacy ----------------------------------------------------------------------------------
def test_a_nik_never_appears_in_full(tmp_path, clock):
    from shared.server.app import create_app
    from shared.server.settings import ServerSettings
    db = tmp_path / "p.db"
    init_database(db, parse_config(example_raw(), "p.toml"))
    staff = {"Authorization": f"Bearer {session_token(db, 'admin', clock)}"}
    seen = []
    with make_test_client(create_app(ServerSettings(db, clock=clock))) as client:
        def get(path, **kw):
            r = client.get(path, **kw)
            seen.append(r.text)
            return r
        slot = datetime(2026, 11, 24, 9, tzinfo=JAKARTA).isoformat()
        r = client.post("/api/public/bookings", json={"service": "akta", "slot_start": slot,
                                                       "name": "Ibu Sari", "contact": NIK})
        assert r.status_code == 201, r.text
        seen.append(r.text)
        code = r.json()["code"]
        assert r.json()["contact_masked"] == "3174********0123"
        r = client.post("/api/public/bookings", json={"service": "akta", "slot_start": slot,
                                                       "name": "Ibu Sari", "contact": NIK})
        assert r.status_code == 409 and r.json()["detail"]["reason"] == "duplicate"
        seen.append(r.text)
        get(f"/api/public/bookings/{code}")
        get(f"/booking/{code}")
        get("/api/bookings", params={"day": "2026-11-24"}, headers=staff)
        get("/api/events", params={"after": 0}, headers=staff)
        r = client.post(f"/api/public/bookings/{code}/cancel", json={"contact": "3174015708900124"})
        assert r.status_code == 409 and r.json()["detail"]["reason"] == "contact_mismatch"
        seen.append(r.text)
        r = client.post(f"/api/public/bookings/{code}/cancel", json={"contact": NIK})
        assert r.status_code == 200 and r.json()["status"] == "cancelled"
        seen.append(r.text)
    assert all(NIK not in text for text in seen)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("p.db"))
    assert NIK.encode() not in raw and b"3174********0123" in raw   # stored masked only


def test_the_qr_holds_the_booking_page_and_checks_in(tmp_path, clock):
    import re
    from shared.booking.codes import booking_url
    from shared.receipt import qr_matrix
    from shared.server.app import create_app
    from shared.server.settings import ServerSettings
    from shared.store.service import SqliteQueueService
    db = tmp_path / "q.db"
    init_database(db, parse_config(example_raw(), "q.toml"))
    b = SqliteQueueService(db, clock).book("kk", datetime(2026, 11, 24, 9, tzinfo=JAKARTA), "A",
                                           "081234567890")
    url = booking_url("http://localhost:8080/t/", b.code)
    assert url == f"http://localhost:8080/booking/{b.code}" and parse_scanned(url) == b.code
    with make_test_client(create_app(ServerSettings(db, clock=clock))) as client:
        r = client.get(f"/api/public/bookings/{b.display_code}/qr.svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    dark = len(re.findall(r"M\d+,\d+h1v1h-1z", r.text))
    assert dark == sum(sum(row) for row in qr_matrix(url)) > 100


def test_public_booking_writes_are_rate_limited_per_address(tmp_path, clock):
    from shared.booking.limits import WRITE_BURST
    from shared.server.app import create_app
    from shared.server.settings import ServerSettings
    db = tmp_path / "r.db"
    init_database(db, parse_config(example_raw(), "r.toml"))
    with make_test_client(create_app(ServerSettings(db, clock=clock))) as client:
        codes = [client.post("/api/public/bookings/ZZZZZZZZ/cancel",
                             json={"contact": "081234567890"}).status_code
                 for _ in range(WRITE_BURST + 1)]
        assert codes == [404] * WRITE_BURST + [429]
        r = client.post("/api/public/bookings", json={
            "service": "kk", "slot_start": "2026-11-24T09:00:00+07:00", "name": "A",
            "contact": "081234567890"})
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        assert r.json()["error"] == "rate_limited"
        assert client.get("/api/public/booking/services").status_code == 200   # reads go on


def test_the_release_scheduler_releases_no_shows(tmp_path, clock):
    from shared.store.booking_release import ReleaseScheduler
    from shared.store.service import SqliteQueueService
    db = tmp_path / "s.db"
    init_database(db, parse_config(example_raw(), "s.toml"))
    svc = SqliteQueueService(db, clock)
    b = svc.book("kk", datetime(2026, 11, 24, 9, tzinfo=JAKARTA), "A", "081234567890")
    job = ReleaseScheduler(db, clock)
    assert job.run_once() == 0
    clock.set(datetime(2026, 11, 24, 9, 15, 1, tzinfo=JAKARTA))
    assert job.run_once() == 1 and job.run_once() == 0
    assert svc.booking(b.code).status.value == "no_show"


def test_a_retried_booking_request_books_once(tmp_path, clock):
    from shared.server.app import create_app
    from shared.server.settings import ServerSettings
    db = tmp_path / "i.db"
    init_database(db, parse_config(example_raw(), "i.toml"))
    body = {"service": "kk", "slot_start": "2026-11-24T09:00:00+07:00", "name": "A",
            "contact": "081234567890"}
    key = {"Idempotency-Key": "booking-retry-0001"}
    with make_test_client(create_app(ServerSettings(db, clock=clock))) as client:
        first = client.post("/api/public/bookings", json=body, headers=key)
        again = client.post("/api/public/bookings", json=body, headers=key)
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.headers.get("Idempotent-Replayed") == "true"
        assert again.json() == first.json()
        other = client.post("/api/public/bookings", json=body)   # no key: a second booking
        assert other.status_code == 409 and other.json()["detail"]["reason"] == "duplicate"
        staff = {"Authorization": f"Bearer {session_token(db, 'admin', clock)}"}
        listed = client.get("/api/bookings", params={"day": "2026-11-24"}, headers=staff).json()
    assert [b["code"] for b in listed] == [first.json()["code"]]


def test_at_most_three_active_bookings_a_day_per_person(tmp_path, clock):
    from shared.booking.limits import MAX_ACTIVE_PER_DAY
    from tests.conftest import make_service
    raw = example_raw()
    for s in raw["services"]:
        s["booking"] = {"identity": "phone"}
    svc = make_service(tmp_path, raw, clock)
    nine = datetime(2026, 11, 24, 9, tzinfo=JAKARTA)
    codes = [s.code for s in svc.config.services]
    for code in codes[:MAX_ACTIVE_PER_DAY]:
        svc.book(code, nine, "Budi", "081234567890")
    with pytest.raises(BookingRefused) as err:
        svc.book(codes[MAX_ACTIVE_PER_DAY], nine, "Budi", "0812-3456-7890")
    assert err.value.reason == "limit"
    assert svc.book(codes[MAX_ACTIVE_PER_DAY], nine, "Ani", "081234567891").name == "Ani"
