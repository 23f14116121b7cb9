"""Each counter's usual day, learned from the event log of recent days: whether it is staffed,
when its officer usually opens it, its usual breaks (lunch, Friday prayer), and how long an
unplanned pause lasts. Learned once per business day: past days do not change.

Reference days: the last REFERENCE_SAME same weekdays when there are at least MIN_SAME of them in
the last LOOKBACK_DAYS (Friday is not Monday), else the last REFERENCE_ANY office days.
"""
from __future__ import annotations

import sqlite3
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.estimate.tail import first_seq_from

LOOKBACK_DAYS = 35
MIN_SAME, REFERENCE_SAME, REFERENCE_ANY = 3, 5, 10
SLOT_MIN = 5
DEFAULT_PAUSE_MIN = 15.0


@dataclass(frozen=True)
class CounterProfile:
    days: int                                   # reference days the office worked
    worked: int                                 # of them, days this counter opened
    start_min: float | None                     # usual first opening, minutes after midnight
    breaks: tuple[tuple[float, float], ...]     # usual breaks, minutes after midnight
    pause_min: float                            # an unplanned pause, typically
    starts: tuple[float, ...] = ()              # the first opening on each worked day, sorted

    def opening_after(self, minute: float) -> tuple[tuple[float, float], ...]:
        """When it opens, given it has not by `minute`: the days it opened later than that, each
        equally likely (minutes after midnight, probability); empty when it never opened later."""
        later = [s for s in self.starts if s > minute]
        return tuple((s, 1 / len(later)) for s in later)

    @property
    def staffed(self) -> bool:
        return self.days > 0 and self.worked * 2 >= self.days

    def break_at(self, minute: float) -> tuple[float, float] | None:
        for start, end in self.breaks:
            if start <= minute < end:
                return start, end
        return None


@dataclass
class _Day:
    first_open: float | None = None
    gaps: list = field(default_factory=list)     # (from, to) minutes it called nobody, then did
    pauses: list = field(default_factory=list)   # lengths of paused → resumed, minutes


def _minute(at: datetime, tz: ZoneInfo) -> float:
    local = at.astimezone(tz)
    return local.hour * 60 + local.minute + local.second / 60


def learn_profiles(conn: sqlite3.Connection, tz: ZoneInfo, today: date) -> dict[str, CounterProfile]:
    """Counter name → its usual day, from the days before `today` (local)."""
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=tz)
    start_seq = first_seq_from(conn, midnight - timedelta(days=LOOKBACK_DAYS))
    end_seq = first_seq_from(conn, midnight)
    if end_seq <= start_seq:
        return {}
    offset = midnight.utcoffset()
    shift = f"{'+' if offset >= timedelta(0) else '-'}{abs(offset.total_seconds()) / 60:.0f} minutes"
    rows: list[tuple[str, str, str]] = list(conn.execute(
        "SELECT at, type, counter FROM events WHERE seq >= ? AND seq < ? AND counter IS NOT NULL "
        "AND (type IN ('counter_opened', 'counter_closed', 'paused', 'resumed') OR "
        "(type = 'called' AND detail LIKE '%\"opened\"%')) ORDER BY seq", (start_seq, end_seq)))
    # the first call of each counter each day: a counter left open overnight never "opens"
    first_calls = conn.execute(
        "SELECT counter, MIN(at) FROM events WHERE seq >= ? AND seq < ? AND type = 'called' "
        "AND counter IS NOT NULL GROUP BY counter, date(at, ?)", (start_seq, end_seq, shift)
    ).fetchall()
    by_day: dict[date, list] = {}
    for at, type_, counter in rows:
        when = datetime.fromisoformat(at)
        by_day.setdefault(when.astimezone(tz).date(), []).append((when, type_, counter))
    for counter, at in first_calls:
        when = datetime.fromisoformat(at)
        by_day.setdefault(when.astimezone(tz).date(), []).append((when, "first_call", counter))
    days = sorted(by_day)
    same = [d for d in days if d.weekday() == today.weekday()]
    chosen = same[-REFERENCE_SAME:] if len(same) >= MIN_SAME else days[-REFERENCE_ANY:]
    per_counter: dict[str, list[_Day]] = {}
    for d in chosen:
        for counter, day in _replay(sorted(by_day[d], key=lambda e: e[0]), tz).items():
            per_counter.setdefault(counter, []).append(day)
    return {name: _profile(len(chosen), worked) for name, worked in per_counter.items()}


def _replay(events: list, tz: ZoneInfo) -> dict[str, _Day]:
    """One day's counter events → per counter: first opening, gaps, pauses."""
    days: dict[str, _Day] = {}
    state: dict[str, str] = {}
    since: dict[str, float] = {}
    for when, type_, counter in events:
        m = _minute(when, tz)
        day = days.setdefault(counter, _Day())
        now_state = state.get(counter, "closed")
        if type_ in ("counter_opened", "called", "first_call"):
            day.first_open = m if day.first_open is None else min(day.first_open, m)
            if now_state == "closed":
                if counter in since:                   # back after closing for a while
                    day.gaps.append((since[counter], m))
                state[counter] = "open"
        elif type_ == "paused" and now_state == "open":
            state[counter], since[counter] = "paused", m
        elif type_ == "resumed" and now_state == "paused":
            day.gaps.append((since[counter], m))
            day.pauses.append(m - since[counter])
            state[counter] = "open"
        elif type_ == "counter_closed" and now_state != "closed":
            # closed during a pause: if it opens again, the break ran from the pause
            state[counter] = "closed"
            if now_state != "paused":
                since[counter] = m
    return days


def _profile(reference: int, worked_days: list[_Day]) -> CounterProfile:
    opened = [d for d in worked_days if d.first_open is not None]
    pauses = [p for d in opened for p in d.pauses]
    slots: dict[int, int] = {}
    for d in opened:
        marked = set()
        for start, end in d.gaps:
            marked.update(range(int(start // SLOT_MIN), int(-(-end // SLOT_MIN))))
        for s in marked:
            slots[s] = slots.get(s, 0) + 1
    runs: list[list[int]] = []
    for s in sorted(s for s, n in slots.items() if opened and n * 2 >= len(opened)):
        if runs and runs[-1][1] == s:
            runs[-1][1] = s + 1
        else:
            runs.append([s, s + 1])
    breaks = []
    for first, last in runs:
        # the run is in whole slots; its edges are where the officers' gaps usually begin and end
        lo, hi = first * SLOT_MIN, last * SLOT_MIN
        inside = [g for d in opened for g in d.gaps if g[0] < hi and g[1] > lo]
        breaks.append((max(lo, statistics.median(g[0] for g in inside)),
                       min(hi, statistics.median(g[1] for g in inside))))
    return CounterProfile(
        days=reference, worked=len(opened),
        start_min=statistics.median(d.first_open for d in opened) if opened else None,
        breaks=tuple(breaks), starts=tuple(sorted(d.first_open for d in opened)),
        pause_min=statistics.median(pauses) if pauses else DEFAULT_PAUSE_MIN)
