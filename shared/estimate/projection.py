"""The projection: simulate the counters forward from now with expected times, and read off when
the counters' calls reach a visitor's turn — the figure, and the range around it.

Each counter is a `CounterPlan`: when it is first free to call — a few weighted possibilities,
each a point or a stretch of time (the ticket in hand may end soon or late: ten equally likely
slices of its remaining time; a closed counter frees when it opens) — and when it calls nobody
(a break). From then on it calls at the service's rate, minute by minute (`rate_steps`: the
service time changes with the hour). The expected number of calls by time t, Λ(t), is then
piecewise quadratic with jumps; the visitor with `ahead` tickets before them is called when the
calls reach ahead + 1.

The spread: with exponential service the calls are a Poisson process in the time Λ, so the call
that reaches the visitor comes at Λ⁻¹(G), G ~ Gamma(ahead + 1, 1); with more regular service
the count is less dispersed: G ~ Gamma((ahead + 1)/d, d), d = the squared coefficient of
variation of the service time (d = 0: exactly ahead + 1 calls). The figure is the median of that
time, the range its quartiles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

HORIZON_MIN = 24 * 60.0
LOW_Q, HIGH_Q = 0.25, 0.75

# the tenths of Exp(1) (edges −ln(1 − j/10)); the last, unbounded one is cut where a uniform
# slice keeps its conditional mean (3.3026): the first-free times of a memoryless service
_EXP_EDGES = tuple(-math.log(1 - j / 10) for j in range(10))
EXP_TENTHS = tuple(zip(_EXP_EDGES, _EXP_EDGES[1:] + (2 * 3.302585 - _EXP_EDGES[-1],)))

_NORMAL = NormalDist()


@dataclass(frozen=True)
class CounterPlan:
    """One counter from now on: when it is first free to call, and when it calls nobody."""

    name: str
    # (minutes from now, probability) or (from, to, probability): free at that time, or at a
    # time spread evenly over that stretch
    first_free: tuple[tuple[float, ...], ...]
    breaks: tuple[tuple[float, float], ...] = field(default=())  # (from, to) minutes from now


def exp_first_free(mean: float, offset: float = 0.0) -> tuple[tuple[float, float, float], ...]:
    """When a counter with a memoryless service of this mean is free: ten equal slices."""
    return tuple((offset + mean * lo, offset + mean * hi, 0.1) for lo, hi in EXP_TENTHS)


def gamma_quantile(p: float, shape: float, scale: float) -> float:
    """The p-quantile of Gamma(shape, scale) by Wilson–Hilferty; the mean when scale is 0."""
    if scale <= 0 or shape <= 0:
        return shape * scale if scale > 0 else shape
    z = _NORMAL.inv_cdf(p)
    c = 1 - 1 / (9 * shape) + z / (3 * math.sqrt(shape))
    return max(shape * c ** 3, 1e-6 * shape) * scale


def call_targets(ahead: float, dispersion: float) -> tuple[float, float, float]:
    """(low, figure, high) numbers of expected calls at which the visitor's turn comes."""
    turn = ahead + 1.0
    if dispersion <= 1e-9:
        return turn, turn, turn
    shape = turn / dispersion
    return (gamma_quantile(LOW_Q, shape, dispersion), gamma_quantile(0.5, shape, dispersion),
            gamma_quantile(HIGH_Q, shape, dispersion))


def project(plans: list[CounterPlan], rate_steps: list[tuple[float, float]],
            targets: list[float], overtake_per_min: float = 0.0,
            horizon: float = HORIZON_MIN) -> list[float | None]:
    """Minutes from now at which Λ(t) − overtake·t first reaches each target (targets ascending);
    None for a target not reached within the horizon (the queue grows faster than it is served).

    `rate_steps`: (from minute, calls per minute per free counter), the first from 0.
    `overtake_per_min`: tickets per minute that will be called before this one although they
    arrive later (priority tickets under the strict policy).

    Between two events Λ' = Σ density of first-free times + rate × Σ (share of counters already
    free, not on a break) − overtake, so Λ is quadratic there and each crossing is solved."""
    events: list[tuple[float, int, int, float]] = []   # (time, order, counter, value)
    for i, plan in enumerate(plans):
        for item in plan.first_free:
            lo, hi, w = (item[0], item[0], item[1]) if len(item) == 2 else item
            lo, hi = max(0.0, lo), max(0.0, hi)
            if hi - lo < 1e-9:
                events.append((lo, 1, i, w))                      # a point: a jump of w
            else:
                events.append((lo, 2, i, w / (hi - lo)))          # a stretch: density on …
                events.append((hi, 2, i, -w / (hi - lo)))         # … and off
        for start, end in plan.breaks:
            if end > max(0.0, start):
                events.append((max(0.0, start), 0, i, 1.0))
                events.append((end, 0, i, -1.0))
    for when, rate in rate_steps[1:]:
        events.append((when, 3, -1, rate))
    events.sort()
    n = len(plans)
    rate = rate_steps[0][1] if rate_steps else 0.0
    free = [0.0] * n         # probability the counter has been free by now
    density = [0.0] * n
    blocked = [0] * n
    # the sums the slope needs, kept as the events come (a loop over counters per event costs)
    open_free = open_density = all_density = 0.0
    spreading: set[int] = set()          # counters whose first-free time is being spread now
    out: list[float | None] = [None] * len(targets)
    k, value, now = 0, 0.0, 0.0
    for when, kind, i, x in events + [(horizon, 4, -1, 0.0)]:
        when = min(when, horizon)
        if when > now:
            dt = when - now
            a = all_density + rate * open_free - overtake_per_min
            b = rate * open_density
            end_value = value + a * dt + 0.5 * b * dt * dt
            while k < len(targets) and targets[k] <= max(end_value, value) and \
                    (a > 0 or b > 0):
                gap = targets[k] - value
                # the root of value + a·x + b·x²/2 = target, in the form that stays exact as
                # b → 0 (and a linear piece when b is 0)
                root = math.sqrt(max(0.0, a * a + 2 * b * gap))
                x_at = 2 * gap / (a + root) if a + root > 0 else math.inf
                if x_at > dt + 1e-9:
                    break
                out[k] = now + max(0.0, x_at)
                k += 1
            for j in spreading:
                free[j] += density[j] * dt
            open_free += open_density * dt
            value, now = end_value, when
        if kind == 4 or k == len(targets):
            break
        if kind == 1:
            free[i] += x
            value += x
            if not blocked[i]:
                open_free += x
        elif kind == 2:
            density[i] += x
            all_density += x
            if not blocked[i]:
                open_density += x
            if abs(density[i]) < 1e-12:
                density[i] = 0.0
                spreading.discard(i)
                if not spreading:      # no rounding left behind in the sums
                    all_density = open_density = 0.0
            else:
                spreading.add(i)
        elif kind == 0:
            was = blocked[i]
            blocked[i] += int(x)
            if was == 0 and blocked[i] > 0:
                open_free -= free[i]
                open_density -= density[i]
            elif was > 0 and blocked[i] == 0:
                open_free += free[i]
                open_density += density[i]
        else:
            rate = x
        while k < len(targets) and value >= targets[k]:
            out[k] = now
            k += 1
    return out
