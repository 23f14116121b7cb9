"""The office config: the example loads; each mistake is one clear error naming file and key;
running init again applies changes and keeps every ticket and all history."""
import pytest

from shared.config import load_config, parse_config
from shared.domain import ConfigError
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from tests.conftest import EXAMPLE_CONFIG, example_raw


def test_example_config_is_realistic():
    c = load_config(EXAMPLE_CONFIG)
    assert 4 <= len(c.services) <= 6 and len(c.counters) == 5
    assert any(x.priority_only for x in c.counters)
    assert {o.role for o in c.officers} == {"officer", "supervisor", "admin"}
    assert c.timezone == "Asia/Jakarta" and c.holidays and c.services[0].office_overrides


def mutate(path, value):
    raw = example_raw()
    target = raw
    *parents, last = path
    for p in parents:
        target = target[p]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return raw


@pytest.mark.parametrize("path,value,key,words", [
    (("office", "timezone"), "Asia/Bandung", "office.timezone", "IANA"),
    (("office", "name"), KeyError, "office.name", "required"),
    (("office", "status_base_url"), "ftp://x", "office.status_base_url", "http"),
    (("services", 0, "prefix"), "a1", "services[0].prefix", "letters"),
    (("services", 1, "prefix"), "A", "services[1].prefix", "another service"),
    (("services", 0, "target_wait_min"), "tiga puluh", "services[0].target_wait_min", "number"),
    (("services", 0, "target_wait_min"), 0, "services[0].target_wait_min", "more than 0"),
    (("services", 0, "daily_quota"), 0, "services[0].daily_quota", "at least 1"),
    (("services", 0, "daily_quota"), True, "services[0].daily_quota", "whole number"),
    (("services", 0, "kuota"), 5, "services[0].kuota", "unknown key"),
    (("hours", "senin_kamis"), ["07:30-12:00", "11:00-15:00"], "hours.senin_kamis", "overlaps"),
    (("hours", "senin_kamis"), ["12:00-07:30"], "hours.senin_kamis", "ends before"),
    (("hours", "senin_kamis"), ["pagi"], "hours.senin_kamis", "time range"),
    (("hours", "funday"), [], "hours.funday", "weekday"),
    (("holidays", 0, "date"), "25-12-2026", "holidays[0].date", "date"),
    (("counters", 0, "services"), ["paspor"], "counters[0].services[0]", "not a service"),
    (("officers", 0, "role"), "boss", "officers[0].role", "officer, supervisor, admin"),
    (("priority", "policy"), "random", "priority.policy", "strict"),
    (("printer", "kind"), "network", "printer.host", "required"),
    (("printer", "paper_mm"), 70, "printer.paper_mm", "58 or 80"),
    (("overrides", 0, "to"), "2027-01-01", "overrides[0].to", "before"),
])
def test_config_errors_name_file_and_key(path, value, key, words):
    with pytest.raises(ConfigError) as err:
        parse_config(mutate(path, value), "kantor.toml")
    assert err.value.file == "kantor.toml"
    assert err.value.key == key, str(err.value)
    assert words in err.value.problem
    assert str(err.value).startswith(f"kantor.toml: {key}: ")


def test_toml_syntax_error_names_file(tmp_path):
    bad = tmp_path / "kantor.toml"
    bad.write_text("[office\nname = 'x'\n")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert err.value.file == str(bad) and "TOML" in err.value.problem


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_reinit_applies_changes_and_keeps_history(tmp_path, clock):
    path = tmp_path / "a.db"
    init_database(path, parse_config(example_raw(), "a.toml"))
    svc = SqliteQueueService(path, clock)
    svc.set_pin("siti", "1234")
    a = svc.issue("ktp").ticket
    svc.call_next("1")
    svc.start("1")
    svc.finish("1")
    svc.issue("kia")
    events_before = svc.last_event_seq()

    raw = example_raw()
    raw["services"][0]["target_wait_min"] = 20          # a changed standard
    raw["services"] = [s for s in raw["services"] if s["code"] != "kia"]   # a service removed
    for c in raw["counters"]:
        c["services"] = [x for x in c["services"] if x != "kia"]
    raw["services"].append({"code": "paspor", "prefix": "F", "name": "Rekomendasi Paspor",
                            "target_wait_min": 30, "target_service_min": 10})
    summary = init_database(path, parse_config(raw, "a.toml"))
    assert summary["changed"] and summary["tickets"] == 2

    svc2 = SqliteQueueService(path, clock)
    assert svc2.config.service("ktp").target_wait_min == 20
    assert svc2.config.service("kia") is None
    assert svc2.issue("F").ticket.code == "F-001"
    assert svc2.ticket(a.code).status == "done"                  # history kept
    assert svc2.events_after(0)[0].type == "config_loaded"
    assert svc2.last_event_seq() > events_before
    assert svc2.authenticate("siti", "1234")["role"] == "officer"  # PIN kept
    # the removed service's tickets are still there, marked inactive, not deleted
    row = svc2._conn.execute("SELECT active FROM services WHERE code = 'kia'").fetchone()
    assert row == (0,)
    # a third identical run changes nothing
    assert not init_database(path, parse_config(raw, "a.toml"))["changed"]


