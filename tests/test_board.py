"""The display board: follows the store (also another process), shows each call as it is
announced, keeps the counter cards current, and keeps going without an audio device."""
from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from conftest import EXAMPLE_CONFIG
from kiosk.board import announcer as announcer_mod
from kiosk.board.announcer import SilentPlayer
from kiosk.board.app import BoardController, BoardSettings, open_board
from shared.config import parse_config
from shared.domain import ConfigError
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent


def open_all_day_db(tmp_path, board: dict | None = None) -> Path:
    """The example office open 24 hours every day: a CLI subprocess uses the system clock."""
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["hours"] = {"setiap_hari": ["00:00-24:00"]}
    raw.pop("overrides", None)
    raw["holidays"] = []
    for s in raw["services"]:
        s.pop("hours", None)
    if board is not None:
        raw["board"] = board
    path = tmp_path / "allday.db"
    init_database(path, parse_config(raw, "allday.toml"))
    return path


def cli(db: Path, *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), *args],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def make_board(qtbot, service, **settings) -> BoardController:
    controller = BoardController(service, BoardSettings(**settings))
    qtbot.addWidget(controller.window)
    controller.window.resize(1920, 1080)
    controller.start()
    return controller


@pytest.fixture
def silent(monkeypatch):
    """No audio device, as in CI (also on a developer's PC with speakers)."""
    monkeypatch.setattr(announcer_mod, "audio_output_available", lambda: False)


def card_state(board, counter: str) -> tuple[str, str, str]:
    card = board.window.cards[counter]
    return card.property("state"), card.code.text(), card.status.text()


def test_board_shows_a_call_made_by_another_process(qtbot, tmp_path, silent):
    db = open_all_day_db(tmp_path)
    service = SqliteQueueService(db)
    board = make_board(qtbot, service)           # default settings: voice from the clips
    cli(db, "issue", "A")
    cli(db, "issue", "A")
    qtbot.waitUntil(lambda: board.window.queue_counts["A"].text() == "2", timeout=2000)
    cli(db, "call", "1")
    qtbot.waitUntil(lambda: board.window.current_call() == "A-001", timeout=2000)
    assert board.window.hero_counter.text() == "LOKET 1"
    assert card_state(board, "1")[:2] == ("called", "A-001")
    assert board.window.queue_counts["A"].text() == "1"
    assert board.window.is_flashing()
    board.stop()
    service.close()


def test_counter_cards_follow_pause_resume_and_finish(qtbot, service):
    board = make_board(qtbot, service, voice="off")
    assert card_state(board, "1")[0] == "closed"
    service.issue("A")
    service.call_next("1")
    qtbot.waitUntil(lambda: card_state(board, "1")[:2] == ("called", "A-001"), timeout=2000)
    service.start("1")
    qtbot.waitUntil(lambda: card_state(board, "1")[0] == "serving", timeout=2000)
    assert card_state(board, "1")[1] == "A-001"
    service.finish("1")
    qtbot.waitUntil(lambda: card_state(board, "1")[:2] == ("idle", "—"), timeout=2000)
    service.pause("1", "Salat Zuhur")
    qtbot.waitUntil(lambda: card_state(board, "1")[0] == "paused", timeout=2000)
    assert card_state(board, "1")[1:] == ("Istirahat", "Salat Zuhur")
    service.resume("1")
    qtbot.waitUntil(lambda: card_state(board, "1")[0] == "idle", timeout=2000)
    service.close_counter("1")
    qtbot.waitUntil(lambda: card_state(board, "1")[0] == "closed", timeout=2000)
    board.stop()


def test_without_audio_the_real_clip_announcer_keeps_the_board_updating(qtbot, service, silent):
    board = make_board(qtbot, service)            # voice = clips, paced by the clips' length
    assert isinstance(board.player, SilentPlayer)
    service.issue("A")
    service.issue("B")
    service.call_next("1")
    service.call_next("3")
    qtbot.waitUntil(lambda: board.window.current_call() == "A-001", timeout=2000)
    # the second call waits for the first announcement, but its counter card is current already
    qtbot.waitUntil(lambda: card_state(board, "3")[:2] == ("called", "B-001"), timeout=2000)
    assert board.window.current_call() == "A-001"
    assert [a.code for a in board.announcer.pending] == ["B-001"]
    seconds = board.files.duration(board.announcer.current)
    t0 = time.monotonic()
    qtbot.waitUntil(lambda: board.window.current_call() == "B-001", timeout=int(seconds * 1000) + 5000)
    assert time.monotonic() - t0 > seconds * 0.5
    assert board.window.recent_codes() == ["A-001"]
    service.issue("A")
    qtbot.waitUntil(lambda: board.window.queue_counts["A"].text() == "1", timeout=2000)
    board.stop()


def test_a_recall_is_shown_again_as_a_recall(qtbot, service):
    board = make_board(qtbot, service, voice="off", flash_seconds=0.3)
    service.issue("A")
    service.issue("B")
    service.call_next("1")
    service.call_next("3")
    qtbot.waitUntil(lambda: board.window.current_call() == "B-001", timeout=2000)
    service.recall("1")
    qtbot.waitUntil(lambda: board.window.current_call() == "A-001", timeout=2000)
    assert board.window.hero_caption.text() == "PANGGILAN ULANG"
    assert board.window.recent_codes() == ["B-001"]      # A-001 is not listed twice
    qtbot.waitUntil(lambda: not board.window.is_flashing(), timeout=3000)
    board.stop()


