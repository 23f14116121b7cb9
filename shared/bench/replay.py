"""Simulated office days replayed through the real store on a `ManualClock`, for the estimate
benchmark (`shared.bench.estimate`): Poisson arrivals, exponential service (or, to check that
nothing is tuned to it, a more regular gamma-distributed one), counters that call
as soon as they are free, open in the morning, break for lunch and close when the queue is done.

Every visitor is issued through `SqliteQueueService.issue` — the estimate printed on their slip
is recorded with the old estimator's figure beside it — and every call, start and finish is a real
store operation at the simulated time, so the next estimate sees what a real one would.
"""
from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.clock import ManualClock
from shared.config import parse_config
from shared.domain import NobodyWaiting

TZ = ZoneInfo("Asia/Jakarta")
ISSUE_FROM, LUNCH_FROM, LUNCH_TO, ISSUE_TO = 7.5, 12.0, 13.0, 15.0   # local hours
OPEN_AT = 8.0
FIRST_DAY = date(2026, 11, 2)   # a Monday; days run Monday to Thursday, week after week


@dataclass(frozen=True)
class Scenario:
    name: str
    counters: int
    service_min: float                 # mean of the exponential service time
    load: tuple[tuple[float, float, float], ...]   # (from hour, to hour, arrivals ÷ capacity)
    late_min: tuple[float, float] = (0.0, 0.0)     # measured days: counters open this late
    late_every_day: bool = False       # ... and on the history days too (a habit, learnable)
    stable: bool = True
    priority_share: float = 0.0
    policy: str = "strict"
    kind: str = "steady"               # steady | overloaded | rush | late | priority | regular
    service_cv2: float = 1.0           # squared coefficient of variation: 1 = exponential


@dataclass
class Visit:
    code: str
    issued: datetime
    estimate: float
    low: float | None
    high: float | None
    expected: float | None
    old: float
    ahead: int = 0
    before_open: bool = False     # no counter had opened yet that day
    all_busy: bool = False        # every open counter had a ticket in hand
    called: datetime | None = None
    measured: bool = False
    oracle: float | None = None   # the best figure possible: see `oracle_estimate`

    @property
    def actual(self) -> float | None:
        return None if self.called is None else (self.called - self.issued).total_seconds() / 60


def scenario_config(s: Scenario):
    """One service ('A', target = the scenario's mean service time) and its counters."""
    hours = [f"{_hm(ISSUE_FROM)}-{_hm(LUNCH_FROM)}", f"{_hm(LUNCH_TO)}-{_hm(ISSUE_TO)}"]
    raw = {
        "office": {"name": "Kantor Simulasi", "timezone": "Asia/Jakarta",
                   "status_base_url": "http://127.0.0.1/t/"},
        "hours": {"hari_kerja": hours, "sabtu": [], "minggu": []},
        "services": [{"code": "umum", "prefix": "A", "name": "Layanan Umum",
                      "name_en": "General service", "target_wait_min": 30,
                      "target_service_min": s.service_min}],
        "counters": [{"name": str(i + 1), "label": f"Loket {i + 1}", "services": ["umum"]}
                     for i in range(s.counters)],
        "officers": [{"username": f"petugas{i + 1}", "full_name": f"Petugas {i + 1}",
                      "role": "officer"} for i in range(s.counters)],
        "priority": {"ask_at_kiosk": True, "policy": s.policy, "max_in_a_row": 2},
    }
    return parse_config(raw, f"bench scenario {s.name}")


def _hm(hour: float) -> str:
    return f"{int(hour):02d}:{round(hour % 1 * 60):02d}"


def office_days(n: int) -> list[date]:
    days, d = [], FIRST_DAY
    while len(days) < n:
        if d.weekday() < 4:
            days.append(d)
        d += timedelta(days=1)
    return days


def _at(day: date, hour: float) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TZ) + timedelta(hours=hour)


