"""Talking to the queue without freezing the screen: a worker that runs service calls off the GUI
thread and answers by signal, a connection monitor, and the "offline" banner.

With the embedded store (`SqliteQueueService`) a call takes about a millisecond, so a
`ServiceWorker` runs it at once on the GUI thread: the screens behave exactly as they always did
and their tests stay synchronous. With `antrean serve` (`HttpQueueService`) every call goes to a
background thread with its own copy of the HTTP client (its own connection pool, timeout and
retry window, the same credentials), and the result or the error comes back to the GUI thread
by a queued signal. Writes keep `HttpQueueService`'s idempotency key for all their retries, so a
call pressed as the link drops is applied once when the server answers again — never twice.
"""
from __future__ import annotations

import itertools
import logging
import queue
import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from shared.backend import is_remote
from shared.indonesian import format_time
from shared.qt.theme import FONT_FAMILY, RED, WHITE
from shared.service import QueueService

log = logging.getLogger(__name__)

OFFLINE_TEXT = {"id": "Tidak terhubung ke server — mencoba lagi…",
                "en": "Not connected to the server — retrying…"}


class _Bridge(QObject):
    """Carries answers from background threads to the GUI thread: one for the process, never
    deleted. A thread holds only a number (a mailbox) and plain data — never a Qt object — so no
    screen object is ever released, or emitted on, from a background thread; the mailbox maps
    to a weak reference of the receiving method, kept on the GUI thread."""

    call = Signal(int, object)

    def __init__(self):
        super().__init__()
        self.targets: dict[int, weakref.WeakMethod] = {}
        self.call.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    def _dispatch(self, mailbox: int, payload) -> None:
        ref = self.targets.get(mailbox)
        method = ref() if ref is not None else None
        if method is None or not shiboken6.isValid(method.__self__):
            return
        try:
            method(payload)
        except Exception:  # noqa: BLE001 — never let a late answer take the screen down
            log.exception("a background answer could not be handled")


_bridge: _Bridge | None = None
_mailboxes = itertools.count(1)


def gui_bridge() -> _Bridge:
    """The process's bridge; created on the GUI thread (by a screen's constructor)."""
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
        app = QCoreApplication.instance()
        if app is not None and _bridge.thread() is not app.thread():
            _bridge.moveToThread(app.thread())
    return _bridge


def open_mailbox(method) -> int:
    """On the GUI thread: a number a background thread can `post` to; `method(payload)` (a
    QObject's method) then runs on the GUI thread, as long as its object exists."""
    bridge = gui_bridge()
    mailbox = next(_mailboxes)
    bridge.targets[mailbox] = weakref.WeakMethod(method)
    targets = bridge.targets
    method.__self__.destroyed.connect(lambda *_: targets.pop(mailbox, None))
    return mailbox


def post(mailbox: int, payload) -> bool:
    """From any thread: deliver `payload`; False once the receiver is gone."""
    bridge = _bridge
    if bridge is None or mailbox not in bridge.targets:
        return False
    bridge.call.emit(mailbox, payload)
    return True


def is_offline_error(exc: BaseException | None) -> bool:
    """True for `ServerUnavailable` (code 'offline'), without importing the HTTP client."""
    return exc is not None and getattr(exc, "code", None) == "offline"


def detached(service: QueueService, *, retry_for_s: float, timeout: float) -> QueueService:
    """A copy of a remote service for one background thread (own pool, timeout and retry window,
    the same credentials); the embedded service itself otherwise."""
    if not is_remote(service):
        return service
    from shared.http.client import HttpQueueService
    copy = HttpQueueService(service.base_url, service.token, timeout=timeout,
                            retry_for_s=retry_for_s, adopt_login=service.adopt_login)
    copy.session = service.session
    return copy


def _share_credentials(source, target) -> None:
    if hasattr(source, "token") and source is not target:
        target.token = source.token
        target.session = getattr(source, "session", None)


