"""Model-free invariants of the queue under random operation sequences (hypothesis state machine).

A real `SqliteQueueService` on a temporary SQLite file, driven by a `ManualClock` that moves at
random between operations and now and then past local midnight, so the business day rolls over.
After every step the store must satisfy the handbook's promises:

- a number is issued once per service and business day (and the sequence has no gaps);
- a code is unique per business day;
- a ticket is never held by two counters, and it is called/serving exactly when a counter holds it;
- a ticket is finished at most once; its timestamps are in order;
- the tickets table equals what the append-only events say (replay the log).

An action refused with an `AntreanError` must leave the store exactly as it was. `call_next` is
also checked against the office's calling rules (FIFO per class, the priority policy, the
priority-only counter) and may say "nobody waiting" only when nobody eligible waits.
"""
from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from shared.clock import ManualClock, to_iso
from shared.config import parse_config
from shared.domain import (AntreanError, IssueRefused, NobodyWaiting, PriorityGroup, Ticket)
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from shared.store.database import connect
from tests.queue_invariants import StoreInvariants

JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 23 November 2026, 23:00 WIB: an hour before the first rollover.
START = datetime(2026, 11, 23, 23, 0, tzinfo=JAKARTA)

SERVICES = ("ktp", "kk", "akta")
QUOTA_AKTA = 5
COUNTERS = {  # name → (services, priority_only)
    "1": (("ktp", "kk"), False),
    "2": (("kk", "akta"), False),
    "3": (("ktp",), False),
    "P": (("ktp", "kk", "akta"), True),
}
COUNTER_NAMES = tuple(COUNTERS)
READY = "current_ticket IS NULL AND status != 'paused'"
HOLDS_CALLED = "current_ticket IN (SELECT id FROM tickets WHERE status = 'called')"
HOLDS_SERVING = "current_ticket IN (SELECT id FROM tickets WHERE status = 'serving')"


def office_raw(policy: str, max_in_a_row: int) -> dict:
    return {
        "office": {"name": "Kantor Uji", "timezone": "Asia/Jakarta"},
        "hours": {"setiap_hari": ["00:00-24:00"]},
        "services": [
            {"code": "ktp", "prefix": "A", "name": "KTP-el", "target_wait_min": 30,
             "target_service_min": 10},
            {"code": "kk", "prefix": "B", "name": "Kartu Keluarga", "target_wait_min": 30,
             "target_service_min": 15},
            {"code": "akta", "prefix": "C", "name": "Akta", "target_wait_min": 45,
             "target_service_min": 20, "daily_quota": QUOTA_AKTA},
        ],
        "counters": [{"name": name, "label": f"Loket {name}", "services": list(svcs),
                      "priority_only": prio} for name, (svcs, prio) in COUNTERS.items()],
        "priority": {"policy": policy, "max_in_a_row": max_in_a_row},
        "recall": {"max_recalls": 2, "reactivate_after": 2, "max_reactivations": 1},
        "officers": [{"username": "siti", "full_name": "Siti"},
                     {"username": "budi", "full_name": "Budi"}],
    }


priorities = st.one_of(st.none(), st.sampled_from(list(PriorityGroup)))


