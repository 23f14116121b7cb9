"""The console's two read-only panels: the current ticket with its timer, and the side panel
(waiting per service, longest wait, the officer's day, the other counters)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from shared.config import OfficeConfig
from shared.domain import (PRIORITY_LABELS, STATUS_LABELS, CounterState, CounterStatus,
                           ServiceQueue, TicketStatus)
from shared.indonesian import format_time

from counter.console.texts import minutes_text, text

AMBER_AT, RED_AT = 0.8, 1.0   # share of the service's target_service_min


def timer_level(elapsed_min: float, target_min: float | None) -> str:
    """'normal', 'amber' from 80 % of the service standard, 'red' from 100 %."""
    if not target_min or target_min <= 0:
        return "normal"
    share = elapsed_min / target_min
    return "red" if share >= RED_AT else "amber" if share >= AMBER_AT else "normal"


def format_elapsed(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _repolish(widget, name: str, value) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class TicketPanel(QFrame):
    """The current ticket, large, with a timer since the call and then since the start."""

    def __init__(self, config: OfficeConfig, parent=None):
        super().__init__(parent, objectName="card")
        self.config = config
        self.state: CounterState | None = None
        self.level = "normal"
        self.heading = QLabel(objectName="card_heading")
        self.priority = QLabel(objectName="priority")
        self.priority.hide()
        self.service_name = QLabel(objectName="service_name")
        self.service_name.setWordWrap(True)
        self.number = QLabel("—", objectName="number")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(objectName="ticket_status")
        self.status.setWordWrap(True)
        self.idle = QLabel(objectName="idle")
        self.idle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle.setWordWrap(True)
        self.idle.hide()
        self.paused = QLabel(objectName="paused")
        self.paused.setWordWrap(True)
        self.paused.hide()
        self.timer = QLabel("00:00", objectName="timer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer_caption = QLabel(objectName="timer_caption")
        self.timer_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.target = QLabel(objectName="target")
        self.target.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.target.setMinimumWidth(220)
        _repolish(self.timer, "level", "normal")

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.priority)
        timer_box = QVBoxLayout()
        timer_box.addStretch(1)
        timer_box.addWidget(self.timer)
        timer_box.addWidget(self.timer_caption)
        timer_box.addWidget(self.target)
        timer_box.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.number, 1)
        middle.addWidget(self.idle, 1)
        middle.addLayout(timer_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 14)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.service_name)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.paused)

    def show_state(self, state: CounterState, lang: str, idle_hint: str = "") -> None:
        """Show the counter's ticket; `idle_hint` is what to do next when it holds none."""
        self.state = state
        self.heading.setText(text("current_ticket", lang))
        t = state.current
        paused = state.status == CounterStatus.PAUSED
        self.paused.setVisible(paused)
        if paused:
            self.paused.setText(text("paused_banner", lang, reason=state.pause_reason)
                                if state.pause_reason else text("paused_no_reason", lang))
        self.number.setVisible(t is not None)
        self.idle.setVisible(t is None)
        if t is None:
            self.number.setText("")
            self.idle.setText(idle_hint)
            self.service_name.setText(text("no_ticket", lang))
            self.status.setText("")
            self.priority.hide()
            for w in (self.timer, self.timer_caption, self.target):
                w.hide()
            return
        self.number.setText(t.code)
        svc = self.config.service(t.service)
        self.service_name.setText(svc.display_name(lang) if svc else t.service)
        tz = self.config.tz
        if t.status == TicketStatus.SERVING and t.started_at:
            status = text("status_serving", lang, time=format_time(t.started_at.astimezone(tz), lang))
        else:
            when = format_time((t.called_at or t.issued_at).astimezone(tz), lang)
            status = (text("status_recalled", lang, time=when, n=t.recalls) if t.recalls
                      else text("status_called", lang, time=when))
        if t.transfers:
            status += " · " + text("transferred", lang, n=t.transfers)
        if t.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
            status = STATUS_LABELS[t.status][1 if lang == "en" else 0]
        self.status.setText(status)
        if t.priority_group:
            label = PRIORITY_LABELS[t.priority_group][1 if lang == "en" else 0]
            self.priority.setText(text("priority", lang, group=label))
            self.priority.show()
        else:
            self.priority.hide()
        self.timer_caption.setText(text("since_start" if t.status == TicketStatus.SERVING
                                        else "since_call", lang))
        target = svc.target_service_min if svc else None
        self.target.setText(text("target", lang, min=f"{target:g}") if target else "")
        for w in (self.timer, self.timer_caption, self.target):
            w.show()

    def update_timer(self, now: datetime) -> str:
        """Redraw the timer for `now`; returns the level ('normal' / 'amber' / 'red')."""
        t = self.state.current if self.state else None
        if t is None:
            self.level = "normal"
            return self.level
        since = t.started_at if t.status == TicketStatus.SERVING and t.started_at else t.called_at
        seconds = (now - since).total_seconds() if since else 0.0
        svc = self.config.service(t.service)
        self.level = timer_level(seconds / 60, svc.target_service_min if svc else None)
        self.timer.setText(format_elapsed(seconds))
        _repolish(self.timer, "level", self.level)
        return self.level