@dataclass
class Job:
    """One call on a worker: `work(service)`; then `on_done(result)` or `on_error(exc)`."""

    work: Callable[[QueueService], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    result: Any = None
    error: BaseException | None = None
    done: bool = False


class ServiceWorker(QObject):
    """Runs `work(service)` jobs one after another, in order.

    Threaded (a remote service): on a daemon thread with a detached copy of the service; the
    answers come back on the GUI thread. Not threaded (the embedded store): at once, on the
    caller's thread. `work` must not hold Qt objects (it runs, and is dropped, on the thread):
    capture plain values. `connection(bool)` reports whether the server answered (threaded only:
    False after `ServerUnavailable`, True after any answer, refusals included)."""

    connection = Signal(bool)

    def __init__(self, service: QueueService, *, retry_for_s: float = 5.0, timeout: float = 5.0,
                 name: str = "antrean-worker", threaded: bool | None = None, parent=None):
        super().__init__(parent)
        self.service = service
        self.threaded = is_remote(service) if threaded is None else threaded
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._closed = False
        if self.threaded:
            self._queue: queue.Queue = queue.Queue()
            own = detached(service, retry_for_s=retry_for_s, timeout=timeout)
            threading.Thread(target=_work_loop, name=name, daemon=True,
                             args=(self._queue, service, own, open_mailbox(self._deliver))
                             ).start()

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def submit(self, work: Callable[[QueueService], Any],
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Job:
        job = Job(work, on_done, on_error)
        if self._closed:
            return job
        job_id = next(self._ids)
        self._jobs[job_id] = job
        if not self.threaded:
            try:
                result, error = work(self.service), None
            except Exception as exc:  # noqa: BLE001 — every failure goes back to the screen
                result, error = None, exc
            self._deliver((job_id, result, error))
        else:
            self._queue.put((job_id, work))
        return job

    def busy(self) -> bool:
        return bool(self._jobs)

    def shutdown(self) -> None:
        """Drop what has not been delivered; the thread ends after its current call."""
        if self._closed:
            return
        self._closed = True
        self._jobs.clear()
        if self.threaded:
            self._queue.put(None)

    def _deliver(self, answer) -> None:
        job_id, result, error = answer
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        job.result, job.error, job.done = result, error, True
        if self.threaded:
            self.connection.emit(not is_offline_error(error))
        try:
            if error is not None:
                if job.on_error is not None:
                    job.on_error(error)
                else:
                    log.warning("background call failed: %s", error)
            elif job.on_done is not None:
                job.on_done(result)
        except Exception:  # noqa: BLE001 — a broken callback must not take the worker down
            log.exception("handling a service answer failed")


def _work_loop(jobs: queue.Queue, main: QueueService, own: QueueService, mailbox: int) -> None:
    """A worker's thread: plain data in, plain data out (see `_Bridge`)."""
    try:
        while True:
            item = jobs.get()
            if item is None:
                return
            job_id, work = item
            _share_credentials(main, own)
            before = getattr(own, "token", None)
            try:
                answer = (job_id, work(own), None)
            except Exception as exc:  # noqa: BLE001 — every failure goes back to the screen
                answer = (job_id, None, exc)
            del item, work
            if getattr(own, "token", None) != before:   # a login adopted a session
                _share_credentials(own, main)
            if not post(mailbox, answer):
                return                                    # the screen is gone
            del answer
    finally:
        if own is not main:
            try:
                own.close()
            except Exception:  # noqa: BLE001
                pass


class ConnectionMonitor(QObject):
    """Online or not, from the reports of followers and workers (the latest report wins).
    `changed(bool)` on every change; `since` is when the link went down."""

    changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.online = True
        self.since: datetime | None = None

    def watch(self, source: QObject) -> None:
        """Follow a `connection(bool)` signal (EventFollower, ServiceWorker)."""
        source.connection.connect(self.report)

    def report(self, up: bool) -> None:
        if up == self.online:
            return
        self.online = up
        self.since = None if up else datetime.now(timezone.utc)
        log.warning("queue server %s", "reachable again" if up else "unreachable")
        self.changed.emit(up)


class ServerTime:
    """The server's clock without a request on the GUI thread: the local clock plus an offset
    measured now and then by a worker (the apps show times the server recorded)."""

    REMEASURE_S = 600.0

    def __init__(self, worker: ServiceWorker | None = None):
        self.offset = timedelta(0)
        self._worker = worker
        self._measured_at: datetime | None = None

    def now(self) -> datetime:
        real = datetime.now(timezone.utc)
        if self._worker is not None and (self._measured_at is None or
                                         (real - self._measured_at).total_seconds()
                                         > self.REMEASURE_S):
            self._measured_at = real
            self._worker.submit(_measure_offset, self._set, lambda exc: None)
        return real + self.offset

    def _set(self, offset: timedelta) -> None:
        self.offset = offset


def _measure_offset(service) -> timedelta:
    clock = getattr(service, "clock", None)
    if clock is None:
        return timedelta(0)
    return clock.now() - datetime.now(timezone.utc)


class OfflineBanner(QFrame):
    """A red strip: "Tidak terhubung ke server — mencoba lagi…", with the time it went down.

    `variant="staff"` (one language, the console's) or `"public"` (the board: Indonesian and
    English, large)."""

    def __init__(self, variant: str = "staff", lang: str = "id", parent=None):
        super().__init__(parent)
        self.setObjectName("offline_banner")
        self.variant = variant
        self.lang = lang
        self._since: datetime | None = None
        self._tz = None
        self._detail_id = ""
        self._detail_en = ""
        self.icon = QLabel("⚠", objectName="offline_icon")
        self.title = QLabel(objectName="offline_title")
        self.title.setWordWrap(True)
        self.detail = QLabel(objectName="offline_detail")
        self.detail.setWordWrap(True)
        text_box = QVBoxLayout()
        text_box.setSpacing(0 if variant == "public" else 2)
        text_box.addWidget(self.title)
        text_box.addWidget(self.detail)
        row = QHBoxLayout(self)
        public = variant == "public"
        row.setContentsMargins(32 if public else 16, 2 if public else 8,
                               32 if public else 16, 2 if public else 8)
        row.setSpacing(18 if public else 12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text_box, 1)
        big, small, icon = (28, 17, 38) if public else (17, 14, 24)
        self.setStyleSheet(
            f"QFrame#offline_banner {{ background: {RED}; border: none;"
            f" border-radius: {0 if public else 8}px; }}"
            f"QFrame#offline_banner QLabel {{ background: transparent; color: {WHITE};"
            f" font-family: \"{FONT_FAMILY}\", \"Segoe UI\", sans-serif; }}"
            f"QLabel#offline_icon {{ font-size: {icon}px; font-weight: bold; }}"
            f"QLabel#offline_title {{ font-size: {big}px; font-weight: bold; }}"
            f"QLabel#offline_detail {{ font-size: {small}px; color: #fde8eb; }}")
        self.hide()
        self._update()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._update()

    def set_detail(self, detail_id: str, detail_en: str = "") -> None:
        """A second line under the title (what still works, what to do)."""
        self._detail_id, self._detail_en = detail_id, detail_en or detail_id
        self._update()

    def set_offline(self, offline: bool, since: datetime | None = None, tz=None) -> None:
        self._since = since if offline else None
        self._tz = tz
        self._update()
        self.setVisible(offline)

    def _since_text(self, lang: str) -> str:
        if self._since is None:
            return ""
        local = self._since.astimezone(self._tz) if self._tz else self._since.astimezone()
        return ("sejak pukul " if lang == "id" else "since ") + format_time(local, lang)

    def _update(self) -> None:
        if self.variant == "public":
            self.title.setText(f"{OFFLINE_TEXT['id']}   ·   {OFFLINE_TEXT['en']}")
            parts = [p for p in (self._detail_id, self._detail_en) if p]
            since = self._since_text("id")
            self.detail.setText(" · ".join(([since.capitalize()] if since else []) + parts))
        else:
            lang = "en" if self.lang == "en" else "id"
            self.title.setText(OFFLINE_TEXT[lang])
            since = self._since_text(lang)
            detail = self._detail_en if lang == "en" else self._detail_id
            self.detail.setText(" · ".join(p for p in (since.capitalize() if since else "",
                                                        detail) if p))
        self.detail.setVisible(bool(self.detail.text()))
