"""Two counter consoles in two processes press "call next" at the same instant on one database:
they always get two different tickets, round after round."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLE_CONFIG, make_service
from shared.clock import SystemClock

pytestmark = [pytest.mark.slow, pytest.mark.gui]
ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 6
GAP_S = 0.6

# One console process: logs in at its counter, then at each agreed instant presses call-next
# through the console (as F1 would), and serves the ticket before the next round.
CONSOLE_SCRIPT = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from shared.store.service import SqliteQueueService
from counter.console.window import ConsoleWindow
from counter.console.local_settings import LocalSettings

db, counter, officer, t0, rounds, gap = sys.argv[1:7]
t0, rounds, gap = float(t0), int(rounds), float(gap)
app = QApplication([])
svc = SqliteQueueService(db)
svc.open_counter(counter, officer)
window = ConsoleWindow(svc, counter, {"username": officer, "full_name": officer},
                       LocalSettings(path=None), follow=False)
out = {"codes": [], "late_ms": [], "banners": []}
for r in range(rounds):
    window.refresh()
    target = t0 + r * gap
    while time.time() < target - 0.02:
        time.sleep(0.005)
    while time.time() < target:      # spin the last few ms: both press together
        pass
    out["late_ms"].append((time.time() - target) * 1000)
    window.trigger("call_next")
    t = svc.current_ticket(counter)
    out["codes"].append(t.code if t else None)
    if window.banner.property("kind") == "error":
        out["banners"].append(window.banner.text())
    if t:
        svc.start(counter)
        svc.finish(counter)
print(json.dumps(out))
"""


def all_day_raw() -> dict:
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["hours"] = {"setiap_hari": ["00:00-24:00"]}
    raw.pop("overrides", None)
    raw.pop("holidays", None)
    for s in raw["services"]:
        s.pop("hours", None)
    return raw


def test_two_consoles_calling_together_get_different_tickets(tmp_path):
    svc = make_service(tmp_path, all_day_raw(), SystemClock())
    try:
        for _ in range(ROUNDS * 2):
            svc.issue("ktp")                              # counters 1 and 2 both serve ktp
        t0 = time.time() + 8                              # time for both processes to start Qt
        procs = [subprocess.Popen(
            [sys.executable, "-c", CONSOLE_SCRIPT, str(svc.path), counter, officer, str(t0),
             str(ROUNDS), str(GAP_S)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True) for counter, officer in (("1", "siti"), ("2", "budi"))]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        for r in results:
            assert max(r["late_ms"]) < 200, r["late_ms"]   # they really pressed together
            assert r["banners"] == []
        codes = [c for r in results for c in r["codes"]]
        assert None not in codes
        for round_codes in zip(results[0]["codes"], results[1]["codes"]):
            assert round_codes[0] != round_codes[1]
        assert sorted(codes) == [f"A-{n:03d}" for n in range(1, ROUNDS * 2 + 1)]
        called = Counter(e.ticket_code for e in svc.events_after(0) if e.type == "called")
        assert set(called.values()) == {1}                # no ticket was called twice
        assert svc.queues()[0].waiting == 0
    finally:
        svc.close()
