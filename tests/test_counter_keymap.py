"""Hardware keys and the per-PC settings file of the counter console."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from counter.console.availability import ACTIONS
from counter.console.app import load_local_keymap
from counter.console.window import ConsoleWindow
from counter.console.keymap import DEFAULT_KEYS, KeymapError, key_label, load_keymap
from counter.console.local_settings import SETTINGS, LocalSettings, default_settings_path
from shared.domain import ConfigError, TicketStatus

ROOT = Path(__file__).resolve().parent.parent
PORTABLE = QKeySequence.SequenceFormat.PortableText


def names(keymap, action):
    return [s.toString(PORTABLE) for s in keymap[action]]


def test_defaults_are_f1_to_f8_and_the_keypad_digits():
    keymap = load_keymap(None)
    for i, action in enumerate(ACTIONS, start=1):
        assert names(keymap, action) == [f"F{i}", f"Num+{i}"]
        assert key_label(keymap, action) == f"F{i}"


def test_a_key_or_a_list_of_keys_or_none_per_action():
    keymap = load_keymap({"call_next": ["F9", "Num+Enter"], "recall": "Media Play", "pause": []})
    assert names(keymap, "call_next") == ["F9", "Num+Enter"]
    assert names(keymap, "recall") == ["Media Play"]
    assert names(keymap, "pause") == [] and key_label(keymap, "pause") == ""
    assert names(keymap, "start") == list(DEFAULT_KEYS["start"])   # untouched actions keep theirs


@pytest.mark.parametrize("raw, setting, words", [
    ({"call_next": "Fx1"}, "keys.call_next", "'Fx1' is not a key Qt knows"),
    ({"finish": ["F4", "Keypad 4"]}, "keys.finish", "'Keypad 4'"),
    ({"recall": "Ctrl+X, Ctrl+C"}, "keys.recall", "must be one key"),
    ({"recall": 3}, "keys.recall", "must be a key name"),
    ({"recall": [3]}, "keys.recall", "not a key name"),
    ({"call": "F1"}, "keys.call", "unknown action"),
    ({"recall": "F1"}, "keys.recall", "already the key of keys.call_next"),
])
def test_a_bad_key_names_the_setting(raw, setting, words):
    with pytest.raises(KeymapError) as info:
        load_keymap(raw, "/pc/counter.toml")
    message = str(info.value)
    assert message.startswith(f"/pc/counter.toml: {setting}: ")
    assert words in message
    assert info.value.key == setting


def test_keys_come_from_the_settings_file(tmp_path):
    path = tmp_path / "counter.toml"
    path.write_text('counter = "2"\n\n[keys]\ncall_next = ["F12", "Num+Enter"]\n', encoding="utf-8")
    settings = LocalSettings.load(path)
    keymap, problem = load_local_keymap(settings)
    assert problem is None and names(keymap, "call_next") == ["F12", "Num+Enter"]


def test_a_bad_keys_table_falls_back_to_the_defaults_with_the_reason(tmp_path):
    path = tmp_path / "counter.toml"
    path.write_text('[keys]\nno_show = "Kaboom"\n', encoding="utf-8")
    keymap, problem = load_local_keymap(LocalSettings.load(path))
    assert "keys.no_show" in problem and str(path) in problem
    assert names(keymap, "no_show") == ["F5", "Num+5"]


def test_console_uses_this_pcs_keys(qtbot, service, tmp_path):
    service.issue("ktp")
    service.open_counter("1", "siti")
    keymap = load_keymap({"call_next": ["F9", "Num+Enter"], "start": "Num+*"})
    window = ConsoleWindow(service, "1", {"username": "siti", "full_name": "Siti"},
                           LocalSettings(path=tmp_path / "c.toml"), keymap)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.buttons["call_next"].text() == "Panggil berikutnya\nF9"
    qtbot.keyClick(window, Qt.Key.Key_F1)                # F1 is no longer call-next here
    assert service.current_ticket("1") is None
    qtbot.keyClick(window, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert service.current_ticket("1").code == "A-001"
    qtbot.keyClick(window, Qt.Key.Key_Asterisk, Qt.KeyboardModifier.KeypadModifier)
    assert service.current_ticket("1").status == TicketStatus.SERVING
    for action in ACTIONS:
        assert window.actions_[action].shortcutContext() == Qt.ShortcutContext.ApplicationShortcut


# --- the settings file ----------------------------------------------------------------------------
def test_missing_file_gives_the_defaults(tmp_path):
    s = LocalSettings.load(tmp_path / "none.toml")
    assert (s.counter, s.auto_start, s.language, s.keys) == ("", False, "id", {})


def test_save_keeps_the_keys_table_and_comments(tmp_path):
    path = tmp_path / "counter.toml"
    path.write_text('# loket depan\ncounter = "1"\n\n[keys]\n# tombol panggil\n'
                    'call_next = "Num+Enter"\n', encoding="utf-8")
    s = LocalSettings.load(path)
    s.counter, s.auto_start, s.language = "4", True, "en"
    s.save()
    text = path.read_text(encoding="utf-8")
    assert "# loket depan" in text and "# tombol panggil" in text
    again = LocalSettings.load(path)
    assert (again.counter, again.auto_start, again.language) == ("4", True, "en")
    assert again.keys == {"call_next": "Num+Enter"}


def test_first_save_writes_a_commented_file(tmp_path):
    path = tmp_path / "sub" / "counter.toml"
    s = LocalSettings(path=path, counter='3"x')
    s.save()
    assert path.read_text(encoding="utf-8").startswith("# Pengaturan konsol loket")
    assert LocalSettings.load(path).counter == '3"x'


@pytest.mark.parametrize("content, key", [
    ("auto_start = 1\n", "auto_start"),
    ('language = "fr"\n', "language"),
    ('colour = "red"\n', "colour"),
    ('keys = "F1"\n', "keys"),
    ("counter = \n", "(syntax)"),
])
def test_bad_settings_name_the_key(tmp_path, content, key):
    path = tmp_path / "counter.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        LocalSettings.load(path)
    assert info.value.key == key and str(path) in str(info.value)


def test_default_location_is_the_user_config_dir_or_the_env(monkeypatch, tmp_path):
    monkeypatch.delenv("ANTREAN_COUNTER_SETTINGS", raising=False)
    from platformdirs import user_config_dir
    assert default_settings_path() == Path(user_config_dir("antrean", appauthor=False)) / "counter.toml"
    monkeypatch.setenv("ANTREAN_COUNTER_SETTINGS", str(tmp_path / "x.toml"))
    assert default_settings_path() == tmp_path / "x.toml"


def test_readme_documents_every_setting_and_action():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _, _ in SETTINGS:
        assert f"`{name}`" in readme, name
    for action in ACTIONS:
        assert f"`{action}`" in readme, action
