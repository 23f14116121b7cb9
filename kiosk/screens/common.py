"""What every kiosk screen shares: the bilingual text tables, the look (QSS), and a Screen base.

Texts are small per-screen tables of (Indonesian, English) pairs: Indonesian first, and a test
checks that switching the language changes every text that has an English version.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QSizePolicy, QWidget

from shared.indonesian import DAY_NAMES_EN, DAY_NAMES_ID, format_date, format_time
from shared.qt.theme import AMBER, FONT_FAMILY, GREEN, GREY, NAVY, NAVY_2, RED, TEXT_DARK, WHITE, YELLOW

TOUCH_MIN_HEIGHT = 96   # px; the brief asks ≥ 90 so a finger never misses
HEADER_BG = "#071a33"
TILE_BORDER = "#3a6ea5"
CLOSED_BG = "#0e2341"


class Texts:
    """A table of key → (id, en); `t(key, lang, **fmt)` picks and formats."""

    def __init__(self, table: dict[str, tuple[str, str]]):
        self.table = table

    def __call__(self, key: str, lang: str, **fmt) -> str:
        text_id, text_en = self.table[key]
        text = text_en if lang == "en" else text_id
        return text.format(**fmt) if fmt else text


def opening_text(next_opening: datetime | None, now_local: datetime, lang: str) -> str:
    """'Buka lagi pukul 13.00' today, 'Buka Selasa 07.30' within a week, else the date."""
    if next_opening is None:
        return ""
    when = format_time(next_opening, lang)
    days = (next_opening.date() - now_local.date()).days
    if days == 0:
        return f"Opens again at {when}" if lang == "en" else f"Buka lagi pukul {when}"
    if days < 7:
        day = (DAY_NAMES_EN if lang == "en" else DAY_NAMES_ID)[next_opening.weekday()]
        return f"Opens {day} {when}" if lang == "en" else f"Buka {day} {when}"
    date_text = format_date(next_opening, lang)
    return f"Opens {date_text} {when}" if lang == "en" else f"Buka {date_text} {when}"


def make_label(text: str = "", name: str = "", *, wrap: bool = True,
               align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAlignment(align)
    return label


def make_button(text: str, name: str, min_height: int = TOUCH_MIN_HEIGHT) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setMinimumHeight(min_height)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # no keyboard anywhere: no focus rings either
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return button


def clear_layout(layout: QLayout) -> None:
    """Detach every item (widgets are kept: the caller re-adds them)."""
    while layout.count():
        layout.takeAt(0)


class Screen(QWidget):
    """One kiosk page. Subclasses set texts in `retranslate` and re-lay out in `apply_orientation`."""

    name = "screen"
    tapped = Signal()   # a tap on the screen background (ticket and idle screens use it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "id"
        self.portrait = False
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self.portrait:
            self.portrait = portrait
            self.apply_orientation()

    def retranslate(self) -> None:
        """Set every visible text in `self.lang`."""

    def apply_orientation(self) -> None:
        """Re-lay out for `self.portrait`."""

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.tapped.emit()
        super().mousePressEvent(event)


KIOSK_QSS = f"""
QWidget {{ color: {WHITE}; font-family: "{FONT_FAMILY}", "Segoe UI", sans-serif; }}
#KioskRoot, QStackedWidget, Screen, #Grid {{ background: {NAVY}; }}
QLabel {{ background: transparent; }}

#Header {{ background: {HEADER_BG}; border-bottom: 4px solid {YELLOW}; }}
#OfficeName {{ font-size: 34px; font-weight: bold; }}
#OfficeSub {{ font-size: 22px; color: #c9d6e8; }}
#HeaderDate {{ font-size: 24px; color: #c9d6e8; }}
#HeaderClock {{ font-size: 52px; font-weight: bold; color: {YELLOW}; }}
#LangButton {{ background: transparent; color: {WHITE}; border: 3px solid {WHITE};
               border-radius: 44px; font-size: 26px; font-weight: bold; padding: 8px 28px; }}
#LangButton:pressed {{ background: {WHITE}; color: {NAVY}; }}

#ScreenTitle {{ font-size: 54px; font-weight: bold; }}
#ScreenSubtitle {{ font-size: 28px; color: #c9d6e8; }}
#Hint {{ font-size: 26px; color: #c9d6e8; }}

