"""Reading the office config: from a TOML file, from stored JSON, or from parsed data."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

from shared.config.counters import parse_counters, parse_officers
from shared.config.devices import parse_board, parse_kiosk, parse_printer
from shared.config.model import OfficeConfig, PriorityPolicy
from shared.config.office import office_table, parse_holidays, parse_hours, parse_office
from shared.config.reader import Reader
from shared.config.rules import parse_priority, parse_recall
from shared.config.services import parse_services
from shared.domain import ConfigError

TABLES = {"office", "hours", "overrides", "holidays", "services", "counters", "officers",
          "priority", "recall", "printer", "kiosk", "board"}


def load_config(path: str | Path) -> OfficeConfig:
    """Read and check a TOML file; the logo and board folders become paths next to the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")   # Notepad on Windows writes a BOM
    except FileNotFoundError:
        raise ConfigError(str(path), "(file)", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "(syntax)", f"not valid TOML: {exc}") from None
    config = parse_config(data, str(path))
    changed = False
    if config.logo and not Path(config.logo).is_absolute():
        resolved = (path.parent / config.logo).resolve()
        config.raw.setdefault("office", {})["logo"] = str(resolved)
        changed = True
    for key in ("sounds_dir", "media_dir"):   # relative to the config file, like the logo
        folder = getattr(config.board, key)
        if folder and not Path(folder).expanduser().is_absolute():
            config.raw["board"][key] = str((path.parent / folder).resolve())
            changed = True
    if changed:
        config = parse_config(config.raw, str(path))
    return config


def config_from_json(text: str, source: str = "(database)") -> OfficeConfig:
    return parse_config(json.loads(text), source)


def parse_config(data: dict, source: str = "(config)") -> OfficeConfig:
    """Check every table, in the order the file is usually written; the first problem is raised."""
    root = Reader(source, data, "")
    root.check_unknown(TABLES)
    office = office_table(root)
    name, tz_name, base_url, footer = parse_office(office)
    default_hours, office_overrides = parse_hours(root)
    holidays = parse_holidays(root)
    services = parse_services(root, default_hours, office_overrides)
    counters = parse_counters(root, services)
    officers = parse_officers(root)
    priority = root.sub("priority")
    policy, max_row = parse_priority(priority, counters)
    recall = parse_recall(root)
    printer = parse_printer(root)
    kiosk = parse_kiosk(root)
    board = parse_board(root)
    # the plain optional keys are checked last, after every table
    return OfficeConfig(
        name=name, timezone=tz_name, status_base_url=base_url, services=services,
        counters=counters, officers=officers,
        short_name=office.get("short_name", str, ""), logo=office.get("logo", str, None) or None,
        footer=footer, holidays=holidays,
        priority=PriorityPolicy(priority.get("ask_at_kiosk", bool, True), policy, max_row),
        recall=recall, printer=printer, kiosk=kiosk, board=board,
        running_text=office.get("running_text", str, ""), raw=data, source=source)
