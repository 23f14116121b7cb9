"""Transfer keeps number and issue time; a late visitor is re-queued after N numbers."""
import pytest

from shared.domain import IllegalTransition, IssueRefused


def test_transfer_keeps_number_and_issue_time(service, clock):
    a = service.issue("ktp").ticket
    clock.advance(minutes=3)
    b = service.issue("kk").ticket  # issued later in the target service
    clock.advance(minutes=3)
    service.call_next("1")
    service.start("1")
    clock.advance(minutes=4)
    moved = service.transfer("1", "kk")
    assert (moved.code, moved.number, moved.issued_at) == (a.code, a.number, a.issued_at)
    assert moved.service == "kk" and moved.issued_service == "ktp" and moved.status == "waiting"
    assert moved.transfers == 1 and moved.counter is None
    assert service.current_ticket("1") is None
    # it keeps its place by issue time: ahead of B-001, which was issued later
    assert [t.code for t in service.waiting("kk")] == [a.code, b.code]
    assert service.call_next("3").code == a.code
    service.start("3")
    clock.advance(minutes=6)
    done = service.finish("3")
    assert done.status == "done"
    segs = service._conn.execute(
        "SELECT service, counter, outcome FROM segments WHERE ticket_id = ? ORDER BY id",
        (a.id,)).fetchall()
    assert segs == [("ktp", "1", "transferred"), ("kk", "3", "done")]


def test_transfer_to_same_or_unknown_service_refused(service):
    service.issue("ktp")
    service.call_next("1")
    with pytest.raises(IllegalTransition):
        service.transfer("1", "ktp")
    with pytest.raises(IssueRefused):
        service.transfer("1", "paspor")
    assert service.current_ticket("1").service == "ktp"


def test_reactivate_requeues_after_n_numbers(service, clock, office_config):
    n = office_config.recall.reactivate_after
    assert n == 3
    late = service.issue("ktp").ticket
    others = [service.issue("ktp").ticket.code for _ in range(5)]
    service.call_next("1")
    service.no_show("1")
    again = service.reactivate(late.code)
    assert again.status == "waiting" and again.reactivations == 1
    order = [t.code for t in service.waiting("ktp")]
    assert order == others[:n] + [late.code] + others[n:]
    assert service.people_ahead(late.code) == n


def test_reactivate_with_fewer_waiting_goes_last(service):
    late = service.issue("ktp").ticket
    other = service.issue("ktp").ticket
    service.call_next("1")
    service.no_show("1")
    service.reactivate(late.code)
    assert [t.code for t in service.waiting("ktp")] == [other.code, late.code]


def test_reactivation_limit(service, office_config):
    code = service.issue("ktp").ticket.code
    for _ in range(office_config.recall.max_reactivations):
        service.call_next("1")
        service.no_show("1")
        service.reactivate(code)
    service.call_next("1")
    service.no_show("1")
    with pytest.raises(IllegalTransition, match="batas"):
        service.reactivate(code)


def test_late_visitor_called_directly(service):
    late = service.issue("ktp").ticket
    service.issue("ktp")
    service.call_next("1")
    service.no_show("1")
    t = service.call_ticket("1", late.code)
    assert t.status == "called" and t.counter == "1"
