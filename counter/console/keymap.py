"""Hardware keys per PC: which key (F-key, USB keypad key, call button) triggers which action.

The `[keys]` table of the per-PC settings file maps an action to one key name or a list:

    [keys]
    call_next = ["F1", "Num+Enter"]   # F1 or keypad Enter
    pause = []                        # no key; the button only

Key names are Qt's portable names: "F1", "Num+1" (keypad 1), "Num++", "Space", "Ctrl+Alt+P",
"Media Play"... A name Qt does not know, a sequence of several keys, or one key given to two
actions is an error naming the setting.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from shared.domain import ConfigError

from counter.console.availability import ACTIONS

# F1..F8 in button order, and the keypad digits 1..8 for the small USB keypads
# (NumLock on). Keypad digits only fire from the keypad, so typing in a field is unaffected.
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    action: (f"F{i}", f"Num+{i}") for i, action in enumerate(ACTIONS, start=1)
}

Keymap = dict[str, tuple[QKeySequence, ...]]


class KeymapError(ConfigError):
    """A bad key setting: names the file, the setting (keys.ACTION) and the key."""


def parse_key(name: str) -> QKeySequence:
    """One key name → a QKeySequence of exactly one key; ValueError when Qt does not know it."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{name!r} is not a key name")
    seq = QKeySequence.fromString(name.strip(), QKeySequence.SequenceFormat.PortableText)
    if seq.count() != 1:
        raise ValueError(f"{name!r} must be one key, not a sequence of {seq.count()}")
    if seq[0].key() == Qt.Key.Key_unknown:
        raise ValueError(f"{name!r} is not a key Qt knows (examples: F1, Num+1, Num+Enter, Space)")
    return seq


def load_keymap(raw: dict | None, source: str = "counter.toml") -> Keymap:
    """The defaults overlaid with the `[keys]` table; raises KeymapError naming `keys.ACTION`."""
    names: dict[str, tuple[str, ...]] = dict(DEFAULT_KEYS)
    for action, value in (raw or {}).items():
        setting = f"keys.{action}"
        if action not in ACTIONS:
            raise KeymapError(source, setting,
                              f"unknown action (expected one of: {', '.join(ACTIONS)})")
        if isinstance(value, str):
            value = [value] if value.strip() else []
        if not isinstance(value, list):
            raise KeymapError(source, setting, f"must be a key name or a list of them, not {value!r}")
        names[action] = tuple(value)
    keymap: Keymap = {}
    owner: dict[str, str] = {}
    for action in ACTIONS:
        seqs = []
        for name in names[action]:
            try:
                seq = parse_key(name)
            except ValueError as exc:
                raise KeymapError(source, f"keys.{action}", str(exc)) from None
            canon = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if canon in owner and owner[canon] != action:
                raise KeymapError(source, f"keys.{action}",
                                  f"{name!r} is already the key of keys.{owner[canon]}")
            owner[canon] = action
            seqs.append(seq)
        keymap[action] = tuple(seqs)
    return keymap


def default_keymap() -> Keymap:
    return load_keymap(None)


def key_label(keymap: Keymap, action: str) -> str:
    """The key shown on the button: the first key of the action ('' when it has none)."""
    seqs = keymap.get(action, ())
    return seqs[0].toString(QKeySequence.SequenceFormat.NativeText) if seqs else ""
