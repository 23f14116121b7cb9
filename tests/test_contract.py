"""The `QueueService` contract: one suite, run against every implementation.

- `embedded`: `SqliteQueueService` on the SQLite file;
- `http`: `HttpQueueService` → the FastAPI app in-process (Starlette's test transport);
- `socket`: `HttpQueueService` → uvicorn on 127.0.0.1 over a real keep-alive socket.

The server's store runs on the test's `ManualClock`, so time-dependent rules hold the same way.
The HTTP client acts as an admin session (everything allowed); roles are tested elsewhere.
"""
from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime, timedelta

import pytest

from shared.config import parse_config
from shared.domain import (AntreanError, AuthError, CounterPaused, IllegalTransition,
                           IssueRefused, NobodyWaiting, NotFound, PriorityGroup, TicketStatus)
from shared.server.testing import asgi_service, session_token, socket_service
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from tests.conftest import JAKARTA, example_raw

IMPLEMENTATIONS = ["embedded", "http", "socket"]


def _factory(kind: str, tmp_path, clock, stack: ExitStack):
    def make(raw: dict | None = None):
        path = tmp_path / f"contract-{len(list(tmp_path.iterdir()))}.db"
        init_database(path, parse_config(raw or example_raw(), "contract.toml"))
        if kind == "embedded":
            svc = SqliteQueueService(path, clock)
            stack.callback(svc.close)
            return svc
        token = session_token(path, "admin", clock)
        factory = asgi_service if kind == "http" else socket_service
        return stack.enter_context(factory(path, clock, token))
    return make


@pytest.fixture(params=IMPLEMENTATIONS)
def make_qs(request, tmp_path, clock):
    """A factory: a QueueService of this implementation on a fresh database (optionally from a
    modified example config)."""
    with ExitStack() as stack:
        yield _factory(request.param, tmp_path, clock, stack)


@pytest.fixture
def qs(make_qs):
    return make_qs()


@pytest.fixture(params=IMPLEMENTATIONS[:2])
def qs_fast(request, tmp_path, clock):
    """The long transition table runs embedded and in-process; every other contract also runs
    over the real socket."""
    with ExitStack() as stack:
        yield _factory(request.param, tmp_path, clock, stack)()


# --- issuing ------------------------------------------------------------------------------------
def test_numbers_per_service_and_position(qs):
    a1, a2 = qs.issue("ktp"), qs.issue("A")
    b1 = qs.issue("kk", PriorityGroup.LANSIA)
    assert [a1.ticket.code, a2.ticket.code, b1.ticket.code] == ["A-001", "A-002", "B-001"]
    assert (a1.people_ahead, a2.people_ahead) == (0, 1)
    assert a2.estimated_wait_min == qs.estimated_wait("A-002") > 0
    assert a1.status_url.endswith("/" + a1.ticket.token)
    assert b1.ticket.priority_group == PriorityGroup.LANSIA and b1.ticket.is_priority
    assert a1.ticket.status == TicketStatus.WAITING and a1.ticket.issued_at.tzinfo is not None
    assert qs.ticket("a2") == qs.ticket("A-002") == qs.ticket(a2.ticket.token) == a2.ticket
    assert qs.people_ahead("A-002") == 1


def test_issue_refused_outside_hours_with_next_opening(qs, clock):
    clock.set(datetime(2026, 11, 23, 12, 30, tzinfo=JAKARTA))  # lunch break
    seq = qs.last_event_seq()
    with pytest.raises(IssueRefused) as err:
        qs.issue("ktp")
    assert err.value.reason == "closed" and err.value.code == "issue_refused"
    assert err.value.next_opening == datetime(2026, 11, 23, 13, 0, tzinfo=JAKARTA)
    assert "tutup" in err.value.message and err.value.message_en != err.value.message
    assert qs.last_event_seq() == seq
    queue = {q.service: q for q in qs.queues()}["ktp"]
    assert not queue.can_issue and queue.closed_reason == "closed"


def test_issue_refused_unknown_service_and_holiday(qs, clock):
    with pytest.raises(IssueRefused) as err:
        qs.issue("nope")
    assert err.value.reason == "unknown_service"
    clock.set(datetime(2026, 12, 25, 9, 0, tzinfo=JAKARTA))
    with pytest.raises(IssueRefused) as err:
        qs.issue("ktp")
    assert err.value.reason == "holiday" and err.value.next_opening is not None


