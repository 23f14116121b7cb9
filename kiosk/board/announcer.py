"""The announcement queue and its players.

One announcement at a time: a new call waits for the one being spoken (never cuts it off, never
dropped), a recall is announced again. The player is a small interface, so tests use a fake that
records start and end times; the real ones are:

- `ClipPlayer`   — joins the clips into one WAV and plays it with QMediaPlayer + QAudioOutput;
- `SilentPlayer` — no audio device (a PC without speakers, CI): waits as long as the clips last,
  so the board still shows each call for as long as it would have been heard;
- `TtsPlayer`    — a local speech engine through QTextToSpeech, chime from the clips.

A watchdog moves the queue on if a player never reports the end, so the board cannot hang.
"""
from __future__ import annotations

import itertools
import logging
import tempfile
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal

from shared.announce import CHIME, announcement_clips, announcement_text
from shared.domain import Event

from kiosk.board.voice_clips import clip_path, join_clips, wav_duration

log = logging.getLogger(__name__)

CALL_EVENTS = ("called", "recalled")


@dataclass(frozen=True)
class Announcement:
    """One voice call: what to say, in which languages."""

    code: str
    counter: str
    kind: str = "called"                 # called | recalled
    service: str | None = None
    seq: int = 0                         # the event's sequence number
    languages: tuple[str, ...] = ("id",)
    chime: bool = True

    def clips(self) -> list[tuple[str, str]]:
        """(language, clip name) in playing order: the chime once, then each language."""
        out: list[tuple[str, str]] = [("", CHIME)] if self.chime else []
        for lang in self.languages:
            out += [(lang, c) for c in announcement_clips(self.code, self.counter, lang, chime=False)]
        return out

    def texts(self) -> list[tuple[str, str]]:
        return [(lang, announcement_text(self.code, self.counter, lang)) for lang in self.languages]


def announcements_from_events(events: Iterable[Event], languages=("id",), chime=True
                              ) -> list[Announcement]:
    """A call or a recall becomes an announcement; every other event is ignored."""
    out = []
    for e in events:
        if e.type in CALL_EVENTS and e.ticket_code and e.counter:
            out.append(Announcement(e.ticket_code, e.counter, e.type, e.service, e.seq,
                                    tuple(languages), chime))
    return out


class Player(ABC):
    """Plays one announcement and calls `done()` once when it is over (never from inside play)."""

    @abstractmethod
    def play(self, announcement: Announcement, done: Callable[[], None]) -> None: ...

    def stop(self) -> None:
        """Cut off whatever plays (only on shutdown)."""

    def set_volume(self, volume: int) -> None:
        """0–100."""

    def expected_seconds(self, announcement: Announcement) -> float:
        """How long an announcement should take at most; the watchdog adds a margin."""
        return 4.0 + 0.8 * len(announcement.clips())


class ClipFiles:
    """Finds the clips of an announcement: an office's own folder first, then the default set."""

    def __init__(self, own_dir: Path | None = None, default_dir: Path | None = None):
        from kiosk.board.voice_clips import SOUNDS_DIR
        self.own_dir = own_dir
        self.default_dir = default_dir or SOUNDS_DIR
        self._missing_logged: set[tuple[str, str]] = set()

    def paths(self, announcement: Announcement) -> list[Path]:
        out = []
        for lang, name in announcement.clips():
            path = clip_path(name, lang, self.own_dir, self.default_dir)
            if path is None:
                if (lang, name) not in self._missing_logged:
                    self._missing_logged.add((lang, name))
                    log.warning("voice clip %s/%s.wav is missing: skipped", lang, name)
                continue
            out.append(path)
        return out

    def duration(self, announcement: Announcement) -> float:
        return sum(wav_duration(p) for p in self.paths(announcement))


class NullPlayer(Player):
    """Voice off: the board shows each call at once."""

    def play(self, announcement, done):
        QTimer.singleShot(0, done)

    def expected_seconds(self, announcement):
        return 0.0


