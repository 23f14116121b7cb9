"""Typed reading of one TOML table, and the small parsers (time ranges, week hours, dates)."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from shared.config.model import WEEKDAYS_EN, WEEKDAYS_ID, HoursOverride, WeekHours, Window
from shared.domain import ConfigError

_RANGE_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


class Reader:
    """Typed access to one table of the TOML, naming the full key in every error."""

    def __init__(self, source: str, table: dict, prefix: str):
        self.source, self.table, self.prefix = source, table, prefix

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: str, problem: str) -> ConfigError:
        return ConfigError(self.source, self.key(name), problem)

    def get(self, name, kind, default=..., *, allow_none=False):
        if name not in self.table or (allow_none and self.table[name] is None):
            if default is ...:
                raise self.fail(name, "is required but missing")
            return default
        value = self.table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is int and isinstance(value, bool):
            raise self.fail(name, f"must be a whole number, not {value!r}")
        if not isinstance(value, kind):
            names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
                     list: "a list", dict: "a table"}
            kinds = kind if isinstance(kind, tuple) else (kind,)
            want = " or ".join(names.get(k, k.__name__) for k in kinds)
            raise self.fail(name, f"must be {want}, not {value!r}")
        return value

    def sub(self, name: str, default=...) -> "Reader":
        return Reader(self.source, self.get(name, dict, {} if default is ... else default),
                      self.key(name))

    def check_unknown(self, known: set[str]) -> None:
        for k in self.table:
            if k not in known:
                raise self.fail(k, f"unknown key (expected one of: {', '.join(sorted(known))})")


def parse_windows(r: Reader, name: str, value) -> tuple[Window, ...]:
    if not isinstance(value, list):
        raise r.fail(name, f"must be a list of time ranges like \"07:30-12:00\", not {value!r}")
    windows: list[Window] = []
    for item in value:
        m = _RANGE_RE.match(item) if isinstance(item, str) else None
        if not m:
            raise r.fail(name, f"{item!r} is not a time range like \"07:30-12:00\"")
        h1, m1, h2, m2 = map(int, m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise r.fail(name, f"{item!r} has an impossible time")
        start = time(h1, m1)
        end = time.max if h2 == 24 else time(h2, m2)  # 24:00 = to the end of the day
        if end <= start:
            raise r.fail(name, f"{item!r} ends before it starts")
        if windows and start < windows[-1][1]:
            raise r.fail(name, f"{item!r} overlaps or comes before the previous range")
        windows.append((start, end))
    return tuple(windows)


def parse_week(r: Reader, base: WeekHours | None = None) -> WeekHours:
    """A table of weekday → ranges. 'setiap_hari'/'everyday' and 'senin_kamis' fill several days."""
    days: list[tuple[Window, ...]] = list(base) if base else [() for _ in range(7)]
    groups = {"setiap_hari": range(7), "everyday": range(7), "hari_kerja": range(5),
              "weekdays": range(5), "senin_kamis": range(4), "monday_thursday": range(4)}
    # group keys first, so a single day can refine them
    for name in sorted(r.table, key=lambda k: k not in groups):
        value = r.table[name]
        key = name.lower()
        if key in groups:
            idx = groups[key]
        elif key in WEEKDAYS_ID:
            idx = [WEEKDAYS_ID.index(key)]
        elif key in WEEKDAYS_EN:
            idx = [WEEKDAYS_EN.index(key)]
        else:
            raise r.fail(name, "unknown weekday (use senin … minggu, hari_kerja, setiap_hari)")
        windows = parse_windows(r, name, value)
        for i in idx:
            days[i] = windows
    return tuple(days)


def parse_date(r: Reader, name: str, value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise r.fail(name, f"{value!r} is not a date like 2026-12-25")


def parse_overrides(r: Reader, items, base: WeekHours) -> tuple[HoursOverride, ...]:
    """A list of [[overrides]] (the office's, or one service's): date ranges with other hours."""
    out = []
    if not isinstance(items, list):
        raise r.fail("overrides", "must be a list of [[overrides]] tables")
    for i, item in enumerate(items):
        o = Reader(r.source, item, f"{r.key('overrides')}[{i}]")
        o.check_unknown({"name", "from", "to", "hours"})
        start = parse_date(o, "from", o.get("from", object))
        end = parse_date(o, "to", o.get("to", object))
        if end < start:
            raise o.fail("to", f"{end} is before 'from' ({start})")
        hours = parse_week(o.sub("hours"), base=None if "hours" in item else base)
        out.append(HoursOverride(o.get("name", str, f"override {i + 1}"), start, end, hours))
    return tuple(out)


def parse_hex_int(r: Reader, name: str) -> int | None:
    """A USB id: a whole number or hex text like "0x04b8"; None when the key is absent."""
    value = r.table.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise r.fail(name, f"{value!r} must be a USB id like \"0x04b8\"")
