"""What a ticket slip says, and how it looks as a picture.

`build_receipt` turns an issued ticket into a `Receipt` (plain text, no printer details);
`kiosk.printing.printer` turns a Receipt into ESC/POS bytes, and `render_receipt_png` draws the same
content with Pillow at the paper's printable width: a preview for the kiosk screen, the docs and
`antrean print-test`. No Qt here.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from shared.booking.codes import display_code
from shared.config import OfficeConfig
from shared.domain import PRIORITY_LABELS, IssuedTicket, PriorityGroup
from shared.estimate.words import slip_text
from shared.indonesian import format_datetime_long

log = logging.getLogger(__name__)

# Printable width in dots of common thermal printers at 203 dpi.
PAPER_DOTS = {80: 576, 58: 384}
# Characters per line in the printer's font A.
PAPER_COLUMNS = {80: 48, 58: 32}
MIN_TEXT_PX = 13   # about 1.6 mm at 203 dpi: the smallest print a visitor can still read

LABELS = {
    "id": {
        "number": "NOMOR ANTREAN",
        "ahead": "Di depan Anda",
        "people": "orang",
        "wait": "Perkiraan waktu tunggu",
        "wait_short": "Perkiraan tunggu",
        "priority": "Prioritas",
        "scan": "Pindai kode QR untuk memantau antrean Anda",
        "test": "*** UJI CETAK — bukan nomor antrean ***",
    },
    "en": {
        "number": "QUEUE NUMBER",
        "ahead": "People ahead of you",
        "people": "",
        "wait": "Estimated waiting time",
        "wait_short": "Estimated wait",
        "priority": "Priority",
        "scan": "Scan the QR code to follow your queue",
        "test": "*** TEST PRINT — not a queue number ***",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "id"]


@dataclass(frozen=True)
class Receipt:
    """The content of one ticket slip, already worded in the visitor's language."""

    office_name: str
    logo_path: str | None
    code: str                       # 'A-001'
    service_name: str
    issued_line: str                # 'Senin, 23 November 2026 pukul 08.15 WIB'
    people_ahead: int
    estimated_wait: str             # '± 25 menit': one rounded figure (shared.estimate.words)
    status_url: str
    footer: tuple[str, ...]
    priority_label: str | None      # 'Prioritas: Lanjut usia'
    lang: str

    def people_ahead_text(self) -> str:
        word = labels(self.lang)["people"]
        return f"{self.people_ahead} {word}".strip()


def build_receipt(config: OfficeConfig, issued: IssuedTicket, lang: str = "id") -> Receipt:
    """The slip for a ticket just issued (or reprinted), in 'id' or 'en'."""
    t = issued.ticket
    svc = config.service(t.service)
    service_name = svc.display_name(lang) if svc else t.service
    local = t.issued_at.astimezone(config.tz)
    priority = None
    if t.priority_group is not None:
        name_id, name_en = PRIORITY_LABELS[PriorityGroup(t.priority_group)]
        priority = f"{labels(lang)['priority']}: {name_en if lang == 'en' else name_id}"
    footer = tuple(config.footer)
    if getattr(t, "booking_code", None):   # checked in for a booking made ahead
        footer = (f"Booking {display_code(t.booking_code)}",) + footer
    return Receipt(
        office_name=config.name, logo_path=config.logo or None, code=t.code,
        service_name=service_name,
        issued_line=format_datetime_long(local, config.timezone, lang),
        people_ahead=issued.people_ahead,
        estimated_wait=slip_text(issued.estimated_wait_min, lang),
        status_url=issued.status_url, footer=footer, priority_label=priority,
        lang=lang)


def receipt_for_test(config: OfficeConfig, now: datetime) -> Receipt:
    """A sample slip for `antrean print-test`: real office data, clearly marked as a test."""
    svc = config.services[0]
    local = now.astimezone(config.tz) if now.tzinfo else now.replace(tzinfo=config.tz)
    return Receipt(
        office_name=config.name, logo_path=config.logo or None, code=f"{svc.prefix}-123",
        service_name=svc.display_name("id"),
        issued_line=format_datetime_long(local, config.timezone, "id"),
        people_ahead=5, estimated_wait=slip_text(25, "id"),
        status_url=config.status_url("uji-cetak"),
        footer=(LABELS["id"]["test"],) + tuple(config.footer),
        priority_label=None, lang="id")


# --- QR code -----------------------------------------------------------------------------

