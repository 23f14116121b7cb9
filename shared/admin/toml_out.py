"""Writing the office config back as TOML (`antrean config export`): the tables in the order an
office writes them, dates as TOML dates, and nothing `tomllib` would read differently."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, time

# the order of `assets/config/dukcapil-contoh.toml`; unknown tables follow (the loader refuses
# them anyway)
ORDER = ("office", "hours", "overrides", "holidays", "services", "counters", "officers",
         "priority", "recall", "printer", "kiosk", "board")
DATE_KEYS = {"date", "from", "to"}
# keys in the order an office reads them (the stored copy has them sorted by name)
KEY_ORDER = ("code", "username", "date", "name", "short_name", "full_name", "prefix", "label",
             "name_en", "role", "timezone", "status_base_url", "logo", "footer", "running_text",
             "from", "to", "target_wait_min", "target_service_min", "daily_quota", "services",
             "priority_only", "hari_kerja", "setiap_hari", "senin_kamis", "senin", "selasa",
             "rabu", "kamis", "jumat", "sabtu", "minggu", "hours", "overrides", "active",
             "ask_at_kiosk", "policy", "max_in_a_row", "kind")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def dumps(raw: dict, header: str = "") -> str:
    """The config's tables as TOML text; `header` lines become comments at the top."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    names = [k for k in ORDER if k in raw] + sorted(k for k in raw if k not in ORDER)
    for name in names:
        value = raw[name]
        if isinstance(value, dict):
            lines += ["", f"[{_key(name)}]"]
            lines += [f"{_key(k)} = {_value(v, k)}" for k, v in _ordered(value) if v is not None]
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value) and value:
            for item in value:
                lines += ["", f"[[{_key(name)}]]"]
                lines += [f"{_key(k)} = {_value(v, k)}" for k, v in _ordered(item)
                          if v is not None]
        else:   # a bare list of dates under `holidays`, or an empty list
            lines += ["", f"{_key(name)} = {_value(value, name)}"]
    return "\n".join(lines).lstrip("\n") + "\n"


def _ordered(table: dict) -> list[tuple[str, object]]:
    rank = {k: i for i, k in enumerate(KEY_ORDER)}
    return sorted(table.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def _value(value, key: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{key}: {value} cannot be written as TOML")
        return repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, str):
        if key in DATE_KEYS and _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value).isoformat()   # a TOML date, as written
            except ValueError:
                pass
        # a JSON string is a valid TOML basic string (the same escapes, \uXXXX for controls)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, key) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_value(v, k)}" for k, v in _ordered(value)
                          if v is not None)
        return "{ " + inner + " }" if inner else "{}"
    raise ValueError(f"{key}: {type(value).__name__} cannot be written as TOML")
