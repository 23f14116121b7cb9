"""Every legal and illegal transition of a ticket, as a table; an illegal one changes nothing."""
import pytest

from shared.domain import IllegalTransition, NobodyWaiting, CounterPaused, TicketStatus


def put_in_state(service, clock, state: str) -> str:
    """A ticket of 'ktp' in `state` for counter '1'; returns its code."""
    code = service.issue("ktp").ticket.code
    if state == "waiting":
        return code
    service.call_next("1")
    if state == "called":
        return code
    if state == "no_show":
        service.no_show("1")
        return code
    clock.advance(minutes=1)
    service.start("1")
    if state == "serving":
        return code
    clock.advance(minutes=5)
    service.finish("1")
    if state == "done":
        return code
    raise AssertionError(state)


def put_cancelled(service, clock):
    code = service.issue("ktp").ticket.code
    service.cancel(code)
    return code


ACTIONS = {
    "recall": lambda s, code: s.recall("1"),
    "start": lambda s, code: s.start("1"),
    "finish": lambda s, code: s.finish("1"),
    "no_show": lambda s, code: s.no_show("1"),
    "transfer": lambda s, code: s.transfer("1", "kk"),
    "cancel": lambda s, code: s.cancel(code),
    "reactivate": lambda s, code: s.reactivate(code),
    "call_ticket": lambda s, code: s.call_ticket("1", code),
}

# state → action → resulting status, or None for "refused"
TABLE = {
    "waiting": {"cancel": "cancelled", "call_ticket": "called"},
    "called": {"recall": "called", "start": "serving", "no_show": "no_show",
               "transfer": "waiting"},
    "serving": {"finish": "done", "transfer": "waiting"},
    "done": {},
    "no_show": {"reactivate": "waiting", "call_ticket": "called"},
    "cancelled": {},
}
CASES = [(state, action, TABLE[state].get(action)) for state in TABLE for action in ACTIONS]


@pytest.mark.parametrize("state,action,expected", CASES,
                         ids=[f"{s}-{a}" for s, a, _ in CASES])
def test_transition_table(service, clock, state, action, expected):
    code = (put_cancelled(service, clock) if state == "cancelled"
            else put_in_state(service, clock, state))
    assert service.ticket(code).status == state
    before_seq = service.last_event_seq()
    before = service.ticket(code)
    if expected is None:
        with pytest.raises(IllegalTransition) as err:
            ACTIONS[action](service, code)
        assert err.value.message and err.value.message_en  # a reason in both languages
        assert service.last_event_seq() == before_seq, "a refused action wrote an event"
        assert service.ticket(code) == before, "a refused action changed the ticket"
    else:
        ACTIONS[action](service, code)
        after = service.ticket(code)
        assert after.status == expected
        events = service.events_after(before_seq)
        assert len(events) == 1 and events[0].ticket_code == code


def test_recall_is_counted_and_limited(service, office_config):
    code = service.issue("ktp").ticket.code
    service.call_next("1")
    for n in range(1, office_config.recall.max_recalls + 1):
        assert service.recall("1").recalls == n
    with pytest.raises(IllegalTransition, match="dipanggil ulang"):
        service.recall("1")
    assert [e.type for e in service.events_after(0)].count("recalled") == office_config.recall.max_recalls


def test_call_with_nobody_waiting(service):
    seq = service.last_event_seq()
    with pytest.raises(NobodyWaiting):
        service.call_next("1")
    assert service.last_event_seq() == seq


def test_call_on_paused_counter_refused(service):
    service.issue("ktp")
    service.pause("1", "Salat")
    with pytest.raises(CounterPaused):
        service.call_next("1")
    assert service.waiting("ktp")[0].status == TicketStatus.WAITING
    service.resume("1")
    assert service.call_next("1").status == TicketStatus.CALLED


def test_counter_cannot_act_on_another_counters_ticket(service):
    code = service.issue("ktp").ticket.code
    service.call_next("2")
    with pytest.raises(IllegalTransition):
        service.finish("1")
    with pytest.raises(IllegalTransition):
        service.call_ticket("1", code)
    assert service.current_ticket("2").code == code
    assert service.current_ticket("1") is None


def test_counter_must_release_ticket_before_next_call_or_break(service):
    service.issue("ktp")
    service.issue("ktp")
    service.call_next("1")
    with pytest.raises(IllegalTransition, match="masih memegang"):
        service.call_next("1")
    with pytest.raises(IllegalTransition, match="masih memegang"):
        service.pause("1", "Makan siang")


def test_counter_only_calls_services_it_serves(service):
    service.issue("kk")  # counter 1 serves only ktp
    with pytest.raises(NobodyWaiting):
        service.call_next("1")
    assert service.call_next("3").service == "kk"


def test_fifo_by_issue_time(service, clock):
    codes = []
    for _ in range(3):
        codes.append(service.issue("ktp").ticket.code)
        clock.advance(seconds=10)
    called = []
    for _ in range(3):
        called.append(service.call_next("1").code)
        service.no_show("1")
    assert called == codes


def test_times_recorded_for_every_transition(service, clock):
    code = service.issue("ktp").ticket.code
    clock.advance(minutes=12)
    service.call_next("1")
    clock.advance(minutes=1)
    service.start("1")
    clock.advance(minutes=7)
    t = service.finish("1")
    assert t.code == code
    assert (t.first_called_at - t.issued_at).total_seconds() == 12 * 60
    assert (t.finished_at - t.started_at).total_seconds() == 7 * 60
    assert t.issued_at.tzinfo is not None


def test_pause_and_resume_are_logged(service):
    service.pause("2", "Rapat")
    state = service.counter_state("2")
    assert state.status == "paused" and state.pause_reason == "Rapat"
    with pytest.raises(IllegalTransition):
        service.pause("2", "again")
    service.resume("2")
    with pytest.raises(IllegalTransition):
        service.resume("2")
    types = [e.type for e in service.events_after(0)]
    assert types[-2:] == ["paused", "resumed"]
