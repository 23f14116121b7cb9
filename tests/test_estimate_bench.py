"""The estimate benchmark's yardsticks: the noise-floor estimator of days whose counters open late
(checked against closed forms), and one scenario run end to end through the real store."""
from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

import pytest

from shared.bench import estimate as bench
from shared.bench.replay import TZ, Scenario, oracle_estimate

DAY = date(2026, 11, 2)
S = Scenario("test", 1, 6.0, ((7.5, 15.0, 0.8),))


def at(h: int, m: int) -> datetime:
    return datetime(2026, 11, 2, h, m, tzinfo=TZ)


def test_an_idle_counter_calls_at_once_and_a_closed_one_when_it_opens():
    assert oracle_estimate(S, DAY, at(9, 0), 0, {"1": "idle"}, {}, seed=1) == 0.0
    assert oracle_estimate(S, DAY, at(8, 0), 0, {"1": "closed"}, {"1": at(8, 25)},
                           seed=1) == pytest.approx(25.0)
    # a counter that is already open but free during lunch calls when lunch is over
    assert oracle_estimate(S, DAY, at(11, 50), 0, {"1": "paused"}, {},
                           seed=1) == pytest.approx(70.0)


@pytest.mark.parametrize("ahead", [0, 2, 6])
def test_behind_a_busy_memoryless_counter_the_wait_is_erlang(ahead):
    # ahead + 1 exponential services must end before the ticket is called: the median of a
    # Gamma(ahead + 1, mean) — for ahead = 0 that is mean × ln 2
    from shared.estimate.projection import gamma_quantile
    figure = oracle_estimate(S, DAY, at(9, 0), ahead, {"1": "busy"}, {}, seed=3, runs=4001)
    expected = gamma_quantile(0.5, ahead + 1, 1.0) * S.service_min
    assert figure == pytest.approx(expected, rel=0.06)
    assert ahead > 0 or figure == pytest.approx(S.service_min * math.log(2), rel=0.06)


def test_two_counters_share_the_queue_and_the_late_one_joins_when_it_opens():
    state = {"1": "busy", "2": "closed"}
    late = oracle_estimate(S, DAY, at(8, 0), 3, state, {"2": at(8, 40)}, seed=5, runs=2001)
    soon = oracle_estimate(S, DAY, at(8, 0), 3, state, {"2": at(8, 5)}, seed=5, runs=2001)
    alone = oracle_estimate(S, DAY, at(8, 0), 3, {"1": "busy"}, {}, seed=5, runs=2001)
    assert soon < late <= alone + 0.5


def test_one_late_scenario_end_to_end_the_floor_is_not_beaten(capsys):
    assert bench.main(["--only", "5 loket, late every day", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (x,) = result["scenarios"]
    assert x["kind"] == "late" and x["tickets"] > 500
    new, floor = x["new"]["median_abs"], x["oracle"]["median_abs"]
    assert 0 < floor and math.isfinite(new)
    # the floor estimator knows everything the real one knows and more: it cannot lose by much
    assert floor <= new + 0.3


def test_an_unknown_scenario_name_says_so(capsys):
    assert bench.main(["--only", "no such scenario"]) == 2
    assert "no scenario matches" in capsys.readouterr().err
