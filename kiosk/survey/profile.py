"""Survey, step 3 (optional): the respondent's profile — age group, sex, education, occupation —
as large toggle buttons (a second tap clears a choice). "Lewati" skips it all."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from shared.store.survey import PROFILE_CHOICES

from kiosk.screens.common import Screen, Texts, make_button, make_label
from shared.store.survey import CHOICE_LABELS, PROFILE_LABELS

T = Texts({
    "title": ("Tentang Anda (boleh dilewati)", "About you (optional)"),
    "subtitle": ("Untuk laporan survei saja; tidak ada nama yang dicatat.",
                 "For the survey report only; no names are recorded."),
    "back": ("‹  Sebelumnya", "‹  Previous"),
    "skip": ("Lewati", "Skip"),
    "next": ("Lanjut  ›", "Next  ›"),
})

# buttons per row in landscape (two groups side by side) / portrait, so long words keep room
COLUMNS = {"age_group": (3, 3), "sex": (2, 2), "education": (4, 4), "occupation": (3, 3)}
# (row, column, rows spanned): two independent columns of four units each
LANDSCAPE_PLACE = {"age_group": (0, 0, 2), "education": (2, 0, 2), "sex": (0, 1, 1),
                   "occupation": (1, 1, 3)}


class SurveyProfileScreen(Screen):
    """Emits `done(profile)` ({} when skipped) and `previous()`."""

    name = "survey_profile"
    done = Signal(dict)
    previous = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.profile: dict[str, str] = {}
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.group_labels: dict[str, object] = {}
        self.buttons: dict[str, dict[str, object]] = {}
        self.grids: dict[str, QGridLayout] = {}
        self.groups = groups = QGridLayout()
        groups.setHorizontalSpacing(60)
        groups.setVerticalSpacing(16)
        self.group_boxes: dict[str, QWidget] = {}
        for key, choices in PROFILE_CHOICES.items():
            self.group_labels[key] = make_label("", "ProfileGroup")
            self.buttons[key] = {}
            for value in choices:
                button = make_button("", "ChoiceButton", 90)
                button.clicked.connect(lambda _=False, k=key, v=value: self.choose(k, v))
                self.buttons[key][value] = button
            self.grids[key] = QGridLayout()
            self.grids[key].setSpacing(12)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(6)
            column.addWidget(self.group_labels[key])
            column.addLayout(self.grids[key])
            column.addStretch(1)
            self.group_boxes[key] = box
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.setMaximumWidth(360)
        self.back_button.clicked.connect(self.previous.emit)
        self.skip_button = make_button("", "SecondaryButton", 110)
        self.skip_button.clicked.connect(lambda: self.done.emit({}))
        self.next_button = make_button("", "PrimaryButton", 110)
        self.next_button.clicked.connect(lambda: self.done.emit(dict(self.profile)))
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.back_button, 1)
        bottom.addWidget(self.skip_button, 2)
        bottom.addWidget(self.next_button, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 24, 60, 32)
        outer.setSpacing(10)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addStretch(1)
        outer.addLayout(groups)
        outer.addStretch(1)
        outer.addLayout(bottom)
        self.apply_orientation()
        self.retranslate()

    def reset(self) -> None:
        self.profile = {}
        self._mark()

    def choose(self, key: str, value: str) -> None:
        if self.profile.get(key) == value:
            del self.profile[key]
        else:
            self.profile[key] = value
        self._mark()

    def _mark(self) -> None:
        for key, buttons in self.buttons.items():
            for value, button in buttons.items():
                selected = "true" if self.profile.get(key) == value else "false"
                if button.property("selected") != selected:
                    button.setProperty("selected", selected)
                    button.style().unpolish(button)
                    button.style().polish(button)

    def apply_orientation(self) -> None:
        while self.groups.count():
            self.groups.takeAt(0)
        for i, (key, box) in enumerate(self.group_boxes.items()):
            row, col, span = (i, 0, 1) if self.portrait else LANDSCAPE_PLACE[key]
            self.groups.addWidget(box, row, col, span, 1)
        self.groups.setColumnStretch(1, 0 if self.portrait else 1)
        self.groups.setColumnStretch(0, 1)
        self.groups.invalidate()   # cached minimum sizes would keep the old orientation's width
        for key, grid in self.grids.items():
            while grid.count():
                grid.takeAt(0)
            cols = COLUMNS[key][1 if self.portrait else 0]
            for i, button in enumerate(self.buttons[key].values()):
                grid.addWidget(button, i // cols, i % cols)
            for c in range(8):
                grid.setColumnStretch(c, 1 if c < cols else 0)
            grid.invalidate()

    def retranslate(self) -> None:
        lang = self.lang
        pick = 1 if lang == "en" else 0
        self.title.setText(T("title", lang))
        self.subtitle.setText(T("subtitle", lang))
        for key, label in self.group_labels.items():
            label.setText(PROFILE_LABELS[key][pick])
            for value, button in self.buttons[key].items():
                button.setText(CHOICE_LABELS[value][pick])
        self.back_button.setText(T("back", lang))
        self.skip_button.setText(T("skip", lang))
        self.next_button.setText(T("next", lang))
        self._mark()
