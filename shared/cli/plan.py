"""`antrean plan`: how many counters each service needs each hour of a week to meet the waiting
standard at the office's target.

    antrean plan --week 2026-11-30 [--json] [--target 80] [--basis forecast|actual]
                 [--weeks 8] [--break 12:00-13:30] [--break-minutes 45]
"""
from __future__ import annotations

import json
from datetime import date, time

from shared.domain import AntreanError


def register(sub) -> dict:
    p = sub.add_parser("plan", help="rekomendasi jumlah loket per jam (staffing planner)")
    p.add_argument("--week", required=True, help="any date of the week (Monday–Sunday), YYYY-MM-DD")
    p.add_argument("--target", type=float, default=80.0,
                   help="share of visitors to call within the waiting standard, percent "
                        "(default 80)")
    p.add_argument("--basis", choices=("forecast", "actual"), default="forecast",
                   help="forecast: from the history before the week (default); actual: from "
                        "the visitors who came (a past week: what would have met the standard)")
    p.add_argument("--weeks", type=int, default=8, help="weeks of history to learn from (default 8)")
    p.add_argument("--break", dest="break_window", default="12:00-13:30",
                   help="window of the officers' staggered breaks, HH:MM-HH:MM, or 'none' "
                        "(default 12:00-13:30)")
    p.add_argument("--break-minutes", type=int, default=45,
                   help="each officer's break in minutes (default 45)")
    return {"plan": cmd_plan}


def _week(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AntreanError(f"Tanggal {text!r} tidak dikenal: tulis seperti 2026-11-30",
                           f"Unknown date {text!r}: write it like 2026-11-30") from None


def _break_window(text: str) -> tuple[time, time] | None:
    if text.strip().lower() in ("none", "tidak", "-", ""):
        return None
    try:
        start, end = (time.fromisoformat(x.strip()) for x in text.split("-"))
    except ValueError:
        raise AntreanError(f"Jam istirahat {text!r} tidak dikenal: tulis seperti 12:00-13:30",
                           f"Unknown break window {text!r}: write it like 12:00-13:30") from None
    if end <= start:
        raise AntreanError("Akhir jam istirahat harus sesudah awalnya",
                           "The break window must end after it starts")
    return start, end


def cmd_plan(args) -> int:
    from shared.cli.common import _local_service
    from shared.planning.output import plan_json, plan_text
    from shared.planning.planner import plan_period, week_of
    from shared.planning.recommend import PlanSettings

    first, last = week_of(_week(args.week))
    settings = PlanSettings(target_share=args.target / 100.0, history_weeks=args.weeks,
                            break_window=_break_window(args.break_window),
                            break_minutes=args.break_minutes)
    svc = _local_service(args)
    plan = plan_period(svc._conn, svc.config, first, last, settings, args.basis)
    if args.json:
        print(json.dumps(plan_json(plan, svc.config), ensure_ascii=False, indent=2))
    else:
        print(plan_text(plan, svc.config))
    return 0
