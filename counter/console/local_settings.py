"""Per-PC settings of the counter console: a small TOML file in the user's config folder.

    # %APPDATA%\\antrean\\counter.toml (Windows) or ~/.config/antrean/counter.toml (Linux)
    counter = "3"            # remembered counter (set by the login dialog)
    auto_start = false       # "Mulai otomatis saat dipanggil"
    language = "id"          # id | en

    [keys]                   # hardware keys, see counter.console.keymap
    call_next = ["F1", "Num+1"]

The console writes only the top-level lines it owns and leaves the rest of the file (the `[keys]`
table, comments) as the office typed it.
"""
from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from shared.domain import ConfigError

log = logging.getLogger(__name__)

SETTINGS_ENV = "ANTREAN_COUNTER_SETTINGS"
FILE_NAME = "counter.toml"
LANGUAGES = ("id", "en")

# One declaration per setting: name, default, help (the README documents each one).
SETTINGS = (
    ("counter", "", "the counter this PC remembers (set by 'Ingat loket ini di PC ini')"),
    ("auto_start", False, "start serving as soon as a ticket is called"),
    ("language", "id", "language of the console: id or en"),
)

HEADER = """\
# Pengaturan konsol loket untuk PC ini — per-PC settings of the antrean counter console.
# counter    = loket yang diingat / remembered counter
# auto_start = mulai layanan otomatis saat dipanggil / start service on call
# language   = id | en
# [keys]     = tombol untuk tiap aksi / keys per action, e.g. call_next = ["F1", "Num+1"]
"""


def default_settings_path() -> Path:
    """`$ANTREAN_COUNTER_SETTINGS`, else counter.toml in platformdirs' user_config_dir('antrean')."""
    env = os.environ.get(SETTINGS_ENV)
    if env:
        return Path(env)
    from platformdirs import user_config_dir
    return Path(user_config_dir("antrean", appauthor=False)) / FILE_NAME


@dataclass
class LocalSettings:
    path: Path | None = None
    counter: str = ""
    auto_start: bool = False
    language: str = "id"
    keys: dict = field(default_factory=dict)   # raw [keys] table, checked by counter.console.keymap

    @classmethod
    def load(cls, path: Path | None = None) -> "LocalSettings":
        """Read the file; a missing file gives the defaults. Raises ConfigError naming the key."""
        path = Path(path) if path else default_settings_path()
        settings = cls(path=path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(path), "(file)", f"cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), "(syntax)", f"not valid TOML: {exc}") from None
        known = {name for name, _, _ in SETTINGS} | {"keys"}
        for key in raw:
            if key not in known:
                raise ConfigError(str(path), key,
                                  f"unknown setting (expected one of: {', '.join(sorted(known))})")
        for name, default, _ in SETTINGS:
            if name in raw:
                value = raw[name]
                if type(value) is not type(default):
                    want = "true or false" if isinstance(default, bool) else "text"
                    raise ConfigError(str(path), name, f"must be {want}, not {value!r}")
                setattr(settings, name, value)
        if settings.language not in LANGUAGES:
            raise ConfigError(str(path), "language", f"must be id or en, not {settings.language!r}")
        keys = raw.get("keys", {})
        if not isinstance(keys, dict):
            raise ConfigError(str(path), "keys", "must be a table: [keys]")
        settings.keys = keys
        return settings

    def save(self) -> None:
        """Write the top-level settings, keeping every other line of the file as it is."""
        if self.path is None:
            return
        try:
            old = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = HEADER
        except OSError as exc:
            log.warning("cannot read %s: %s", self.path, exc)
            return
        new = update_top_level(old, {name: getattr(self, name) for name, _, _ in SETTINGS})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(new, encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:  # a read-only profile must not stop the counter
            log.warning("cannot save %s: %s", self.path, exc)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def update_top_level(text: str, values: dict) -> str:
    """Set `key = value` lines before the first [table] of a TOML text, adding missing ones."""
    lines = text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")),
                       len(lines))
    head, tail = lines[:first_table], lines[first_table:]
    for key, value in values.items():
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        line = f"{key} = {_toml_value(value)}"
        for i, old in enumerate(head):
            if pattern.match(old):
                head[i] = line
                break
        else:
            # after the leading comments, before a blank line that separates the tables
            while head and not head[-1].strip():
                head.pop()
            head.append(line)
    if tail:
        head.append("")
    return "\n".join(head + tail) + "\n"
