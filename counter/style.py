"""The counter screens' look on top of `STAFF_QSS`: large type, readable across a desk."""
from __future__ import annotations

import tempfile
from pathlib import Path

from shared.qt.theme import AMBER, GREEN, GREY, NAVY, NAVY_2, RED, TEXT_DARK, WHITE, YELLOW

NUMBER_PX = 120          # the current ticket number: at least 96 px (readable at a glance)
TIMER_PX = 44

def _px(size: int, scale: float) -> int:
    return max(1, round(size * scale))


LOGIN_QSS = f"""
QDialog#login {{ font-size: 17px; }}
QLabel#heading {{ font-size: 26px; font-weight: bold; color: {NAVY}; }}
QLabel#office {{ color: {GREY}; font-size: 15px; }}
QLineEdit, QComboBox {{ font-size: 18px; min-height: 30px; }}
QLabel#message {{ padding: 10px; border-radius: 6px; }}
QLabel#message[kind="error"] {{ background: #fbe3e6; color: #8a1c2b; }}
QLabel#message[kind="warn"] {{ background: #fdebd8; color: #7a4100; }}
QLabel#message[kind="info"] {{ background: #e3ecf7; color: {NAVY_2}; }}
QPushButton#sign_in, QPushButton#take_over {{ background: {NAVY_2}; color: {WHITE};
    font-weight: bold; min-width: 110px; }}
QPushButton#sign_in:hover, QPushButton#take_over:hover {{ background: {NAVY}; }}
QPushButton#take_over {{ background: {AMBER}; color: {TEXT_DARK}; border-color: #b86e1f; }}
QPushButton#language {{ border: none; background: transparent; color: {NAVY_2};
    text-decoration: underline; }}

"""

def console_qss(scale: float = 1.0) -> str:
    """The console's sheet with every size multiplied by `scale` (1.0 at 1366×768)."""
    return f"""
QWidget#console {{ font-size: {_px(16, scale)}px; }}
QFrame#header {{ background: {NAVY}; }}
QFrame#header QLabel {{ background: transparent; color: {WHITE}; }}
QLabel#counter_title {{ font-size: {_px(24, scale)}px; font-weight: bold; }}
QLabel#officer {{ font-size: {_px(16, scale)}px; }}
QLabel#clock {{ font-size: {_px(16, scale)}px; color: #d9e2ec; }}
QFrame#header QPushButton {{ background: {NAVY_2}; color: {WHITE}; border: 2px solid #6f8bb3;
    font-size: {_px(16, scale)}px;
    padding: {_px(6, scale)}px {_px(14, scale)}px; }}
QFrame#header QPushButton:hover {{ background: #1d4580; }}
QFrame#header QPushButton:disabled {{ background: {NAVY}; color: #6f86a6; border-color: #34507a; }}
QFrame#card, QFrame#side {{ background: {WHITE}; border: 1px solid #d5dde8; border-radius: {_px(12, scale)}px; }}
QFrame#card QLabel, QFrame#side QLabel {{ background: transparent; }}
QLabel#card_heading, QLabel#side_heading {{ color: {GREY}; font-size: {_px(14, scale)}px; font-weight: bold;
    text-transform: uppercase; letter-spacing: 1px; }}
QLabel#service_name {{ font-size: {_px(22, scale)}px; font-weight: bold; color: {NAVY_2}; }}
QLabel#number {{ font-size: {_px(NUMBER_PX, scale)}px; font-weight: bold; color: {NAVY}; }}
QLabel#idle {{ font-size: {_px(24, scale)}px; color: #7b8794; }}
QLabel#ticket_status {{ font-size: {_px(17, scale)}px; }}
QFrame#card QLabel#priority {{ background: {YELLOW}; color: {TEXT_DARK}; border-radius: {_px(6, scale)}px; padding: {_px(3, scale)}px {_px(10, scale)}px;
    font-weight: bold; }}
QLabel#timer {{ font-size: {_px(TIMER_PX, scale)}px; font-weight: bold; border-radius: {_px(10, scale)}px;
    padding: 2px {_px(16, scale)}px; font-family: "DejaVu Sans Mono", "Consolas", monospace; }}
QLabel#timer[level="normal"] {{ background: #e3f4f1; color: #0e5e55; }}
QLabel#timer[level="amber"] {{ background: {AMBER}; color: {TEXT_DARK}; }}
QLabel#timer[level="red"] {{ background: {RED}; color: {WHITE}; }}
QLabel#timer_caption, QLabel#target {{ color: #52606d; font-size: {_px(15, scale)}px; }}
QPushButton[action="true"] {{ font-size: {_px(17, scale)}px; font-weight: bold; min-height: {_px(64, scale)}px; padding: {_px(6, scale)}px {_px(8, scale)}px; }}
QPushButton#call_next:enabled {{ background: {GREEN}; color: {WHITE}; border-color: #12756a; }}
QPushButton#call_next:enabled:hover {{ background: #168577; }}
QPushButton#finish:enabled {{ background: {NAVY_2}; color: {WHITE}; }}
QPushButton#finish:enabled:hover {{ background: {NAVY}; }}
QCheckBox#auto_start {{ font-size: {_px(16, scale)}px; spacing: {_px(8, scale)}px; }}
QCheckBox#auto_start::indicator {{ width: {_px(20, scale)}px; height: {_px(20, scale)}px; }}
QLabel#banner {{ padding: {_px(10, scale)}px {_px(14, scale)}px; border-radius: {_px(8, scale)}px; font-size: {_px(16, scale)}px; font-weight: bold; }}
QLabel#banner[kind="error"] {{ background: #fbe3e6; color: #8a1c2b; border: 1px solid {RED}; }}
QLabel#banner[kind="warn"] {{ background: #fdebd8; color: #7a4100; border: 1px solid {AMBER}; }}
QLabel#banner[kind="info"] {{ background: #e3f4f1; color: #0e5e55; border: 1px solid {GREEN}; }}
QFrame#card QLabel#paused {{ background: {AMBER}; color: {TEXT_DARK}; border-radius: {_px(8, scale)}px; padding: {_px(8, scale)}px {_px(12, scale)}px;
    font-size: {_px(18, scale)}px; font-weight: bold; }}
QLabel#waiting_service {{ font-size: {_px(16, scale)}px; }}
QLabel#waiting_count {{ font-size: {_px(20, scale)}px; font-weight: bold; color: {NAVY}; }}
QLabel#big_stat {{ font-size: {_px(17, scale)}px; }}
QLabel#others {{ font-size: {_px(14, scale)}px; color: #334e68; }}
"""