def arrivals(s: Scenario, day: date, rng: random.Random) -> list[datetime]:
    """A Poisson process: rate = load × capacity (counters ÷ mean service), issuing hours only."""
    out = []
    capacity = s.counters / s.service_min        # per minute
    for start, end, load in s.load:
        for a, b in ((ISSUE_FROM, LUNCH_FROM), (LUNCH_TO, ISSUE_TO)):
            lo, hi = max(start, a), min(end, b)
            t = lo * 60
            while lo < hi:
                t += rng.expovariate(load * capacity)
                if t >= hi * 60:
                    break
                out.append(_at(day, t / 60))
    return sorted(out)


@dataclass(order=True)
class _Event:
    at: datetime
    order: int
    kind: str = field(compare=False)
    counter: str = field(compare=False, default="")


def run_day(svc, clock: ManualClock, s: Scenario, day: date, rng: random.Random,
            measured: bool, old_estimate) -> list[Visit]:
    """One office day; returns the visits issued (their call times filled in)."""
    names = [str(i + 1) for i in range(s.counters)]
    events: list[_Event] = []
    seq = iter(range(10**9))
    for when in arrivals(s, day, rng):
        heapq.heappush(events, _Event(when, next(seq), "arrive"))
    opens_at = {}
    for name in names:
        late = rng.uniform(*s.late_min) if measured or s.late_every_day else 0.0
        jitter = rng.uniform(-3, 3)
        opens_at[name] = _at(day, OPEN_AT) + timedelta(minutes=jitter + late)
        heapq.heappush(events, _Event(opens_at[name], next(seq), "open", name))
        heapq.heappush(events, _Event(_at(day, LUNCH_FROM), next(seq), "break", name))
        heapq.heappush(events, _Event(_at(day, LUNCH_TO), next(seq), "resume", name))
    state = {n: "closed" for n in names}      # closed | idle | busy | paused
    wants_break = set()
    visits: dict[str, Visit] = {}
    waiting = 0
    end_of_issue = _at(day, ISSUE_TO)

    def free(name: str, now: datetime) -> None:
        nonlocal waiting
        if name in wants_break and _at(day, LUNCH_FROM) <= now < _at(day, LUNCH_TO):
            svc.pause(name, "Istirahat")
            state[name] = "paused"
            wants_break.discard(name)
            return
        wants_break.discard(name)
        if waiting == 0:
            state[name] = "idle"
            return
        try:
            t = svc.call_next(name)
        except NobodyWaiting:
            state[name] = "idle"
            return
        waiting -= 1
        visits[t.code].called = now
        svc.start(name)
        state[name] = "busy"
        minutes = (rng.expovariate(1 / s.service_min) if s.service_cv2 == 1.0 else
                   rng.gammavariate(1 / s.service_cv2, s.service_min * s.service_cv2))
        heapq.heappush(events, _Event(now + timedelta(minutes=minutes), next(seq), "finish",
                                      name))

    while events:
        e = heapq.heappop(events)
        clock.set(e.at)
        if e.kind == "arrive":
            group = "lansia" if rng.random() < s.priority_share else None
            issued = svc.issue("umum", group)
            old = old_estimate(svc, issued)
            opened = [v for v in state.values() if v != "closed"]
            visits[issued.ticket.code] = Visit(
                issued.ticket.code, e.at, issued.estimated_wait_min,
                issued.estimated_wait_low_min, issued.estimated_wait_high_min,
                _expected(svc, issued), old, ahead=issued.people_ahead,
                before_open=not opened,
                all_busy=bool(opened) and all(v == "busy" for v in opened), measured=measured)
            if measured and s.kind == "late":
                visits[issued.ticket.code].oracle = oracle_estimate(
                    s, day, e.at, issued.people_ahead, state, opens_at,
                    seed=day.toordinal() * 100_000 + issued.ticket.number)
            waiting += 1
            for name in names:
                if state[name] == "idle":
                    free(name, e.at)
                    break
        elif e.kind == "open":
            svc.open_counter(e.counter, f"petugas{e.counter}")
            free(e.counter, e.at)
        elif e.kind == "finish":
            svc.finish(e.counter)
            free(e.counter, e.at)
        elif e.kind == "break":
            if state[e.counter] == "busy":
                wants_break.add(e.counter)
            elif state[e.counter] == "idle":
                svc.pause(e.counter, "Istirahat")
                state[e.counter] = "paused"
        elif e.kind == "resume" and state[e.counter] == "paused":
            svc.resume(e.counter)
            free(e.counter, e.at)
        if not events or (events[0].at > end_of_issue and waiting == 0
                          and all(v != "busy" for v in state.values())
                          and all(x.kind != "arrive" for x in events)):
            break
    for name in names:   # the day is done: officers close their counters
        if state[name] == "busy":
            svc.finish(name)
        if state[name] == "paused":
            svc.resume(name)
        svc.close_counter(name)
    return list(visits.values())


