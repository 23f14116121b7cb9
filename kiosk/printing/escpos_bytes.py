"""A ticket slip as the exact ESC/POS bytes for a printer profile and paper width."""
from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import kiosk.printing.capabilities  # noqa: F401 - first: escpos finds its cache folder at import
from escpos import printer as escpos_printer
from escpos.capabilities import NotSupported
from escpos.constants import QR_ECLEVEL_M
from escpos.image import EscposImage
from PIL import Image

from kiosk.printing.errors import PrinterError
from shared.receipt import PAPER_COLUMNS, PAPER_DOTS, Receipt, labels, qr_image, qr_matrix

log = logging.getLogger(__name__)

# Typography that code pages lack, replaced before the magic encoder picks a code page.
_PLAIN = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "…": "...", "\u00a0": " ", "•": "*"})


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
