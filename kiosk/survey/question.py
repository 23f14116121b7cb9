"""Survey, step 2: the nine elements of the SKM (PermenPANRB 14/2017), one per page. Each page
shows its own question and its own four answers as large buttons, worst to best; a tap answers
and turns the page. Answers are kept by element key, never by position."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QSizePolicy, QVBoxLayout)

from shared.ikm import ELEMENTS, Element

from kiosk.screens.common import Screen, Texts, make_button, make_label

T = Texts({
    "progress": ("Pertanyaan {n} dari {total}", "Question {n} of {total}"),
    "ticket": ("Nomor antrean {code}", "Queue number {code}"),
    "back": ("‹  Sebelumnya", "‹  Previous"),
    "cancel": ("Batal", "Cancel"),
})


class AnswerButton(QPushButton):
    """A large answer: its score as a small badge (1–4) and the element's own words, wrapped."""

    def __init__(self, score: int, parent=None):
        super().__init__(parent)
        self.score = score
        self.setObjectName("AnswerButton")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.badge = QLabel(str(score))
        self.badge.setObjectName("AnswerScore")
        self.badge.setFixedSize(64, 64)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = make_label("", "AnswerText", align=Qt.AlignmentFlag.AlignCenter)
        for w in (self.badge, self.label):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(24, 20, 24, 20)
        self.box.setSpacing(14)
        self.box.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.addWidget(self.label, 1)

    def text(self) -> str:  # the visible words (tests and screen readers)
        return self.label.text()

    def set_horizontal(self, horizontal: bool) -> None:
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if horizontal
                              else QBoxLayout.Direction.TopToBottom)
        self.box.setAlignment(self.badge, Qt.AlignmentFlag.AlignVCenter if horizontal
                              else Qt.AlignmentFlag.AlignHCenter)
        self.label.setAlignment((Qt.AlignmentFlag.AlignLeft if horizontal
                                 else Qt.AlignmentFlag.AlignHCenter) | Qt.AlignmentFlag.AlignVCenter)

    def set_selected(self, selected: bool) -> None:
        if self.property("selected") != ("true" if selected else "false"):
            self.setProperty("selected", "true" if selected else "false")
            for w in (self, self.badge, self.label):
                w.style().unpolish(w)
                w.style().polish(w)


class SurveyQuestionScreen(Screen):
    """Shows `ELEMENTS[index]`; emits `answered(key, score)`, `previous()` and `cancelled()`."""

    name = "survey_question"
    answered = Signal(str, int)
    previous = Signal()
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.index = 0
        self.code = ""
        self.chosen: int | None = None
        self.progress_label = make_label("", "SurveyProgress", wrap=False)
        self.ticket_label = make_label("", "SurveyTicket", wrap=False,
                                       align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("SurveyBar")
        self.progress.setRange(0, len(ELEMENTS))
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(14)
        self.element_name = make_label("", "ElementName", align=Qt.AlignmentFlag.AlignCenter)
        self.question = make_label("", "Question", align=Qt.AlignmentFlag.AlignCenter)
        self.answers = [AnswerButton(score) for score in (1, 2, 3, 4)]
        for button in self.answers:
            button.clicked.connect(lambda _=False, b=button: self._answer(b.score))
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.back_button = make_button("", "BackButton", 100)
        self.back_button.clicked.connect(self.previous.emit)
        self.cancel_button = make_button("", "BackButton", 100)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for b in (self.back_button, self.cancel_button):
            b.setMaximumWidth(420)
        top = QHBoxLayout()
        top.addWidget(self.progress_label, 1)
        top.addWidget(self.ticket_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 30, 60, 40)
        outer.setSpacing(14)
        outer.addLayout(top)
        outer.addWidget(self.progress)
        outer.addStretch(1)
        outer.addWidget(self.element_name)
        outer.addWidget(self.question)
        outer.addStretch(1)
        outer.addLayout(self.grid, 3)
        outer.addStretch(1)
        outer.addLayout(bottom)
        self.apply_orientation()
        self.retranslate()

    @property
    def element(self) -> Element:
        return ELEMENTS[self.index]

    def show_element(self, index: int, code: str, chosen: int | None = None) -> None:
        self.index, self.code, self.chosen = index, code, chosen
        self.progress.setValue(index + 1)
        self.retranslate()

    def answer_button(self, score: int) -> AnswerButton:
        return self.answers[score - 1]

    def _answer(self, score: int) -> None:
        self.chosen = score
        for b in self.answers:
            b.set_selected(b.score == score)
        self.answered.emit(self.element.key, score)

    def apply_orientation(self) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        for i, button in enumerate(self.answers):   # worst to best, left to right or top down
            if self.portrait:
                self.grid.addWidget(button, i, 0)
            else:
                self.grid.addWidget(button, 0, i)
            button.set_horizontal(self.portrait)
            button.setMinimumHeight(150 if self.portrait else 260)
        for c in range(4):
            self.grid.setColumnStretch(c, 0 if self.portrait and c else 1)
        self.grid.invalidate()

    def retranslate(self) -> None:
        lang, e = self.lang, self.element
        self.progress_label.setText(T("progress", lang, n=self.index + 1, total=len(ELEMENTS)))
        self.ticket_label.setText(T("ticket", lang, code=self.code) if self.code else "")
        self.element_name.setText(e.name_en if lang == "en" else e.name)
        self.question.setText(e.question_en if lang == "en" else e.question)
        labels = e.labels_en if lang == "en" else e.labels
        for button, label in zip(self.answers, labels):
            button.label.setText(label)
            button.set_selected(button.score == self.chosen)
        self.back_button.setText(T("back", lang))
        self.cancel_button.setText(T("cancel", lang))
