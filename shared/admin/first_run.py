"""A new office on an empty machine: from a template (Dukcapil, Samsat, puskesmas, MPP) with its
name, zone, services, counters and first admin — what the first-run wizard asks — or the
example office with demo PINs ("coba dengan kantor contoh")."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assets import EXAMPLE_CONFIG
from shared import pins
from shared.admin.changes import check_raw
from shared.admin.labels import InvalidChange
from shared.clock import to_iso
from shared.config import load_config
from shared.domain import AntreanError
from shared.store.database import connect, write_transaction
from shared.store.setup import init_database

TEMPLATE_DIR = EXAMPLE_CONFIG.parent / "templates"
DEMO_PIN = "1234"
ZONES = (("WIB", "Asia/Jakarta", "Waktu Indonesia Barat"),
         ("WITA", "Asia/Makassar", "Waktu Indonesia Tengah"),
         ("WIT", "Asia/Jayapura", "Waktu Indonesia Timur"))


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    description: str

    @property
    def path(self) -> Path:
        return TEMPLATE_DIR / f"{self.key}.toml"


TEMPLATES = (
    Template("dukcapil", "Disdukcapil", "KTP-el, KK, akta, pindah datang, KIA"),
    Template("samsat", "Samsat", "Pajak tahunan dan 5 tahunan, balik nama, mutasi"),
    Template("puskesmas", "Puskesmas", "Pendaftaran umum dan BPJS, KIA & KB, gigi, apotek"),
    Template("mpp", "Mal Pelayanan Publik", "Delapan instansi di bawah satu atap"),
)


def template(key: str) -> Template:
    for t in TEMPLATES:
        if t.key == key:
            return t
    raise AntreanError(f"Templat {key!r} tidak dikenal (pilihan: "
                       f"{', '.join(t.key for t in TEMPLATES)})", f"Unknown template {key!r}")


def load_template(key: str) -> dict:
    """The template's tables as data (a fresh copy)."""
    return tomllib.loads(template(key).path.read_text(encoding="utf-8"))


def office_from_template(key: str, name: str, short_name: str, timezone_name: str,
                         admin: dict, services: list[str] | None = None,
                         counters: int | None = None) -> dict:
    """The template with the office's name and zone, only the chosen services (codes; None:
    all), `counters` counters (None: the template's) and the first admin as the only officer."""
    raw = load_template(key)
    raw["office"].update(name=name.strip(), timezone=timezone_name)
    if short_name.strip():
        raw["office"]["short_name"] = short_name.strip()
    else:
        raw["office"].pop("short_name", None)
    keep = [s for s in raw["services"] if services is None or s["code"] in services]
    if not keep:
        raise InvalidChange("Pilih paling sedikit satu layanan", "Choose at least one service",
                            "services", "Layanan")
    raw["services"] = keep
    raw["counters"] = _counters(raw["counters"], [s["code"] for s in keep], counters)
    if raw.get("priority", {}).get("policy") == "dedicated" and \
            not any(c.get("priority_only") for c in raw["counters"]):
        raw["priority"]["policy"] = "strict"     # no priority counter left to dedicate
    raw["officers"] = [{"username": str(admin.get("username", "")).strip().lower(),
                        "full_name": str(admin.get("full_name", "")).strip()
                        or str(admin.get("username", "")).strip(), "role": "admin"}]
    return raw


def _counters(template_counters: list[dict], codes: list[str], wanted: int | None) -> list[dict]:
    """The template's counters serving the chosen services, then trimmed or topped up to the
    number wanted (a priority counter stays the last), numbered 1…N again."""
    out = []
    for c in template_counters:
        served = [s for s in c["services"] if s in codes]
        if served:
            out.append({**c, "services": served})
    if wanted is not None:
        if wanted < 1:
            raise InvalidChange("Paling sedikit satu loket", "At least one counter", "counters",
                                "Loket")
        priority = [c for c in out if c.get("priority_only")]
        ordinary = [c for c in out if not c.get("priority_only")]
        room = wanted - (len(priority[:1]) if wanted > 1 else 0)
        ordinary = ordinary[:room]
        while len(ordinary) < room:
            ordinary.append({"services": list(codes)})
        # every service keeps an ordinary counter, or its regular tickets are never called
        served = {s for c in ordinary for s in c["services"]}
        for i, code in enumerate(s for s in codes if s not in served):
            c = ordinary[i % len(ordinary)]
            ordinary[i % len(ordinary)] = {**c, "services": [*c["services"], code]}
        out = ordinary + (priority[:1] if wanted > 1 else [])
    numbered = []
    for i, c in enumerate(out, start=1):
        label = f"Loket {i}" + (" (Prioritas)" if c.get("priority_only") else "")
        old = str(c.get("label", ""))
        if "·" in old:                       # MPP: "Loket 3 · Imigrasi" keeps its agency
            label = f"Loket {i} · {old.split('·', 1)[1].strip()}"
        numbered.append({"name": str(i), "label": label, "services": c["services"],
                         **({"priority_only": True} if c.get("priority_only") else {})})
    return numbered


def create_office(db_path: str | Path, raw: dict, admin_pin: str,
                  now: datetime | None = None) -> dict:
    """A new database with this office and its admin's PIN. Refuses a database that already
    holds an office (the wizard never overwrites one)."""
    config = check_raw(raw)
    admins = [o.username for o in config.officers if o.role == "admin"]
    if not admins:
        raise InvalidChange("Isi admin pertama", "The first admin is missing", "officers",
                            "Petugas")
    digest = pins.hash_pin(admin_pin)
    _refuse_existing(db_path)
    now = now or datetime.now(timezone.utc)
    summary = init_database(db_path, config, now)
    conn = connect(db_path)
    try:
        with write_transaction(conn):
            conn.execute("UPDATE officers SET pin_hash = ? WHERE username = ?",
                         (digest, admins[0]))
            conn.execute("INSERT INTO events (at, type, officer, detail) VALUES (?, 'pin_set', "
                         "?, ?)", (to_iso(now), admins[0], json.dumps({"by": "wizard"})))
    finally:
        conn.close()
    return summary


def create_example_office(db_path: str | Path, now: datetime | None = None) -> list[str]:
    """The example office, every officer with the demo PIN; returns the usernames."""
    _refuse_existing(db_path)
    config = load_config(EXAMPLE_CONFIG)
    init_database(db_path, config, now)
    digest = pins.hash_pin(DEMO_PIN)    # one hash for all: the demo, not a real office
    users = [o.username for o in config.officers]
    at = to_iso(now or datetime.now(timezone.utc))
    conn = connect(db_path)
    try:
        with write_transaction(conn):
            for user in users:
                conn.execute("UPDATE officers SET pin_hash = ? WHERE username = ?",
                             (digest, user))
                conn.execute("INSERT INTO events (at, type, officer) VALUES (?, 'pin_set', ?)",
                             (at, user))
    finally:
        conn.close()
    return users


def _refuse_existing(db_path: str | Path) -> None:
    path = Path(db_path)
    if not path.exists():
        return
    conn = connect(path)
    try:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'settings'").fetchone() and \
            conn.execute("SELECT 1 FROM settings WHERE key = 'config'").fetchone()
    finally:
        conn.close()
    if has:
        raise AntreanError(f"{path} sudah berisi kantor: ubah lewat layar admin",
                           f"{path} already holds an office: change it in the admin screens")
