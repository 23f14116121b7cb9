"""The doctor's device checks: the receipt printer (through kiosk.printing, which is Qt-free,
imported only here and only when asked) and the sound output (asked of Qt on the kiosk side)."""
from __future__ import annotations

import importlib
import importlib.util
import logging
import time

from shared.install.findings import Finding, fix, info, ok, warning

log = logging.getLogger(__name__)

SOUND_PROBE = "kiosk.sound_probe"   # Qt multimedia: outside the core
CONFIG_HINT = ("perbaiki tabel [printer] di konfigurasi kantor, lalu jalankan 'antrean init "
               "--config FILE'", "fix the [printer] table of the office config, then run "
               "'antrean init --config FILE'")
PRINTER_TODO = {   # PrinterError kind → (Indonesian, English)
    "unreachable": ("Nyalakan printer dan periksa kabelnya (USB atau jaringan). Printer jaringan: "
                    "cetak halaman status printer (tahan tombol FEED saat menyalakan) dan "
                    "samakan alamat IP-nya dengan printer.host; " + CONFIG_HINT[0],
                    "Switch the printer on and check its cable (USB or network). A network "
                    "printer: print its status page (hold FEED while switching on) and match "
                    "its IP address with printer.host; " + CONFIG_HINT[1]),
    "timeout": ("Periksa kertas dan tutup printer, matikan lalu nyalakan lagi printernya",
                "Check the paper and the cover, switch the printer off and on again"),
    "paper_out": ("Pasang gulungan kertas baru", "Load a new paper roll"),
    "offline": ("Tutup penutup printer dan periksa lampu errornya; matikan lalu nyalakan lagi",
                "Close the printer's cover and check its error light; switch it off and on"),
    "config": CONFIG_HINT,
    "error": ("Matikan lalu nyalakan lagi printernya, lalu jalankan antrean doctor lagi",
              "Switch the printer off and on, then run antrean doctor again"),
}


def check_printer(printer, needed: bool = True) -> Finding:
    """Connect to the office's printer and ask its status, printing nothing. `needed`: this PC
    prints slips (a kiosk), so a printer fault must be fixed; else it is worth a look."""
    if printer.kind == "none":
        return info("printer", "Tidak ada printer struk (printer.kind = \"none\"): nomor antrean "
                               "hanya tampil di layar kiosk",
                    "No receipt printer (printer.kind = \"none\"): the number is shown on the "
                    "kiosk screen only",
                    "Jika kiosk memakai printer, " + CONFIG_HINT[0],
                    "If the kiosk has a printer, " + CONFIG_HINT[1])
    try:
        from kiosk.printing.errors import PrinterError
        from kiosk.printing import transports
    except ImportError as exc:
        return fix("printer", f"Modul pencetakan tidak dapat dimuat: {exc}",
                   f"The printing modules cannot be loaded: {exc}",
                   "Pasang ulang antrean (pip install .)", "Reinstall antrean (pip install .)")
    name = transports.describe(printer)
    started = time.monotonic()
    try:
        transports.check_config(printer)
        if printer.kind in ("cups", "win32raw"):
            _check_spooled(printer, transports, PrinterError)
        else:
            transports.send_bytes(b"", printer)   # connect, ask the status, send nothing
    except PrinterError as exc:
        todo = PRINTER_TODO.get(exc.kind, PRINTER_TODO["error"])
        make = fix if needed else warning
        return make("printer", exc.message, exc.message_en or exc.message, *todo)
    ms = (time.monotonic() - started) * 1000
    silent = (str(printer.host), printer.port) in getattr(transports, "_silent_printers", set())
    if printer.kind == "network" and not silent:
        return ok("printer", f"Printer {name} menjawab dalam {ms:.0f} ms: siap, kertas ada",
                  f"Printer {name} answered in {ms:.0f} ms: ready, paper loaded")
    return ok("printer", f"Printer {name} dapat dihubungi ({ms:.0f} ms); keadaan kertas tidak "
                         "dilaporkan printer ini — cetak uji dengan 'antrean print-test'",
              f"Printer {name} can be reached ({ms:.0f} ms); this printer does not report its "
              "paper — make a test print with 'antrean print-test'")


def _check_spooled(printer, transports, PrinterError) -> None:   # noqa: N803
    """A CUPS queue or a Windows printer: it exists and is not stopped (no job is made)."""
    from escpos import printer as escpos_printer
    cls = escpos_printer.CupsPrinter if printer.kind == "cups" else escpos_printer.Win32Raw
    package = "pycups" if printer.kind == "cups" else "pywin32"
    name = transports.describe(printer)
    if not cls.is_usable():
        raise PrinterError(f"Printer {name} belum dapat dipakai: paket Python {package} belum "
                           f"terpasang (pip install {package})", f"Printer {name} cannot be "
                           f"used: the Python package {package} is not installed "
                           f"(pip install {package})", kind="config", printer=name)
    try:
        p = cls(printer_name=printer.printer_name, profile=printer.profile)
        if printer.kind == "cups":
            p.open()
        known = printer.printer_name in p.printers
        stopped = printer.kind == "cups" and known and \
            p.printers[printer.printer_name].get("printer-state") == 5
    except Exception as exc:  # noqa: BLE001 - each spooler raises its own
        raise PrinterError(f"Printer {name} tidak dapat dihubungi: {exc}",
                           f"Printer {name} cannot be reached: {exc}", kind="unreachable",
                           printer=name) from None
    if not known:
        raise PrinterError(f"Printer {name} tidak ada di daftar printer PC ini",
                           f"Printer {name} is not among this PC's printers", kind="unreachable",
                           printer=name)
    if stopped:
        raise PrinterError(f"Antrean cetak CUPS {name} dihentikan (lihat http://localhost:631)",
                           f"The CUPS queue {name} is stopped (see http://localhost:631)",
                           kind="offline", printer=name)


def check_sound(needed: bool) -> Finding:
    """Qt's audio outputs (the board plays its calls through them). `needed`: this PC runs the
    board, so no sound must be fixed; elsewhere it is only told."""
    if importlib.util.find_spec(SOUND_PROBE) is None:
        return info("sound", "Pemeriksaan suara tidak tersedia di versi ini",
                    "The sound check is not available in this version")
    try:
        outputs, default = importlib.import_module(SOUND_PROBE).audio_outputs()
    except Exception as exc:  # noqa: BLE001 - a broken audio stack is a finding, not a crash
        log.warning("sound probe failed", exc_info=True)
        outputs, default = [], f"({exc})"
    if outputs:
        return ok("sound", f"Keluaran suara: {default or outputs[0]}"
                           + (f" (dan {len(outputs) - 1} lainnya)" if len(outputs) > 1 else ""),
                  f"Sound output: {default or outputs[0]}"
                  + (f" (and {len(outputs) - 1} more)" if len(outputs) > 1 else ""))
    text = ("Tidak ada perangkat keluaran suara: panggilan di layar antrean tidak terdengar",
            "No sound output device: the board's calls cannot be heard")
    todo = ("Sambungkan speaker atau TV (HDMI) dan pilih sebagai keluaran suara di pengaturan "
            "suara PC; di Linux pastikan PipeWire/PulseAudio berjalan untuk pengguna ini",
            "Connect speakers or the TV (HDMI) and choose it as the sound output in the PC's "
            "sound settings; on Linux make sure PipeWire/PulseAudio runs for this user")
    return (fix if needed else info)("sound", *text, *todo)
