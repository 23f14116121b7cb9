"""A period split by service, counter, officer, local hour and day — on a day computed by hand."""
from dataclasses import asdict
from datetime import date, datetime

import pytest

from shared.clock import ManualClock
from shared.reports.stats import figures, local_offset_minutes, period_report, service_stats, share_level
from shared.reports.live import live_snapshot
from tests.conftest import JAKARTA, example_raw, make_service, open_all_day

DAY = date(2026, 11, 23)


def at(clock, hour, minute, day=23):
    clock.set(datetime(2026, 11, day, hour, minute, tzinfo=JAKARTA))


def build_day(tmp_path):
    """The hand-computed day (times local WIB; ktp: standard wait 30, service 10; kk: 30, 15).

    A-001 08:00 → called 08:10 at counter 1 (siti), served 08:10–08:15
    A-002 08:05 → called 08:15, served 08:15–08:35 (20 min: over the standard)
    A-003 08:40 → called 09:10 (wait 30 = the standard), no-show 09:12
    B-001 09:10 → called 09:12 at counter 3 (budi), served 09:12–09:27 (15 = standard)
    A-004 09:30 → called 09:50 at 1, served 09:50–09:53, transferred to kk; called at 3 10:00,
                  served 10:00–10:04
    A-005 10:05 → cancelled 10:06
    A-006 23:50 → called 00:30 the next day (wait 40), served 00:30–00:38
    """
    clock = ManualClock(datetime(2026, 11, 23, 7, 55, tzinfo=JAKARTA))
    svc = make_service(tmp_path, open_all_day(example_raw()), clock)
    svc.open_counter("1", "siti")
    svc.open_counter("3", "budi")
    at(clock, 8, 0); svc.issue("ktp")
    at(clock, 8, 5); svc.issue("ktp")
    at(clock, 8, 10); svc.call_next("1"); svc.start("1")
    at(clock, 8, 15); svc.finish("1"); svc.call_next("1"); svc.start("1")
    at(clock, 8, 35); svc.finish("1")
    at(clock, 8, 40); svc.issue("ktp")
    at(clock, 9, 10); svc.issue("kk"); svc.call_next("1")
    at(clock, 9, 12); svc.no_show("1"); svc.call_next("3"); svc.start("3")
    at(clock, 9, 27); svc.finish("3")
    at(clock, 9, 30); svc.issue("ktp")
    at(clock, 9, 50); svc.call_next("1"); svc.start("1")
    at(clock, 9, 53); svc.transfer("1", "kk")
    at(clock, 10, 0); svc.call_next("3"); svc.start("3")
    at(clock, 10, 4); svc.finish("3")
    at(clock, 10, 5); code = svc.issue("ktp").ticket.code
    at(clock, 10, 6); svc.cancel(code)
    at(clock, 23, 50); svc.issue("ktp")
    at(clock, 0, 30, day=24); svc.call_next("1"); svc.start("1")
    at(clock, 0, 38, day=24); svc.finish("1")
    return svc, clock


@pytest.fixture
def day(tmp_path):
    svc, clock = build_day(tmp_path)
    yield svc, clock, period_report(svc._conn, svc.config, DAY, DAY)
    svc.close()


def check(f, count, average, median, p90, maximum, within):
    assert (f.count, f.within) == (count, within)
    assert f.average == pytest.approx(average)
    assert f.median == pytest.approx(median)
    assert f.p90 == pytest.approx(p90)
    assert f.maximum == pytest.approx(maximum)
    assert f.within_share == pytest.approx(within / count)


def test_per_service(day):
    _, _, r = day
    s = {x.service: x for x in r.services}
    ktp, kk = s["ktp"], s["kk"]
    assert (ktp.issued, ktp.served, ktp.no_shows, ktp.cancelled, ktp.transferred_out) == (6, 3, 1, 1, 1)
    check(ktp.waiting, 5, 22, 20, 40, 40, 4)          # 10 10 20 30 40: 30 is within
    check(ktp.service_time, 4, 9, 6.5, 20, 20, 3)     # 3 5 8 20 (the transferred stretch too)
    assert (kk.issued, kk.served, kk.no_shows, kk.transferred_out) == (1, 2, 0, 0)
    check(kk.waiting, 1, 2, 2, 2, 2, 1)               # A-004 waited for ktp, not for kk
    check(kk.service_time, 2, 9.5, 9.5, 15, 15, 2)    # 15 (= standard) and 4


def test_service_stats_is_the_period_report(day):
    svc, _, r = day
    assert [asdict(x) for x in service_stats(svc._conn, svc.config, DAY, DAY)] == \
        [asdict(x) for x in r.services]


def test_per_counter_and_officer(day):
    _, _, r = day
    c = {g.key: g for g in r.counters}
    assert set(c) == {"1", "3"}
    one, three = c["1"], c["3"]
    assert one.label == "Loket 1" and one.issued is None and one.cancelled is None
    assert (one.served, one.no_shows, one.transferred_out) == (3, 1, 1)
    check(one.waiting, 5, 22, 20, 40, 40, 4)          # the tickets it called first
    check(one.service_time, 4, 9, 6.5, 20, 20, 3)
    assert (three.served, three.no_shows, three.transferred_out) == (2, 0, 0)
    check(three.waiting, 1, 2, 2, 2, 2, 1)            # A-004 was first called at counter 1
    check(three.service_time, 2, 9.5, 9.5, 15, 15, 2)
    o = {g.key: g for g in r.officers}
    assert o["siti"].label == "Siti Nurhaliza" and o["budi"].label == "Budi Santoso"
    assert asdict(o["siti"])["waiting"] == asdict(one)["waiting"]
    assert (o["budi"].served, o["siti"].served) == (2, 3)