def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules for `data` (error correction M, no quiet zone); True is dark."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_image(data: str, module_px: int) -> Image.Image:
    """A black-on-white QR code ('L' mode) without quiet zone; the caller leaves white around it."""
    matrix = qr_matrix(data)
    n = len(matrix)
    img = Image.new("L", (n, n), 255)
    img.putdata([0 if dark else 255 for row in matrix for dark in row])
    return img.resize((n * module_px, n * module_px), Image.NEAREST)


# --- fonts ---------------------------------------------------------------------------------

_FONT_FILES = {
    # DejaVu (fonts-dejavu-core on Debian/Ubuntu), then Windows and macOS fonts
    "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf",
                "segoeui.ttf", "arial.ttf", "/System/Library/Fonts/Supplemental/Arial.ttf"],
    "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf",
             "segoeuib.ttf", "arialbd.ttf",
             "/System/Library/Fonts/Supplemental/Arial Bold.ttf"],
}
_font_cache: dict[tuple[str, int], ImageFont.ImageFont] = {}


def _font(style: str, size: int):
    key = (style, size)
    if key not in _font_cache:
        font = None
        for name in _FONT_FILES[style]:
            try:
                font = ImageFont.truetype(name, size)
                break
            except OSError:
                continue
        if font is None:
            log.warning("no TrueType font found for the receipt preview; using PIL's default")
            font = ImageFont.load_default(size=size)
        _font_cache[key] = font
    return _font_cache[key]


def _text_width(font, text: str) -> int:
    left, _, right, _ = font.getbbox(text)
    return right - left


