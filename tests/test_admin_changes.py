"""Office administration in the core: every change checked by the config loader's rules with the
field named in Indonesian, refused when it strands today's work, stored as `antrean init` stores
it (so another process picks it up), and recorded as one event with before → after."""
from __future__ import annotations

import json
import time

import pytest

from shared.admin import CONFIG_EVENT, InvalidChange, OfficeAdmin, edits
from shared.admin.labels import field_label, problem_id
from shared.config import parse_config
from shared.domain import AntreanError
from shared.store.service import SqliteQueueService


@pytest.fixture
def admin(db_path, clock):
    return OfficeAdmin(db_path, clock)


def service_fields(admin, code):
    return dict(next(s for s in admin.raw()["services"] if s["code"] == code))


def config_events(service, after=0):
    return [e for e in service.events_after(after) if e.type == CONFIG_EVENT]


def test_a_change_is_stored_recorded_and_seen_by_another_process(admin, service, db_path, clock):
    other = SqliteQueueService(db_path, clock)        # a kiosk in another process
    assert other.config.service("kk").daily_quota == 120
    before = service.last_event_seq()
    fields = service_fields(admin, "kk") | {"daily_quota": 90, "name": "Kartu Keluarga (KK)"}
    result = admin.apply("admin", edits.save_service("kk", fields))
    assert result.changed and result.event_seq > before
    [event] = config_events(service, before)
    assert event.officer == "admin"
    assert event.detail["area"] == "services" and event.detail["target"] == "kk"
    assert {"key": "services[kk].daily_quota", "before": 120, "after": 90} in event.detail["changes"]
    assert {"key": "services[kk].name", "before": "Kartu Keluarga",
            "after": "Kartu Keluarga (KK)"} in event.detail["changes"]
    # the stored copy and its version, as `antrean init` writes them: the other process reloads
    other._config_checked -= 10
    assert other.config.service("kk").daily_quota == 90
    row = other._conn.execute("SELECT name, daily_quota FROM services WHERE code = 'kk'").fetchone()
    assert tuple(row) == ("Kartu Keluarga (KK)", 90)
    other.close()


def test_saving_the_same_values_changes_nothing_and_records_nothing(admin, service):
    before = service.last_event_seq()
    result = admin.apply("admin", edits.save_service("kk", service_fields(admin, "kk")))
    assert not result.changed and result.event_seq is None
    assert service.last_event_seq() == before


@pytest.mark.parametrize("field, value, named, says, leaf", [
    ("daily_quota", 0, "Layanan Kartu Keluarga — Kuota harian",
     "0 harus paling sedikit 1 (kosongkan bila tanpa kuota)", "daily_quota"),
    ("prefix", "A", "Layanan Kartu Keluarga — Awalan nomor", "'A' sudah dipakai layanan lain",
     "prefix"),
    ("prefix", "B2", "Awalan nomor", "'B2' harus 1–3 huruf A–Z", "prefix"),
    ("target_wait_min", 0, "Standar waktu tunggu", "harus lebih dari 0 dan paling lama 1440 menit",
     "target_wait_min"),
    ("hours", {"jumat": ["13:00-11:00"]}, "Layanan Kartu Keluarga — Jam — Jumat",
     "'13:00-11:00' berakhir sebelum mulai", "jumat"),
])
def test_bad_values_are_refused_with_the_loaders_rule_and_the_field_named(
        admin, service, field, value, named, says, leaf):
    before = service.last_event_seq()
    stored = admin.raw()
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.save_service("kk", service_fields(admin, "kk") | {field: value}))
    assert named in err.value.message and says in err.value.message
    assert err.value.leaf == leaf
    # the English text is the loader's own, key and all
    raw = service_fields(admin, "kk") | {field: value}
    data = admin.raw()
    data["services"][1] = raw
    with pytest.raises(Exception) as loader:
        parse_config(data, "x")
    assert loader.value.problem in err.value.message_en
    assert admin.raw() == stored and service.last_event_seq() == before


