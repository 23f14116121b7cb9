"""Getting ESC/POS bytes to the printer (network, USB, serial, file, CUPS, Windows) in timeout_s."""
from __future__ import annotations

import logging
import socket
import struct
import sys
import threading
import time

import kiosk.printing.capabilities  # noqa: F401 - first: escpos finds its cache folder at import
from escpos import printer as escpos_printer
from escpos.exceptions import DeviceNotFoundError

from kiosk.printing.errors import PrinterError
from shared.config import PRINTER_KINDS, PrinterConfig

log = logging.getLogger(__name__)

# DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper): real-time status, answered at once by
# printers that support it, never printed.
STATUS_QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
STATUS_WAIT_S = 0.8
SEND_BUFFER_BYTES = 8192   # a small send buffer: "sent" then means close to "the printer has it"
THREAD_SLACK_S = 1.0
_silent_printers: set[tuple[str, int]] = set()   # network printers that never answer DLE EOT


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


def send_bytes(data: bytes, printer: PrinterConfig) -> None:
    """Send raw ESC/POS bytes over the configured connection; blocking, bounded by about
    `printer.timeout_s`. Raises PrinterError."""
    check_config(printer)
    if printer.kind == "network":
        _send_network(data, printer)
    else:
        _run_bounded(lambda: _send_device(data, printer), printer)
    log.info("printed %d bytes on %s", len(data), describe(printer))


def check_config(printer: PrinterConfig) -> None:
    """A PrinterError('config') for a [printer] table that cannot work, before any connection."""
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
