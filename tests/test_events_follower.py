"""`EventFollower` and the `ServiceWorker`: synchronous on the embedded store, as always; on a
remote store off the GUI thread — answers arrive on the GUI thread, a slow or dead server never
stops the event loop, the link going down and up is reported, and the feed resumes after the
last delivered event (nothing lost, nothing twice), also across a real server restart."""
from __future__ import annotations

import socket
import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread, QTimer

from shared.http.client import HttpQueueService, ServerUnavailable
from shared.qt.events import EventFollower
from shared.qt.remote import ConnectionMonitor, ServiceWorker
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from shared.server.testing import device_token

pytestmark = pytest.mark.gui


class SlowFeed:
    """A stand-in for a remote store: each call takes `delay` s; `down` makes it unreachable."""

    def __init__(self, service, delay=0.3):
        self.service, self.delay, self.down = service, delay, False
        self.threads: set[str] = set()

    def _call(self, fn, *args):
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        if self.down:
            raise ServerUnavailable("server tidak dapat dihubungi", "server unreachable")
        return fn(*args)

    def last_event_seq(self):
        return self._call(self.service.last_event_seq)

    def events_after(self, seq, limit=1000):
        return self._call(self.service.events_after, seq, limit)

    def queues(self):
        return self._call(self.service.queues)


def test_embedded_follower_polls_synchronously(qtbot, service):
    follower = EventFollower(service)
    assert not follower.threaded and follower.last_seq == service.last_event_seq()
    got = []
    follower.events.connect(got.extend)
    service.issue("ktp")
    follower.poll()                                   # at once, on this thread
    assert [e.type for e in got] == ["issued"] and follower.last_seq == got[-1].seq
    follower.poll()
    assert len(got) == 1
    assert EventFollower(service, from_start=True).last_seq == 0
    assert EventFollower(service, after=1).last_seq == 1


def test_embedded_follower_reports_a_broken_store(qtbot, service, monkeypatch):
    follower = EventFollower(service)
    monkeypatch.setattr(service, "events_after", lambda *a: 1 / 0)
    with qtbot.waitSignal(follower.failed, timeout=1000):
        follower.poll()


def test_threaded_follower_keeps_the_gui_thread_free(qtbot, service):
    feed = SlowFeed(service, delay=0.3)
    follower = EventFollower(feed, interval_ms=50, threaded=True)
    assert follower.last_seq is None                  # no request on the GUI thread
    on_thread = []
    follower.events.connect(lambda evs: on_thread.append(
        (QThread.currentThread() is QObject().thread(), [e.ticket_code for e in evs])))
    ticks = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    t0 = time.monotonic()
    follower.start()
    assert time.monotonic() - t0 < 0.05
    qtbot.waitUntil(lambda: follower.last_seq is not None, timeout=3000)
    service.issue("ktp")
    qtbot.waitUntil(lambda: bool(on_thread), timeout=3000)
    assert on_thread == [(True, ["A-001"])]           # delivered on the GUI thread
    assert "MainThread" not in feed.threads
    gaps = [b - a for a, b in zip([t0, *ticks], ticks)]
    assert len(ticks) > 20 and max(gaps) < 0.2        # the event loop never waited 0.3 s
    follower.stop()
    timer.stop()


def test_threaded_follower_says_where_the_feed_starts(qtbot, service):
    service.issue("ktp")
    follower = EventFollower(SlowFeed(service, delay=0.01), interval_ms=30, threaded=True)
    synced, seen = [], []
    follower.synced.connect(synced.append)
    follower.events.connect(seen.extend)
    follower.start()
    qtbot.waitUntil(lambda: synced == [service.last_event_seq()], timeout=3000)
    assert follower.last_seq == synced[0] and seen == []   # the earlier issue: not an event
    service.issue("kk")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    follower.stop()
    follower.start()                                  # resumes where it was: no new start point
    service.issue("ktp")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=3000)
    assert len(synced) == 1
    follower.stop()
    given = EventFollower(SlowFeed(service, delay=0.01), interval_ms=30, threaded=True,
                          after=service.last_event_seq())
    given.synced.connect(synced.append)
    given.start()
    service.issue("kk")
    given.events.connect(seen.extend)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=3000)
    assert len(synced) == 1                           # told where to start: nothing to say
    given.stop()


