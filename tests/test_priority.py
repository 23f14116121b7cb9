"""Each priority policy: strict, interleave (at most N in a row), dedicated priority counters."""
import pytest

from shared.domain import NobodyWaiting
from tests.conftest import example_raw, make_service


def office(tmp_path, clock, policy, max_in_a_row=2):
    raw = example_raw()
    raw["priority"] = {"ask_at_kiosk": True, "policy": policy, "max_in_a_row": max_in_a_row}
    return make_service(tmp_path, raw, clock)


def issue_mix(svc, clock, pattern):
    """pattern like 'RRPPPR': regular / priority tickets of ktp, one second apart."""
    codes = {}
    for ch in pattern:
        t = svc.issue("ktp", "lansia" if ch == "P" else None).ticket
        codes[t.code] = ch
        clock.advance(seconds=1)
    return codes


def call_all(svc, counter, n):
    out = []
    for _ in range(n):
        t = svc.call_next(counter)
        out.append(t.code)
        svc.no_show(counter)
    return out


def test_strict_priority_first(tmp_path, clock):
    svc = office(tmp_path, clock, "strict")
    issue_mix(svc, clock, "RRPRP")
    assert call_all(svc, "1", 5) == ["A-003", "A-005", "A-001", "A-002", "A-004"]


@pytest.mark.parametrize("n,expected", [
    (1, ["A-003", "A-001", "A-004", "A-002", "A-005", "A-006"]),
    (2, ["A-003", "A-004", "A-001", "A-005", "A-002", "A-006"]),
])
def test_interleave_at_most_n_in_a_row(tmp_path, clock, n, expected):
    svc = office(tmp_path, clock, "interleave", n)
    issue_mix(svc, clock, "RRPPPR")
    assert call_all(svc, "1", 6) == expected


def test_interleave_takes_priority_when_no_regular_waits(tmp_path, clock):
    svc = office(tmp_path, clock, "interleave", 1)
    issue_mix(svc, clock, "PPP")
    assert call_all(svc, "1", 3) == ["A-001", "A-002", "A-003"]


def test_dedicated_counter_serves_only_priority(tmp_path, clock):
    svc = office(tmp_path, clock, "dedicated")
    issue_mix(svc, clock, "RPRP")
    # ordinary counter 1 goes strictly by issue time, priority included
    assert svc.call_next("1").code == "A-001"
    svc.no_show("1")
    # the priority counter 5 takes only priority tickets
    assert svc.call_next("5").code == "A-002"
    svc.no_show("5")
    assert svc.call_next("5").code == "A-004"
    svc.no_show("5")
    with pytest.raises(NobodyWaiting):
        svc.call_next("5")
    assert svc.call_next("1").code == "A-003"


def test_priority_only_counter_under_strict_too(tmp_path, clock):
    svc = office(tmp_path, clock, "strict")
    issue_mix(svc, clock, "R")
    with pytest.raises(NobodyWaiting):
        svc.call_next("5")


def test_priority_ticket_people_ahead(tmp_path, clock):
    svc = office(tmp_path, clock, "strict")
    issue_mix(svc, clock, "RRR")
    p = svc.issue("ktp", "hamil")
    assert p.people_ahead == 0 and p.ticket.priority_group == "hamil"
    r = svc.issue("ktp")
    assert r.people_ahead == 4


def test_dedicated_needs_a_priority_counter(tmp_path, clock):
    from shared.domain import ConfigError
    raw = example_raw()
    raw["priority"]["policy"] = "dedicated"
    for c in raw["counters"]:
        c["priority_only"] = False
    with pytest.raises(ConfigError, match="priority.policy"):
        make_service(tmp_path, raw, clock)
