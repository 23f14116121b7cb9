"""The day simulation: against Erlang C where both apply (one service, first come first served,
exponential times), and the rules Erlang C cannot express — priority policies, breaks, counters
shared by services, serving on after issuing closes."""
from __future__ import annotations

import math
import random
import statistics

import pytest

from shared.planning.erlang import erlang_c, mean_wait, service_level
from shared.planning.simulation import (SimCounter, empirical_draw, exponential_draw,
                                        poisson_times, run_day)

HOURS = 3600.0


def _batch_stats(values: list[float], batches: int = 20) -> tuple[float, float]:
    """Mean and its standard error by batch means (waits in a queue are correlated)."""
    size = len(values) // batches
    means = [statistics.fmean(values[i * size:(i + 1) * size]) for i in range(batches)]
    return statistics.fmean(means), statistics.stdev(means) / math.sqrt(batches)


@pytest.mark.parametrize("c, rate_per_hour, holding_s, seed", [
    (1, 4.2, 600.0, 1),         # ρ = 0.70
    (4, 20.0, 600.0, 2),        # ρ = 0.83
    (10, 54.0, 600.0, 3),       # ρ = 0.90
])
def test_one_fifo_service_with_exponential_times_matches_erlang_c(c, rate_per_hour, holding_s,
                                                                  seed):
    """M/M/c in steady state: the simulated probability of waiting, share called within half a
    holding time (5 minutes) and mean wait agree with Erlang C within four standard errors
    (batch means over 20 batches; the first 5 % of arrivals are the warm-up) and within 2.5
    points (shares) and 12 % (mean wait). Seeded; 200 000 arrivals, about 0.3 s each."""
    rng = random.Random(seed)
    horizon = 200_000 / rate_per_hour * HOURS
    times = poisson_times(rng, [(0.0, horizon, rate_per_hour / HOURS)])
    n = len(times)
    counters = [SimCounter(str(k), (0,), False, ((0.0, 2 * horizon),)) for k in range(c)]
    waits = run_day(counters, times, [0] * n, [False] * n, [exponential_draw(rng, holding_s)],
                    policy="fifo")
    kept = waits[n // 20:]
    assert all(w < math.inf for w in kept)
    load = rate_per_hour * holding_s / HOURS
    target = holding_s / 2
    for sample, expected, cap in (([float(w > 1e-9) for w in kept], erlang_c(c, load), 0.025),
                                  ([float(w <= target) for w in kept],
                                   service_level(c, load, target, holding_s), 0.025),
                                  (kept, mean_wait(c, load, holding_s),
                                   0.12 * mean_wait(c, load, holding_s))):
        mean, se = _batch_stats(sample)
        assert abs(mean - expected) <= 4 * se, (mean, expected, se)
        assert abs(mean - expected) <= cap, (mean, expected)


def test_one_counter_fewer_is_told_apart():
    """The comparison above can fail: c − 1 counters give another figure far outside it."""
    rng = random.Random(7)
    times = poisson_times(rng, [(0.0, 1500 * HOURS, 20.0 / HOURS)])
    n = len(times)
    counters = [SimCounter(str(k), (0,), False, ((0.0, 3000 * HOURS),)) for k in range(3)]
    waits = run_day(counters, times, [0] * n, [False] * n, [exponential_draw(rng, 600.0)],
                    policy="fifo")
    mean, se = _batch_stats([float(w <= 300) for w in waits[n // 20:]])
    assert abs(mean - service_level(4, 20 * 600 / HOURS, 300, 600)) > 10 * se


def const(value: float):
    return lambda: value


def order_called(waits: list[float], times: list[float]) -> list[int]:
    return sorted(range(len(times)), key=lambda j: times[j] + waits[j])


ALL_DAY = ((0.0, 10_000.0),)


@pytest.mark.parametrize("policy, expected", [
    ("strict", [0, 2, 3, 4, 1]),        # priority first
    ("interleave", [0, 2, 3, 1, 4]),    # at most two priority calls in a row
    ("dedicated", [0, 1, 2, 3, 4]),     # an ordinary counter goes by time
    ("fifo", [0, 1, 2, 3, 4]),
])
def test_priority_policies(policy, expected):
    """One counter busy with visitor 0; then a regular visitor (1) and three priority ones
    (2–4) queue. The counter calls them in the office's order."""
    times = [0.0, 10.0, 20.0, 30.0, 40.0]
    prio = [False, False, True, True, True]
    waits = run_day([SimCounter("1", (0,), False, ALL_DAY)], times, [0] * 5, prio,
                    [const(100.0)], policy=policy, max_in_a_row=2)
    assert order_called(waits, times) == expected


def test_a_priority_only_counter_calls_only_priority_tickets():
    times = [0.0, 1.0, 2.0]
    prio = [False, True, False]
    counters = [SimCounter("P", (0,), True, ALL_DAY), SimCounter("1", (0,), False, ALL_DAY)]
    waits = run_day(counters, times, [0] * 3, prio, [const(100.0)], policy="dedicated")
    # the ordinary counter takes visitor 0, the priority counter visitor 1 at once; visitor 2
    # (regular) waits for the ordinary counter (free at 100), never for P
    assert waits[0] == 0 and waits[1] == 0
    assert waits[2] == pytest.approx(100.0 - 2.0)


def test_a_shared_counter_calls_the_earliest_ticket_across_its_services():
    times = [0.0, 5.0, 6.0]
    services = [0, 1, 0]
    counters = [SimCounter("1", (0, 1), False, ALL_DAY)]
    waits = run_day(counters, times, services, [False] * 3, [const(50.0), const(50.0)])
    assert order_called(waits, times) == [0, 1, 2]
    # a counter serving service 1 only never calls service 0's visitors
    alone = run_day([SimCounter("2", (1,), False, ALL_DAY)], times, services, [False] * 3,
                    [const(50.0), const(50.0)])
    assert alone[0] == math.inf and alone[2] == math.inf and alone[1] == 0


def test_a_break_starts_after_the_visitor_at_the_counter_and_ends_on_time():
    """Open [0, 100) and from 200: the visitor called at 90 is served to 140, the next one, there
    since 95, waits for the end of the break at 200 — the store refuses a break while a counter
    holds a ticket, and nobody is called during it."""
    counters = [SimCounter("1", (0,), False, ((0.0, 100.0), (200.0, 1000.0)))]
    waits = run_day(counters, [90.0, 95.0], [0, 0], [False, False], [const(50.0)])
    assert waits == [0.0, pytest.approx(105.0)]


def test_after_issuing_closes_a_counter_serves_its_queue_then_closes():
    counters = [SimCounter("1", (0,), False, ((0.0, 100.0, True),))]
    waits = run_day(counters, [10.0, 20.0, 30.0, 500.0], [0] * 4, [False] * 4, [const(60.0)])
    assert waits[:3] == [0.0, pytest.approx(50.0), pytest.approx(100.0)]
    assert waits[3] == math.inf          # it closed once nobody was waiting
    plain = [SimCounter("1", (0,), False, ((0.0, 100.0),))]
    cut = run_day(plain, [10.0, 20.0, 30.0], [0] * 3, [False] * 3, [const(60.0)])
    assert cut[1] == pytest.approx(50.0) and cut[2] == math.inf


def test_poisson_and_empirical_draws():
    rng = random.Random(3)
    times = poisson_times(rng, [(0.0, 1000 * HOURS, 30 / HOURS), (1000 * HOURS, 1000 * HOURS, 5.0)])
    assert times == sorted(times)
    assert len(times) / 1000 == pytest.approx(30, rel=0.02)
    draw = empirical_draw(rng, [60.0, 120.0, 600.0])
    drawn = [draw() for _ in range(30_000)]
    assert set(drawn) == {60.0, 120.0, 600.0}
    assert statistics.fmean(drawn) == pytest.approx(260.0, rel=0.02)
    with pytest.raises(ValueError, match="unknown policy"):
        run_day([], [], [], [], [], policy="random")
