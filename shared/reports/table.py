"""A `Table` of rows and `Column`s, and how its cells show in Indonesian number style.

Each column knows how to take its raw value from a row (what sorts, what XLSX stores) and how to
show it: `12,5` minutes, `1.234` tickets, `83%`. The supervisor's Qt models, the CSV, the XLSX and
the PDF all read the same `Table`, so the exported figures are the figures on the screen.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any, Callable

from shared.indonesian import DAY_NAMES_ID, MONTH_NAMES_ID
from shared.reports.stats import hour_label, share_level

TEXT, INT, MINUTES, SHARE = "text", "int", "min", "share"
DEC1, DEC2 = "dec1", "dec2"          # plain numbers with 1 / 2 decimals (hours, NRR, IKM)
MUTU = "mutu"                        # an SKM grade A/B/C/D: text, coloured by level
STATUS = "status"                    # a complaint's status: text, coloured by level
TEXT_KINDS = (TEXT, MUTU, STATUS)
MUTU_LEVELS = {"A": "green", "B": "green", "C": "amber", "D": "red"}
STATUS_LEVELS = {"baru": "red", "diproses": "amber", "selesai": "green"}
# a cell's level as a background, in the XLSX and the PDF alike
LEVEL_FILLS = {"green": "D4EFEA", "amber": "FCE5CD", "red": "F6D5DA"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str                       # Indonesian, as on the screen and in the files
    title_en: str
    kind: str                        # text | int | min | share | dec1 | dec2 | mutu
    get: Callable[[Any], Any]        # the raw value (what sorts, what XLSX stores)
    show: Callable[[Any], str] | None = None   # text columns: how to show the raw value


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[Any]

    def value(self, row: int, col: int):
        return self.columns[col].get(self.rows[row])

    def text(self, row: int, col: int) -> str:
        c = self.columns[col]
        return format_value(c.get(self.rows[row]), c.kind, c.show)

    def level(self, row: int, col: int) -> str | None:
        """'green' / 'amber' / 'red' for a share-within-the-standard or a mutu cell, else None."""
        c = self.columns[col]
        return cell_level(c.get(self.rows[row]), c.kind)

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def texts(self) -> list[list[str]]:
        return [[self.text(r, c) for c in range(len(self.columns))] for r in range(len(self.rows))]


def format_number(value: float, decimals: int) -> str:
    """Indonesian style: thousands with '.', decimals with ','."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def cell_level(value, kind: str) -> str | None:
    if kind == SHARE:
        return share_level(value)
    if kind == STATUS:
        return STATUS_LEVELS.get(value)
    return MUTU_LEVELS.get(value) if kind == MUTU else None


def format_value(value, kind: str, show: Callable | None = None) -> str:
    if value is None:
        return "-"
    if kind == INT:
        return format_number(value, 0)
    if kind in (MINUTES, DEC1):
        return format_number(value, 1)
    if kind == DEC2:
        return format_number(value, 2)
    if kind == SHARE:
        return f"{format_number(value * 100, 0)}%"
    return show(value) if show else str(value)


# --- dates and periods --------------------------------------------------------------------------
def format_day(d: date | str, short: bool = False) -> str:
    d = date.fromisoformat(d) if isinstance(d, str) else d
    if short:
        return f"{DAY_NAMES_ID[d.weekday()][:3]} {d.day:02d}/{d.month:02d}"
    return f"{DAY_NAMES_ID[d.weekday()]}, {d.day} {MONTH_NAMES_ID[d.month - 1]} {d.year}"


def hour_text(key: str) -> str:
    """'08' (an hour group's key) → '08.00–09.00'."""
    return hour_label(int(key))


def month_name(d: date) -> str:
    return f"{MONTH_NAMES_ID[d.month - 1]} {d.year}"


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_bounds(month: str) -> tuple[date, date]:
    """'2026-11' → (1 Nov 2026, 30 Nov 2026)."""
    first = date.fromisoformat(f"{month}-01")
    return first, _month_end(first)


def period_title(first: date, last: date) -> str:
    """'November 2026' for a whole month, else the dates: '1–7 Desember 2026'."""
    if first.day == 1 and last == _month_end(first):
        return f"{MONTH_NAMES_ID[first.month - 1]} {first.year}"
    if first == last:
        return format_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTH_NAMES_ID[last.month - 1]} {last.year}"
    left = f"{first.day} {MONTH_NAMES_ID[first.month - 1]}" + (
        f" {first.year}" if first.year != last.year else "")
    return f"{left} – {last.day} {MONTH_NAMES_ID[last.month - 1]} {last.year}"


def report_title(first: date, last: date) -> str:
    return f"Laporan Kinerja Pelayanan — {period_title(first, last)}"


def local_stamp(value, tz: tzinfo) -> str:
    """'23/11/2026 08.30' in the office's zone."""
    local = value.astimezone(tz)
    return f"{local:%d/%m/%Y} {local:%H.%M}"