QPushButton {{ background: {NAVY_2}; color: {WHITE}; border: 3px solid {TILE_BORDER};
               border-radius: 24px; padding: 12px 24px; font-size: 32px; font-weight: bold; }}
QPushButton:pressed {{ background: {GREEN}; border-color: {WHITE}; }}
QPushButton:disabled {{ color: {GREY}; border-color: #2b4a70; }}

#ServiceTile {{ background: {NAVY_2}; border: 3px solid {TILE_BORDER}; border-radius: 28px;
                padding: 0px; text-align: left; }}
#ServiceTile:pressed {{ background: {GREEN}; border-color: {WHITE}; }}
#ServiceTile[open="false"] {{ background: {CLOSED_BG}; border: 3px dashed #4b6384; }}
#ServiceTile:disabled {{ background: {CLOSED_BG}; border: 3px dashed #4b6384; }}
#ServiceTile:disabled #TilePrefix {{ background: #4b6384; }}
#ServiceTile:disabled #TileName {{ color: #c3cedd; }}
#TilePrefix {{ background: {YELLOW}; color: {NAVY}; border-radius: 22px; font-size: 56px;
               font-weight: bold; }}
#ServiceTile[open="false"] #TilePrefix {{ background: #4b6384; color: {NAVY}; }}
#TileName {{ font-size: 34px; font-weight: bold; }}
#ServiceTile[open="false"] #TileName {{ color: #c3cedd; }}
#TileWaiting {{ font-size: 26px; color: #c9d6e8; }}
#TileStatus {{ font-size: 26px; font-weight: bold; color: {AMBER}; }}
#TileOpen {{ font-size: 26px; font-weight: bold; color: #7ee0b5; }}

#CheckinButton {{ background: {YELLOW}; color: {NAVY}; border: 4px solid {YELLOW};
                  border-radius: 36px; font-size: 36px; padding: 12px 48px; }}
#CheckinButton[row="bottom"] {{ font-size: 31px; padding: 8px 30px; border-radius: 48px; }}
#CheckinButton:pressed {{ background: {WHITE}; border-color: {WHITE}; }}
#CheckinButton:disabled {{ background: #4b6384; border-color: #4b6384; color: #c3cedd; }}
#CheckinHint {{ font-size: 34px; font-weight: bold; color: {YELLOW}; }}
#TicketBooking {{ font-size: 28px; font-weight: bold; color: {NAVY_2}; }}

#PriorityButton {{ font-size: 34px; text-align: center; }}
#PrimaryButton {{ background: {GREEN}; border: 3px solid {GREEN}; font-size: 36px; }}
#PrimaryButton:pressed {{ background: #137568; }}
#BackButton {{ background: transparent; border: 3px solid #c9d6e8; font-size: 28px; }}

#TicketCard {{ background: {WHITE}; border-radius: 36px; }}
#TicketCard QLabel {{ color: {TEXT_DARK}; }}
#TicketCaption {{ font-size: 30px; font-weight: bold; color: #486581; }}
#TicketNumber {{ color: {NAVY}; }}
#TicketService {{ font-size: 36px; font-weight: bold; }}
#TicketCard #TicketPriority {{ font-size: 26px; font-weight: bold; color: {WHITE}; background: {GREEN};
                   border-radius: 18px; padding: 6px 18px; }}
#TicketInfoValue {{ font-size: 44px; font-weight: bold; color: {NAVY}; }}
#TicketInfoLabel {{ font-size: 24px; color: #486581; }}
#QrCard {{ background: {WHITE}; border-radius: 36px; }}
#QrCaption {{ font-size: 26px; color: {TEXT_DARK}; font-weight: bold; }}
#PrintStatus {{ border-radius: 24px; background: {NAVY_2}; }}
#PrintStatusText {{ font-size: 38px; font-weight: bold; color: {WHITE}; }}
#PrintStatus[state="ok"] {{ background: {GREEN}; }}
#PrintStatus[state="failed"], #PrintStatus[state="none"] {{ background: {AMBER}; }}
#PrintStatus[state="failed"] #PrintStatusText, #PrintStatus[state="none"] #PrintStatusText {{
    color: {TEXT_DARK}; }}
#Countdown {{ font-size: 24px; color: #c9d6e8; }}