def test_threaded_follower_reports_the_link_and_resumes(qtbot, service):
    feed = SlowFeed(service, delay=0.01)
    follower = EventFollower(feed, interval_ms=30, threaded=True,
                             after=service.last_event_seq())
    monitor = ConnectionMonitor()
    monitor.watch(follower)
    links, failures, seen = [], [], []
    monitor.changed.connect(links.append)
    follower.failed.connect(failures.append)
    follower.events.connect(seen.extend)
    service.issue("ktp")
    follower.start()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    feed.down = True
    qtbot.waitUntil(lambda: links == [False], timeout=2000)
    assert not monitor.online and monitor.since is not None
    service.issue("ktp")                              # made while the link is down
    service.issue("kk")
    qtbot.wait(700)
    assert len(seen) == 1 and len(failures) == 1      # reported once, not every retry
    feed.down = False
    qtbot.waitUntil(lambda: links == [False, True], timeout=3000)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=3000)
    assert [e.ticket_code for e in seen] == ["A-001", "A-002", "B-001"]
    follower.stop()
    service.issue("ktp")
    qtbot.wait(300)
    assert len(seen) == 3                             # nothing after stop()…
    follower.start()
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=3000)   # …and nothing lost by it
    assert [e.seq for e in seen] == sorted({e.seq for e in seen})
    follower.stop()


def test_worker_answers_on_the_gui_thread_in_order(qtbot, service):
    worker = ServiceWorker(SlowFeed(service, delay=0.05), threaded=True)
    answers = []
    t0 = time.monotonic()
    for _ in range(3):
        worker.submit(lambda s: len(s.queues()),
                      lambda n: answers.append((QThread.currentThread() is worker.thread(), n)))
    worker.submit(lambda s: 1 / 0, None, lambda exc: answers.append(type(exc).__name__))
    assert time.monotonic() - t0 < 0.05 and worker.busy()
    qtbot.waitUntil(lambda: len(answers) == 4, timeout=3000)
    assert answers == [(True, 5)] * 3 + ["ZeroDivisionError"] and not worker.busy()
    sync = ServiceWorker(service)                     # the embedded store: at once
    assert not sync.threaded
    job = sync.submit(lambda s: s.issue("ktp").ticket.code)
    assert job.done and job.result == "A-001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_follower_over_http_across_a_server_restart(qtbot, db_path, clock, service):
    settings = ServerSettings(db_path, port=_free_port(), clock=clock)
    srv = ServerThread(settings).start()
    try:
        remote = HttpQueueService(srv.url, device_token(db_path, "papan-1", "board", clock))
        follower = EventFollower(remote)
        assert follower.threaded
        seen, links = [], []
        follower.events.connect(seen.extend)
        follower.connection.connect(links.append)
        follower.start()
        qtbot.waitUntil(lambda: follower.last_seq is not None, timeout=3000)
        for _ in range(3):
            service.issue("ktp")
        qtbot.waitUntil(lambda: len(seen) == 3, timeout=3000)
        srv.stop()
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: links == [False], timeout=2000)
        assert time.monotonic() - t0 < 2.0
        for _ in range(2):
            service.issue("kk")                       # on the server PC, while it is down
        srv = ServerThread(settings).start()
        qtbot.waitUntil(lambda: links == [False, True], timeout=3000)
        qtbot.waitUntil(lambda: len(seen) == 5, timeout=3000)
        assert [e.ticket_code for e in seen] == ["A-001", "A-002", "A-003", "B-001", "B-002"]
        assert [e.seq for e in seen] == [e.seq for e in service.events_after(seen[0].seq - 1)]
        follower.stop()
    finally:
        srv.stop()
