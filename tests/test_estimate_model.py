"""The estimator's parts: the projection's arithmetic, service times by hour, the wording, and the
waiting counts kept from the event log — against direct counts in a real SQLite file that two
store objects (two kiosks, a counter) write to in a random order of operations."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from shared.clock import ManualClock
from shared.config import parse_config
from shared.domain import AntreanError
from shared.estimate.history import service_times
from shared.estimate.projection import CounterPlan, call_targets, exp_first_free, project
from shared.estimate.tail import window_key
from shared.estimate.words import range_text, rounded_figure, slip_text
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database
from tests.conftest import JAKARTA, example_raw, open_all_day


# --- the projection ------------------------------------------------------------------------------
def test_memoryless_counters_reach_the_ticket_at_n_plus_one_over_k_services():
    # k counters just started a memoryless 10-minute service: the (n+1)-th call is expected at
    # (n + 1) × 10 / k minutes (the mean of an Erlang), and the median comes sooner
    for k in (1, 3, 5):
        plans = [CounterPlan(str(i), exp_first_free(10.0)) for i in range(k)]
        for n in (0, 4, 20):
            low, mid, high = call_targets(n, 1.0)
            got = project(plans, [(0.0, 0.1)], sorted([low, mid, n + 1.0, high]))
            expected = got[2]
            assert expected == pytest.approx((n + 1) * 10 / k, rel=0.01)
            assert got[0] < got[1] < expected < got[3]


def test_a_break_stops_the_calls_and_an_overtaking_stream_slows_them():
    plan = CounterPlan("1", ((0.0, 1.0),), breaks=((5.0, 65.0),))
    # free now, one call every 10 min; 5 minutes of work before the break, the rest after
    assert project([plan], [(0.0, 0.1)], [1.0, 2.0]) == [0.0, pytest.approx(70.0)]
    fast = CounterPlan("1", ((0.0, 1.0),))
    # a priority ticket arriving every 20 minutes passes: half the calls are left for us
    assert project([fast], [(0.0, 0.1)], [3.0], overtake_per_min=0.05) == [pytest.approx(40.0)]
    # more passing than the counter serves: never reached
    assert project([fast], [(0.0, 0.1)], [3.0], overtake_per_min=0.2) == [None]


def test_the_service_time_changes_with_the_hour():
    plan = CounterPlan("1", ((0.0, 1.0),))
    # 10 minutes a ticket for the first half hour, then 20
    assert project([plan], [(0.0, 0.1), (30.0, 0.05)], [4.0, 5.0]) == \
        [pytest.approx(30.0), pytest.approx(50.0)]


# --- service times ---------------------------------------------------------------------------------
def test_slow_afternoons_show_and_noise_does_not():
    rows = [(5.0, 9)] * 30 + [(15.0, 14)] * 30
    t = service_times("umum", 10, rows)
    assert (t.mean_at(9), t.mean_at(14)) == (pytest.approx(5.0), pytest.approx(15.0))
    assert t.dispersion == pytest.approx(0.0, abs=1e-12)
    rng = random.Random(4)
    noisy = [(rng.expovariate(0.1), h) for h in (9, 10, 11, 13, 14) for _ in range(40)]
    t = service_times("umum", 10, noisy)
    # every hour draws from the same distribution: the hours are (nearly) not told apart
    assert all(abs(t.factor(h) - 1) < 0.1 for h in (9, 10, 11, 13, 14))
    assert t.dispersion == pytest.approx(1.0, abs=0.3)


def test_few_samples_fall_back_to_the_published_target():
    t = service_times("umum", 12.0, [(8.0, 9), (8.0, 9)])
    assert not t.from_history
    assert t.mean == pytest.approx((16 + 5 * 12) / 7)       # the target counts as five samples
    assert t.dispersion == 1.0


def test_the_remaining_time_of_a_ticket_comes_from_the_longer_samples():
    t = service_times("umum", 10, [(float(m), 9) for m in (4, 6, 8, 10, 12) * 4])
    free = t.first_free(7.0, 9)                # 8, 10 and 12 are still possible
    assert sum(w for _, _, w in free) == pytest.approx(1.0)
    assert sum((lo + hi) / 2 * w for lo, hi, w in free) == pytest.approx(3.0)  # (1 + 3 + 5) / 3
    assert min(lo for lo, _, _ in free) == pytest.approx(1.0)


# --- words -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("minutes, figure, slip", [
    (0.0, 0, "kurang dari 1 menit"), (0.4, 0, "kurang dari 1 menit"), (6.2, 6, "± 6 menit"),
    (12.4, 10, "± 10 menit"), (13.0, 15, "± 15 menit"), (38.0, 40, "± 40 menit"),
    (74.0, 70, "± 1 jam 10 menit"), (200.0, 210, "± 3 jam 30 menit"),
])
def test_the_slip_figure_is_rounded_to_steps(minutes, figure, slip):
    assert rounded_figure(minutes) == figure
    assert slip_text(minutes) == slip


@pytest.mark.parametrize("low, high, text, text_en", [
    (21.3, 28.7, "sekitar 20–30 menit", "about 20–30 min"),
    (4.2, 9.5, "sekitar 4–10 menit", "about 4–10 min"),
    (6.0, 6.1, "sekitar 6 menit", "about 6 min"),
    (12.8, 25.7, "sekitar 15–25 menit", "about 15–25 min"),
    (0.2, 3.4, "kurang dari 3 menit", "under 3 min"),
    (0.0, 0.6, "kurang dari 1 menit", "less than 1 minute"),
    (95.0, 140.0, "sekitar 1½–2½ jam", "about 1½–2½ hours"),
])
def test_the_phone_range_is_worded(low, high, text, text_en):
    assert range_text(low, high) == text
    assert range_text(low, high, "en") == text_en


# --- waiting counts from the event log --------------------------------------------------------------
def direct_counts(svc) -> dict:
    now = svc.clock.now()
    return {(s, p): n for s, p, n in svc._conn.execute(
        "SELECT service, is_priority, COUNT(*) FROM tickets WHERE status = 'waiting' AND "
        "queue_key >= ? GROUP BY service, is_priority", (window_key(now),))}


def tail_counts(svc) -> dict:
    tail = svc.estimator.sync(svc._conn, svc.config, svc.clock.now())
    return {k: n for k, n in tail.counts.items() if n}


def test_counts_followed_from_the_log_equal_direct_counts_under_random_operations(tmp_path):
    path = tmp_path / "random.db"
    raw = open_all_day(example_raw())
    for s in raw["services"]:      # walk-ins only: a booked share would refuse some of kk's taps
        s.pop("booking", None)
    init_database(path, parse_config(raw, "contoh.toml"))
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA))
    kiosk, desk = SqliteQueueService(path, clock), SqliteQueueService(path, clock)
    rng = random.Random(13)
    counters = [c.name for c in kiosk.config.counters]
    services = [s.code for s in kiosk.config.services]
    groups = [None] * 6 + ["lansia", "hamil"]
    issued = 0
    try:
        for step in range(900):
            clock.advance(seconds=rng.randint(5, 90))
            action = rng.random()
            try:
                if action < 0.4:
                    store = rng.choice([kiosk, desk])
                    got = store.issue(rng.choice(services), rng.choice(groups))
                    issued += 1
                    assert got.people_ahead == store.people_ahead(got.ticket.code)
                    assert got.estimated_wait_min == store.estimated_wait(got.ticket.code)
                elif action < 0.6:
                    desk.call_next(rng.choice(counters))
                elif action < 0.72:
                    c = rng.choice(counters)
                    desk.start(c)
                    desk.finish(c)
                elif action < 0.76:
                    desk.no_show(rng.choice(counters))
                elif action < 0.8:
                    desk.transfer(rng.choice(counters), rng.choice(services))
                elif action < 0.84:
                    waiting = [t for s in services for t in desk.waiting(s)]
                    if waiting:
                        kiosk.cancel(rng.choice(waiting).code)
                elif action < 0.88:
                    gone = desk._conn.execute("SELECT code FROM tickets WHERE status = 'no_show' "
                                              "ORDER BY id DESC LIMIT 3").fetchall()
                    if gone:
                        desk.reactivate(rng.choice(gone)[0])
                elif action < 0.92:
                    shown = desk._conn.execute("SELECT code FROM tickets WHERE status = 'no_show' "
                                               "ORDER BY id DESC LIMIT 1").fetchone()
                    if shown:
                        desk.call_ticket(rng.choice(counters), shown[0])
                elif action < 0.96:
                    desk.pause(rng.choice(counters))
                else:
                    desk.resume(rng.choice(counters))
            except AntreanError:
                pass       # an action the state does not allow: nothing changed
            if step % 7 == 0:
                assert tail_counts(kiosk) == direct_counts(kiosk)
                assert tail_counts(desk) == direct_counts(desk)
        assert issued > 300
        assert tail_counts(kiosk) == direct_counts(kiosk)
    finally:
        kiosk.close()
        desk.close()


def test_tickets_leave_the_counts_when_they_leave_the_calling_window(tmp_path):
    path = tmp_path / "window.db"
    init_database(path, parse_config(open_all_day(example_raw()), "contoh.toml"))
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA))
    svc = SqliteQueueService(path, clock)
    try:
        for _ in range(3):
            svc.issue("ktp")
        assert tail_counts(svc) == {("ktp", 0): 3}
        clock.advance(minutes=12 * 60 + 1)       # yesterday's leftovers are never called
        late = svc.issue("ktp")
        assert tail_counts(svc) == {("ktp", 0): 1} == direct_counts(svc)
        assert late.people_ahead == 0 == svc.people_ahead(late.ticket.code)
    finally:
        svc.close()


def test_a_ticket_inserted_behind_the_logs_back_is_counted_after_a_recount(tmp_path):
    path = tmp_path / "bulk.db"
    init_database(path, parse_config(open_all_day(example_raw()), "contoh.toml"))
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA))
    svc = SqliteQueueService(path, clock)
    try:
        svc.issue("ktp")
        # `antrean simulate` writes tickets in bulk with one 'simulated' event
        conn = svc._conn
        conn.execute("INSERT INTO tickets (code, number, issued_service, service, business_day, "
                     "status, is_priority, queue_key, token, issued_at) SELECT 'A-500', 500, "
                     "'ktp', 'ktp', business_day, 'waiting', 0, queue_key + 1, 'bulk-token-1', "
                     "issued_at FROM tickets LIMIT 1")
        conn.execute("INSERT INTO events (at, type, detail) VALUES (?, 'simulated', '{}')",
                     ((clock.now() + timedelta(seconds=1)).isoformat(),))
        assert tail_counts(svc) == {("ktp", 0): 2} == direct_counts(svc)
    finally:
        svc.close()
