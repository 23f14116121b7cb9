"""Printing off the GUI thread: one job at a time, at most one more waiting, faults recorded.

The ticket is already issued when a job is submitted; a dead, jammed or unplugged printer can
only cost the slip, never the ticket or the kiosk. A job that finds the queue full fails at once
(kind 'busy') instead of piling up threads behind a stalled printer.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from shared.config import PrinterConfig
from shared.domain import IssuedTicket
from shared.service import QueueService

log = logging.getLogger(__name__)

MAX_WAITING = 1   # jobs allowed to wait behind the one printing


@dataclass(frozen=True)
class PrintResult:
    code: str
    ok: bool            # the slip came out
    kind: str           # 'printed', 'none' (no printer configured), or a PrinterError kind / 'busy'
    message: str = ""
    elapsed_ms: float = 0.0


def _warm_up() -> None:
    """Import the printing stack (python-escpos, its printer database) before the first visitor
    needs it, on the print thread: the first slip then costs no more than the next."""
    try:
        import kiosk.printing.printer  # noqa: F401
        import shared.receipt  # noqa: F401
    except Exception:
        log.exception("cannot load the printing modules")


def _default_print(config, issued: IssuedTicket, lang: str) -> bool:
    from kiosk.printing.printer import print_receipt
    from shared.receipt import build_receipt
    return print_receipt(build_receipt(config, issued, lang=lang), config.printer)


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit through it (a queued connection)."""

    result = Signal(object)


class _PrintJob(QRunnable):
    def __init__(self, queue: "PrintQueue", config, issued: IssuedTicket, lang: str):
        super().__init__()
        self.setAutoDelete(True)
        self.queue, self.config, self.issued, self.lang = queue, config, issued, lang

    def run(self) -> None:
        code = self.issued.ticket.code
        started = time.perf_counter()
        try:
            ok = self.queue.print_fn(self.config, self.issued, self.lang)
            result = PrintResult(code, bool(ok), "printed" if ok else "none")
        except Exception as exc:  # PrinterError or anything else: the ticket stays issued
            kind = getattr(exc, "kind", None) or "error"
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            if kind == "error":
                log.exception("printing %s failed", code)
            else:
                log.warning("printing %s failed (%s): %s", code, kind, message)
            result = PrintResult(code, False, kind, message)
            self.queue.record_fault(result)
        result = PrintResult(result.code, result.ok, result.kind, result.message,
                             (time.perf_counter() - started) * 1000)
        self.queue.relay.result.emit(result)


class PrintQueue(QObject):
    """`submit(issued, lang)` returns at once; `finished(PrintResult)` arrives in the GUI thread."""

    finished = Signal(object)

    def __init__(self, service: QueueService,
                 print_fn: Callable[[object, IssuedTicket, str], bool] | None = None, parent=None):
        super().__init__(parent)
        self.service = service
        self.print_fn = print_fn or _default_print
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)          # one printer, one job at a time
        self.pool.setExpiryTimeout(-1)          # keep the thread (and its SQLite connection)
        self.relay = _Relay(self)
        self.relay.result.connect(self._on_result)
        self._lock = threading.Lock()
        self._in_flight = 0

    def warm_up(self) -> None:
        """Load the printing modules in the background (when the office has a printer)."""
        if self.print_fn is _default_print:
            self.pool.start(_warm_up)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def submit(self, issued: IssuedTicket, lang: str = "id", config=None) -> bool:
        """Queue the slip of an issued ticket. False when the queue is full (failed fast)."""
        config = config or self.service.config
        with self._lock:
            full = self._in_flight >= 1 + MAX_WAITING
            if not full:
                self._in_flight += 1
        if full:
            result = PrintResult(issued.ticket.code, False, "busy",
                                 "printer still busy with earlier slips")
            log.warning("printing %s skipped: printer busy", issued.ticket.code)
            self.record_fault(result)
            QTimer.singleShot(0, lambda: self.finished.emit(result))
            return False
        self.pool.start(_PrintJob(self, config, issued, lang))
        return True

    def record_fault(self, result: PrintResult) -> None:
        """Append a printer_fault event (from whichever thread noticed it)."""
        try:
            self.service.record_event("printer_fault", ticket_code=result.code,
                                      detail={"kind": result.kind, "message": result.message})
        except Exception:
            log.exception("cannot record printer fault for %s", result.code)

    def _on_result(self, result: PrintResult) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
        self.finished.emit(result)

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Drop waiting jobs and wait for the running one (at exit, and between tests)."""
        self.pool.clear()
        return self.pool.waitForDone(timeout_ms)


def printer_configured(printer: PrinterConfig) -> bool:
    return printer.kind != "none"
