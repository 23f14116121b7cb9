"""PrinterError: why a slip was not printed, shared by the ESC/POS bytes and the transports."""
from __future__ import annotations

from shared.domain import AntreanError

ERROR_KINDS = ("unreachable", "timeout", "paper_out", "offline", "config", "error")


class PrinterError(AntreanError):
    """The slip was not printed.

    `kind`: unreachable | timeout | paper_out | offline | config | error; `printer` names it.
    """

    code = "printer"

    def __init__(self, message: str, message_en: str | None = None, *, kind: str = "error",
                 printer: str = ""):
        super().__init__(message, message_en, kind=kind, printer=printer)
        self.kind = kind if kind in ERROR_KINDS else "error"
        self.printer = printer
