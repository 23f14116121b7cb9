"""A period's plan as the grid the screens and the PDF draw (service × hour: counters needed, open,
broken hours), as text for the terminal and as JSON."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.config import OfficeConfig
from shared.indonesian import format_date
from shared.planning.planner import PeriodPlan, hour_span
from shared.reports.table import period_title

BASIS_ID = {"forecast": "prakiraan dari riwayat", "actual": "kedatangan yang tercatat"}


@dataclass
class GridCell:
    needed: float | None          # counters to staff (mean over the days with a plan)
    open: float | None            # counters really open, on average over the hour
    broke: int                    # days the recorded share missed the target
    recorded_days: int            # days with recorded waits in that hour
    extra: float = 0.0            # of `needed`, counters the office does not have (mean)
    arrivals: float = 0.0         # visitors per day (mean)
    needed_open: float | None = None   # the plan's counters open on average (net of breaks)

    @property
    def short(self) -> bool:
        """Fewer counters were open than the plan keeps open (by at least half a counter)."""
        return self.needed_open is not None and self.open is not None and \
            self.open < self.needed_open - 0.5


def grid(plan: PeriodPlan, days: list[date] | None = None) -> dict[str, dict[int, GridCell]]:
    """Service → hour → figures over `days` (default: every day of the plan)."""
    chosen = [d for d in plan.days if days is None or d.day in days]
    target = plan.settings.target_share
    acc: dict[tuple[str, int], list] = {}
    for d in chosen:
        keys = set(d.plan.cells) if d.plan else set()
        keys |= set(d.recorded) | {k for k, v in d.open_actual.items() if v > 0.05}
        for key in keys:
            a = acc.setdefault(key, [0.0, 0, 0.0, 0, 0, 0, 0.0, 0.0, 0.0])
            cell = d.plan.cells.get(key) if d.plan else None
            if cell is not None:
                a[0] += cell.counters
                a[1] += 1
                a[6] += cell.extra
                a[7] += cell.arrivals
                a[8] += cell.effective
            if d.recorded.get(key, (0, 0))[1] or key in d.open_actual:
                a[2] += d.open_actual.get(key, 0.0)
                a[3] += 1
            broke = d.broke(key[0], key[1], target)
            if broke is not None:
                a[5] += 1
                a[4] += broke
    out: dict[str, dict[int, GridCell]] = {}
    for (service, hour), a in sorted(acc.items(), key=lambda kv: kv[0][1]):
        out.setdefault(service, {})[hour] = GridCell(
            a[0] / a[1] if a[1] else None, a[2] / a[3] if a[3] else None, a[4], a[5],
            a[6] / a[1] if a[1] else 0.0, a[7] / a[1] if a[1] else 0.0,
            a[8] / a[1] if a[1] else None)
    return out


def _num(v: float | None, decimals: int = 1) -> str:
    if v is None:
        return "-"
    return f"{v:.{decimals}f}".replace(".", ",") if decimals else f"{v:.0f}"


def plan_text(plan: PeriodPlan, config: OfficeConfig) -> str:
    """The plan day by day: per service and hour the counters to open (`+n`: more than the
    office has); for days already recorded `needed/open`, `!` where the standard was missed."""
    target = plan.settings.target_share
    lines = [f"Rekomendasi jumlah loket — {period_title(plan.first, plan.last)}",
             f"Dasar: {BASIS_ID[plan.basis]} ({plan.history_first:%d-%m-%Y} s.d. "
             f"{plan.history_last:%d-%m-%Y}, {plan.history_days} hari layanan); target "
             f"{target * 100:.0f}% pengunjung dipanggil dalam standar waktu tunggu",
             "Sel: loket yang dibutuhkan; 'butuh/buka' bila sudah tercatat; '!' = jam yang "
             "melanggar standar; '+n' = n loket lebih dari yang dimiliki kantor."]
    names = {s.code: s for s in config.services}
    for d in plan.days:
        lines.append("")
        if d.plan is None and not d.recorded:
            lines.append(f"{format_date(d.day)}: {d.closed}")
            continue
        lines.append(format_date(d.day) + (f" — {d.closed}" if d.plan is None else ""))
        hours = sorted({h for _s, h in (d.plan.cells if d.plan else {})} |
                       {h for _s, h in d.recorded})
        lines.append(f"{'Layanan':<30}" + "".join(f"{h:02d}.00".rjust(11) for h in hours))
        day_grid = grid(plan, [d.day])
        for s in config.services:
            row = day_grid.get(s.code)
            if not row:
                continue
            cells = []
            for h in hours:
                g = row.get(h)
                if g is None:
                    cells.append("".rjust(11))
                    continue
                text = _num(g.needed, 0)
                if g.extra:
                    text += f"+{g.extra:.0f}"
                if g.open is not None and d.recorded:
                    text += "/" + _num(g.open, 1 if g.open % 1 else 0)
                if g.broke:
                    text += "!"
                cells.append(text.rjust(11))
            label = f"{s.prefix} {names[s.code].name}"[:29]
            lines.append(f"{label:<30}" + "".join(cells))
    lines.append("")
    lines.append(f"Dihitung dalam {plan.seconds:.1f} s ({plan.simulated:,} pengunjung "
                 "disimulasikan).".replace(",", "."))
    return "\n".join(lines)


def plan_json(plan: PeriodPlan, config: OfficeConfig) -> dict:
    target = plan.settings.target_share
    s = plan.settings
    days = []
    for d in plan.days:
        cells = []
        keys = sorted(set(d.plan.cells if d.plan else ()) | set(d.recorded),
                      key=lambda k: (k[0], k[1]))
        for key in keys:
            c = d.plan.cells.get(key) if d.plan else None
            within, n = d.recorded.get(key, (0, 0))
            cells.append({
                "service": key[0], "hour": key[1],
                "arrivals": None if c is None else round(c.arrivals, 2),
                "erlang_c": None if c is None else c.erlang,
                "counters": None if c is None else c.counters,
                "counters_open_avg": None if c is None else round(c.effective, 2),
                "extra_counters": None if c is None else c.extra,
                "predicted_share": None if c is None or c.predicted is None
                else round(c.predicted, 4),
                "open": round(d.open_actual[key], 2) if key in d.open_actual else None,
                "recorded_waits": n, "recorded_share": round(within / n, 4) if n else None,
                "broke_standard": d.broke(key[0], key[1], target)})
        days.append({"date": d.day.isoformat(), "closed": d.closed, "cells": cells,
                     "open_counters": {f"{h:02d}": names for h, names in
                                       (d.plan.open_counters.items() if d.plan else ())},
                     "simulation_rounds": d.plan.rounds if d.plan else 0})
    return {"first": plan.first.isoformat(), "last": plan.last.isoformat(), "basis": plan.basis,
            "target_share": target, "history": {"first": plan.history_first.isoformat(),
                                                "last": plan.history_last.isoformat(),
                                                "days": plan.history_days},
            "settings": {"history_weeks": s.history_weeks,
                         "break_window": None if not s.break_window else
                         [t.strftime("%H:%M") for t in s.break_window],
                         "break_minutes": s.break_minutes, "min_jobs": s.min_jobs,
                         "seed": s.seed},
            "services": {p.code: {"mean_holding_min": round(p.mean_holding / 60, 2),
                                  "holding_samples": len(p.holding), "source": p.source,
                                  "priority_share": round(p.priority_share, 4)}
                         for p in plan.profiles.values()},
            "hours": hour_span(plan), "days": days, "seconds": round(plan.seconds, 3),
            "visitors_simulated": plan.simulated}
