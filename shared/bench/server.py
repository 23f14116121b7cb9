"""`python -m shared.bench.server`: the LAN server under load, on 127.0.0.1 only, bounded.

1. throughput: 8 concurrent keep-alive clients issue tickets as fast as the server answers
   (closed loop) — tickets/s, p50, p99;
2. latency at a steady 500 tickets/s from the same 8 clients (open loop, paced) — p50, p99;
3. push latency: from sending a call to the `called` event reaching a subscribed client
   (server-sent events) — p50, p95.

The server runs in its own process (uvicorn, as `antrean serve` does) on a temporary database of
the example office, open all day. Figures depend on the machine and on what else it runs.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from assets import PROJECT_ROOT as ROOT
CLIENTS = 8
# the example office's five services in turn, as a lobby kiosk issues them
SERVICES = ("ktp", "kk", "akta", "pindah", "kia")


from shared.bench.kit import all_day_office, machine, machine_line  # noqa: E402


def _open_office_db(folder: Path) -> Path:
    from shared.store.setup import init_database
    path = folder / "bench.db"
    init_database(path, all_day_office())
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _issue_loop(url: str, token: str, count: int, latencies: list, errors: list,
                interval: float | None, start_at: float) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, timeout=10.0) as client:
        client.get("/healthz")                      # open the keep-alive connection first
        while time.perf_counter() < start_at:
            time.sleep(0.0005)
        next_at = time.perf_counter()
        for n in range(count):
            if interval:
                delay = next_at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                next_at += interval
            t0 = time.perf_counter()
            r = client.post("/api/tickets", json={"service": SERVICES[n % len(SERVICES)]},
                            headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 201:
                errors.append(r.status_code)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def issue_phase(url: str, token: str, total: int, rate: float | None = None,
                server_pid: int | None = None, single: bool = False) -> dict:
    clients = 1 if single else CLIENTS
    per_client = total // clients
    lat: list[list[float]] = [[] for _ in range(clients)]
    errors: list[int] = []
    start_at = time.perf_counter() + 0.3
    cpu_before = _cpu_seconds(server_pid) if server_pid else 0.0
    interval = clients / rate if rate else None
    threads = [threading.Thread(target=_issue_loop, args=(url, token, per_client, lat[i], errors,
                                                          interval, start_at))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    elapsed = time.perf_counter() - start_at
    server_cpu = _cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    flat = [x for part in lat for x in part]
    return {"requests": len(flat), "errors": len(errors), "seconds": round(elapsed, 2),
            "server_cpu_ms_per_ticket": round(server_cpu * 1000 / max(1, len(flat)), 3),
            "tickets_per_s": round(len(flat) / elapsed, 1),
            "p50_ms": round(statistics.median(flat) * 1000, 2),
            "p99_ms": round(_pct(flat, 0.99) * 1000, 2)}


def push_phase(url: str, admin: str, board: str, calls: int) -> dict:
    from shared.http.client import HttpQueueService
    officer = HttpQueueService(url, admin, adopt_login=False)
    follower = HttpQueueService(url, board)
    arrived: dict[str, float] = {}
    signal = threading.Condition()

    def on_events(events):
        now = time.perf_counter()
        with signal:
            for e in events:
                if e.type == "called":
                    arrived[e.ticket_code] = now
            signal.notify_all()

    sub = follower.subscribe(on_events)
    assert sub.wait_connected(10), "the event stream did not connect"
    latencies = []
    try:
        for _ in range(calls):
            t0 = time.perf_counter()
            ticket = officer.call_next("1")
            with signal:
                signal.wait_for(lambda: ticket.code in arrived, timeout=5)
            if ticket.code in arrived:
                latencies.append(arrived[ticket.code] - t0)
            officer.no_show("1")
            time.sleep(0.005)
    finally:
        sub.stop()
        officer.close()
        follower.close()
    return {"calls": calls, "received": len(latencies),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p95_ms": round(_pct(latencies, 0.95) * 1000, 2),
            "max_ms": round(max(latencies) * 1000, 2)}


def run(tickets: int, paced_rate: float, paced_seconds: float, calls: int) -> dict:
    from shared.server.testing import device_token, session_token
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as folder:
        db = _open_office_db(Path(folder))
        kiosk = device_token(db, "bench-kiosk", "kiosk")
        board = device_token(db, "bench-board", "board")
        admin = session_token(db, "admin")
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-m", "shared.cli", "--db", str(db), "serve",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level",
                                 "warning"], cwd=ROOT, stdout=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the server did not start")
                time.sleep(0.1)
            issue_phase(url, kiosk, 400)                                       # warm-up
            single = issue_phase(url, kiosk, 400, single=True)
            closed = issue_phase(url, kiosk, tickets, server_pid=proc.pid)
            paced = issue_phase(url, kiosk, int(paced_rate * paced_seconds), rate=paced_rate,
                                server_pid=proc.pid)
            push = push_phase(url, admin, board, calls)
        finally:
            proc.terminate()
            proc.wait(20)
    return {"machine": machine(), "clients": CLIENTS, "single_client": single,
            "closed_loop": closed,
            "paced": {"target_per_s": paced_rate, **paced}, "push": push}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m shared.bench.server", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tickets", type=int, default=4000, help="closed-loop tickets (default 4000)")
    p.add_argument("--rate", type=float, default=500.0, help="paced phase: tickets/s (default 500)")
    p.add_argument("--seconds", type=float, default=4.0, help="paced phase length (default 4 s)")
    p.add_argument("--calls", type=int, default=200, help="calls for the push latency (default 200)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not (100 <= args.tickets <= 50_000 and 1 <= args.rate <= 5000 and
            0.5 <= args.seconds <= 60 and 10 <= args.calls <= 5000):
        p.error("keep the load bounded: tickets 100–50000, rate 1–5000, seconds 0.5–60, "
                "calls 10–5000")
    result = run(args.tickets, args.rate, args.seconds, args.calls)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    m, c, pc, pu = result["machine"], result["closed_loop"], result["paced"], result["push"]
    one = result["single_client"]
    print(f"machine: {machine_line()}")
    print(f"issue, {CLIENTS} keep-alive clients, closed loop: {c['tickets_per_s']} tickets/s "
          f"({c['requests']} in {c['seconds']} s, {c['errors']} errors), p50 {c['p50_ms']} ms, "
          f"p99 {c['p99_ms']} ms; server CPU {c['server_cpu_ms_per_ticket']} ms/ticket "
          f"   [target ≥ 500/s]")
    print(f"issue, 1 client, one request at a time: p50 {one['p50_ms']} ms, p99 {one['p99_ms']} ms")
    print(f"issue, paced at {pc['target_per_s']:.0f}/s: achieved {pc['tickets_per_s']}/s, "
          f"p50 {pc['p50_ms']} ms, p99 {pc['p99_ms']} ms   [target p50 < 5 ms]")
    print(f"call → event at a subscribed client (SSE): p50 {pu['p50_ms']} ms, p95 {pu['p95_ms']} "
          f"ms, max {pu['max_ms']} ms ({pu['received']}/{pu['calls']})   [target p95 < 100 ms]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
