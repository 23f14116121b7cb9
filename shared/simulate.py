"""`antrean simulate`: a database holding a realistic year of a busy Mal Pelayanan Publik.

Twenty agencies' services under one roof, 50-odd counters. Each business day (Monday to
Saturday, Saturday half) gets arrivals with a morning peak and a lunch dip; each service's
counters serve their queue first come first served (a multi-server queue with staggered lunch
breaks), so waits build up at peaks and at understaffed services. Some visitors do not come when
called (more of them when the wait is long) and some of those come back and are served; some are
transferred to another service; some cancel. The last day stops at `now`: tickets still waiting,
counters calling and serving, others on a break — what a live screen sees at that moment.

The database is made by `shared.store.setup.init_database` with the generated config (same schema,
same migrations); rows are written with `executemany` in big transactions. History gets one
`simulated` event only (the audit trail of a real office would have one row per transition; the
statistics never read it).
"""
from __future__ import annotations

import heapq
import json
import logging
import math
import random
import sqlite3
import time as _time
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from shared.config import OfficeConfig, parse_config
from shared.store.setup import init_database

log = logging.getLogger(__name__)

# code, prefix, name, target wait, target service, share of visitors, understaffed?
MPP_SERVICES = (
    ("ktp", "A", "Disdukcapil — KTP-el", 30, 10, 0.12, False),
    ("kk", "B", "Disdukcapil — Kartu Keluarga", 30, 15, 0.08, False),
    ("akta", "C", "Disdukcapil — Akta", 45, 20, 0.05, False),
    ("paspor", "D", "Imigrasi — Paspor", 60, 15, 0.07, True),
    ("samsat", "E", "Samsat — Pajak Kendaraan", 20, 8, 0.11, False),
    ("skck", "F", "Polres — SKCK", 30, 10, 0.07, False),
    ("sim", "G", "Satlantas — Perpanjangan SIM", 45, 15, 0.05, True),
    ("bpjskes", "H", "BPJS Kesehatan", 30, 12, 0.08, False),
    ("bpjstk", "I", "BPJS Ketenagakerjaan", 30, 12, 0.04, False),
    ("pajak", "J", "KPP Pratama — Perpajakan", 30, 15, 0.05, False),
    ("nib", "K", "DPMPTSP — Perizinan Berusaha (NIB)", 45, 20, 0.04, False),
    ("pbg", "L", "DPMPTSP — PBG / Bangunan", 60, 25, 0.02, False),
    ("bpn", "M", "Kantor Pertanahan (BPN)", 60, 20, 0.03, True),
    ("ak1", "N", "Disnaker — Kartu Pencari Kerja (AK-1)", 30, 10, 0.03, False),
    ("haji", "O", "Kemenag — Pendaftaran Haji", 45, 20, 0.02, False),
    ("pa", "P", "Pengadilan Agama", 60, 20, 0.02, False),
    ("tilang", "Q", "Kejaksaan — Tilang", 20, 5, 0.03, False),
    ("pdam", "R", "PDAM — Air Minum", 20, 8, 0.02, False),
    ("pln", "S", "PLN — Kelistrikan", 20, 8, 0.02, False),
    ("pos", "T", "Kantor Pos — Layanan Pos", 15, 5, 0.03, False),
)
FIRST_NAMES = ("Siti", "Budi", "Agus", "Dewi", "Rahmat", "Sri", "Eko", "Nur", "Andi", "Rina",
               "Yusuf", "Wulan", "Hendra", "Fitri", "Dian", "Joko", "Ratna", "Arif", "Maya", "Rudi")
LAST_NAMES = ("Santoso", "Lestari", "Wibowo", "Hidayat", "Rahayu", "Saputra", "Kurniawan",
              "Nugroho", "Susanti", "Pratama", "Setiawan", "Handayani", "Siregar", "Hasibuan")
PRIORITY_GROUPS = ("lansia", "disabilitas", "hamil", "anak", "korban_bencana")
# arrivals per half hour from 07:30 (Mon–Thu): a morning peak, a dip at lunch
ARRIVAL_PROFILE = (0.9, 1.6, 1.9, 1.8, 1.5, 1.2, 1.0, 0.9, 0.7, 0.35, 0.35, 0.6, 0.55, 0.4, 0.25)
DAY_FACTOR = (1.25, 1.05, 1.0, 0.95, 0.8, 0.5, 0.0)     # Monday … Sunday
NO_SHOW, REACTIVATE, TRANSFER, CANCEL, PRIORITY = 0.07, 0.2, 0.03, 0.02, 0.06