class SilentPlayer(Player):
    """No sound: waits as long as the clips would play (scaled by `speed`), then reports done."""

    def __init__(self, files: ClipFiles, speed: float = 1.0, parent: QObject | None = None):
        self.files = files
        self.speed = speed
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._done: Callable[[], None] | None = None
        self._timer.timeout.connect(self._finish)

    def play(self, announcement, done):
        self._done = done
        self._timer.start(int(1000 * self.files.duration(announcement) / self.speed))

    def _finish(self):
        done, self._done = self._done, None
        if done:
            done()

    def stop(self):
        self._timer.stop()
        self._done = None

    def expected_seconds(self, announcement):
        return self.files.duration(announcement) / self.speed


class ClipPlayer(Player):
    """The real thing: the clips joined into one WAV (gapless) through QMediaPlayer."""

    def __init__(self, files: ClipFiles, volume: int = 80, parent: QObject | None = None):
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        self.files = files
        self._dir = tempfile.TemporaryDirectory(prefix="antrean-voice-")
        self._counter = itertools.count()
        self._audio = QAudioOutput(parent)
        self._player = QMediaPlayer(parent)
        self._player.setAudioOutput(self._audio)
        self._player.mediaStatusChanged.connect(self._status)
        self._player.errorOccurred.connect(self._error)
        self._done: Callable[[], None] | None = None
        self._previous: Path | None = None
        self.set_volume(volume)

    def set_volume(self, volume):
        from PySide6.QtMultimedia import QtAudio
        linear = QtAudio.convertVolume(max(0, min(100, volume)) / 100.0,
                                       QtAudio.VolumeScale.LogarithmicVolumeScale,
                                       QtAudio.VolumeScale.LinearVolumeScale)
        self._audio.setVolume(linear)

    def play(self, announcement, done):
        self._done = done
        out = Path(self._dir.name) / f"call-{next(self._counter)}.wav"
        self._last_duration = join_clips(self.files.paths(announcement), out)
        self._player.setSource(QUrl.fromLocalFile(str(out)))
        self._player.play()
        if self._previous is not None:
            self._previous.unlink(missing_ok=True)
        self._previous = out

    def _status(self, status):
        from PySide6.QtMultimedia import QMediaPlayer
        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._finish()

    def _error(self, error, text):
        log.warning("voice playback failed: %s", text)
        self._finish()

    def _finish(self):
        done, self._done = self._done, None
        if done:
            QTimer.singleShot(0, done)

    def stop(self):
        self._done = None
        self._player.stop()

    def expected_seconds(self, announcement):
        return self.files.duration(announcement)


class TtsPlayer(Player):
    """A local speech engine (QTextToSpeech) speaks the text; the chime comes from the clips."""

    def __init__(self, tts, locales: dict[str, QLocale], chime: Player | None,
                 volume: int = 80):
        self.tts = tts
        self.locales = locales
        self.chime = chime
        self._queue: list[tuple[str, str]] = []
        self._done: Callable[[], None] | None = None
        self._speaking = False
        tts.stateChanged.connect(self._state)
        self.set_volume(volume)

    @staticmethod
    def create(engine: str, languages: Iterable[str], chime: Player | None, volume: int,
               parent: QObject | None = None) -> "TtsPlayer | None":
        """A player when `engine` (or any installed engine, if empty) speaks every language."""
        from PySide6.QtTextToSpeech import QTextToSpeech
        engines = [engine] if engine else QTextToSpeech.availableEngines()
        for name in engines:
            tts = QTextToSpeech(name, parent)
            if tts.state() == QTextToSpeech.State.Error:
                tts.deleteLater()
                continue
            found = {}
            for lang in languages:
                match = [loc for loc in tts.availableLocales()
                         if QLocale.languageToCode(loc.language()) == lang]
                if match:
                    found[lang] = match[0]
            if len(found) == len(tuple(languages)):
                return TtsPlayer(tts, found, chime, volume)
            tts.deleteLater()
        return None

    def set_volume(self, volume):
        self.tts.setVolume(max(0, min(100, volume)) / 100.0)
        if self.chime:
            self.chime.set_volume(volume)

    def play(self, announcement, done):
        self._done = done
        self._queue = announcement.texts()
        if self.chime and announcement.chime:
            chime_only = Announcement(announcement.code, announcement.counter, languages=(),
                                      chime=True)
            self.chime.play(chime_only, self._speak_next)
        else:
            QTimer.singleShot(0, self._speak_next)

    def _speak_next(self):
        if self._done is None:
            return
        if not self._queue:
            done, self._done = self._done, None
            done()
            return
        lang, text = self._queue.pop(0)
        self.tts.setLocale(self.locales[lang])
        self._speaking = True
        self.tts.say(text)

    def _state(self, state):
        from PySide6.QtTextToSpeech import QTextToSpeech
        if self._speaking and state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._speaking = False
            QTimer.singleShot(0, self._speak_next)

    def stop(self):
        self._done = None
        self._queue = []
        self.tts.stop()
        if self.chime:
            self.chime.stop()

    def expected_seconds(self, announcement):
        words = sum(len(t.split()) for _, t in announcement.texts())
        return 3.0 + 0.6 * words