def test_recent_calls_newest_first_and_limited(qtbot, service):
    board = make_board(qtbot, service, voice="off", recent_calls=2)
    for _ in range(4):
        service.issue("A")
    for _ in range(4):
        service.call_next("1")
        service.start("1")
        service.finish("1")
    qtbot.waitUntil(lambda: board.window.current_call() == "A-004", timeout=2000)
    assert board.window.recent_codes() == ["A-003", "A-002"]
    board.stop()


def test_a_board_started_mid_day_shows_todays_calls_without_announcing(qtbot, service):
    for _ in range(3):
        service.issue("A")
    for c in ("1", "2"):
        service.call_next(c)
    board = make_board(qtbot, service, voice="off")
    assert board.window.current_call() == "A-002"
    assert board.window.recent_codes() == ["A-001"]
    assert not board.window.is_flashing()
    assert board.announcer.is_idle()
    board.stop()


def test_media_pane_hidden_without_a_folder_and_shown_with_images(qtbot, service, tmp_path):
    board = make_board(qtbot, service, voice="off")
    board.window.show()
    assert not board.window.media.isVisible()
    assert board.window.hero.width() > 1000          # the calls take the space
    board.stop()
    folder = tmp_path / "media"
    folder.mkdir()
    for i, colour in enumerate(("#1b998b", "#d1495b")):
        img = QImage(640, 360, QImage.Format_RGB32)
        img.fill(QColor(colour))
        img.save(str(folder / f"slide{i}.png"))
    board2 = make_board(qtbot, service, voice="off", media_dir=folder, media_interval_s=2)
    board2.window.show()
    assert board2.window.media.isVisible()
    assert len(board2.window.media.images) == 2
    board2.window.media.next_image()
    assert board2.window.media._index == 1
    board2.stop()


def test_board_settings_defaults_and_a_full_table(tmp_path):
    assert BoardSettings.from_dict({}) == BoardSettings()
    s = BoardSettings.from_dict({"voice": "tts", "languages": ["id", "en"], "volume": 55,
                                 "chime": False, "sounds_dir": str(tmp_path), "tts_engine": "speechd",
                                 "media_dir": str(tmp_path), "media_interval_s": 15,
                                 "recent_calls": 4, "flash_seconds": 3})
    assert s.languages == ("id", "en") and s.volume == 55 and s.sounds_dir == tmp_path
    assert s.flash_seconds == 3.0 and s.recent_calls == 4 and s.voice == "tts"


def test_board_settings_come_from_the_config_table(tmp_path):
    db = open_all_day_db(tmp_path, board={"voice": "off", "languages": ["en"]})
    service = SqliteQueueService(db)
    assert BoardSettings.from_config(service.config) == BoardSettings(voice="off",
                                                                      languages=("en",))
    service.close()


@pytest.mark.parametrize("table, key, words", [
    ({"voice": "online"}, "board.voice", "clips, tts, off"),
    ({"voice": 1}, "board.voice", "must be text"),
    ({"languages": ["id", "fr"]}, "board.languages", "list of languages"),
    ({"languages": []}, "board.languages", "list of languages"),
    ({"languages": ["id", "id"]}, "board.languages", "twice"),
    ({"volume": 101}, "board.volume", "from 0 to 100"),
    ({"volume": "loud"}, "board.volume", "whole number"),
    ({"volume": True}, "board.volume", "whole number"),
    ({"chime": "yes"}, "board.chime", "true or false"),
    ({"recent_calls": 0}, "board.recent_calls", "from 1 to 6"),
    ({"media_interval_s": 1}, "board.media_interval_s", "from 2 to 3600"),
    ({"flash_seconds": -1}, "board.flash_seconds", "from 0 to 60"),
    ({"media_dir": 5}, "board.media_dir", "folder path"),
    ({"colour": "red"}, "board.colour", "unknown key"),
])
def test_board_settings_errors_name_the_key(table, key, words):
    with pytest.raises(ConfigError) as err:
        BoardSettings.from_dict(table, "kantor.toml")
    assert err.value.key == key
    assert words in err.value.problem


def test_open_board_shows_the_store_windowed(qtbot, tmp_path, silent):
    db = open_all_day_db(tmp_path, board={"voice": "off"})
    board = open_board(Namespace(db=db, windowed=True))
    qtbot.addWidget(board.window)
    assert board.window.isVisible() and not board.window.isFullScreen()
    assert board.settings.voice == "off"
    cli(db, "issue", "B")
    cli(db, "call", "3")
    qtbot.waitUntil(lambda: board.window.current_call() == "B-001", timeout=2000)
    board.stop()
    board.window.close()
    board.service.close()


def test_the_board_process_survives_pyside_refcount_drops(qtbot, service):
    """PySide6 6.12 on CPython 3.11 drops a reference to None on every void call; the board
    lifts the count so hours of marquee frames cannot reach zero."""
    board = make_board(qtbot, service, voice="off")
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39
        assert sys.getrefcount(True) > 1 << 39
    before = sys.getrefcount(None)
    for _ in range(20000):
        board.window.marquee.update()
    assert sys.getrefcount(None) > 1000
    assert before - sys.getrefcount(None) <= 20000
    board.stop()