def test_per_local_hour(day):
    _, _, r = day
    h = {g.key: g for g in r.hours}
    assert list(h) == ["00", "08", "09", "10", "23"]   # local (WIB) hours, not UTC
    assert h["08"].label == "08.00–09.00"
    assert [h[k].issued for k in h] == [0, 3, 2, 1, 1]
    assert h["10"].cancelled == 1                       # the hour it was issued
    check(h["08"].waiting, 3, 50 / 3, 10, 30, 30, 3)    # by the hour of issue
    check(h["09"].waiting, 2, 11, 11, 20, 20, 2)
    check(h["23"].waiting, 1, 40, 40, 40, 40, 0)        # issued 23.50, called 00.30
    assert [h[k].served for k in h] == [1, 2, 1, 1, 0]  # by the hour service ended
    check(h["08"].service_time, 2, 12.5, 12.5, 20, 20, 1)
    check(h["09"].service_time, 2, 9, 9, 15, 15, 2)     # B-001 15 and A-004's 3 at ktp
    assert h["09"].transferred_out == 1 and h["09"].no_shows == 1 and h["08"].no_shows == 0
    check(h["00"].service_time, 1, 8, 8, 8, 8, 1)


def test_per_day_and_midnight(day):
    svc, _, r = day
    assert [g.key for g in r.days] == ["2026-11-23"]
    d = r.days[0]
    assert (d.issued, d.served, d.no_shows, d.cancelled, d.transferred_out) == (7, 5, 1, 1, 1)
    check(d.waiting, 6, 112 / 6, 15, 40, 40, 5)         # 2 10 10 20 30 40
    check(d.service_time, 6, 55 / 6, 6.5, 20, 20, 5)    # 3 4 5 8 15 20
    assert asdict(d)["waiting"] == asdict(r.total)["waiting"]
    assert r.daily_wait_share["ktp"][DAY] == pytest.approx(0.8)
    assert r.daily_wait_share["kk"][DAY] == pytest.approx(1.0)
    # the ticket served after midnight belongs to the 23rd; the 24th has nothing
    nxt = period_report(svc._conn, svc.config, date(2026, 11, 24), date(2026, 11, 24))
    assert nxt.total.issued == 0 and nxt.total.served == 0 and nxt.days == []
    week = period_report(svc._conn, svc.config, date(2026, 11, 23), date(2026, 11, 29))
    assert asdict(week.total) == asdict(r.total)


def test_figures_agree_with_the_reference_function(day):
    _, _, r = day
    ktp = next(s for s in r.services if s.service == "ktp")
    assert asdict(ktp.waiting) == pytest.approx(asdict(figures(r.waits["ktp"], 30)))
    assert r.waits["ktp"] == sorted(r.waits["ktp"])


def test_share_levels():
    assert [share_level(x) for x in (None, 1.0, 0.8, 0.7999, 0.6, 0.5999)] == \
        [None, "green", "green", "amber", "amber", "red"]


def test_live_snapshot(tmp_path):
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA))
    svc = make_service(tmp_path, open_all_day(example_raw()), clock)
    svc.open_counter("1", "siti")
    svc.open_counter("2", "budi")
    svc.open_counter("4", "dewi")
    svc.pause("4", "Salat Zuhur")
    svc.issue("ktp")
    clock.advance(minutes=4)
    svc.issue("ktp")
    svc.issue("kk", "lansia")
    clock.advance(minutes=6)
    svc.call_next("1")
    svc.start("1")
    clock.advance(minutes=3)
    snap = live_snapshot(svc._conn, svc.config, clock.now())
    s = {x.stats.service: x for x in snap.services}
    assert (s["ktp"].waiting_now, s["kk"].waiting_now, s["kk"].priority_waiting) == (1, 1, 1)
    assert s["ktp"].longest_wait_min == pytest.approx(9)   # issued 08.04, now 08.13
    assert s["ktp"].stats.issued == 2 and s["ktp"].stats.waiting.average == pytest.approx(10)
    assert snap.waiting_now == 2 and snap.day == date(2026, 11, 23)
    c = {x.name: x for x in snap.counters}
    assert (c["1"].officer_name, c["1"].ticket_code, c["1"].ticket_status) == \
        ("Siti Nurhaliza", "A-001", "serving")
    assert c["1"].since_min == pytest.approx(3)
    assert (c["2"].status, c["2"].ticket_code, c["2"].since_min) == ("open", None, None)
    assert (c["4"].status, c["4"].pause_reason) == ("paused", "Salat Zuhur")
    assert c["3"].status == "closed" and c["3"].officer is None
    svc.close()


def test_local_hours_in_a_zone_with_daylight_saving(tmp_path):
    """Outside Indonesia a period can span a DST change: hours are converted per ticket."""
    raw = open_all_day(example_raw())
    raw["office"]["timezone"] = "Europe/Amsterdam"
    clock = ManualClock(datetime(2026, 10, 24, 9, 0, tzinfo=JAKARTA))
    svc = make_service(tmp_path, raw, clock)
    from zoneinfo import ZoneInfo
    ams = ZoneInfo("Europe/Amsterdam")
    for d in (24, 26):               # summer time, then winter time (changed on the 25th)
        clock.set(datetime(2026, 10, d, 9, 30, tzinfo=ams))
        svc.issue("ktp")
    first, last = date(2026, 10, 24), date(2026, 10, 26)
    assert local_offset_minutes(svc.config, first, last) is None
    r = period_report(svc._conn, svc.config, first, last)
    assert [(g.key, g.issued) for g in r.hours] == [("09", 2)]
    svc.close()