def test_quota_refused_without_gap(make_qs):
    raw = example_raw()
    raw["services"][0]["daily_quota"] = 2
    qs = make_qs(raw)
    assert [qs.issue("ktp").ticket.number for _ in range(2)] == [1, 2]
    with pytest.raises(IssueRefused) as err:
        qs.issue("ktp")
    assert err.value.reason == "quota"
    q = {q.service: q for q in qs.queues()}["ktp"]
    assert (q.issued_today, q.quota, q.can_issue, q.closed_reason) == (2, 2, False, "quota")


def test_cancel(qs):
    code = qs.issue("ktp").ticket.code
    t = qs.cancel(code)
    assert t.status == TicketStatus.CANCELLED and t.cancelled_at is not None
    with pytest.raises(IllegalTransition):
        qs.cancel(code)
    with pytest.raises(NotFound):
        qs.cancel("Z-999")


# --- the lifecycle table -------------------------------------------------------------------
def put_in_state(qs, clock, state: str) -> str:
    code = qs.issue("ktp").ticket.code
    if state == "cancelled":
        qs.cancel(code)
        return code
    if state == "waiting":
        return code
    qs.call_next("1")
    if state == "no_show":
        qs.no_show("1")
    elif state in ("serving", "done"):
        clock.advance(minutes=1)
        qs.start("1")
        if state == "done":
            clock.advance(minutes=5)
            qs.finish("1")
    return code


# the one transition table, shared with the embedded lifecycle tests
from tests.test_lifecycle import ACTIONS, TABLE  # noqa: E402

CASES = [(s, a, TABLE[s].get(a)) for s in TABLE for a in ACTIONS]


@pytest.mark.parametrize("state,action,expected", CASES, ids=[f"{s}-{a}" for s, a, _ in CASES])
def test_transition_table(qs_fast, clock, state, action, expected):
    qs = qs_fast
    code = put_in_state(qs, clock, state)
    before, seq = qs.ticket(code), qs.last_event_seq()
    if expected is None:
        with pytest.raises(IllegalTransition) as err:
            ACTIONS[action](qs, code)
        assert err.value.code == "illegal_transition"
        assert err.value.message and err.value.message_en
        assert qs.last_event_seq() == seq and qs.ticket(code) == before
    else:
        ACTIONS[action](qs, code)
        assert qs.ticket(code).status == expected
        events = qs.events_after(seq)
        assert len(events) == 1 and events[0].ticket_code == code


def test_whole_visit_times_and_officer_day(qs, clock):
    qs.open_counter("1", "siti")
    code = qs.issue("ktp").ticket.code
    clock.advance(minutes=12)
    called = qs.call_next("1")
    assert called.code == code and called.officer == "siti" and called.counter == "1"
    assert qs.current_ticket("1") == called
    clock.advance(minutes=1)
    qs.start("1")
    clock.advance(minutes=7)
    t = qs.finish("1")
    assert (t.first_called_at - t.issued_at) == timedelta(minutes=12)
    assert (t.finished_at - t.started_at) == timedelta(minutes=7)
    assert qs.current_ticket("1") is None
    day = qs.officer_day("siti")
    assert day["served"] == 1 and day["avg_service_min"] == pytest.approx(7.0)
    assert day["within_target"] == 1 and day["target_service_min"] == 10


def test_nobody_waiting_and_paused(qs):
    with pytest.raises(NobodyWaiting):
        qs.call_next("1")
    qs.issue("ktp")
    state = qs.pause("1", "Salat")
    assert state.status == "paused" and state.pause_reason == "Salat"
    with pytest.raises(CounterPaused) as err:
        qs.call_next("1")
    assert err.value.code == "counter_paused"
    with pytest.raises(IllegalTransition):
        qs.pause("1", "again")
    assert qs.resume("1").status == "open"
    assert qs.call_next("1").status == TicketStatus.CALLED
    assert [e.type for e in qs.events_after(0)][-3:] == ["paused", "resumed", "called"]


def test_counter_holds_one_ticket_and_serves_its_services(qs):
    qs.issue("ktp")
    qs.issue("ktp")
    code_kk = qs.issue("kk").ticket.code
    qs.call_next("1")
    with pytest.raises(IllegalTransition, match="masih memegang"):
        qs.call_next("1")
    with pytest.raises(IllegalTransition):
        qs.call_ticket("1", code_kk)        # counter 1 does not serve kk
    assert qs.call_next("3").code == code_kk
    with pytest.raises(NotFound):
        qs.call_next("99")


def test_recall_limit(qs, office_config):
    qs.issue("ktp")
    qs.call_next("1")
    for n in range(1, office_config.recall.max_recalls + 1):
        assert qs.recall("1").recalls == n
    with pytest.raises(IllegalTransition, match="dipanggil ulang"):
        qs.recall("1")