#Banner {{ background: #fff4e0; border: 6px solid {AMBER}; border-radius: 32px; }}
#Banner[tone="error"] {{ border-color: {RED}; }}
#Banner QLabel {{ color: {TEXT_DARK}; }}
#BannerTitle {{ font-size: 40px; font-weight: bold; }}
#BannerText, #BannerExtra {{ font-size: 32px; }}
#Banner[tone="checkin"] #BannerExtra {{ font-weight: bold; color: {NAVY}; }}
#BannerButton {{ background: {NAVY}; border: 3px solid {NAVY}; color: {WHITE}; font-size: 30px; }}

#VoiceButton {{ background: transparent; border: 3px solid #7fa7d6; border-radius: 48px;
                font-size: 30px; padding: 8px 36px; }}
#VoiceButton:pressed {{ background: {GREEN}; border-color: {WHITE}; }}
#SecondaryButton {{ background: transparent; border: 3px solid {WHITE}; font-size: 30px; }}
#SecondaryButton:pressed {{ background: {GREEN}; }}

#EntryField {{ background: {WHITE}; color: {NAVY}; border: 4px solid {YELLOW}; border-radius: 24px;
               font-size: 64px; font-weight: bold; padding: 4px 24px; }}
#EntryField[scanned="true"] {{ font-size: 26px; font-weight: normal; }}
#KeyButton, #DigitKey, #EraseKey, #ShiftKey, #SpaceKey {{ font-size: 36px; padding: 0px;
               border-radius: 16px; }}
#DigitKey {{ background: #1d4275; }}
#EraseKey, #ShiftKey {{ background: #2b3f5c; font-size: 26px; }}
#SpaceKey {{ font-size: 26px; font-weight: normal; color: #c9d6e8; }}
#ShiftKey[on="true"] {{ background: {YELLOW}; color: {NAVY}; }}
#TextArea {{ background: {WHITE}; color: {TEXT_DARK}; border: 4px solid {YELLOW};
             border-radius: 20px; font-size: 32px; padding: 12px 18px; }}

#SurveyProgress {{ font-size: 28px; font-weight: bold; color: {YELLOW}; }}
#SurveyTicket {{ font-size: 28px; color: #c9d6e8; }}
#SurveyBar {{ background: #1d3a63; border: none; border-radius: 7px; }}
#SurveyBar::chunk {{ background: {YELLOW}; border-radius: 7px; }}
#ElementName {{ font-size: 30px; font-weight: bold; color: #7ee0b5; }}
#Question {{ font-size: 46px; font-weight: bold; }}
#AnswerButton {{ background: {NAVY_2}; border: 3px solid {TILE_BORDER}; border-radius: 28px;
                 padding: 0px; }}
#AnswerButton:pressed, #AnswerButton[selected="true"] {{ background: {GREEN}; border-color: {WHITE}; }}
#AnswerScore {{ background: #c9d6e8; color: {NAVY}; border-radius: 32px; font-size: 32px;
                font-weight: bold; }}
#AnswerButton[selected="true"] #AnswerScore {{ background: {WHITE}; }}
#AnswerText {{ font-size: 36px; font-weight: bold; }}
#ProfileGroup {{ font-size: 30px; font-weight: bold; color: {YELLOW}; }}
#ChoiceButton {{ font-size: 25px; padding: 6px 10px; border-radius: 18px; }}
#ChoiceButton[selected="true"] {{ background: {GREEN}; border-color: {WHITE}; }}

#ThanksCard {{ background: {WHITE}; border-radius: 40px; }}
#ThanksCard QLabel {{ color: {TEXT_DARK}; }}
#ThanksCard #ThanksMark {{ background: {GREEN}; color: {WHITE}; border-radius: 90px;
                            font-size: 110px; font-weight: bold; }}
#ThanksTitle {{ font-size: 72px; font-weight: bold; }}
#ThanksText {{ font-size: 34px; }}

#IdleWelcome {{ font-size: 40px; color: #c9d6e8; }}
#IdleOffice {{ font-size: 64px; font-weight: bold; }}
#IdleClock {{ font-size: 200px; font-weight: bold; color: {YELLOW}; }}
#IdleDate {{ font-size: 40px; color: #c9d6e8; }}
#IdleCall {{ background: {GREEN}; border-radius: 48px; font-size: 48px; font-weight: bold;
             padding: 36px 60px; }}
"""
