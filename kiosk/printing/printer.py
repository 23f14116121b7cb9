"""Printing a ticket slip on an ESC/POS thermal printer: what the kiosk and `antrean reprint` call.

`receipt_bytes` (escpos_bytes) turns a `Receipt` into the exact ESC/POS bytes (through
python-escpos' Dummy printer, so the printer profile decides native QR, cutter and code pages);
`print_receipt` sends them over the office's connection (transports) and never blocks much
longer than `printer.timeout_s`: a network printer that stops taking data, a device file nobody
reads, a USB write that hangs all end in a `PrinterError` the kiosk can show and log.
"""
from __future__ import annotations

from kiosk.printing.errors import PrinterError
from kiosk.printing.escpos_bytes import receipt_bytes
from kiosk.printing.transports import check_config, describe, send_bytes
from shared.config import PrinterConfig
from shared.receipt import Receipt

__all__ = ["PrinterError", "describe", "print_receipt", "receipt_bytes", "send_bytes"]


def print_receipt(receipt: Receipt, printer: PrinterConfig) -> bool:
    """Print a slip; blocking, bounded by about `printer.timeout_s`.

    Returns False when the office has no printer (kind 'none'), True when every byte reached
    the printer. Raises PrinterError otherwise.
    """
    if printer.kind == "none":
        return False
    check_config(printer)   # before building bytes: a [printer] table that cannot work says so
    data = receipt_bytes(receipt, printer.profile, printer.paper_mm, printer.native_qr)
    send_bytes(data, printer)
    return True