def _expected(svc, issued) -> float | None:
    est = svc.wait_estimate(issued.ticket.code)
    return est.expected_min if est is not None else None


def mmc_floor(counters: int, service_min: float, load: float, n: int = 60_000,
              seed: int = 7) -> float:
    """The median absolute error of a perfect estimator in the same queue in its steady state
    (M/M/c, first come first served): it knows how many are ahead, and that the wait is then
    Erlang-distributed; it cannot know how long the services before it will take. Its figure
    is that distribution's median. No estimator can do better on average."""
    from shared.estimate.projection import gamma_quantile
    rng = random.Random(seed)
    rate = load * counters / service_min
    events = [(rng.expovariate(rate), 0)]
    busy, queue, errors, now = 0, [], [], 0.0
    while len(errors) < n:
        now, kind = heapq.heappop(events)
        if kind == 0:
            heapq.heappush(events, (now + rng.expovariate(rate), 0))
            if busy < counters:
                busy += 1
                heapq.heappush(events, (now + rng.expovariate(1 / service_min), 1))
                errors.append(0.0)
            else:
                queue.append((now, len(queue)))
        elif queue:
            arrived, ahead = queue.pop(0)
            figure = gamma_quantile(0.5, ahead + 1, 1.0) * service_min / counters
            errors.append(abs(now - arrived - figure))
            heapq.heappush(events, (now + rng.expovariate(1 / service_min), 1))
        else:
            busy -= 1
    errors.sort()
    return errors[len(errors) // 2]


def oracle_estimate(s: Scenario, day: date, now: datetime, ahead: int, state: dict,
                    opens_at: dict, seed: int, runs: int = 201) -> float:
    """The figure of an estimator that knows more than any real one can: exactly when each
    counter that has not opened yet will open, who is ahead, and that service is exponential —
    only not how long the services still to come will take. It plays the rest of the queue
    forward `runs` times (the same counters, the same lunch break) and says the median wait:
    the figure with the smallest expected absolute error given what it knows. No estimator
    that must guess the opening times can do better on average; its error is the noise floor
    of a day whose counters open late."""
    rng = random.Random(seed)
    lunch_from, lunch_to = _at(day, LUNCH_FROM), _at(day, LUNCH_TO)
    minutes = lambda t: (t - now).total_seconds() / 60   # noqa: E731
    lf, lt = minutes(lunch_from), minutes(lunch_to)
    waits = []
    for _ in range(runs):
        free = []
        for name, st in state.items():
            if st == "closed":
                free.append(max(0.0, minutes(opens_at[name])))
            elif st == "paused":
                free.append(max(0.0, lt))
            elif st == "busy":       # memoryless: what is left of a service is a new one
                free.append(rng.expovariate(1 / s.service_min))
            else:
                free.append(0.0)
        heapq.heapify(free)
        for k in range(ahead + 1):
            t = heapq.heappop(free)
            if lf <= t < lt:      # a counter free during lunch calls when lunch is over
                t = lt
            if k == ahead:
                waits.append(t)
            else:
                heapq.heappush(free, t + rng.expovariate(1 / s.service_min))
    waits.sort()
    return waits[len(waits) // 2]


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the value at rank ⌈p·n⌉."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(1, math.ceil(len(ordered) * p / 100)) - 1]
