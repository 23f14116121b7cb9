"""What each counter will do from now on, as the projection needs it: when it is first free to call
and when it calls nobody — from its state now, today's events and its usual day.

- open, with a ticket in hand: free when that ticket ends — from how long it has been at the
  counter and how long tickets of its service usually take (not a fresh ticket's time);
- open and idle: free now;
- on a break: back when its usual break ends, or after a usual pause, counted from its start;
- not open yet today: opens as on the recent days it opened later than now (each such day
  equally likely: an officer who is sometimes late spreads the estimate); a fresh office
  without history opens at the start of issuing;
- late (its usual time has passed, or its break has run over): expected in as long again as it
  is late already (at least LATE_STEP_MIN), until it is LATE_LIMIT_MIN past due: then absent;
- closed after working today, or not usually staffed: absent.

Later in the day each present counter stops for its usual breaks. Closing time is not applied:
a counter works until its queue is done.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.estimate.profiles import DEFAULT_PAUSE_MIN, CounterProfile
from shared.estimate.projection import CounterPlan
from shared.estimate.tail import CounterDay

LATE_STEP_MIN = 5.0
LATE_LIMIT_MIN = 120.0


@dataclass(frozen=True)
class CounterNow:
    """A counter's row in the store, with the ticket it holds."""

    name: str
    status: str                       # open | paused | closed
    held_service: str | None = None   # the service of the ticket in hand
    held_since: datetime | None = None  # when it was called to this counter
    streak: int = 0


def _minute(when: datetime, tz) -> float:
    local = when.astimezone(tz)
    return local.hour * 60 + local.minute + local.second / 60 + local.microsecond / 6e7


def _later_breaks(profile: CounterProfile | None, now_min: float, after: float
                  ) -> tuple[tuple[float, float], ...]:
    """Usual breaks that begin after `after` (minutes from now), in minutes from now."""
    if profile is None:
        return ()
    return tuple((b0 - now_min, b1 - now_min) for b0, b1 in profile.breaks
                 if b0 - now_min > after and b1 > b0)


def _due(minutes_from_now: float, learned: bool = True) -> float | None:
    """When something due at this time is expected: then; overdue, in as long again as it is
    late already (at least LATE_STEP_MIN; just LATE_STEP_MIN when the time was not learned but
    assumed); past LATE_LIMIT_MIN, never."""
    if minutes_from_now > 0:
        return minutes_from_now
    late = -minutes_from_now
    if late > LATE_LIMIT_MIN:
        return None
    return max(LATE_STEP_MIN, late) if learned else LATE_STEP_MIN


def plan_counter(c: CounterNow, day: CounterDay | None, profile: CounterProfile | None,
                 now: datetime, tz, first_free_of, *, fresh_open_min: float | None = None,
                 others_have_history: bool = False) -> CounterPlan | None:
    """The counter's plan, or None when it is not expected to call today.

    `first_free_of(service, elapsed_min, hour)` gives when a held ticket ends;
    `fresh_open_min`: minutes after midnight issuing starts today (for an office with no
    history); `others_have_history`: another counter of the service has a usual day, so this
    one without any is not normally staffed."""
    now_min = _minute(now, tz)
    if c.status == "open":
        if c.held_service is not None and c.held_since is not None:
            elapsed = max(0.0, (now - c.held_since).total_seconds() / 60)
            hour = c.held_since.astimezone(tz).hour
            free = tuple(first_free_of(c.held_service, elapsed, hour))
        else:
            free = ((0.0, 1.0),)
        return CounterPlan(c.name, free, _later_breaks(profile, now_min, 0.0))
    if c.status == "paused":
        since = day.paused_at if day and day.paused_at else now
        since_min = _minute(since, tz)
        usual = profile.break_at(since_min) if profile else None
        back = (usual[1] if usual else
                since_min + (profile.pause_min if profile else DEFAULT_PAUSE_MIN)) - now_min
        due = _due(back)
        return _opening(c.name, due if due is not None else LATE_STEP_MIN, profile, now_min)
    # closed
    if day is not None and day.first_open is not None:
        closed_min = _minute(day.closed_at, tz) if day.closed_at else now_min
        usual = profile.break_at(closed_min) if profile else None
        due = _due(usual[1] - now_min) if usual else None
        return _opening(c.name, due, profile, now_min)
    if profile is not None and profile.start_min is not None:
        if not profile.staffed:
            return None
        later = profile.opening_after(now_min)
        if later:    # as on the days it opened later than now: the spread is the officers'
            first = tuple((m - now_min, w) for m, w in later)
            return CounterPlan(c.name, first, _later_breaks(profile, now_min, first[0][0]))
        return _opening(c.name, _due(profile.starts[-1] - now_min), profile, now_min)
    if others_have_history:
        return None
    start = fresh_open_min if fresh_open_min is not None else now_min
    return _opening(c.name, _due(start - now_min, learned=False), profile, now_min)


def _opening(name: str, due: float | None, profile, now_min: float) -> CounterPlan | None:
    if due is None:
        return None
    return CounterPlan(name, ((due, 1.0),), _later_breaks(profile, now_min, due))