class QueueMachine(StoreInvariants, RuleBasedStateMachine):
    # --- set-up ------------------------------------------------------------------------------
    @initialize(policy=st.sampled_from(["strict", "interleave", "dedicated"]),
                max_in_a_row=st.integers(1, 3))
    def setup(self, policy, max_in_a_row):
        self.dir = Path(tempfile.mkdtemp(prefix="antrean-hyp-"))
        self.clock = ManualClock(START)
        self.config = parse_config(office_raw(policy, max_in_a_row), "hypothesis.toml")
        path = self.dir / "antrean.db"
        init_database(path, self.config, now=self.clock.now())
        self.svc = SqliteQueueService(path, self.clock)
        self.db = connect(path)  # a second connection, to look at what was committed

    def teardown(self):
        if hasattr(self, "svc"):
            self.svc.close()
            self.db.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- helpers -------------------------------------------------------------------------------
    def today(self) -> str:
        return self.clock.now().astimezone(JAKARTA).date().isoformat()

    def q(self, sql: str, params=()) -> list[tuple]:
        return self.db.execute(sql, params).fetchall()

    def snapshot(self):
        return (self.q("SELECT COALESCE(MAX(seq), 0) FROM events"),
                self.q("SELECT * FROM tickets ORDER BY id"),
                self.q("SELECT * FROM counters ORDER BY name"),
                self.q("SELECT * FROM day_sequences ORDER BY service, business_day"),
                self.q("SELECT * FROM segments ORDER BY id"))

    def attempt(self, fn, *args):
        """(result, None) or (None, the AntreanError); a refusal must change nothing."""
        before = self.snapshot()
        try:
            result = fn(*args)
        except AntreanError as exc:
            after = self.snapshot()
            assert after == before, (
                f"{fn.__name__}{args} was refused ({exc.code}: {exc}) but changed the store")
            event(f"{fn.__name__}: {exc.code}")
            return None, exc
        event(f"{fn.__name__}: ok")
        if isinstance(result, Ticket):
            row = self.q("SELECT status, service, counter FROM tickets WHERE id = ?", (result.id,))
            assert row == [(result.status.value, result.service, result.counter)], (
                f"{fn.__name__}{args} returned {result} but the store has {row}")
        return result, None

    def recent_codes(self, statuses: tuple[str, ...] | None = None) -> list[str]:
        """Codes of tickets issued in the last 24 hours (what a code lookup can find)."""
        sql = "SELECT code FROM tickets WHERE issued_at >= ?"
        params: list = [to_iso(self.clock.now() - timedelta(hours=24))]
        if statuses:
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
            params += statuses
        return [r[0] for r in self.q(sql + " ORDER BY id", params)]

    def draw_code(self, data, preferred: tuple[str, ...]) -> str:
        """Mostly a code in a useful status, sometimes any of today's, sometimes nonsense."""
        choice = data.draw(st.sampled_from(["preferred", "preferred", "any", "bogus"]))
        pool = (self.recent_codes(preferred) if choice == "preferred"
                else self.recent_codes() if choice == "any" else [])
        if not pool:
            return data.draw(st.sampled_from(["Z-001", "A-999", "", "x"]))
        code = data.draw(st.sampled_from(pool))
        return data.draw(st.sampled_from([code, code.lower(), code.replace("-", "")]))

    def draw_counter(self, data, where: str) -> str:
        """Mostly a counter in a useful state (`where` over counters), sometimes any or unknown."""
        choice = data.draw(st.sampled_from(["preferred", "preferred", "preferred", "any", "bogus"]))
        if choice == "bogus":
            return data.draw(st.sampled_from(["99", "", "loket 1"]))
        pool = [r[0] for r in self.q(f"SELECT name FROM counters WHERE {where} ORDER BY name")]
        if choice == "any" or not pool:
            pool = list(COUNTER_NAMES)
        name = data.draw(st.sampled_from(pool))
        return data.draw(st.sampled_from([name, name.lower()]))

    # --- time ----------------------------------------------------------------------------------
    @rule(minutes=st.sampled_from([0, 0.5, 1, 3, 10, 30, 90, 240, 600]))
    def tick(self, minutes):  # with START at 23:00, a few ticks cross local midnight
        self.clock.advance(minutes=minutes)

    # --- the visitor -----------------------------------------------------------------------------
    @rule(service=st.sampled_from(SERVICES + ("A", "B", "c", "zz")), priority=priorities,
          full=st.booleans())
    def issue(self, service, priority, full):
        svc = self.config.service(service)
        issued_before = (self.q("SELECT COUNT(*) FROM tickets WHERE issued_service = ? AND "
                                "business_day = ?", (svc.code, self.today()))[0][0]
                         if svc else None)
        fn = self.svc.issue if full else self.svc.issue_ticket
        result, err = self.attempt(fn, service, priority)
        if svc is None:
            assert isinstance(err, IssueRefused) and err.reason == "unknown_service", err
            return
        if svc.daily_quota is not None and issued_before >= svc.daily_quota:
            assert isinstance(err, IssueRefused) and err.reason == "quota", (
                f"issued past the quota of {svc.code}: {result}")
            return
        assert err is None, f"issuing {service} was refused although open: {err!r}"
        t = result.ticket if full else result
        assert t.number == issued_before + 1, (t.code, issued_before)
        assert t.business_day.isoformat() == self.today()
        assert t.is_priority == (priority is not None)
        if full and self.config.priority.policy == "strict":
            order = [w.id for w in self.svc.waiting(svc.code)]
            assert result.people_ahead == order.index(t.id), (result.people_ahead, order)

    @rule()
    def issue_ktp(self):  # the commonest visitor (and, taking no argument, hypothesis's favourite)
        self.issue("ktp", None, False)

    @rule(services=st.lists(st.sampled_from(SERVICES), min_size=1, max_size=4),
          priority=priorities)
    def issue_several(self, services, priority):
        for service in services:
            self.issue(service, priority, False)

    @rule(data=st.data())
    def cancel(self, data):
        self.attempt(self.svc.cancel, self.draw_code(data, ("waiting",)))

    @rule(data=st.data())
    def reactivate(self, data):
        result, err = self.attempt(self.svc.reactivate, self.draw_code(data, ("no_show",)))
        if err is None:  # back in the queue means a counter can call it again
            assert result.id in [w.id for w in self.svc.waiting(result.service)], (
                f"{result.code} reactivated but not in the queue it was put back in")

    # --- the counter -----------------------------------------------------------------------------
    def eligible_waiting(self, counter: str) -> list[tuple]:
        """The waiting tickets this counter may call: (is_priority, queue_key, id). A queue runs
        on past midnight; a ticket whose place is more than QUEUE_HOURS old is not called."""
        svcs, prio_only = COUNTERS[counter]
        rows = self.q(
            f"SELECT is_priority, queue_key, id FROM tickets WHERE status = 'waiting' AND "
            f"queue_key >= ? AND service IN ({','.join('?' * len(svcs))})",
            (self.svc._window(self.clock.now()), *svcs))
        return [r for r in rows if r[0] or not prio_only]

    @rule(data=st.data())
    def call_next(self, data):
        counter = self.draw_counter(data, READY)
        known = counter.upper() in COUNTERS
        if known:
            counter = counter.upper()
            eligible = self.eligible_waiting(counter)
            state = self.q("SELECT status, current_ticket, priority_streak FROM counters "
                           "WHERE name = ?", (counter,))[0]
        result, err = self.attempt(self.svc.call_next, counter)
        if not known:
            assert err is not None
            return
        status, current, streak = state
        if status == "paused" or current is not None:
            assert err is not None, f"counter {counter} ({status}, holding {current}) called"
            return
        if not eligible:
            assert isinstance(err, NobodyWaiting), f"called {result} with nobody eligible waiting"
            return
        assert err is None, f"counter {counter} refused ({err!r}) with {len(eligible)} waiting"
        picked = next(r for r in eligible if r[2] == result.id)
        prio = min((r[1:] for r in eligible if r[0]), default=None)
        regular = min((r[1:] for r in eligible if not r[0]), default=None)
        assert picked[1:] == (prio if picked[0] else regular), "not first in line of its class"
        policy = self.config.priority
        if COUNTERS[counter][1]:
            assert picked[0]
        elif prio is not None and regular is not None:
            if policy.policy == "strict":
                expect_priority = True
            elif policy.policy == "interleave":
                expect_priority = streak < policy.max_in_a_row
            else:
                expect_priority = prio < regular
            assert bool(picked[0]) == expect_priority, (policy, streak, picked, prio, regular)
        new_streak = self.q("SELECT priority_streak FROM counters WHERE name = ?", (counter,))
        assert new_streak[0][0] == (streak + 1 if picked[0] else 0)

    @rule(data=st.data())
    def carry_on(self, data):
        """What a counter holding a ticket usually does next (to reach deep states more often)."""
        held = self.q("SELECT c.name, t.status FROM counters c JOIN tickets t "
                      "ON t.id = c.current_ticket ORDER BY c.name")
        if not held:
            return
        counter, status = data.draw(st.sampled_from(held))
        if status == "called":
            action = data.draw(st.sampled_from(["start", "start", "no_show", "recall"]))
        else:
            action = data.draw(st.sampled_from(["finish", "finish", "transfer"]))
        if action == "transfer":
            self.attempt(self.svc.transfer, counter, data.draw(st.sampled_from(SERVICES)))
        else:
            self.attempt(getattr(self.svc, action), counter)

    @rule(data=st.data())
    def call_ticket(self, data):
        counter = self.draw_counter(data, READY)
        self.attempt(self.svc.call_ticket, counter, self.draw_code(data, ("waiting", "no_show")))

    @rule(data=st.data())
    def recall(self, data):
        self.attempt(self.svc.recall, self.draw_counter(data, HOLDS_CALLED))

    @rule(data=st.data())
    def start(self, data):
        self.attempt(self.svc.start, self.draw_counter(data, HOLDS_CALLED))

    @rule(data=st.data())
    def finish(self, data):
        result, err = self.attempt(self.svc.finish, self.draw_counter(data, HOLDS_SERVING))
        if err is None:
            assert result.status.value == "done" and result.finished_at is not None

    @rule(data=st.data())
    def no_show(self, data):
        self.attempt(self.svc.no_show, self.draw_counter(data, HOLDS_CALLED))

    @rule(data=st.data(), service=st.sampled_from(SERVICES + ("zz",)))
    def transfer(self, data, service):
        counter = self.draw_counter(data, "current_ticket IS NOT NULL")
        result, err = self.attempt(self.svc.transfer, counter, service)
        if err is None:
            assert result.status.value == "waiting" and result.service == service

    @rule(data=st.data(), reason=st.sampled_from(["", "istirahat", "salat"]))
    def pause(self, data, reason):
        self.attempt(self.svc.pause, self.draw_counter(data, READY), reason)

    @rule(data=st.data())
    def resume(self, data):
        self.attempt(self.svc.resume, self.draw_counter(data, "status = 'paused'"))

    @rule(data=st.data(), officer=st.sampled_from([None, "siti", "budi", "nobody"]),
          takeover=st.booleans())
    def open_counter(self, data, officer, takeover):
        self.attempt(self.svc.open_counter, self.draw_counter(data, "status = 'closed'"),
                     officer, takeover)

    @rule(data=st.data())
    def close_counter(self, data):
        self.attempt(self.svc.close_counter,
                     self.draw_counter(data, "current_ticket IS NULL AND status != 'closed'"))


def test_reactivated_no_show_is_callable_again(tmp_path):
    """A no-show reactivated more than QUEUE_HOURS after issue, with nobody else waiting, must
    be callable: it got the key issue-time + 1, below the calling window, so it was 'waiting' in
    the store but in no queue, for no counter, ever (found by the state machine)."""
    clock = ManualClock(START)
    path = tmp_path / "antrean.db"
    init_database(path, parse_config(office_raw("strict", 2), "t.toml"), now=clock.now())
    svc = SqliteQueueService(path, clock)
    try:
        t = svc.issue_ticket("ktp")
        clock.advance(minutes=11 * 60)
        assert svc.call_next("1").id == t.id
        svc.no_show("1")
        clock.advance(minutes=2 * 60)      # 13 h after issue, 2 h after the no-show
        assert svc.reactivate(t.code).status.value == "waiting"
        assert [w.id for w in svc.waiting("ktp")] == [t.id]
        assert svc.call_next("1").id == t.id
    finally:
        svc.close()


QueueMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestQueueInvariants = QueueMachine.TestCase
