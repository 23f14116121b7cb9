"""Erlang C against published figures and textbook closed forms."""
from __future__ import annotations

import math

import pytest

from shared.planning.erlang import (counters_needed, erlang_b, erlang_c, mean_wait,
                                    service_level)


def test_the_published_call_centre_example():
    """pyworkforce's documented Erlang C example (rodrigo-arenas/pyworkforce, README, "Queue
    systems" — ErlangC(transactions=100, aht=3, asa=20/60, interval=30)): 100 contacts in 30
    minutes with an average handling time of 3 minutes is A = 10 erlangs; with 14 agents it
    publishes waiting_probability 0.1741319335950498, service_level 0.8883500191794669 (answered
    within 20 s) and occupancy 0.7142857142857143, and 14 raw positions as the fewest agents for
    an 80 % service level."""
    load = 100 / 30 * 3
    assert load == pytest.approx(10)
    assert erlang_c(14, load) == pytest.approx(0.1741319335950498, abs=1e-12)
    assert service_level(14, load, 20, 180) == pytest.approx(0.8883500191794669, abs=1e-12)
    assert load / 14 == pytest.approx(0.7142857142857143)
    # 13 agents stay below 80 %, so 14 is the answer: 200 contacts an hour, 180 s, 20 s
    assert service_level(13, load, 20, 180) < 0.80
    assert counters_needed(200, 180, 20, 0.80) == 14


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.7, 0.95])
def test_closed_forms_for_one_and_two_servers(rho):
    """Kleinrock, Queueing Systems Vol. I (1975), chapter 3 (M/M/1, M/M/m): for M/M/1 the probability of
    waiting is ρ and E[W] = ρ/(μ(1−ρ)); for M/M/2 (A = 2ρ) it is 2ρ²/(1+ρ)."""
    h = 600.0
    assert erlang_c(1, rho) == pytest.approx(rho, rel=1e-12)
    assert mean_wait(1, rho, h) == pytest.approx(rho * h / (1 - rho), rel=1e-12)
    assert erlang_c(2, 2 * rho) == pytest.approx(2 * rho ** 2 / (1 + rho), rel=1e-12)


def test_erlang_b_matches_its_definition():
    """B(c, A) = (A^c/c!) / Σ_{k≤c} A^k/k! — the recursion must equal the textbook sum."""
    for c, load in ((1, 0.5), (5, 3.2), (20, 15.0), (60, 48.0)):
        terms = [load ** k / math.factorial(k) for k in range(c + 1)]
        assert erlang_b(c, load) == pytest.approx(terms[-1] / sum(terms), rel=1e-10)


def test_overload_and_no_arrivals():
    assert erlang_c(3, 3.0) == 1.0 and service_level(3, 3.5, 600, 300) == 0.0
    assert mean_wait(2, 2.5, 300) == math.inf
    assert service_level(1, 0.0, 0, 300) == 1.0 and counters_needed(0, 300, 600, 0.8) == 0


def test_counters_needed_is_the_fewest_that_meet_the_target():
    for rate, hold, wait, target in ((30, 600, 1800, 0.8), (120, 586, 1800, 0.8),
                                     (12, 1200, 900, 0.9), (400, 300, 60, 0.95)):
        c = counters_needed(rate, hold, wait, target)
        load = rate * hold / 3600
        assert service_level(c, load, wait, hold) >= target
        assert c == 1 or service_level(c - 1, load, wait, hold) < target
    with pytest.raises(ValueError):
        erlang_b(-1, 2.0)