class Announcer(QObject):
    """Plays announcements one after another. `started` fires when one begins (the board shows
    the call then), `finished` when it is over; `gap_ms` of quiet separates two calls."""

    started = Signal(object)
    finished = Signal(object)

    def __init__(self, player: Player, gap_ms: int = 600, watchdog_margin_s: float = 8.0,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.player = player
        self.gap_ms = gap_ms
        self.watchdog_margin_s = watchdog_margin_s
        self._pending: deque[Announcement] = deque()
        self._current: Announcement | None = None
        self._token = 0
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._overdue)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._next)

    @property
    def current(self) -> Announcement | None:
        return self._current

    @property
    def pending(self) -> list[Announcement]:
        return list(self._pending)

    def is_idle(self) -> bool:
        return self._current is None and not self._pending and not self._gap.isActive()

    def enqueue(self, announcement: Announcement) -> None:
        self._pending.append(announcement)
        if self._current is None and not self._gap.isActive():
            self._next()

    def _next(self) -> None:
        if self._current is not None or not self._pending:
            return
        self._current = ann = self._pending.popleft()
        self._token += 1
        token = self._token
        self.started.emit(ann)
        limit = self.player.expected_seconds(ann) + self.watchdog_margin_s
        self._watchdog.start(int(limit * 1000))
        try:
            self.player.play(ann, lambda: self._done(token))
        except Exception:  # a broken clip or engine must not stop the queue
            log.exception("cannot play announcement %s", ann.code)
            QTimer.singleShot(0, lambda: self._done(token))

    def _done(self, token: int) -> None:
        if token != self._token or self._current is None:
            return  # a late report from an announcement the watchdog already ended
        ann, self._current = self._current, None
        self._watchdog.stop()
        self.finished.emit(ann)
        self._gap.start(self.gap_ms)  # quiet between two calls, even one that comes in later

    def _overdue(self) -> None:
        if self._current is not None:
            log.warning("announcement %s did not finish in time: moving on", self._current.code)
            self.player.stop()
            self._done(self._token)

    def shutdown(self) -> None:
        self._pending.clear()
        self._watchdog.stop()
        self._gap.stop()
        self.player.stop()
        self._current = None


def audio_output_available() -> bool:
    """False on a PC (or CI) without any audio output device."""
    from PySide6.QtMultimedia import QMediaDevices
    try:
        return bool(QMediaDevices.audioOutputs())
    except Exception:  # a broken audio stack counts as none
        log.exception("cannot list audio devices")
        return False


def make_player(voice: str, languages: Iterable[str], volume: int, files: ClipFiles,
                tts_engine: str = "", parent: QObject | None = None) -> Player:
    """The player for the settings and this PC: off → none; no audio device → silent pacing;
    'tts' → the speech engine when one speaks every language, else the clips (logged once)."""
    if voice == "off":
        return NullPlayer()
    if not audio_output_available():
        log.warning("no audio output device: calls are shown without sound")
        return SilentPlayer(files, parent=parent)
    if voice == "tts":
        player = TtsPlayer.create(tts_engine, tuple(languages), ClipPlayer(files, volume, parent),
                                  volume, parent)
        if player is not None:
            return player
        log.warning("no speech engine speaks %s%s: using the voice clips instead",
                    "+".join(languages), f" (engine {tts_engine!r})" if tts_engine else "")
    return ClipPlayer(files, volume, parent)