class SidePanel(QFrame):
    """Waiting per service this counter serves, the longest wait, the officer's day, the others."""

    def __init__(self, config: OfficeConfig, counter: str, parent=None):
        super().__init__(parent, objectName="side")
        self.config = config
        self.counter = counter
        cfg = config.counter(counter)
        self.services = cfg.services if cfg else ()
        self.waiting_heading = QLabel(objectName="side_heading")
        self.service_labels: dict[str, QLabel] = {}
        self.waiting_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for row, code in enumerate(self.services):
            name = QLabel(objectName="waiting_service")
            name.setWordWrap(True)
            count = QLabel("0", objectName="waiting_count")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 0)
            grid.addWidget(count, row, 1)
            self.service_labels[code], self.waiting_labels[code] = name, count
        grid.setColumnStretch(0, 1)
        self.longest = QLabel(objectName="big_stat")
        self.day_heading = QLabel(objectName="side_heading")
        self.served = QLabel(objectName="big_stat")
        self.no_shows = QLabel(objectName="big_stat")
        self.average = QLabel(objectName="big_stat")
        self.average.setWordWrap(True)
        self.within = QLabel(objectName="big_stat")
        self.others_heading = QLabel(objectName="side_heading")
        self.others = QLabel(objectName="others")
        self.others.setWordWrap(True)
        self.others.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addWidget(self.waiting_heading)
        layout.addLayout(grid)
        layout.addWidget(self.longest)
        layout.addSpacing(10)
        layout.addWidget(self.day_heading)
        for w in (self.served, self.no_shows, self.average, self.within):
            layout.addWidget(w)
        layout.addSpacing(10)
        layout.addWidget(self.others_heading)
        layout.addWidget(self.others)
        layout.addStretch(1)

    def show_data(self, lang: str, priority_only: bool, queues: list[ServiceQueue], day: dict,
                  counters: list[CounterState]) -> None:
        self.waiting_heading.setText(text("waiting_heading", lang))
        by_code = {q.service: q for q in queues}
        longest = 0.0
        for code in self.services:
            q = by_code.get(code)
            svc = self.config.service(code)
            self.service_labels[code].setText(svc.display_name(lang) if svc else code)
            n = (q.priority_waiting if priority_only else q.waiting) if q else 0
            self.waiting_labels[code].setText(str(n))
            self.waiting_labels[code].setToolTip(
                text("waiting_priority", lang, n=q.waiting, p=q.priority_waiting) if q else "")
            if n:
                longest = max(longest, q.longest_wait_min)
        self.longest.setText(text("longest_wait", lang, wait=minutes_text(longest, lang))
                             if longest else text("longest_none", lang))
        self.day_heading.setText(text("day_heading", lang))
        self.served.setText(text("day_served", lang, n=day.get("served", 0)))
        self.no_shows.setText(text("day_no_shows", lang, n=day.get("no_shows", 0)))
        if day.get("avg_service_min") is not None:
            self.average.setText(text("day_avg", lang,
                                      avg=minutes_text(day["avg_service_min"], lang),
                                      target=minutes_text(day.get("target_service_min"), lang)))
            self.within.setText(text("day_within", lang, n=day.get("within_target", 0),
                                     total=day.get("served", 0)))
        else:
            self.average.setText(text("day_avg_none", lang))
            self.within.setText("")
        self.others_heading.setText(text("others_heading", lang))
        served = set(self.services)
        lines = []
        for c in counters:
            if c.name == self.counter or not served & set(c.services):
                continue
            if c.status == CounterStatus.CLOSED:
                what = text("other_closed", lang)
            elif c.status == CounterStatus.PAUSED:
                what = text("other_paused", lang)
            elif c.current:
                what = f"{c.current.code} {STATUS_LABELS[c.current.status][1 if lang == 'en' else 0].lower()}"
            else:
                what = text("other_idle", lang)
            lines.append(" · ".join(p for p in (c.label, c.officer, what) if p))
        self.others.setText("\n".join(lines) or "-")