def test_running_service_sees_new_config(tmp_path, clock, monkeypatch):
    import shared.store.service as mod
    monkeypatch.setattr(mod, "CONFIG_CHECK_SECONDS", 0.0)
    path = tmp_path / "a.db"
    init_database(path, parse_config(example_raw(), "a.toml"))
    svc = SqliteQueueService(path, clock)
    assert svc.config.service("ktp").daily_quota == 150
    raw = example_raw()
    raw["services"][0]["daily_quota"] = 99
    init_database(path, parse_config(raw, "a.toml"))
    assert svc.config.service("ktp").daily_quota == 99


def test_events_are_append_only(service):
    import sqlite3
    service.issue("ktp")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        service._conn.execute("UPDATE events SET type = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        service._conn.execute("DELETE FROM events")


def test_store_pragmas(service):
    conn = service._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    t = service.issue("ktp").ticket
    stored = conn.execute("SELECT issued_at FROM tickets WHERE id = ?", (t.id,)).fetchone()[0]
    assert stored.endswith("+00:00")  # UTC ISO-8601


def test_wrong_type_for_a_counter_name_is_a_config_error():
    raw = example_raw()
    raw["counters"][0]["name"] = 1.5
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "kantor.toml")
    assert err.value.key == "counters[0].name" and "text or a whole number" in err.value.problem


@pytest.mark.parametrize("key,value,words", [
    ("voice", "radio", "clips, tts, off"), ("volume", 101, "0 to 100"),
    ("languages", ["id", "fr"], "languages"), ("recent_calls", 0, "1 to 6"),
])
def test_board_settings_checked(key, value, words):
    raw = example_raw()
    raw["board"] = {key: value}
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "kantor.toml")
    assert err.value.key == f"board.{key}" and words in err.value.problem


def test_config_saved_with_a_bom_loads(tmp_path):
    path = tmp_path / "kantor.toml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE_CONFIG.read_bytes())
    assert load_config(path).name.startswith("Dinas")


def test_prefix_moved_mid_day_is_refused(tmp_path, clock):
    path = tmp_path / "a.db"
    init_database(path, parse_config(example_raw(), "a.toml"), clock.now())
    SqliteQueueService(path, clock).issue("ktp")          # A-001 today
    raw = example_raw()
    raw["services"][0]["prefix"] = "K"
    raw["services"][4]["prefix"] = "A"                    # kia takes A the same day
    with pytest.raises(ConfigError) as err:
        init_database(path, parse_config(raw, "a.toml"), clock.now())
    assert err.value.key == "services[4].prefix" and "after midnight" in err.value.problem
    svc = SqliteQueueService(path, clock)
    assert svc.config.service("A").code == "ktp"          # nothing applied
    assert svc.issue("kia").ticket.code == "E-001"


def test_removing_a_counter_that_holds_a_ticket_is_refused(tmp_path, clock):
    path = tmp_path / "a.db"
    init_database(path, parse_config(example_raw(), "a.toml"), clock.now())
    svc = SqliteQueueService(path, clock)
    svc.issue("kk")
    code = svc.call_next("4").code
    raw = example_raw()
    raw["counters"] = [c for c in raw["counters"] if c["name"] != "4"]
    with pytest.raises(ConfigError, match=code):
        init_database(path, parse_config(raw, "a.toml"), clock.now())
    svc.start("4")
    svc.finish("4")
    summary = init_database(path, parse_config(raw, "a.toml"), clock.now())
    assert summary["counters"] == 4