def test_fifo_and_strict_priority(make_qs, clock):
    raw = example_raw()
    raw["priority"]["policy"] = "strict"
    qs = make_qs(raw)
    regular = [qs.issue("ktp").ticket.code for _ in range(2)]
    clock.advance(seconds=5)
    prio = qs.issue("ktp", "lansia").ticket.code
    assert [t.code for t in qs.waiting("ktp")] == [prio, *regular]
    assert qs.people_ahead(regular[0]) == 1
    called = []
    for _ in range(3):
        called.append(qs.call_next("1").code)
        qs.no_show("1")
    assert called == [prio, *regular]


def test_transfer_keeps_number_and_place(qs, clock):
    first = qs.issue("ktp").ticket
    clock.advance(minutes=2)
    later = qs.issue("kk").ticket
    qs.call_next("1")
    t = qs.transfer("1", "kk")
    assert (t.code, t.service, t.issued_service, t.transfers) == (first.code, "kk", "ktp", 1)
    assert t.issued_at == first.issued_at and t.status == TicketStatus.WAITING
    assert [w.code for w in qs.waiting("kk")] == [first.code, later.code]
    with pytest.raises(IssueRefused):
        qs.issue("nope")


def test_reactivate_after_n(qs, office_config):
    late = qs.issue("ktp").ticket.code
    others = [qs.issue("ktp").ticket.code for _ in range(5)]
    qs.call_next("1")
    qs.no_show("1")
    t = qs.reactivate(late)
    assert t.status == TicketStatus.WAITING and t.reactivations == 1
    order = [w.code for w in qs.waiting("ktp")]
    n = office_config.recall.reactivate_after
    assert order == others[:n] + [late] + others[n:]
    assert qs.people_ahead(late) == n


def test_authenticate_lockout_and_one_officer_one_counter(qs, clock):
    qs.set_pin("budi", "2468")
    for _ in range(4):
        with pytest.raises(AuthError, match="salah"):
            qs.authenticate("budi", "0000")
    with pytest.raises(AuthError, match="dikunci"):
        qs.authenticate("budi", "0000")
    with pytest.raises(AuthError, match="dikunci"):
        qs.authenticate("budi", "2468")
    clock.advance(minutes=6)
    assert qs.authenticate("Budi", "2468") == {"username": "budi", "full_name": "Budi Santoso",
                                                "role": "officer"}
    with pytest.raises(AuthError, match="salah"):
        qs.authenticate("nobody", "1234")
    qs.open_counter("1", "siti")
    with pytest.raises(IllegalTransition, match="masih masuk"):
        qs.open_counter("2", "siti")
    with pytest.raises(IllegalTransition, match="dipakai"):
        qs.open_counter("1", "budi")
    qs.open_counter("2", "siti", takeover=True)
    states = {c.name: c for c in qs.counters()}
    assert states["1"].status == "closed" and states["2"].officer == "siti"
    assert qs.counter_state("2").officer == "siti"
    assert qs.close_counter("2").status == "closed"


# --- reads and the event feed ----------------------------------------------------------------
def test_reads_match_the_store(qs, office_config):
    assert qs.config == office_config
    counters = qs.counters()
    assert [c.name for c in counters] == [c.name for c in office_config.counters]
    assert counters[4].priority_only and counters[0].services == ("ktp",)
    qs.issue("ktp")
    qs.issue("kk", "hamil")
    queues = {q.service: q for q in qs.queues()}
    assert (queues["ktp"].waiting, queues["kk"].priority_waiting) == (1, 1)
    assert queues["ktp"].can_issue and queues["ktp"].name_en.startswith("e-KTP")
    with pytest.raises(NotFound):
        qs.ticket("Q-123")
    with pytest.raises(NotFound):
        qs.counter_state("nope")


def test_events_feed_and_record_event(qs):
    start = qs.last_event_seq()
    code = qs.issue("ktp").ticket.code
    qs.call_next("1", "siti")
    ev = qs.record_event("printer_fault", ticket_code=code, counter="1",
                         detail={"reason": "paper"})
    assert ev.type == "printer_fault" and ev.ticket_code == code and ev.detail["reason"] == "paper"
    events = qs.events_after(start)
    assert [e.type for e in events] == ["issued", "called", "printer_fault"]
    assert events[1].officer == "siti" and events[1].counter == "1"
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert qs.last_event_seq() == events[-1].seq == ev.seq
    assert qs.events_after(start, limit=1) == events[:1]
    assert qs.events_after(ev.seq) == []


def test_errors_carry_both_languages(qs):
    with pytest.raises(AntreanError) as err:
        qs.finish("1")
    assert isinstance(err.value, IllegalTransition)
    assert err.value.text("en") == err.value.message_en != err.value.text("id")
