"""The start screen: one large tile per active service, with its waiting count and open state."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from shared.domain import ServiceQueue

from kiosk.screens.common import Screen, Texts, clear_layout, make_button, make_label, opening_text

T = Texts({
    "title": ("Silakan pilih layanan", "Please choose a service"),
    "subtitle": ("Sentuh layanan untuk mengambil nomor antrean",
                 "Touch a service to take a queue number"),
    "waiting_none": ("Belum ada antrean", "No one waiting"),
    "waiting": ("{n} orang menunggu", "{n} people waiting"),
    "waiting_one": ("1 orang menunggu", "1 person waiting"),
    "quota_left": ("Sisa kuota hari ini: {n}", "Left today: {n}"),
    "open": ("Buka", "Open"),
    "closed": ("Tutup", "Closed"),
    "holiday": ("Libur", "Holiday"),
    "quota": ("Kuota habis", "Quota reached"),
    "inactive": ("Tidak tersedia", "Not available"),
    "no_services": ("Belum ada layanan yang aktif", "No active services"),
    "offline": ("Tidak terhubung ke server", "Not connected to the server"),
    "survey": ("★  Beri Penilaian", "★  Rate our service"),
    "complaint": ("✎  Pengaduan / Saran", "✎  Complaints / Suggestions"),
    "checkin": ("▣  Sudah booking? Check-in di sini", "▣  Booked online? Check in here"),
})


class ServiceTile(QPushButton):
    """A large button: prefix badge, service name, waiting count, and open/closed state."""

    def __init__(self, queue: ServiceQueue, parent=None):
        super().__init__(parent)
        self.setObjectName("ServiceTile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(190)
        self.setMaximumHeight(330)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.queue = queue
        self._release = QTimer(self, singleShot=True)
        self._release.setTimerType(Qt.TimerType.PreciseTimer)
        self.offline = False   # no server: the tile stays off, whatever a tap's guard says
        self._release.timeout.connect(lambda: self.setEnabled(not self.offline))
        self.prefix = QLabel(queue.prefix)
        self.prefix.setObjectName("TilePrefix")
        self.prefix.setFixedSize(112, 112)
        self.prefix.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = make_label("", "TileName")
        self.waiting = make_label("", "TileWaiting")
        self.status = make_label("", "TileStatus")
        for label in (self.prefix, self.name, self.waiting, self.status):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addStretch(1)
        text.addWidget(self.name)
        text.addWidget(self.waiting)
        text.addWidget(self.status)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 20, 28, 20)
        row.setSpacing(28)
        row.addWidget(self.prefix, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)

    def hold(self, ms: int) -> None:
        """Disable the tile for `ms` milliseconds (after a tap)."""
        self.setEnabled(False)
        self._release.start(ms)

    def set_offline(self, offline: bool) -> None:
        self.offline = offline
        if offline or not self._release.isActive():
            self.setEnabled(not offline)

    def update_queue(self, queue: ServiceQueue, lang: str, now_local: datetime) -> None:
        self.queue = queue
        self.prefix.setText(queue.prefix)
        self.name.setText(queue.name_en if lang == "en" else queue.name_id)
        if queue.waiting == 0:
            self.waiting.setText(T("waiting_none", lang))
        elif queue.waiting == 1:
            self.waiting.setText(T("waiting_one", lang))
        else:
            self.waiting.setText(T("waiting", lang, n=queue.waiting))
        if self.offline:
            self.status.setObjectName("TileStatus")
            self.status.setText(T("offline", lang))
        elif queue.can_issue:
            left = None if queue.quota is None else max(0, queue.quota - queue.issued_today)
            self.status.setObjectName("TileOpen")
            self.status.setText(T("quota_left", lang, n=left) if left is not None and left <= 20
                                else T("open", lang))
        else:
            self.status.setObjectName("TileStatus")
            reason = T(queue.closed_reason or "closed", lang)
            when = opening_text(queue.next_opening, now_local, lang)
            self.status.setText(f"{reason} · {when}" if when else reason)
        open_ = "true" if queue.can_issue else "false"
        if self.property("open") != open_:
            self.setProperty("open", open_)
        for w in (self, self.prefix, self.name, self.status):
            w.style().unpolish(w)
            w.style().polish(w)


class StartScreen(Screen):
    """Emits `service_chosen(code)`; the window decides (priority step, issue, refusal)."""

    name = "start"
    service_chosen = Signal(str)
    survey_requested = Signal()
    complaint_requested = Signal()
    checkin_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.queues: list[ServiceQueue] = []
        self.now_local: datetime | None = None
        self.tiles: dict[str, ServiceTile] = {}
        self.tile_guard_ms = 1000   # a tapped tile stays disabled this long
        self.offline = False
        self.title = make_label("", "ScreenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.empty = make_label("", "ScreenSubtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.grid = QGridLayout()
        self.grid.setSpacing(28)
        self.grid_host = grid_host = QWidget()
        grid_host.setObjectName("Grid")
        grid_host.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid_host.setLayout(self.grid)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 36, 60, 48)
        outer.setSpacing(14)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        # a visitor who booked ahead must not take a walk-in number: their button is yellow,
        # above the tiles in portrait, first in the bottom row in landscape (no height to spare)
        self.checkin_button = make_button("", "CheckinButton", 96)
        self.checkin_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.checkin_button.clicked.connect(self.checkin_requested.emit)
        self.checkin_button.hide()
        self.checkin_top = QHBoxLayout()
        outer.addSpacing(12)
        outer.addLayout(self.checkin_top)
        outer.addSpacing(12)
        outer.addWidget(self.empty)
        outer.addWidget(grid_host, 1)
        self.survey_button = make_button("", "VoiceButton", 96)
        self.survey_button.clicked.connect(self.survey_requested.emit)
        self.complaint_button = make_button("", "VoiceButton", 96)
        self.complaint_button.clicked.connect(self.complaint_requested.emit)
        self.voice_row = voice = QHBoxLayout()
        voice.setSpacing(28)
        voice.addStretch(1)
        for button in (self.survey_button, self.complaint_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            voice.addWidget(button)
        voice.addStretch(1)
        outer.addSpacing(18)
        outer.addLayout(voice)
        self._place_checkin()
        self.retranslate()

    # --- data ------------------------------------------------------------------------------
    def set_queues(self, queues: list[ServiceQueue], now_local: datetime) -> None:
        self.now_local = now_local
        codes_changed = [q.service for q in queues] != [q.service for q in self.queues]
        self.queues = queues
        if codes_changed:
            for tile in self.tiles.values():
                tile.deleteLater()
            self.tiles = {}
            for q in queues:
                tile = ServiceTile(q, self)
                tile.set_offline(self.offline)
                tile.clicked.connect(lambda _=False, code=q.service: self._on_tile(code))
                self.tiles[q.service] = tile
            self.apply_orientation()
        for q in queues:
            self.tiles[q.service].update_queue(q, self.lang, now_local)
        self.empty.setVisible(not queues)

    def set_offline(self, offline: bool) -> None:
        """No server: every tile and the survey buttons off, each tile saying why."""
        self.offline = offline
        for tile in self.tiles.values():
            tile.set_offline(offline)
        for button in (self.survey_button, self.complaint_button, self.checkin_button):
            button.setEnabled(not offline)
        self.retranslate()

    def set_booking(self, enabled: bool) -> None:
        """Show the check-in button when any active service takes bookings."""
        self.checkin_button.setVisible(enabled)

    def queue(self, code: str) -> ServiceQueue | None:
        return next((q for q in self.queues if q.service == code), None)

    def _on_tile(self, code: str) -> None:
        tile = self.tiles.get(code)
        if tile is not None and self.tile_guard_ms > 0:
            tile.hold(self.tile_guard_ms)   # a double tap cannot press it twice
        self.service_chosen.emit(code)

    # --- look ------------------------------------------------------------------------------
    def columns(self) -> int:
        n = len(self.tiles)
        if self.portrait:
            return 1 if n <= 6 else 2
        return n if n <= 2 else 2 if n == 4 else 3

    def _place_checkin(self) -> None:
        button = self.checkin_button
        self.checkin_top.removeWidget(button)
        self.voice_row.removeWidget(button)
        button.setProperty("row", "top" if self.portrait else "bottom")
        button.style().unpolish(button)
        button.style().polish(button)
        if self.portrait:
            button.setFixedHeight(120)
            button.setMinimumWidth(900)
            self.checkin_top.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        else:
            button.setFixedHeight(96)
            button.setMinimumWidth(0)
            self.voice_row.insertWidget(1, button)

    def apply_orientation(self) -> None:
        """Tiles on a grid of half-columns, so a short last row sits centred."""
        self._place_checkin()
        clear_layout(self.grid)
        cols = max(1, self.columns())
        tiles = list(self.tiles.values())
        rows = (len(tiles) + cols - 1) // cols
        for i, tile in enumerate(tiles):
            row, col = divmod(i, cols)
            in_row = min(cols, len(tiles) - row * cols)
            self.grid.addWidget(tile, row, (cols - in_row) + 2 * col, 1, 2)
        for r in range(max(rows, 12)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(8):
            self.grid.setColumnStretch(c, 1 if c < 2 * cols else 0)
        self.grid.invalidate()   # cached minimum sizes would keep the old orientation's width
        self.grid_host.updateGeometry()

    def retranslate(self) -> None:
        self.title.setText(T("title", self.lang))
        self.subtitle.setText(T("subtitle", self.lang))
        self.empty.setText(T("no_services", self.lang))
        self.survey_button.setText(T("survey", self.lang))
        self.complaint_button.setText(T("complaint", self.lang))
        self.checkin_button.setText(T("checkin", self.lang))
        if self.now_local is not None:
            for q in self.queues:
                self.tiles[q.service].update_queue(q, self.lang, self.now_local)