def generated_config(timezone_name: str = "Asia/Jakarta") -> OfficeConfig:
    """The office the simulation runs: a Mal Pelayanan Publik with 20 services."""
    services, counters, officers = [], [], []
    n = 0
    for code, prefix, name, wait, serve, share, _ in MPP_SERVICES:
        services.append({"code": code, "prefix": prefix, "name": name, "name_en": name,
                         "target_wait_min": wait, "target_service_min": serve})
        for _ in range(_counter_count(share, serve)):
            n += 1
            counters.append({"name": str(n), "label": f"Loket {n}", "services": [code]})
            officers.append({"username": f"p{n:02d}", "role": "officer",
                             "full_name": f"{FIRST_NAMES[n % 20]} {LAST_NAMES[(n // 20 + 3 * n) % 14]}"})
    officers += [{"username": "kepala", "full_name": "Dra. Kartika Sari, M.AP.", "role": "supervisor"},
                 {"username": "admin", "full_name": "Admin Sistem", "role": "admin"}]
    raw = {"office": {"name": "Mal Pelayanan Publik Kota Contoh", "short_name": "MPP Kota Contoh",
                      "timezone": timezone_name},
           "hours": {"senin_kamis": ["07:30-15:00"], "jumat": ["07:30-11:00", "13:30-15:00"],
                     "sabtu": ["08:00-12:00"]},
           "services": services, "counters": counters, "officers": officers}
    return parse_config(raw, "(simulasi)")


def _counter_count(share: float, serve_min: float) -> int:
    # about 3300 visitors a day; aim at 75 % busy over ~400 working minutes
    load = 3300 * share * serve_min * 0.85 / 400
    return max(2, round(load / 0.75))


@dataclass
class _Server:
    counter: str
    officer: str
    lunch: tuple[float, float]       # epoch seconds of this day's break


