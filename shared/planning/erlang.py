"""Erlang C (M/M/c): the probability of waiting, the share served within a waiting standard, and
the fewest counters that keep that share at a target.

With arrivals λ per hour, mean holding time h (hours) and c counters, the offered load is
A = λ·h erlangs. Erlang B by the stable recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1));
then Erlang C, the probability that a visitor waits at all:

    C(c, A) = c·B(c, A) / (c − A·(1 − B(c, A)))              (A < c)

and, first come first served, the share called within t:

    P(W ≤ t) = 1 − C(c, A) · exp(−(c − A) · t / h)

with the mean wait E[W] = C(c, A) · h / (c − A). For A ≥ c the queue grows without bound:
no visitor is sure to be called in time (the share is 0).
"""
from __future__ import annotations

import math


def erlang_b(c: int, load: float) -> float:
    """Blocking probability of c servers offered `load` erlangs (Erlang B)."""
    if c < 0 or load < 0:
        raise ValueError("c and load must not be negative")
    b = 1.0
    for k in range(1, c + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(c: int, load: float) -> float:
    """Probability that an arrival has to wait (Erlang C); 1.0 when load ≥ c."""
    if load <= 0:
        return 0.0
    if c <= load:
        return 1.0
    b = erlang_b(c, load)
    return c * b / (c - load * (1 - b))


def service_level(c: int, load: float, target_wait: float, mean_holding: float) -> float:
    """Share of arrivals called within `target_wait` (same unit as `mean_holding`)."""
    if load <= 0:
        return 1.0
    if c <= load:
        return 0.0
    return 1.0 - erlang_c(c, load) * math.exp(-(c - load) * target_wait / mean_holding)


def mean_wait(c: int, load: float, mean_holding: float) -> float:
    """Average wait E[W] (unit of `mean_holding`); infinite when load ≥ c."""
    if load <= 0:
        return 0.0
    if c <= load:
        return math.inf
    return erlang_c(c, load) * mean_holding / (c - load)


def counters_needed(arrivals_per_hour: float, mean_holding_s: float, target_wait_s: float,
                    target_share: float, limit: int = 500) -> int:
    """The fewest counters keeping P(W ≤ target) ≥ target_share; 0 when nobody comes.

    `limit` bounds the search (a typo in the history must not loop for ever); the answer is
    then `limit`."""
    if arrivals_per_hour <= 0:
        return 0
    load = arrivals_per_hour * mean_holding_s / 3600.0
    c = max(1, math.floor(load) + 1)
    while c < limit and service_level(c, load, target_wait_s, mean_holding_s) < target_share:
        c += 1
    return c