CONSOLE_QSS = console_qss(1.0)

def dialog_qss(scale: float = 1.0) -> str:
    """The dialogs' sheet, sized like the console that opens them."""
    return f"""
QDialog QLabel, QDialog QPushButton, QDialog QCheckBox {{ font-size: {_px(17, scale)}px; }}
QDialog {{ font-size: {_px(17, scale)}px; }}
QLabel#dialog_heading {{ font-size: {_px(21, scale)}px; font-weight: bold; color: {NAVY}; }}
QListWidget {{ background: {WHITE}; border: 2px solid #9fb3c8; border-radius: {_px(6, scale)}px; font-size: {_px(17, scale)}px; }}
QListWidget::item {{ padding: {_px(9, scale)}px {_px(8, scale)}px; }}
QListWidget::item:selected {{ background: {NAVY_2}; color: {WHITE}; }}
QLineEdit, QComboBox {{ font-size: {_px(20, scale)}px; min-height: {_px(32, scale)}px; }}
QPushButton {{ min-width: {_px(110, scale)}px; }}
QPushButton:default {{ background: {NAVY_2}; color: {WHITE}; font-weight: bold; }}
QPushButton:default:disabled {{ background: #eef1f5; color: {GREY}; }}
"""


DIALOG_QSS = dialog_qss(1.0)


_ARROW_SVG = (f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="9" viewBox="0 0 14 9">'
              f'<path d="M1 1 L7 8 L13 1" fill="none" stroke="{NAVY_2}" stroke-width="2.2"/></svg>')


def combo_qss() -> str:
    """A clean drop-down arrow for the staff theme's bordered combo boxes.

    Styling `::drop-down` hides the platform arrow, so the arrow is a small SVG written once to
    the temp folder (Qt style sheets cannot embed image data).
    """
    path = Path(tempfile.gettempdir()) / "antrean-qss" / "combo-arrow.svg"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_ARROW_SVG, encoding="utf-8")
    except OSError:
        return ""
    return (f"QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;"
            f" width: 32px; border: none; }}\n"
            f"QComboBox::down-arrow {{ image: url({path.as_posix()}); width: 14px; height: 9px; }}\n")