class _Iso:
    """Fast UTC ISO text for epoch seconds (millisecond precision), the store's format."""

    def __init__(self):
        self.days: dict[int, str] = {}

    def __call__(self, t: float | None) -> str | None:
        if t is None:
            return None
        ms = int(round(t * 1000))
        day, rest = divmod(ms, 86_400_000)
        prefix = self.days.get(day)
        if prefix is None:
            prefix = self.days[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat()
        s, ms = divmod(rest, 1000)
        h, s = divmod(s, 3600)
        m, s = divmod(s, 60)
        return f"{prefix}T{h:02d}:{m:02d}:{s:02d}.{ms:03d}000+00:00"


def simulate(out: str | Path, tickets: int = 1_000_000, days: int = 365,
             now: datetime | None = None, seed: int = 2026) -> dict:
    """Write a new database at `out` with about `tickets` tickets over the `days` days up to `now`
    (default: today 11.00 office time). Returns a summary (counts, seconds)."""
    t0 = _time.perf_counter()
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists: the simulation writes a new database")
    config = generated_config()
    tz = config.tz
    now = now or datetime.combine(date.today(), time(11, 0), tz)
    now_ts = now.timestamp()
    last_day = now.astimezone(tz).date()
    init_database(out, config, now=now - timedelta(days=days))
    rng = random.Random(seed)
    calendar = [last_day - timedelta(days=i) for i in range(days - 1, -1, -1)]
    weights = [DAY_FACTOR[d.weekday()] * (1.5 if _post_lebaran(d) else 1.0) for d in calendar]
    per_weight = tickets / max(1e-9, sum(weights))
    by_service: dict[str, list] = {}
    for c in config.counters:
        by_service.setdefault(c.services[0], []).append(c.name)
    all_shares = sum(m[5] for m in MPP_SERVICES)
    meta = {code: (share / all_shares, under, wait, serve) for code, _, _, wait, serve, share, under
            in MPP_SERVICES}
    iso = _Iso()
    conn = sqlite3.connect(str(out), isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    ticket_rows: list[tuple] = []
    segment_rows: list[tuple] = []
    sequences: list[tuple] = []
    live_counters: dict[str, tuple] = {}
    next_id = 1
    written = {"tickets": 0, "segments": 0}

    def flush(force: bool = False) -> None:
        if len(ticket_rows) < 200_000 and not force:
            return
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO tickets (id, code, number, issued_service, service, business_day, "
            "status, priority_group, is_priority, queue_key, token, issued_at, first_called_at, "
            "called_at, started_at, finished_at, no_show_at, cancelled_at, counter, officer, "
            "recalls, transfers, reactivations) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ticket_rows)
        conn.executemany(
            "INSERT INTO segments (ticket_id, service, counter, officer, called_at, started_at, "
            "ended_at, outcome) VALUES (?,?,?,?,?,?,?,?)", segment_rows)
        conn.executemany("INSERT INTO day_sequences (service, business_day, last_number) "
                         "VALUES (?,?,?)", sequences)
        conn.execute("COMMIT")
        written["tickets"] += len(ticket_rows)
        written["segments"] += len(segment_rows)
        ticket_rows.clear()
        segment_rows.clear()
        sequences.clear()

    for day, weight in zip(calendar, weights):
        if weight == 0:
            continue
        windows = _issuing_windows(config, day)
        if not windows:
            continue
        is_today = day == last_day
        day_total = per_weight * weight * rng.uniform(0.85, 1.15)
        day_iso = day.isoformat()
        midnight = datetime.combine(day, time(0), tz).timestamp()
        for svc in config.services:
            share, under, target_wait, target_serve = meta[svc.code]
            n = max(0, round(day_total * share * rng.uniform(0.8, 1.2)))
            if n == 0:
                continue
            arrivals = _arrivals(rng, n, windows, midnight, day.weekday())
            if is_today:
                arrivals = [a for a in arrivals if a <= now_ts]
            names = by_service[svc.code]
            staff = (names[:max(1, len(names) * 3 // 4)] if under and rng.random() < 0.6
                     else names)
            servers = [_Server(name, f"p{int(name):02d}", _lunch(midnight, i))
                       for i, name in enumerate(staff)]
            opening = midnight + windows[0][0] * 60
            heap = [(opening + rng.uniform(0, 300), i) for i in range(len(servers))]
            heapq.heapify(heap)
            median_serve = target_serve * (0.5 + 0.35 * (sum(map(ord, svc.code)) % 7) / 6)
            number = 0
            for t_issue in arrivals:
                number += 1
                tid = next_id
                next_id += 1
                code = f"{svc.prefix}-{number:03d}"
                prio = rng.choice(PRIORITY_GROUPS) if rng.random() < PRIORITY else None
                row = [tid, code, number, svc.code, svc.code, day_iso, "done", prio,
                       1 if prio else 0, int(t_issue * 1_000_000) * 1024,
                       f"s{tid:x}{rng.getrandbits(40):010x}", iso(t_issue), None, None, None, None,
                       None, None, None, None, 0, 0, 0]
                free_at, i = heapq.heappop(heap)
                server = servers[i]
                call = max(t_issue, free_at)
                if server.lunch[0] <= call < server.lunch[1]:
                    call = server.lunch[1]
                wait_min = (call - t_issue) / 60
                if rng.random() < CANCEL * (1 + wait_min / max(1, target_wait)):
                    heapq.heappush(heap, (free_at, i))
                    t_cancel = t_issue + rng.uniform(0.3, 0.9) * max(60, call - t_issue)
                    if is_today and t_cancel > now_ts:
                        row[6] = "waiting"
                    else:
                        row[6], row[17] = "cancelled", iso(t_cancel)
                    ticket_rows.append(tuple(row))
                    continue
                segs = []
                p_no_show = NO_SHOW + min(0.2, 0.04 * wait_min / max(1, target_wait))
                if rng.random() < p_no_show:
                    end = call + rng.uniform(60, 150)          # recalls, then no-show
                    segs.append((svc.code, server, call, None, end, "no_show"))
                    heapq.heappush(heap, (end, i))
                    if rng.random() < REACTIVATE:
                        back = end + rng.uniform(600, 2400)
                        segs.append(_extra_segment(rng, svc.code, by_service, back, median_serve))
                else:
                    start = call + rng.uniform(15, 90)
                    duration = max(45.0, rng.lognormvariate(math.log(median_serve * 60), 0.45))
                    if rng.random() < TRANSFER:
                        end = start + min(duration, rng.uniform(120, 300))
                        segs.append((svc.code, server, call, start, end, "transferred"))
                        other = rng.choice(MPP_SERVICES)[0]
                        other = other if other != svc.code else "ktp" if svc.code != "ktp" else "kk"
                        segs.append(_extra_segment(rng, other, by_service,
                                                   end + rng.expovariate(1 / 600),
                                                   meta[other][3] * 0.8))
                    else:
                        end = start + duration
                        segs.append((svc.code, server, call, start, end, "done"))
                    heapq.heappush(heap, (end + rng.uniform(10, 40), i))
                if is_today:
                    planned, segs = segs, _cut(segs, now_ts, live_counters, tid)
                    if segs and segs[-1][5] == "transferred":   # waiting in the new service
                        row[4] = planned[len(segs)][0]
                _ticket_from_segments(row, segs, iso)
                ticket_rows.append(tuple(row))
                for s_code, srv, called, started, ended, outcome in segs:
                    segment_rows.append((tid, s_code, srv.counter, srv.officer, iso(called),
                                         iso(started), iso(ended), outcome))
            if number:
                sequences.append((svc.code, day_iso, number))
            if is_today:
                for srv in servers:
                    live_counters.setdefault(srv.counter, ("open", None, srv.officer, None))
                    if srv.lunch[0] <= now_ts < srv.lunch[1] and live_counters[srv.counter][3] is None:
                        live_counters[srv.counter] = ("paused", "Istirahat siang", srv.officer, None)
        flush()
    flush(force=True)
    conn.execute("BEGIN")
    for name, (status, reason, officer, current) in live_counters.items():
        conn.execute("UPDATE counters SET status = ?, pause_reason = ?, officer = ?, "
                     "current_ticket = ? WHERE name = ?", (status, reason, officer, current, name))
    conn.execute("INSERT INTO events (at, type, detail) VALUES (?, 'simulated', ?)",
                 (iso(now_ts), json.dumps({"tickets": written["tickets"], "days": days})))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"db": str(out), "tickets": written["tickets"], "segments": written["segments"],
            "days": days, "first_day": calendar[0].isoformat(), "last_day": last_day.isoformat(),
            "now": now.isoformat(), "services": len(config.services),
            "counters": len(config.counters), "seconds": round(_time.perf_counter() - t0, 1)}


def _post_lebaran(d: date) -> bool:
    # Idulfitri 1447 H falls on 20–21 March 2026; documents pile up for two weeks after it
    return date(2026, 3, 25) <= d <= date(2026, 4, 10) or date(2027, 3, 15) <= d <= date(2027, 3, 31)


def _issuing_windows(config: OfficeConfig, day: date) -> list[tuple[float, float]]:
    """Issuing windows of the day as (start, end) minutes after local midnight."""
    from shared.hours import windows_on
    out = []
    for start, end in windows_on(config.services[0], day):
        out.append((start.hour * 60 + start.minute, 24 * 60 if end == time.max
                    else end.hour * 60 + end.minute))
    return out


def _arrivals(rng: random.Random, n: int, windows, midnight: float, weekday: int) -> list[float]:
    slots = []
    for start, end in windows:
        m = start
        while m < end:
            idx = int((m - 450) // 30)
            weight = ARRIVAL_PROFILE[idx] if 0 <= idx < len(ARRIVAL_PROFILE) else 0.5
            slots.append((m, min(30, end - m), weight))
            m += 30
    picks = rng.choices(slots, weights=[w for _, _, w in slots], k=n)
    return sorted(midnight + (m + rng.random() * length) * 60 for m, length, _ in picks)


def _lunch(midnight: float, i: int) -> tuple[float, float]:
    start = midnight + (12 * 60 + (45 if i % 2 else 0)) * 60
    return start, start + 45 * 60


def _extra_segment(rng, service: str, by_service, called: float, median_min: float):
    """The stretch after a transfer or a reactivation: at one of the service's counters."""
    name = rng.choice(by_service[service])
    server = _Server(name, f"p{int(name):02d}", (0, 0))
    start = called + rng.uniform(15, 60)
    end = start + max(45.0, rng.lognormvariate(math.log(max(1, median_min) * 60), 0.45))
    return (service, server, called, start, end, "done")


def _cut(segs, now_ts: float, live_counters: dict, tid: int):
    """The live day: keep what happened by `now`; a first stretch in progress stays open."""
    kept = []
    for k, (s_code, srv, called, started, ended, outcome) in enumerate(segs):
        if called > now_ts:
            break
        if ended <= now_ts:
            kept.append((s_code, srv, called, started, ended, outcome))
            continue
        if k == 0 and srv.counter not in live_counters:
            kept.append((s_code, srv, called, started if started and started <= now_ts else None,
                         None, None))
            live_counters[srv.counter] = ("open", None, srv.officer, tid)
        break
    return kept


def _ticket_from_segments(row: list, segs, iso) -> None:
    """Fill the ticket's columns from its stretches (the state after the last one)."""
    if not segs:
        row[6] = "waiting"
        return
    row[12] = iso(segs[0][2])
    last = segs[-1]
    s_code, srv, called, started, ended, outcome = last
    if outcome != "transferred":
        row[4] = s_code
    row[13], row[14] = iso(called), iso(started)
    row[18], row[19] = srv.counter, srv.officer
    row[21] = sum(1 for s in segs if s[5] == "transferred")
    no_shows = [s for s in segs if s[5] == "no_show"]
    if no_shows:
        row[16] = iso(no_shows[-1][4])
        row[22] = len(segs) - 1 if outcome != "no_show" else 0
        row[20] = 1
    if outcome == "done":
        row[6], row[15] = "done", iso(ended)
    elif outcome == "no_show":
        row[6] = "no_show"
    elif outcome == "transferred":   # transferred; the next call is after `now`
        row[6] = "waiting"
    elif outcome is None:
        row[6] = "serving" if started else "called"
