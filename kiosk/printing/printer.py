"""Printing a ticket slip on an ESC/POS thermal printer.

`receipt_bytes` turns a `Receipt` into the exact ESC/POS bytes (through python-escpos' Dummy
printer, so the printer profile decides native QR, cutter and code pages); `print_receipt` sends
them over the office's connection and never blocks much longer than `printer.timeout_s`: a
network printer that stops taking data, a device file nobody reads, a USB write that hangs all
end in a `PrinterError` the kiosk can show and log.
"""
from __future__ import annotations

import logging
import os
import socket
import struct
import sys
import textwrap
import threading
import time
from pathlib import Path

import platformdirs


def _escpos_cache_dir() -> None:
    """python-escpos pickles its printer database into a new temp folder on every import unless
    told where: give it one folder in the user cache (before importing escpos)."""
    if os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
        return
    folder = Path(platformdirs.user_cache_dir("antrean", appauthor=False)) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)


_escpos_cache_dir()

from escpos import printer as escpos_printer  # noqa: E402
from escpos.capabilities import NotSupported  # noqa: E402
from escpos.constants import QR_ECLEVEL_M  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.image import EscposImage  # noqa: E402
from PIL import Image  # noqa: E402

from shared.config import PRINTER_KINDS, PrinterConfig  # noqa: E402
from shared.domain import AntreanError  # noqa: E402
from shared.receipt import (PAPER_COLUMNS, PAPER_DOTS, Receipt, labels,  # noqa: E402
                            qr_image, qr_matrix)

log = logging.getLogger(__name__)

# DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper): real-time status, answered at once by
# printers that support it, never printed.
STATUS_QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
STATUS_WAIT_S = 0.8
SEND_BUFFER_BYTES = 8192   # a small send buffer: "sent" then means close to "the printer has it"
THREAD_SLACK_S = 1.0
ERROR_KINDS = ("unreachable", "timeout", "paper_out", "offline", "config", "error")
_silent_printers: set[tuple[str, int]] = set()   # network printers that never answer DLE EOT

# Typography that code pages lack, replaced before the magic encoder picks a code page.
_PLAIN = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "…": "...", "\u00a0": " ", "•": "*"})


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


def describe(printer: PrinterConfig) -> str:
    """How a person names this printer: '192.168.1.50:9100', 'USB 04b8:0202', '/dev/usb/lp0'."""
    if printer.kind == "network":
        return f"{printer.host}:{printer.port}"
    if printer.kind == "usb":
        return f"USB {printer.usb_vendor or 0:04x}:{printer.usb_product or 0:04x}"
    if printer.kind in ("serial", "file"):
        return str(printer.device)
    if printer.kind in ("cups", "win32raw"):
        return f"'{printer.printer_name}'"
    return printer.kind


# --- the bytes -----------------------------------------------------------------------------