def test_every_loader_problem_of_the_admin_forms_has_an_indonesian_text():
    for problem in ("is required but missing", "'x' is used by another service",
                    "'Z' is not a service in [[services]]", "'ab' appears twice",
                    "'dedicated' needs at least one counter with priority_only = true",
                    "'A' must be 1–3 letters A–Z", "2027-13-01 is not a date like 2026-12-25",
                    "must name at least one service", "'lpt' must be one of: none, usb",
                    "is required when kind = 'network'", "70 must be 58 or 80"):
        assert problem_id(problem) != problem, problem
    assert field_label("counters[0].services[1]", {"counters": [{"label": "Loket 1"}]}) == \
        "Loket 1 — Layanan yang dilayani ke-2"


def test_moving_a_prefix_that_numbered_tickets_today_is_refused(admin, service):
    service.issue("kk")
    kia = service_fields(admin, "kia")
    kk = service_fields(admin, "kk")
    def swap(raw):
        for s in raw["services"]:
            if s["code"] == "kk":
                s["prefix"] = "X"
            if s["code"] == "kia":
                s["prefix"] = "B"
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.Edit("services", "update", "kia", swap))
    assert "awalan 'B' sudah memberi 1 nomor layanan 'kk' hari ini" in err.value.message
    assert service_fields(admin, "kia") == kia and service_fields(admin, "kk") == kk


def test_a_counter_holding_a_ticket_cannot_be_removed_until_it_is_finished(admin, service):
    service.issue("kk")
    t = service.call_next("3")
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.remove_counter("3"))
    assert f"Loket 3 dihapus padahal masih memegang tiket {t.code}" in err.value.message
    service.start("3")
    service.finish("3")
    assert admin.apply("admin", edits.remove_counter("3")).changed
    assert service._conn.execute("SELECT active FROM counters WHERE name = '3'").fetchone()[0] == 0


def test_only_an_active_admin_may_change_the_office(admin, service):
    with pytest.raises(AntreanError) as err:
        admin.apply("siti", edits.set_hours({"senin": ["08:00-12:00"]}))
    assert "Hanya admin" in err.value.message
    with pytest.raises(AntreanError):
        admin.apply("nobody", edits.set_hours({"senin": ["08:00-12:00"]}))
    assert admin.apply("cli:ops", edits.set_hours({"senin": ["08:00-12:00"]})).changed


def test_officers_added_with_a_pin_disabled_brought_back_and_pin_reset(admin, service):
    result = admin.apply("admin", edits.save_officer(
        None, {"username": "Wati", "full_name": "Wati Susanti", "role": "officer"}, pin="2468"))
    assert result.changed
    assert service.authenticate("wati", "2468")["full_name"] == "Wati Susanti"
    event = config_events(service)[-1]
    assert event.detail["pin_set"] == ["wati"] and "2468" not in json.dumps(event.detail)
    admin.apply("admin", edits.disable_officer("wati"))
    with pytest.raises(AntreanError):
        service.authenticate("wati", "2468")
    assert [o for o in admin.officers() if o["username"] == "wati"][0]["active"] is False
    admin.apply("admin", edits.save_officer(None, {"username": "wati", "full_name": "Wati S.",
                                                   "role": "supervisor"}))
    assert service.authenticate("wati", "2468")["role"] == "supervisor"   # her PIN was kept
    seq = admin.reset_pin("admin", "wati", "1357")
    assert service.authenticate("wati", "1357")
    reset = [e for e in service.events_after(seq - 1) if e.type == "pin_reset"][0]
    assert reset.officer == "admin" and reset.detail["target"] == "wati"


def test_the_last_admin_and_an_officer_at_work_are_not_taken_away(admin, service):
    with pytest.raises(InvalidChange, match="admin"):
        admin.apply("admin", edits.save_officer("admin", {"username": "admin", "full_name": "A",
                                                          "role": "officer"}))
    service.open_counter("1", "siti")
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.disable_officer("siti"))
    assert "sedang bertugas di Loket 1" in err.value.message


