"""The admin's actions as edits of the config's data, one area at a time (services, counters,
officers, office and hours, holidays and special days, board texts, printer).

Each edit names its item by its stable key (a service's code, a counter's name, a username) and
changes only that item, so two admins editing different things never undo each other. The values
are the TOML's own (`"07:30-12:00"`, `daily_quota = 150`); `shared.admin.changes` checks them
with the config loader.
"""
from __future__ import annotations

from shared.admin.changes import Edit
from shared.admin.labels import InvalidChange
from shared.config import WEEKDAYS_ID

SERVICE_FIELDS = ("code", "prefix", "name", "name_en", "target_wait_min", "target_service_min",
                  "daily_quota", "hours", "overrides", "active", "booking")
PRINTER_FIELDS = ("kind", "profile", "paper_mm", "usb_vendor", "usb_product", "host", "port",
                  "device", "baudrate", "printer_name", "timeout_s", "native_qr")


def _clean(fields: dict, allowed) -> dict:
    """The keys the table knows, in its order; None and "" (an empty optional) are left out."""
    return {k: fields[k] for k in allowed if k in fields and fields[k] is not None
            and fields[k] != ""}


def _find(items: list, key: str, value: str) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, dict) and str(_item_key(item, key)).lower() == str(value).lower():
            return i
    return None


def _item_key(item: dict, key: str):
    if key == "code":   # a service without `code` is known by its prefix
        return item.get("code") or str(item.get("prefix", "")).lower()
    return item.get(key)


def _keep_defaults_unwritten(item: dict, before: dict | None, defaults: dict) -> None:
    """A form sends every field; a default the TOML never spelled out stays unwritten, so the
    event's before → after shows only what the admin changed."""
    for key, value in defaults.items():
        if item.get(key) == value and key not in (before or {}):
            item.pop(key, None)


def _upsert(raw: dict, table: str, key: str, original: str | None, item: dict,
            what_id: str, what_en: str, rename_ok: bool = False) -> None:
    """Add `item` (original None) or put it in the place of the item named `original`. Keys
    history refers to (a service's code, a counter's name, a username) never change."""
    items = raw.setdefault(table, [])
    renamed = original is not None and str(item.get(key, original)).lower() != str(original).lower()
    if original is None or (renamed and rename_ok):
        if _find(items, key, item.get(key, "")) is not None:
            raise InvalidChange(f"{what_id} {item.get(key)!r} sudah ada",
                                f"{what_en} {item.get(key)!r} already exists", key, key)
        if original is None:
            items.append(item)
            return
    i = _find(items, key, original)
    if i is None:
        raise InvalidChange(f"{what_id} {original!r} tidak ada lagi (mungkin baru saja diubah "
                            "admin lain): muat ulang", f"{what_en} {original!r} is gone", key, key)
    if renamed and not rename_ok:
        raise InvalidChange(f"{what_id} {original!r}: kode/nama tetapnya tidak dapat diubah "
                            "(riwayat memakainya); buat yang baru dan nonaktifkan yang lama",
                            f"{what_en} {original!r}: its key cannot change", key, key)
    items[i] = item


# --- services ----------------------------------------------------------------------------------
def save_service(original_code: str | None, fields: dict) -> Edit:
    """Add a service (original_code None) or change one; `active = false` retires it (history
    stays). Leave `daily_quota` out for no quota, `hours` out for the office's hours."""
    item = _clean(fields, SERVICE_FIELDS)
    if "prefix" in item and isinstance(item["prefix"], str):
        item["prefix"] = item["prefix"].strip().upper()
    if not item.get("code") and isinstance(item.get("prefix"), str):
        item["code"] = item["prefix"].lower()
    target = original_code or str(item.get("code", ""))

    def apply(raw: dict) -> None:
        if original_code is not None:
            i = _find(raw.get("services", []), "code", original_code)
            for kept in ("overrides", "booking"):   # not on this form: kept
                if i is not None and kept not in fields and kept in raw["services"][i]:
                    item[kept] = raw["services"][i][kept]
            _keep_defaults_unwritten(item, raw["services"][i] if i is not None else None,
                                     {"active": True})
        else:
            _keep_defaults_unwritten(item, None, {"active": True})
        _upsert(raw, "services", "code", original_code, item, "Layanan", "Service")
    return Edit("services", "add" if original_code is None else "update", target, apply)


def set_priority(ask_at_kiosk: bool, policy: str, max_in_a_row: int) -> Edit:
    def apply(raw: dict) -> None:
        raw["priority"] = {"ask_at_kiosk": ask_at_kiosk, "policy": policy,
                           "max_in_a_row": max_in_a_row}
    return Edit("services", "priority", "priority", apply)


# --- counters ----------------------------------------------------------------------------------
def save_counter(original_name: str | None, fields: dict) -> Edit:
    item = _clean(fields, ("name", "label", "services", "priority_only"))
    if "name" in item:
        item["name"] = str(item["name"]).strip()
    target = original_name or str(item.get("name", ""))

    def apply(raw: dict) -> None:
        i = _find(raw.get("counters", []), "name", original_name) if original_name else None
        _keep_defaults_unwritten(item, raw["counters"][i] if i is not None else None,
                                 {"priority_only": False})
        _upsert(raw, "counters", "name", original_name, item, "Loket", "Counter")
    return Edit("counters", "add" if original_name is None else "update", target, apply)


