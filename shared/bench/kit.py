"""What every benchmark needs: the machine it ran on, and the example office open around the clock."""
from __future__ import annotations

import os
import platform
import sqlite3
import tomllib
from pathlib import Path

from shared.config import OfficeConfig, parse_config

from assets import EXAMPLE_CONFIG


def machine() -> dict:
    """CPU model, CPU count, OS, Python and SQLite versions, and the load average right now."""
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu or platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def machine_line() -> str:
    m = machine()
    load = f", load {m['load_average'][0]:.1f}" if m["load_average"] else ""
    return (f"{m['cpu']} ({m['cpus']} CPUs), {m['platform']}, Python {m['python']}, "
            f"SQLite {m['sqlite']}{load}")


def all_day_office(quota: int | None = None, source: str = "bench (example office, open 24 h)"
                   ) -> OfficeConfig:
    """The example office issuing every day around the clock (benchmarks run at any hour and
    children use the system clock); `quota` per service, or none."""
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["hours"] = {"setiap_hari": ["00:00-24:00"]}
    raw.pop("overrides", None)
    raw.pop("holidays", None)
    for s in raw["services"]:
        s.pop("hours", None)
        s.pop("overrides", None)
        if quota is None:
            s.pop("daily_quota", None)
        else:
            s["daily_quota"] = quota
    return parse_config(raw, source)