def test_holidays_special_days_office_hours_board_and_printer(admin, service, clock):
    admin.apply("admin", edits.save_holiday(None, "2026-11-24", "Cuti bersama"))
    config = admin.config()
    from datetime import date
    assert config.holidays[date(2026, 11, 24)] == "Cuti bersama"
    admin.apply("admin", edits.save_holiday("2026-11-24", "2026-11-25", "Cuti bersama Natal"))
    assert date(2026, 11, 24) not in admin.config().holidays
    admin.apply("admin", edits.remove_holiday("2026-11-25"))
    assert date(2026, 11, 25) not in admin.config().holidays
    week = {"senin": ["08:00-11:00"], "jumat": ["08:00-10:00"]}
    admin.apply("admin", edits.save_special_days(None, "Ramadan 1449 H", "2026-11-23",
                                                 "2026-12-20", week))
    svc = SqliteQueueService(service.path, clock)
    assert any(o.name == "Ramadan 1449 H" for o in svc.config.services[0].office_overrides)
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.save_special_days(None, "Salah", "2026-12-20", "2026-12-01",
                                                     week))
    assert "Sampai tanggal" in err.value.message and "jatuh sebelum" in err.value.message
    admin.apply("admin", edits.set_office({"name": "Disdukcapil Kota Baru", "short_name": "",
                                           "timezone": "Asia/Makassar"}))
    assert admin.config().timezone == "Asia/Makassar" and admin.config().short_name == ""
    admin.apply("admin", edits.set_board_texts("Layanan GRATIS", ["Terima kasih"], "", 15))
    assert admin.config().running_text == "Layanan GRATIS"
    assert admin.config().board.media_interval_s == 15
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.set_printer({"kind": "network", "port": 9100}))
    assert "Alamat printer" in err.value.message and "wajib diisi" in err.value.message
    admin.apply("admin", edits.set_printer({"kind": "network", "host": "10.0.0.5", "port": 9100}))
    assert admin.config().printer.host == "10.0.0.5"
    svc.close()


def test_two_admins_editing_different_things_keep_both_changes(admin, db_path, clock):
    other = OfficeAdmin(db_path, clock)
    form_a = service_fields(admin, "kk") | {"daily_quota": 77}    # both forms opened first
    form_b = service_fields(other, "akta") | {"daily_quota": 33}
    admin.apply("admin", edits.save_service("kk", form_a))
    other.apply("admin", edits.save_service("akta", form_b))
    config = admin.config()
    assert config.service("kk").daily_quota == 77 and config.service("akta").daily_quota == 33


def test_a_change_reaches_a_running_service_within_its_check_interval(admin, db_path, clock):
    svc = SqliteQueueService(db_path, clock)
    assert svc.config.service("ktp").target_wait_min == 30
    admin.apply("admin", edits.save_service("ktp", service_fields(admin, "ktp")
                                            | {"target_wait_min": 20}))
    deadline = time.monotonic() + 5
    while svc.config.service("ktp").target_wait_min != 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert svc.config.service("ktp").target_wait_min == 20
    svc.close()


def test_a_service_with_waiting_tickets_is_not_retired_or_left_without_a_counter(admin, service):
    service.issue("pindah")
    with pytest.raises(InvalidChange) as err:
        admin.apply("admin", edits.save_service("pindah", service_fields(admin, "pindah")
                                                | {"active": False}))
    assert err.value.message.startswith("Layanan Pindah Datang (SKPWNI) masih punya 1 nomor "
                                        "menunggu hari ini dan akan dinonaktifkan")
    def unserve(raw):
        for c in raw["counters"]:
            c["services"] = [s for s in c["services"] if s != "pindah"] or ["ktp"]
    with pytest.raises(InvalidChange, match="tidak dilayani loket mana pun lagi"):
        admin.apply("admin", edits.Edit("counters", "update", "3", unserve))
    service.cancel("D-001")
    assert admin.apply("admin", edits.Edit("counters", "update", "3", unserve)).changed