def remove_counter(name: str) -> Edit:
    """Take a counter out (refused while it holds a ticket); its history stays."""
    def apply(raw: dict) -> None:
        i = _find(raw.get("counters", []), "name", name)
        if i is None:
            raise InvalidChange(f"Loket {name!r} tidak ada", f"Counter {name!r} does not exist",
                                "counters", "Loket")
        del raw["counters"][i]
    return Edit("counters", "remove", name, apply)


# --- officers ----------------------------------------------------------------------------------
def save_officer(original: str | None, fields: dict, pin: str | None = None) -> Edit:
    """Add (or bring back) an officer, or change their name or role. A new officer needs a PIN;
    one brought back keeps the PIN they had."""
    item = _clean(fields, ("username", "full_name", "role"))
    if isinstance(item.get("username"), str):
        item["username"] = item["username"].strip().lower()
    target = original or str(item.get("username", ""))

    def apply(raw: dict) -> None:
        _upsert(raw, "officers", "username", original, item, "Petugas", "Officer")
    return Edit("officers", "add" if original is None else "update", target, apply,
                {target.lower(): pin} if pin else {})


def disable_officer(username: str) -> Edit:
    """Out of the config: the officer can no longer sign in; their records and PIN stay."""
    def apply(raw: dict) -> None:
        i = _find(raw.get("officers", []), "username", username)
        if i is None:
            raise InvalidChange(f"Petugas {username!r} sudah nonaktif",
                                f"Officer {username!r} is already inactive", "officers", "Petugas")
        del raw["officers"][i]
    return Edit("officers", "disable", username, apply)


# --- office, hours, holidays, special days -----------------------------------------------------
def set_office(fields: dict) -> Edit:
    """Name, short name, time zone, status page address (the other [office] keys are kept)."""
    def apply(raw: dict) -> None:
        office = raw.setdefault("office", {})
        for key in ("name", "short_name", "timezone", "status_base_url"):
            if key in fields:
                if fields[key] in (None, "") and key != "name":
                    office.pop(key, None)
                else:
                    office[key] = fields[key]
    return Edit("office", "update", "office", apply)


def set_hours(week: dict[str, list[str]]) -> Edit:
    """The office's issuing hours, one list of ranges per weekday (empty: closed)."""
    def apply(raw: dict) -> None:
        raw["hours"] = {day: list(week.get(day, [])) for day in WEEKDAYS_ID}
    return Edit("hours", "update", "hours", apply)


def save_holiday(original_date: str | None, day: str, name: str) -> Edit:
    """A holiday or *cuti bersama* (no tickets that day)."""
    item = {"date": day, "name": name}

    def apply(raw: dict) -> None:
        hol = raw.setdefault("holidays", [])
        # bare dates (`holidays = [2026-12-25]`) become tables, so each can be found by date
        hol[:] = [h if isinstance(h, dict) else {"date": str(h), "name": "Libur"} for h in hol]
        _upsert(raw, "holidays", "date", original_date, item, "Hari libur", "Holiday",
                rename_ok=True)
        hol.sort(key=lambda h: str(h.get("date")))
    return Edit("holidays", "add" if original_date is None else "update", day, apply)


def remove_holiday(day: str) -> Edit:
    def apply(raw: dict) -> None:
        hol = [h if isinstance(h, dict) else {"date": str(h)} for h in raw.get("holidays", [])]
        i = _find(hol, "date", day)
        if i is None:
            raise InvalidChange(f"Hari libur {day} tidak ada", f"No holiday on {day}",
                                "holidays", "Hari libur")
        del raw["holidays"][i]
    return Edit("holidays", "remove", day, apply)


def save_special_days(original_name: str | None, name: str, start: str, end: str,
                      week: dict[str, list[str]]) -> Edit:
    """A date range with other hours for the whole office (Ramadan, the surge after Lebaran)."""
    item = {"name": name, "from": start, "to": end,
            "hours": {day: list(week.get(day, [])) for day in WEEKDAYS_ID}}

    def apply(raw: dict) -> None:
        _upsert(raw, "overrides", "name", original_name, item, "Jam khusus", "Special hours",
                rename_ok=True)
    return Edit("overrides", "add" if original_name is None else "update", name, apply)


def remove_special_days(name: str) -> Edit:
    def apply(raw: dict) -> None:
        i = _find(raw.get("overrides", []), "name", name)
        if i is None:
            raise InvalidChange(f"Jam khusus {name!r} tidak ada", f"No special hours {name!r}",
                                "overrides", "Jam khusus")
        del raw["overrides"][i]
    return Edit("overrides", "remove", name, apply)


# --- board and printer -------------------------------------------------------------------------
def set_board_texts(running_text: str, footer: list[str], media_dir: str | None = None,
                    media_interval_s: int | None = None) -> Edit:
    """The board's running text and media, and the receipt's footer lines."""
    def apply(raw: dict) -> None:
        office = raw.setdefault("office", {})
        office["running_text"] = running_text
        office["footer"] = [line for line in footer]
        board = raw.setdefault("board", {})
        board["media_dir"] = media_dir or ""
        if media_interval_s is not None:
            board["media_interval_s"] = media_interval_s
    return Edit("board", "update", "board", apply)


def set_printer(fields: dict) -> Edit:
    """The whole [printer] table from the form (keys another kind needs are dropped)."""
    table = _clean(fields, PRINTER_FIELDS)

    def apply(raw: dict) -> None:
        raw["printer"] = dict(table)
    return Edit("printer", "update", "printer", apply)
