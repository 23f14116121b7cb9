"""`antrean reprint CODE` and `antrean print-test [--png PATH]`.

reprint: print today's ticket again with the queue as it is now (people ahead, estimated wait),
and log a `reprinted` event, or a `printer_fault` event when the printer fails (exit 1).
print-test: print a sample slip and always save its PNG preview, to check paper, width, code
page, QR code and cutter when a printer is installed.
Without a printer (kind = "none") both save the PNG preview and say where.
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path

from shared.domain import AntreanError, IssuedTicket, TicketStatus
from shared.receipt import build_receipt, receipt_for_test, render_receipt_png
from shared.store.service import SqliteQueueService

from kiosk.printing.printer import PrinterError, describe, print_receipt

log = logging.getLogger(__name__)

TEST_PNG_NAME = "antrean-uji-cetak.png"


def main(args) -> int:
    service = SqliteQueueService(args.db)
    try:
        if args.command == "print-test":
            return _print_test(service, args)
        return _reprint(service, args)
    finally:
        service.close()


def _reprint(service: SqliteQueueService, args) -> int:
    config = service.config
    ticket = service.ticket(args.code)
    if ticket.status in (TicketStatus.DONE, TicketStatus.CANCELLED):
        state = "sudah selesai dilayani" if ticket.status == TicketStatus.DONE else "dibatalkan"
        state_en = "already served" if ticket.status == TicketStatus.DONE else "cancelled"
        raise AntreanError(f"Tiket {ticket.code} {state}: struk tidak dicetak ulang",
                           f"Ticket {ticket.code} is {state_en}: no reprint")
    issued = IssuedTicket(ticket, service.people_ahead(ticket.code),
                          service.estimated_wait(ticket.code), config.status_url(ticket.token))
    receipt = build_receipt(config, issued)
    printer = config.printer
    if printer.kind == "none":
        path = Path(getattr(args, "png", None) or f"antrean-struk-{ticket.code}.png").resolve()
        render_receipt_png(receipt, printer.paper_mm, path)
        service.record_event("reprinted", ticket_code=ticket.code,
                             detail={"printer": "none", "preview": str(path)})
        _say(args, {"code": ticket.code, "printed": False, "preview": str(path)},
             f"Tidak ada printer (printer.kind = \"none\"): pratinjau struk {ticket.code} "
             f"disimpan di {path}")
        return 0
    try:
        print_receipt(receipt, printer)
    except PrinterError as exc:
        service.record_event("printer_fault", ticket_code=ticket.code,
                             detail={"kind": exc.kind, "message": exc.message,
                                     "printer": exc.printer, "action": "reprint"})
        raise
    service.record_event("reprinted", ticket_code=ticket.code,
                         detail={"printer": describe(printer)})
    _say(args, {"code": ticket.code, "printed": True, "printer": describe(printer)},
         f"Struk {ticket.code} dicetak ulang di printer {describe(printer)}")
    return 0


def print_test_slip(config, png: str | Path, now: datetime | None = None) -> bool:
    """Save the test slip's preview to `png`, then print it on `config.printer` (blocking, about
    `printer.timeout_s` at most): False without a printer, PrinterError when it fails. The admin's
    printer page calls this with the settings being edited, before they are saved."""
    receipt = receipt_for_test(config, now or datetime.now(config.tz))
    render_receipt_png(receipt, config.printer.paper_mm, Path(png))
    return print_receipt(receipt, config.printer)


def _print_test(service: SqliteQueueService, args) -> int:
    config = service.config
    printer = config.printer
    path = Path(args.png or TEST_PNG_NAME).resolve()
    try:
        printed = print_test_slip(config, path)
    except PrinterError as exc:
        print(f"Pratinjau struk disimpan di {path}", file=sys.stderr if args.json else sys.stdout)
        service.record_event("printer_fault", detail={"kind": exc.kind, "message": exc.message,
                                                      "printer": exc.printer,
                                                      "action": "print-test"})
        raise
    print(f"Pratinjau struk disimpan di {path}", file=sys.stderr if args.json else sys.stdout)
    if printed:
        text = f"Struk uji dicetak di printer {describe(printer)}"
    else:
        text = "Tidak ada printer (printer.kind = \"none\"): hanya pratinjau yang dibuat"
    _say(args, {"printed": printed, "printer": describe(printer) if printed else None,
                "preview": str(path)}, text)
    return 0


def _say(args, data: dict, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)