def _wrap(text: str, font, max_width: int) -> list[str]:
    """Greedy word wrap by pixel width; a word longer than a line is broken by characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if _text_width(font, candidate) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while _text_width(font, word) > max_width and len(word) > 1:
                cut = len(word)
                while cut > 1 and _text_width(font, word[:cut]) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


# --- the picture -------------------------------------------------------------------------

class _Canvas:
    """A tall white strip we draw on top to bottom, cropped at the end."""

    def __init__(self, width: int, scale: float):
        self.width, self.s = width, scale
        # narrow paper shrinks text less than it shrinks the strip: small print must stay legible
        self.text_s = max(scale, 0.8)
        self.margin = round(16 * scale)
        self.img = Image.new("L", (width, 4000), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = self.margin

    def px(self, value: float) -> int:
        return max(1, round(value * self.s))

    def gap(self, value: float) -> None:
        self.y += self.px(value)

    def text_px(self, size: float) -> int:
        return max(MIN_TEXT_PX, round(size * self.text_s))

    def text(self, text: str, style: str, size: float, *, spacing: float = 1.25,
             fill: int = 0) -> None:
        font = _font(style, self.text_px(size))
        line_h = round(font.size * spacing)
        for line in _wrap(text, font, self.width - 2 * self.margin):
            w = _text_width(font, line)
            self.draw.text(((self.width - w) // 2, self.y), line, font=font, fill=fill)
            self.y += line_h

    def rule(self, dashed: bool = False) -> None:
        x0, x1 = self.margin, self.width - self.margin
        thick = self.px(2)
        if dashed:
            step = self.px(10)
            for x in range(x0, x1, step * 2):
                self.draw.rectangle((x, self.y, min(x + step, x1), self.y + thick - 1), fill=0)
        else:
            self.draw.rectangle((x0, self.y, x1, self.y + thick - 1), fill=0)
        self.y += thick

    def fitting_font(self, text: str, style: str, size: float, max_width: int):
        px = self.text_px(size)
        font = _font(style, px)
        while px > 8 and _text_width(font, text) > max_width:
            px -= 2
            font = _font(style, px)
        return font


def render_receipt_png(receipt: Receipt, paper_mm: int = 80,
                       path: str | Path | None = None) -> Image.Image:
    """Draw the slip at the paper's printable width (576 dots for 80 mm, 384 for 58 mm).

    The returned image carries where things are drawn: `info['qr_box'] = (x, y, module_px,
    modules)` and `info['code_box'] = (x0, y0, x1, y1)` of the number. With `path`, the picture
    is also saved as PNG.
    """
    if paper_mm not in PAPER_DOTS:
        raise ValueError(f"paper_mm must be 58 or 80, not {paper_mm}")
    width = PAPER_DOTS[paper_mm]
    c = _Canvas(width, width / PAPER_DOTS[80])
    words = labels(receipt.lang)
    inner = width - 2 * c.margin

    if receipt.logo_path and Path(receipt.logo_path).is_file():
        try:
            with Image.open(receipt.logo_path) as src:
                logo = _flatten(src)
            logo.thumbnail((inner, c.px(110)))
            c.img.paste(logo, ((width - logo.width) // 2, c.y))
            c.y += logo.height + c.px(10)
        except OSError as exc:
            log.warning("cannot read the office logo %s: %s", receipt.logo_path, exc)

    c.text(receipt.office_name, "bold", 25, spacing=1.2)
    c.gap(8)
    c.rule()
    c.gap(14)
    c.text(words["number"], "regular", 22)
    c.gap(2)

    # The number: as large as the paper allows, underlined so that 6 and 9 keep their way up.
    font = c.fitting_font(receipt.code, "bold", 150, inner)
    left, top, right, bottom = font.getbbox(receipt.code)
    x = (width - (right - left)) // 2 - left
    c.draw.text((x, c.y - top), receipt.code, font=font, fill=0)
    code_box = (x + left, c.y, x + right, c.y + bottom - top)
    c.y += bottom - top + c.px(10)
    c.draw.rectangle((x + left, c.y, x + right, c.y + c.px(7) - 1), fill=0)
    c.y += c.px(7) + c.px(16)

    if receipt.priority_label:
        pfont = c.fitting_font(receipt.priority_label, "bold", 22, inner - c.px(24))
        pl, pt, pr, pb = pfont.getbbox(receipt.priority_label)
        box_w, box_h = pr - pl + c.px(24), pb - pt + c.px(14)
        bx = (width - box_w) // 2
        c.draw.rounded_rectangle((bx, c.y, bx + box_w, c.y + box_h), radius=c.px(6), fill=0)
        c.draw.text((bx + c.px(12) - pl, c.y + c.px(7) - pt), receipt.priority_label,
                    font=pfont, fill=255)
        c.y += box_h + c.px(14)

    c.text(receipt.service_name, "bold", 28, spacing=1.2)
    c.gap(4)
    c.text(receipt.issued_line, "regular", 19)
    c.gap(14)

    _info_boxes(c, ((words["ahead"], receipt.people_ahead_text()),
                    (words["wait_short"], receipt.estimated_wait)))
    matrix_n = len(qr_matrix(receipt.status_url))
    module = max(2, c.px(230) // matrix_n)
    qr = qr_image(receipt.status_url, module)
    c.y += 4 * module  # the quiet zone a scanner needs
    qx = (width - qr.width) // 2
    c.img.paste(qr, (qx, c.y))
    c.img.info["qr_box"] = (qx, c.y, module, matrix_n)
    c.y += qr.height + 4 * module
    c.text(words["scan"], "regular", 18)
    c.text(receipt.status_url, "regular", 14, fill=60)

    if receipt.footer:
        c.gap(12)
        c.rule(dashed=True)
        c.gap(10)
        for line in receipt.footer:
            c.text(line, "regular", 17, spacing=1.3)
    c.gap(16)

    out = c.img.crop((0, 0, width, c.y))
    out.info.update(qr_box=c.img.info["qr_box"], code_box=code_box)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        out.save(path, format="PNG", optimize=True)
    return out


def _info_boxes(c: _Canvas, items: tuple[tuple[str, str], ...]) -> None:
    """Two framed boxes side by side: a small label above a bold value."""
    gap = c.px(12)
    box_w = (c.width - 2 * c.margin - gap * (len(items) - 1)) // len(items)
    label_font = _font("regular", c.text_px(16))
    pad = c.px(10)
    value_fonts = [c.fitting_font(value, "bold", 30, box_w - 2 * pad) for _, value in items]
    value_h = max(f.getbbox("0123456789±")[3] for f in value_fonts)
    box_h = pad + round(label_font.size * 1.3) + value_h + pad + c.px(4)
    for i, ((label, value), vfont) in enumerate(zip(items, value_fonts)):
        x0 = c.margin + i * (box_w + gap)
        c.draw.rounded_rectangle((x0, c.y, x0 + box_w, c.y + box_h), radius=c.px(8),
                                 outline=0, width=c.px(2))
        lines = _wrap(label, label_font, box_w - 2 * pad)
        lw = _text_width(label_font, lines[0])
        c.draw.text((x0 + (box_w - lw) // 2, c.y + pad), lines[0], font=label_font, fill=70)
        vw = _text_width(vfont, value)
        c.draw.text((x0 + (box_w - vw) // 2, c.y + pad + round(label_font.size * 1.3)),
                    value, font=vfont, fill=0)
    c.y += box_h + 1  # the frame's bottom row is drawn at y + box_h


def _flatten(img: Image.Image) -> Image.Image:
    """Any logo (transparent PNG, colour) as greyscale on white."""
    rgba = img.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("L")
