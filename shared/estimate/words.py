"""How an estimate is worded for the public: one rounded figure on the slip and the kiosk
("± 25 menit"), a range on the phone ("sekitar 20–30 menit"). Rounded to steps a person can
hold (a minute below ten minutes, five below an hour, ten below three hours), so the figure does
not pretend to a precision it does not have."""
from __future__ import annotations

import math

from shared.indonesian import format_minutes


def _step(minutes: float) -> int:
    return 1 if minutes < 10 else 5 if minutes < 60 else 10 if minutes < 180 else 30


def rounded_figure(minutes: float) -> int:
    """The slip's figure in whole minutes: 6 → 6, 13 → 15, 38 → 40, 74 → 70, 200 → 210."""
    step = _step(minutes)
    return int(math.floor(minutes / step + 0.5) * step)


def slip_text(minutes: float | None, lang: str = "id") -> str:
    """'± 25 menit', '± 1 jam 10 menit', 'kurang dari 1 menit' (a counter is free now)."""
    if minutes is None:
        return "-"
    return format_minutes(rounded_figure(minutes), lang)


def _hours(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    half = "½" if rest >= 30 else ""
    return f"{whole}{half}" if whole else ("½" if half else "0")


def range_text(low: float | None, high: float | None, lang: str = "id") -> str:
    """'sekitar 20–30 menit', 'sekitar 6 menit' (a narrow range: the figure), 'kurang dari 5
    menit', 'sekitar 1½–2 jam'; English 'about 20–30 min'. Both ends rounded to the figure's
    steps; hours to the half hour, outwards."""
    if low is None or high is None:
        return "-"
    en = lang == "en"
    if high < 1:
        return "less than 1 minute" if en else "kurang dari 1 menit"
    step = _step(high)
    about = "about" if en else "sekitar"
    unit = "min" if en else "menit"
    if high - low < step / 2:
        mid = rounded_figure((low + high) / 2)
        if mid >= 120:
            return f"{about} {_hours(mid)} {'hours' if en else 'jam'}"
        return f"{about} {mid} {unit}" if mid >= 1 else ("less than 1 minute" if en
                                                         else "kurang dari 1 menit")
    lo, hi = (int(math.floor(x / step + 0.5) * step) for x in (low, high))
    if hi <= lo:
        hi = lo + step
    if lo < 1:
        return f"under {hi} min" if en else f"kurang dari {hi} menit"
    if hi > 120:   # hours, to the half hour
        lo_h, hi_h = (lo // 30) * 30, -(-hi // 30) * 30
        return f"{about} {_hours(lo_h)}–{_hours(hi_h)} {'hours' if en else 'jam'}"
    return f"{about} {lo}–{hi} {unit}"
