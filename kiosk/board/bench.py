"""`python -m kiosk.board.bench`: how fast a call made at a counter reaches the board.

The board runs in this process (offscreen unless a display is asked for) on a fresh database;
a child process — another program on the same PC, as a counter console is — issues and calls
tickets through the store and writes the commit time (time.time()) of each call to a pipe. The
board records when its big display and the counter's card show that code. Target: p95 < 500 ms.

`--screenshots DIR` instead renders the README's pictures of the board at 1920×1080.
"""
from __future__ import annotations

import argparse
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from assets import PROJECT_ROOT as ROOT


from shared.bench.kit import EXAMPLE_CONFIG, all_day_office, machine_line  # noqa: E402


def all_day_database(path: Path) -> Path:
    """The example office, open every day around the clock (the child uses the system clock)."""
    from shared.store.setup import init_database
    init_database(path, all_day_office(quota=5000))
    return path


def child(db: Path, calls: int, counter: str) -> int:
    """Issue and call `calls` tickets at `counter`, one line "CODE COMMIT_TIME" per call."""
    from shared.store.service import SqliteQueueService
    svc = SqliteQueueService(db)
    rng = random.Random(7)
    time.sleep(1.0)                      # let the board settle
    for _ in range(calls):
        svc.issue("A")
        t = svc.call_next(counter)
        committed = time.time()          # call_next returns after COMMIT
        print(f"{t.code} {committed:.6f}", flush=True)
        time.sleep(rng.uniform(0.3, 0.5))    # an officer never finishes within two polls
        svc.start(counter)
        svc.finish(counter)
        time.sleep(rng.uniform(0.02, 0.08))
    svc.close()
    return 0


def machine() -> str:
    from PySide6 import __version__ as pyside
    return f"{machine_line()}; PySide6 {pyside}"


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def run(calls: int, interval_ms: int) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.board.app import BoardController, BoardSettings
    from shared.store.service import SqliteQueueService
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="antrean-bench-board-") as tmp:
        db = all_day_database(Path(tmp) / "bench.db")
        service = SqliteQueueService(db)
        board = BoardController(service, BoardSettings(voice="off"), interval_ms=interval_ms)
        window = board.window
        window.resize(1920, 1080)
        window.show()
        hero_at: dict[str, float] = {}
        card_at: dict[str, float] = {}
        show_call = window.show_call

        def recording_show_call(code, *args, **kwargs):
            show_call(code, *args, **kwargs)
            hero_at.setdefault(code, time.time())
        window.show_call = recording_show_call
        card = window.cards["1"]
        set_state = card.set_state

        def recording_set_state(state):
            set_state(state)
            if state.current is not None and card.code.text() == state.current.code:
                card_at.setdefault(state.current.code, time.time())
        card.set_state = recording_set_state
        board.start()

        proc = subprocess.Popen([sys.executable, "-m", "kiosk.board.bench", "--child", str(db),
                                 "--calls", str(calls)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True)
        commits: queue.Queue[tuple[str, float]] = queue.Queue()

        def read():
            for line in proc.stdout:
                code, at = line.split()
                commits.put((code, float(at)))
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        committed: dict[str, float] = {}
        deadline = time.time() + 30 + calls * 1.0
        while time.time() < deadline:
            app.processEvents()
            while not commits.empty():
                code, at = commits.get()
                committed[code] = at
            if proc.poll() is not None:
                deadline = min(deadline, time.time() + 2.0)   # the last call's grace time
                if all(c in hero_at and c in card_at for c in committed):
                    break
            time.sleep(0.002)
        proc.wait(timeout=10)
        board.stop()
        service.close()

    missing = [c for c in committed if c not in hero_at]
    hero = [(hero_at[c] - t) * 1000 for c, t in committed.items() if c in hero_at]
    cards = [(card_at[c] - t) * 1000 for c, t in committed.items() if c in card_at]
    print(f"Board latency: call committed in another process → shown on the board "
          f"({len(committed)} calls, poll every {interval_ms} ms)")
    for name, values in (("big display", hero), ("counter card", cards)):
        if len(values) >= 2:
            print(f"  {name:<13} p50 {statistics.median(values):6.1f} ms   "
                  f"p95 {percentile(values, 95):6.1f} ms   max {max(values):6.1f} ms")
    print(f"  machine: {machine()}")
    if missing:
        print(f"  NOT SHOWN: {', '.join(missing)}")
    ok = not missing and len(hero) == calls and percentile(hero, 95) < 500
    print("  target p95 < 500 ms: " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


def screenshots(out: Path) -> int:
    """board-idle.png and board-call.png at 1920×1080, on a demo morning at 09.41 WIB."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QApplication

    from kiosk.board.app import BoardController, BoardSettings
    from shared.clock import ManualClock
    from shared.config import load_config
    from shared.store.setup import init_database
    from shared.store.service import SqliteQueueService
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        init_database(db, load_config(EXAMPLE_CONFIG))
        clock = ManualClock(datetime(2026, 11, 23, 9, 41, tzinfo=ZoneInfo("Asia/Jakarta")))
        svc = SqliteQueueService(db, clock)
        for prefix, n in (("A", 17), ("B", 9), ("C", 6), ("D", 3), ("E", 4)):
            for _ in range(n):
                svc.issue(prefix)
        for name in ("1", "2", "3"):
            svc.open_counter(name)

        def render(board, name: str) -> None:
            window = board.window
            window.resize(1920, 1080)
            window.show()
            window.marquee._offset = 1400      # the running text mid-way, as a visitor sees it
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(out / name))
            print(out / name)

        board = BoardController(svc, BoardSettings(voice="off"))
        render(board, "board-idle.png")
        board.stop()
        board.window.close()
        # a busy morning: calls at every counter, one serving, one on a break, one closed
        for name in ("1", "2", "3", "4"):
            svc.call_next(name)
            clock.advance(seconds=40)
        svc.start("4")
        svc.finish("4")
        svc.pause("4", "Salat Zuhur")
        for name in ("1", "2", "3"):
            svc.start(name)
        svc.finish("1")
        svc.call_next("1")
        clock.advance(seconds=50)
        board = BoardController(svc, BoardSettings(voice="off", flash_seconds=30))
        svc.finish("2")
        svc.call_next("2")                      # the new call, announced and flashing
        board.on_events(svc.events_after(board.follower.last_seq))
        for _ in range(5):
            app.processEvents()
        board.window._set_hero_style(True)      # caught in the bright half of the flash
        render(board, "board-call.png")
        board.stop()
        svc.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=100)
    p.add_argument("--interval-ms", type=int, default=150, help="the board's poll interval")
    p.add_argument("--child", type=Path, metavar="DB", help=argparse.SUPPRESS)
    p.add_argument("--counter", default="1", help=argparse.SUPPRESS)
    p.add_argument("--screenshots", type=Path, metavar="DIR",
                   help="write board-idle.png and board-call.png here instead")
    args = p.parse_args(argv)
    if args.child:
        return child(args.child, args.calls, args.counter)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.screenshots:
        return screenshots(args.screenshots)
    return run(args.calls, args.interval_ms)


if __name__ == "__main__":
    sys.exit(main())
