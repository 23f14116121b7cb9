"""Receipt printing: `printer.print_receipt` (what the kiosk calls), the slip as ESC/POS bytes
(`escpos_bytes.py`), getting them to the printer within `timeout_s` (`transports.py`), the
background print worker, and `antrean reprint` / `antrean print-test` (`reprint.py`).
"""