def receipt_bytes(receipt: Receipt, profile: str = "TM-T88V", paper_mm: int = 80,
                  native_qr: bool | None = None) -> bytes:
    """The exact ESC/POS bytes of a slip for a printer profile and paper width."""
    try:
        p = escpos_printer.Dummy(profile=profile)
    except KeyError:
        raise PrinterError(f"Profil printer {profile!r} tidak dikenal (contoh: TM-T88V, TM-T20II, "
                           "POS-5890)", f"Unknown printer profile {profile!r} (e.g. TM-T88V, "
                           "TM-T20II, POS-5890)", kind="config") from None
    if paper_mm not in PAPER_DOTS:
        raise PrinterError(f"Lebar kertas {paper_mm} mm tidak didukung (58 atau 80)",
                           f"Paper width {paper_mm} mm is not supported (58 or 80)", kind="config")
    dots, cols = _printable_area(p.profile, paper_mm)
    words = labels(receipt.lang)

    def lines(text: str) -> None:
        for line in textwrap.wrap(text.translate(_PLAIN), cols) or [""]:
            p.textln(line)

    p.hw("INIT")
    p.set_with_default(align="center")
    logo = _logo_image(receipt.logo_path, dots)
    if logo is not None:
        _raster(p, logo)
    p.set(bold=True)
    lines(receipt.office_name)
    p.set(bold=False)
    p.textln("-" * cols)
    p.textln(words["number"])
    # The number: as large as fits, bold, underlined so that 6 and 9 keep their way up.
    size = max(2, min(4, cols // max(1, len(receipt.code))))
    p.set(bold=True, underline=2, custom_size=True, width=size, height=size)
    p.textln(receipt.code.translate(_PLAIN))
    p.set_with_default(align="center")
    p.ln()
    if receipt.priority_label:
        p.set(bold=True, invert=True)
        for line in textwrap.wrap(receipt.priority_label.translate(_PLAIN), cols - 2):
            p.textln(f" {line} ")
        p.set(bold=False, invert=False)
    p.set(bold=True, double_height=True)
    lines(receipt.service_name)
    p.set_with_default(align="center")
    lines(receipt.issued_line)
    p.ln()
    lines(f"{words['ahead']}: {receipt.people_ahead_text()}")
    lines(f"{words['wait']}: {receipt.estimated_wait}")
    p.ln()
    use_native = p.profile.supports("qrCode") if native_qr is None else native_qr
    n = len(qr_matrix(receipt.status_url))
    module = max(3, min(8, int(dots * 0.42) // n))
    if use_native:
        # GS ( k honours the centre alignment set above
        p.qr(receipt.status_url, ec=QR_ECLEVEL_M, size=module, native=True)
        p.ln()
    else:
        _raster(p, _centred(qr_image(receipt.status_url, module), dots))
    lines(words["scan"])
    if receipt.footer:
        p.textln("-" * cols)
        # fine print in the small font B where the printer has one: office lines fit unbroken
        small = _small_font_columns(p.profile, paper_mm)
        if small:
            p.set(font="b")
        for line in _flow([ln.translate(_PLAIN) for ln in receipt.footer], small or cols):
            p.textln(line)
        if small:
            p.set(font="a")
    p.cut()
    return p.output


def _printable_area(profile, paper_mm: int) -> tuple[int, int]:
    """(dots, columns) on this paper, never more than the printer profile says it can do."""
    dots, cols = PAPER_DOTS[paper_mm], PAPER_COLUMNS[paper_mm]
    try:
        dots = min(dots, int(profile.profile_data["media"]["width"]["pixels"]))
    except (KeyError, TypeError, ValueError):
        pass  # 'Unknown' in generic profiles
    try:
        cols = min(cols, profile.get_columns("a"))
    except Exception:  # noqa: BLE001 - a profile without font data: keep the paper's columns
        pass
    return dots - dots % 8, cols


def _flow(lines: list[str], width: int) -> list[str]:
    """Wrap the office's lines; a line too long for the paper carries its last words into the
    next line when that one continues the sentence (starts lowercase), so no word is orphaned."""
    out: list[str] = []
    carry = ""
    for i, line in enumerate(lines):
        parts = textwrap.wrap(f"{carry} {line}".strip(), width) or [""]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        carry = parts.pop() if len(parts) > 1 and following[:1].islower() else ""
        out += parts
    return out


def _small_font_columns(profile, paper_mm: int) -> int | None:
    """Characters per line in font B on this paper, or None when the printer has no font B."""
    try:
        return min(profile.get_columns("b"), PAPER_COLUMNS[paper_mm] * 4 // 3)
    except (NotSupported, KeyError):
        return None


def _raster(p, img: Image.Image) -> None:
    """GS v 0 raster image, the picture command nearly every ESC/POS printer knows.

    Written here rather than with Escpos.image(), which print()s a warning to stdout for profiles
    without a known paper width ('default', 'simple') and would spoil `--json` output.
    """
    im = EscposImage(img)
    p._raw(b"\x1dv0\x00" + p._int_low_high(im.width_bytes, 2) + p._int_low_high(im.height, 2)
           + im.to_raster_format())


def _centred(img: Image.Image, width: int) -> Image.Image:
    """Pad a picture to the full printable width, centred: no reliance on ESC a for images."""
    canvas = Image.new("L", (width, img.height), 255)
    canvas.paste(img.convert("L"), ((width - img.width) // 2, 0))
    return canvas


def _logo_image(path: str | None, dots: int) -> Image.Image | None:
    if not path or not Path(path).is_file():
        return None
    try:
        with Image.open(path) as src:
            rgba = src.convert("RGBA")
    except OSError as exc:
        log.warning("cannot read the office logo %s: %s", path, exc)
        return None
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    logo = Image.alpha_composite(white, rgba).convert("L")
    logo.thumbnail((dots, 120))
    return _centred(logo, dots)


# --- sending ---------------------------------------------------------------------------------

def print_receipt(receipt: Receipt, printer: PrinterConfig) -> bool:
    """Print a slip; blocking, bounded by about `printer.timeout_s`.

    Returns False when the office has no printer (kind 'none'), True when every byte reached
    the printer. Raises PrinterError otherwise.
    """
    if printer.kind == "none":
        return False
    _check_config(printer)
    data = receipt_bytes(receipt, printer.profile, printer.paper_mm, printer.native_qr)
    send_bytes(data, printer)
    return True


def send_bytes(data: bytes, printer: PrinterConfig) -> None:
    """Send raw ESC/POS bytes over the configured connection (see print_receipt)."""
    _check_config(printer)
    if printer.kind == "network":
        _send_network(data, printer)
    else:
        _run_bounded(lambda: _send_device(data, printer), printer)
    log.info("printed %d bytes on %s", len(data), describe(printer))


def _check_config(printer: PrinterConfig) -> None:
    def bad(id_text: str, en_text: str) -> PrinterError:
        return PrinterError(f"Konfigurasi printer salah: {id_text}",
                            f"Bad printer configuration: {en_text}", kind="config",
                            printer=describe(printer))

    if printer.kind not in PRINTER_KINDS:
        raise bad(f"jenis {printer.kind!r} tidak dikenal ({', '.join(PRINTER_KINDS)})",
                  f"unknown kind {printer.kind!r} ({', '.join(PRINTER_KINDS)})")
    needs = {"usb": ("usb_vendor", "usb_product"), "network": ("host",), "serial": ("device",),
             "file": ("device",), "cups": ("printer_name",), "win32raw": ("printer_name",)}
    for key in needs.get(printer.kind, ()):
        if not getattr(printer, key):
            raise bad(f"printer.{key} wajib diisi untuk kind = {printer.kind!r}",
                      f"printer.{key} is required for kind = {printer.kind!r}")
    if not printer.timeout_s or printer.timeout_s <= 0:
        raise bad("timeout_s harus lebih dari 0", "timeout_s must be more than 0")


def _fail(kind: str, printer: PrinterConfig, id_reason: str, en_reason: str) -> PrinterError:
    name = describe(printer)
    heads = {
        "unreachable": (f"Printer {name} tidak dapat dihubungi",
                        f"Printer {name} cannot be reached"),
        "timeout": (f"Printer {name} tidak menerima data", f"Printer {name} is not taking data"),
        "paper_out": (f"Kertas printer {name} habis", f"Printer {name} is out of paper"),
        "offline": (f"Printer {name} tidak siap", f"Printer {name} is offline"),
        "config": (f"Printer {name} belum dapat dipakai", f"Printer {name} cannot be used"),
        "error": (f"Gagal mencetak ke printer {name}", f"Printing on {name} failed"),
    }[kind]
    return PrinterError(f"{heads[0]}: {id_reason}", f"{heads[1]}: {en_reason}", kind=kind,
                        printer=name)


def _timeout_error(printer: PrinterConfig) -> PrinterError:
    s = f"{printer.timeout_s:g}"
    return _fail("timeout", printer, f"tidak selesai dalam {s} detik (periksa kertas dan "
                 "tutup printer)", f"not done within {s} s (check the paper and the cover)")


# network -------------------------------------------------------------------------------------

def _send_network(data: bytes, printer: PrinterConfig) -> None:
    deadline = time.monotonic() + printer.timeout_s
    p = escpos_printer.Network(printer.host, printer.port, timeout=printer.timeout_s,
                               profile=printer.profile)
    try:
        p.open()
    except DeviceNotFoundError as exc:
        raise _connect_error(exc.__context__ or exc, printer) from None
    sock: socket.socket = p.device
    partial = False   # some of the slip may be in the printer, but not all of it
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)
        _check_status(sock, printer, deadline)
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        partial = True
        sock.sendall(data)
        _wait_delivered(sock, deadline)
        partial = False
    except TimeoutError:
        raise _timeout_error(printer) from None
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError) as exc:
        raise _fail("error", printer, f"koneksi terputus saat mencetak ({exc.strerror})",
                    f"the connection dropped while printing ({exc.strerror})") from None
    except OSError as exc:
        raise _fail("error", printer, str(exc), str(exc)) from None
    finally:
        _close_socket(p, sock, graceful=not partial)


def _connect_error(cause: BaseException, printer: PrinterConfig) -> PrinterError:
    if isinstance(cause, ConnectionRefusedError):
        return _fail("unreachable", printer, "koneksi ditolak (connection refused) — printer "
                     "mati atau port salah", "connection refused — printer off or wrong port")
    if isinstance(cause, TimeoutError):
        s = f"{printer.timeout_s:g}"
        return _fail("unreachable", printer, f"tidak menjawab dalam {s} detik — periksa kabel "
                     "jaringan dan alamat IP", f"no answer within {s} s — check the network "
                     "cable and the IP address")
    if isinstance(cause, socket.gaierror):
        return _fail("unreachable", printer, f"nama host {printer.host!r} tidak dikenal",
                     f"unknown host name {printer.host!r}")
    reason = getattr(cause, "strerror", None) or str(cause)
    return _fail("unreachable", printer, reason, reason)


def _check_status(sock: socket.socket, printer: PrinterConfig, deadline: float) -> None:
    """Ask the printer for its real-time status (DLE EOT), waiting at most STATUS_WAIT_S.

    Printers that do not answer are remembered and not asked again in this process.
    """
    key = (str(printer.host), printer.port)
    if key in _silent_printers:
        return
    sock.settimeout(max(0.01, min(STATUS_WAIT_S, deadline - time.monotonic())))
    sock.sendall(STATUS_QUERY)
    reply = b""
    try:
        while len(reply) < 3:
            chunk = sock.recv(3 - len(reply))
            if not chunk:
                break
            reply += chunk
    except TimeoutError:
        pass
    if len(reply) < 3 or any((b & 0x93) != 0x12 for b in reply):
        log.info("printer %s does not report its status (%r)", describe(printer), reply)
        _silent_printers.add(key)
        return
    printer_st, offline_cause, paper = reply
    if paper & 0x60 or offline_cause & 0x20:
        raise _fail("paper_out", printer, "ganti gulungan kertas, lalu cetak ulang",
                    "load a new paper roll, then reprint")
    if offline_cause & 0x04:
        raise _fail("offline", printer, "tutup printer terbuka", "the cover is open")
    if printer_st & 0x08 or offline_cause & 0x40:
        raise _fail("offline", printer, "printer dalam keadaan galat atau offline",
                    "the printer reports an error or is offline")
    if paper & 0x0C:
        log.warning("printer %s: paper roll near its end", describe(printer))


def _wait_delivered(sock: socket.socket, deadline: float) -> None:
    """On Linux, wait until the printer has acknowledged every byte (the socket's out queue is
    empty); elsewhere sendall() returning is the best we know."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl
    import termios
    while True:
        pending = struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0" * 4))[0]
        if pending <= 0:
            return
        if time.monotonic() >= deadline:
            raise TimeoutError
        time.sleep(0.005)


def _close_socket(p, sock: socket.socket, graceful: bool) -> None:
    try:
        if graceful:
            # unread status bytes would turn close() into a reset that may drop the slip's tail
            sock.setblocking(False)
            for _ in range(64):
                if not sock.recv(4096):
                    break
        else:
            # abort: a stuck printer must not print a stale half slip when it wakes up
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    if graceful:
        p.close()
    else:
        sock.close()
        p.device = False


# devices: usb, serial, file, cups, win32raw --------------------------------------------------

_CLASSES = {"usb": ("Usb", "pyusb"), "serial": ("Serial", "pyserial"), "file": ("File", None),
            "cups": ("CupsPrinter", "pycups"), "win32raw": ("Win32Raw", "pywin32")}


def _send_device(data: bytes, printer: PrinterConfig) -> None:
    cls_name, package = _CLASSES[printer.kind]
    cls = getattr(escpos_printer, cls_name)
    if package and not cls.is_usable():
        raise _fail("config", printer, f"paket Python {package} belum terpasang "
                    f"(pip install {package})", f"the Python package {package} is not "
                    f"installed (pip install {package})")
    if printer.kind == "usb":
        p = cls(printer.usb_vendor, printer.usb_product, timeout=int(printer.timeout_s * 1000),
                profile=printer.profile)
    elif printer.kind == "serial":
        p = cls(devfile=printer.device, baudrate=printer.baudrate, timeout=printer.timeout_s,
                profile=printer.profile)
    elif printer.kind == "file":
        p = cls(devfile=printer.device, profile=printer.profile)
    else:
        p = cls(printer_name=printer.printer_name, profile=printer.profile)
    try:
        p.open()
    except DeviceNotFoundError as exc:
        detail = str(exc).splitlines()[-1] if str(exc) else exc.__class__.__name__
        raise _fail("unreachable", printer, f"perangkat tidak ditemukan atau tidak dapat dibuka "
                    f"({detail})", f"device not found or cannot be opened ({detail})") from None
    try:
        if printer.kind == "serial":
            p.device.write_timeout = printer.timeout_s
        if printer.kind == "cups" and _cups_stopped(p, printer.printer_name):
            raise _fail("offline", printer, "antrean cetak CUPS dihentikan (lihat "
                        "http://localhost:631)", "the CUPS queue is stopped (see "
                        "http://localhost:631)")
        p._raw(data)
        p.close()
    except PrinterError:
        raise
    except Exception as exc:  # noqa: BLE001 - each backend raises its own types
        if "timeout" in type(exc).__name__.lower() or isinstance(exc, TimeoutError):
            raise _timeout_error(printer) from None
        raise _fail("error", printer, str(exc) or type(exc).__name__,
                    str(exc) or type(exc).__name__) from None


def _cups_stopped(p, name: str) -> bool:
    """IPP printer-state 5 is 'stopped'; 4 ('processing') only means other jobs are ahead."""
    return p.printers.get(name, {}).get("printer-state") == 5


def _run_bounded(work, printer: PrinterConfig) -> None:
    """Run a blocking device write in a daemon thread and wait at most timeout_s + slack.

    A write that hangs (a device nobody reads) is left behind in its thread; the caller gets a
    PrinterError('timeout') in bounded time.
    """
    outcome: dict[str, BaseException] = {}

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name=f"antrean-printer {describe(printer)}",
                              daemon=True)
    thread.start()
    thread.join(printer.timeout_s + THREAD_SLACK_S)
    if thread.is_alive():
        log.warning("printer %s: write still blocked after %.1f s", describe(printer),
                    printer.timeout_s + THREAD_SLACK_S)
        raise _timeout_error(printer)
    if "error" in outcome:
        raise outcome["error"]
