"""`antrean board`: the lobby display board with voice calls.

`BoardSettings` is the `[board]` table of the office config; `BoardController` wires the store's
event feed to the announcer and the window: a call or recall is queued for announcing and shown
large when its announcement starts; every event refreshes the counter cards and waiting counts.

With `--server URL --token T` the board follows `antrean serve`: reads and the event feed run off
the GUI thread, a red banner shows while the server cannot be reached (the board keeps showing
the last known state), and when it is back the board catches up with the calls made meanwhile.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from shared.qt import guard_none_refcount as protect_none_refcount  # noqa: F401
from shared.announce import LANGUAGES
from shared.backend import is_remote
from shared.config import OfficeConfig
from shared.domain import ConfigError, Event
from shared.service import QueueService

log = logging.getLogger(__name__)

VOICE_SOURCES = ("clips", "tts", "off")


@dataclass(frozen=True)
class BoardSettings:
    """The `[board]` table: display and voice. Every key is optional."""

    voice: str = "clips"                  # clips | tts | off
    languages: tuple[str, ...] = ("id",)  # spoken one after another: ["id", "en"]
    volume: int = 80                      # 0–100
    chime: bool = True                    # "ting-tong" before each call
    sounds_dir: Path | None = None        # the office's own recordings (same file names)
    tts_engine: str = ""                  # QTextToSpeech engine; "" = any that speaks the languages
    media_dir: Path | None = None         # images or videos for the media pane; none = no pane
    media_interval_s: int = 10            # seconds per image
    recent_calls: int = 5                 # earlier calls listed beside the big one
    flash_seconds: float = 5.0            # how long a new call flashes

    @classmethod
    def from_config(cls, config: OfficeConfig, source: str = "(config)") -> "BoardSettings":
        return cls.from_dict(config.raw.get("board", {}), source)

    @classmethod
    def from_dict(cls, table: dict, source: str = "(config)") -> "BoardSettings":
        """Check each key; a problem is a ConfigError naming `board.<key>`."""
        def fail(key: str, problem: str) -> ConfigError:
            return ConfigError(source, f"board.{key}", problem)

        if not isinstance(table, dict):
            raise ConfigError(source, "board", "must be a table ([board])")
        known = {f.name for f in fields(cls)}
        for key in table:
            if key not in known:
                raise fail(key, f"unknown key (expected one of: {', '.join(sorted(known))})")
        values: dict = {}

        def get(key, kind, what):
            if key not in table:
                return None
            value = table[key]
            ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
            if not ok:
                raise fail(key, f"must be {what}, not {value!r}")
            return value

        voice = get("voice", str, "text")
        if voice is not None:
            if voice not in VOICE_SOURCES:
                raise fail("voice", f"{voice!r} must be one of: {', '.join(VOICE_SOURCES)}")
            values["voice"] = voice
        langs = table.get("languages")
        if langs is not None:
            if isinstance(langs, str):
                langs = [langs]
            if (not isinstance(langs, list) or not langs
                    or not all(isinstance(x, str) and x in LANGUAGES for x in langs)):
                raise fail("languages", f"{table['languages']!r} must be a list of languages "
                                        f"from: {', '.join(LANGUAGES)} (e.g. [\"id\", \"en\"])")
            if len(set(langs)) != len(langs):
                raise fail("languages", f"{langs!r} names a language twice")
            values["languages"] = tuple(langs)
        volume = get("volume", int, "a whole number from 0 to 100")
        if volume is not None:
            if not 0 <= volume <= 100:
                raise fail("volume", f"{volume} must be from 0 to 100")
            values["volume"] = volume
        chime = get("chime", bool, "true or false")
        if chime is not None:
            values["chime"] = chime
        for key in ("sounds_dir", "media_dir"):
            folder = get(key, str, "a folder path")
            if folder:
                values[key] = Path(folder).expanduser()
        engine = get("tts_engine", str, "text (an engine name, or empty)")
        if engine is not None:
            values["tts_engine"] = engine
        for key, low, high in (("media_interval_s", 2, 3600), ("recent_calls", 1, 6)):
            n = get(key, int, "a whole number")
            if n is not None:
                if not low <= n <= high:
                    raise fail(key, f"{n} must be from {low} to {high}")
                values[key] = n
        flash = get("flash_seconds", (int, float), "a number of seconds")
        if flash is not None:
            if not 0 <= flash <= 60:
                raise fail("flash_seconds", f"{flash} must be from 0 to 60")
            values["flash_seconds"] = float(flash)
        return cls(**values)


class BoardController(QObject):
    """Follows the store and drives the window and the announcer."""

    def __init__(self, service: QueueService, settings: BoardSettings | None = None,
                 window=None, player=None, interval_ms: int = 150, parent: QObject | None = None):
        super().__init__(parent)
        protect_none_refcount()
        from shared.qt.events import EventFollower
        from shared.qt.remote import ConnectionMonitor, ServerTime, ServiceWorker

        from kiosk.board.announcer import Announcer, ClipFiles, make_player
        from kiosk.board.window import BoardWindow
        self.service = service
        self.config = config = service.config     # read once: no request on the GUI thread later
        self.settings = settings = settings or BoardSettings.from_config(config)
        self.reads = ServiceWorker(service, retry_for_s=0.5, timeout=3.0,
                                   name="antrean-board-reads", parent=self)
        if is_remote(service):   # the server's clock, measured off the GUI thread
            clock = ServerTime(ServiceWorker(service, retry_for_s=0.0, timeout=3.0,
                                             name="antrean-board-clock", parent=self))
        else:
            clock = getattr(service, "clock", None)   # the store's clock: tests and demos set it
        if settings.sounds_dir and not settings.sounds_dir.is_dir():
            log.warning("board.sounds_dir %s does not exist: using the default voice",
                        settings.sounds_dir)
        self.window = window or BoardWindow(
            config.name, config.short_name, config.logo, config.timezone, config.running_text,
            settings.media_dir, settings.media_interval_s, settings.recent_calls,
            settings.flash_seconds, now=clock.now if clock else None)
        self.files = ClipFiles(settings.sounds_dir)
        self.player = player or make_player(settings.voice, settings.languages, settings.volume,
                                            self.files, settings.tts_engine, self)
        self.announcer = Announcer(self.player, gap_ms=0 if settings.voice == "off" else 600,
                                   parent=self)
        self.announcer.started.connect(self._announced)
        self.follower = EventFollower(service, interval_ms, parent=self)
        self.follower.events.connect(self.on_events)
        self.monitor = ConnectionMonitor(self)
        self.monitor.watch(self.follower)
        self.monitor.watch(self.reads)
        self.monitor.changed.connect(self._connection_changed)
        self._shown: tuple[str, str] | None = None      # (code, counter label) in the big display
        self.recent: list[tuple[str, str]] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(5000)   # date change, config reload: nothing is missed
        self._refresh_timer.timeout.connect(self.refresh)
        self._refreshing = self._refresh_again = False
        self._history_loaded = False
        self._history_error = False
        self._start_wanted = False
        self._load_history()
        self.refresh()

    def start(self) -> None:
        """Follow the feed (a remote board once today's calls are loaded: none twice)."""
        self._start_wanted = True
        if self._history_loaded or self._history_error or not self.reads.threaded:
            self.follower.start()
        self._refresh_timer.start()

    def stop(self) -> None:
        self._start_wanted = False
        self.follower.stop()
        self._refresh_timer.stop()
        self.reads.shutdown()
        self.announcer.shutdown()

    # --- events -----------------------------------------------------------------------------
    def on_events(self, events: list[Event]) -> None:
        from kiosk.board.announcer import announcements_from_events
        from shared.admin.live import config_changed_in, expire_config
        if config_changed_in(events):       # an admin's change: shown now, no restart
            expire_config(self.service)
            self.reads.submit(lambda s: s.config, self._take_config, self._refresh_failed)
        for ann in announcements_from_events(events, self.settings.languages,
                                             self.settings.chime):
            self.announcer.enqueue(ann)
        self.refresh()

    def refresh(self) -> None:
        """Read the counters and queues (a remote read in flight is followed by one more)."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self.reads.submit(lambda s: (s.counters(), s.queues()), self._refreshed,
                          self._refresh_failed)

    def _take_config(self, config: OfficeConfig) -> None:
        self.config = config
        self.window.marquee.set_text(config.running_text)
        self.window.queue_counts = {}        # service names may have changed: chips rebuilt
        for name, card in self.window.cards.items():
            if config.counter(name):
                card.title.setText(config.counter(name).label.upper())
        self.refresh()

    def _refreshed(self, data) -> None:
        counters, queues = data
        self.window.set_counters(counters)
        self.window.set_queues(queues)
        self._refresh_done()

    def _refresh_failed(self, exc: BaseException) -> None:
        # a busy or vanished database, or the server away, must not kill the board: the last
        # known state stays on screen
        log.warning("cannot refresh the board: %s", exc)
        self._refresh_done()

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _connection_changed(self, up: bool) -> None:
        self.window.set_offline(not up, self.window._now())
        if up:
            if not self._history_loaded:
                self._load_history()
            self.refresh()

    def counter_label(self, name: str) -> str:
        c = self.config.counter(name)
        return c.label if c else f"Loket {name}"

    def service_name(self, code: str | None) -> str:
        s = self.config.service(code) if code else None
        return s.name if s else ""

    def _announced(self, ann) -> None:
        self._show(ann.code, ann.counter, ann.service, flash=True, recall=ann.kind == "recalled")

    def _show(self, code: str, counter: str, service: str | None, flash: bool,
              recall: bool = False) -> None:
        shown = (code, self.counter_label(counter))
        if self._shown is not None and self._shown != shown:
            self.recent.insert(0, self._shown)
        self.recent = [r for r in self.recent if r[0] != code][:self.settings.recent_calls]
        self._shown = shown
        self.window.show_call(code, shown[1], self.service_name(service), flash=flash,
                              recall=recall)
        self.window.set_recent(self.recent)

    def _load_history(self) -> None:
        """Today's latest calls, shown (not announced) when the board starts mid-day; the feed
        then follows from the last of them."""
        def read(service):
            last = service.last_event_seq()
            clock = getattr(service, "clock", None)   # the store's (or the server's) today
            return (last, service.events_after(max(0, last - 3000), limit=3000),
                    clock.now() if clock is not None else None)

        self.reads.submit(read, self._history, self._history_failed)

    def _history_failed(self, exc: BaseException) -> None:
        log.warning("cannot read today's calls: %s", exc)
        self._history_error = True
        if self.reads.threaded and self._start_wanted and not self.follower.is_running():
            self.follower.start()      # follow from the server's newest event once it is back

    def _history(self, data) -> None:
        last, events, now = data
        if not self._history_loaded and not self.follower.is_running():
            self.follower.last_seq = max(self.follower.last_seq or 0, last)
        self._history_loaded = True
        config = self.config
        today = (now or self.window._now()).astimezone(config.tz).date()
        calls = [e for e in events if e.type in ("called", "recalled") and e.ticket_code
                 and e.counter and e.at.astimezone(config.tz).date() == today]
        for e in calls[-(self.settings.recent_calls + 1) * 3:]:
            self._show(e.ticket_code, e.counter, e.service, flash=False)
        if self._start_wanted and not self.follower.is_running():
            self.follower.start()


def open_queue(args) -> QueueService:
    """The embedded store on `args.db`, or the LAN server of `args.server` with `args.token`."""
    from shared.backend import open_service
    return open_service(args.db, getattr(args, "server", None), getattr(args, "token", None))


def wait_for_config(service: QueueService, retry_s: float = 2.0) -> OfficeConfig:
    """The office config; a board that starts before its server waits for it (and logs why)."""
    import time

    from shared.qt.remote import is_offline_error
    while True:
        try:
            return service.config
        except Exception as exc:
            if not is_offline_error(exc):
                raise
            log.warning("waiting for the server: %s", exc)
            time.sleep(retry_s)


def open_board(args) -> BoardController:
    """Open the store and show the board (fullscreen unless `args.windowed`), following events."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut

    service = open_queue(args)
    source = getattr(service, "base_url", None) or str(args.db)
    settings = BoardSettings.from_config(wait_for_config(service), source)
    controller = BoardController(service, settings)
    window = controller.window
    QShortcut(QKeySequence("Ctrl+Q"), window, activated=window.close)
    if getattr(args, "windowed", False):
        window.resize(1920, 1080)
        window.show()
    else:
        window.setCursor(Qt.BlankCursor)
        window.showFullScreen()
    controller.start()
    return controller


def main(args) -> int:
    """Entry point of `antrean board [--windowed]`."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("antrean-board")
    controller = open_board(args)
    code = app.exec()
    controller.stop()
    controller.service.close()
    return code
