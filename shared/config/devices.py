"""The devices' tables: [printer] (the receipt printer), [kiosk] and [board] (with its voice)."""
from __future__ import annotations

from shared.config.model import (PRINTER_KINDS, VOICE_LANGUAGES, VOICE_SOURCES, BoardConfig,
                                 KioskConfig, PrinterConfig)
from shared.config.reader import Reader, parse_hex_int

PRINTER_KEYS = {"kind", "profile", "paper_mm", "usb_vendor", "usb_product", "host", "port",
                "device", "baudrate", "printer_name", "timeout_s", "native_qr"}
# the keys each printer kind cannot do without
PRINTER_NEEDS = {"usb": ("usb_vendor", "usb_product"), "network": ("host",),
                 "serial": ("device",), "file": ("device",), "cups": ("printer_name",),
                 "win32raw": ("printer_name",)}


def parse_printer(root: Reader) -> PrinterConfig:
    """[printer]: the kind, the paper and the keys that kind needs."""
    pr = root.sub("printer")
    pr.check_unknown(PRINTER_KEYS)
    kind = pr.get("kind", str, "none")
    if kind not in PRINTER_KINDS:
        raise pr.fail("kind", f"{kind!r} must be one of: {', '.join(PRINTER_KINDS)}")
    paper = pr.get("paper_mm", int, 80)
    if paper not in (58, 80):
        raise pr.fail("paper_mm", f"{paper} must be 58 or 80")
    printer = PrinterConfig(
        kind=kind, profile=pr.get("profile", str, "TM-T88V"), paper_mm=paper,
        usb_vendor=parse_hex_int(pr, "usb_vendor"), usb_product=parse_hex_int(pr, "usb_product"),
        host=pr.get("host", str, None), port=pr.get("port", int, 9100),
        device=pr.get("device", str, None), baudrate=pr.get("baudrate", int, 9600),
        printer_name=pr.get("printer_name", str, None), timeout_s=pr.get("timeout_s", float, 5.0),
        native_qr=pr.get("native_qr", bool, None))
    for key in PRINTER_NEEDS.get(kind, ()):
        if getattr(printer, key) is None:
            raise pr.fail(key, f"is required when kind = {kind!r}")
    return printer


def parse_kiosk(root: Reader) -> KioskConfig:
    """[kiosk]: how long the ticket screen stays and when the kiosk goes idle."""
    k = root.sub("kiosk")
    k.check_unknown({"ticket_screen_seconds", "idle_seconds"})
    return KioskConfig(k.get("ticket_screen_seconds", int, 12), k.get("idle_seconds", int, 60))


def parse_board(root: Reader) -> BoardConfig:
    """[board]: the voice and its languages, volume, media and the recent-calls list."""
    b = root.sub("board")
    b.check_unknown({f for f in BoardConfig.__dataclass_fields__})
    voice = b.get("voice", str, "clips")
    if voice not in VOICE_SOURCES:
        raise b.fail("voice", f"{voice!r} must be one of: {', '.join(VOICE_SOURCES)}")
    langs = _parse_languages(b)
    volume = b.get("volume", int, 80)
    if not 0 <= volume <= 100:
        raise b.fail("volume", f"{volume} must be from 0 to 100")
    numbers = {}
    for key, low, high, default in (("media_interval_s", 2, 3600, 10), ("recent_calls", 1, 6, 5)):
        numbers[key] = b.get(key, int, default)
        if not low <= numbers[key] <= high:
            raise b.fail(key, f"{numbers[key]} must be from {low} to {high}")
    flash = b.get("flash_seconds", float, 5.0)
    if not 0 <= flash <= 60:
        raise b.fail("flash_seconds", f"{flash:g} must be from 0 to 60")
    return BoardConfig(voice, tuple(langs), volume, b.get("chime", bool, True),
                       b.get("sounds_dir", str, "") or None, b.get("tts_engine", str, ""),
                       b.get("media_dir", str, "") or None, flash_seconds=flash, **numbers)


def _parse_languages(b: Reader) -> list[str]:
    """board.languages: one language or a list of distinct ones, in the order they are spoken."""
    langs = b.table.get("languages", ["id"])
    langs = [langs] if isinstance(langs, str) else langs
    if (not isinstance(langs, list) or not langs
            or not all(isinstance(x, str) and x in VOICE_LANGUAGES for x in langs)):
        raise b.fail("languages", f"{langs!r} must be a list of languages from: "
                                  f"{', '.join(VOICE_LANGUAGES)} (e.g. [\"id\", \"en\"])")
    if len(set(langs)) != len(langs):
        raise b.fail("languages", f"{langs!r} names a language twice")
    return langs
