"""`antrean config export|import`: the office config as TOML, so an office can keep its setup
under version control. Import is checked and recorded like an admin's change on screen."""
from __future__ import annotations

import getpass
import sys
from datetime import datetime, timezone
from pathlib import Path

from shared.cli.common import _out
from shared.domain import AntreanError


def register(sub) -> dict:
    s = sub.add_parser("config", help="export or import the office config (TOML)")
    csub = s.add_subparsers(dest="config_command", required=True)
    e = csub.add_parser("export", help="write the config in force as TOML")
    e.add_argument("--out", type=Path, help="file to write (default: standard output)")
    i = csub.add_parser("import", help="apply a TOML config to the database (history is kept)")
    i.add_argument("file", type=Path)
    i.add_argument("--dry-run", action="store_true", help="check only, change nothing")
    return {"config": cmd_config}


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:   # noqa: BLE001 — no login name (a service account): still the CLI
        return "cli"


def cmd_config(args) -> int:
    from shared.admin import OfficeAdmin
    if args.server:
        raise AntreanError("Perintah ini membaca basis data langsung: jalankan di PC server "
                           "tanpa --server", "This command reads the database file directly: "
                           "run it on the server PC without --server")
    if not Path(args.db).exists():
        raise AntreanError(f"Basis data {args.db} belum ada: jalankan 'antrean init --config "
                           "FILE'", f"Database {args.db} does not exist: run 'antrean init'")
    admin = OfficeAdmin(args.db)
    if args.config_command == "export":
        return _export(args, admin)
    return _import(args, admin)


def _export(args, admin) -> int:
    from shared.admin.toml_out import dumps
    raw = admin.raw()
    stamp = datetime.now(timezone.utc).astimezone(admin.config().tz)
    text = dumps(raw, header=f"Konfigurasi kantor — {raw['office'].get('name', '')}\n"
                             f"Diekspor dari {args.db} pada {stamp:%Y-%m-%d %H:%M}.\n"
                             "Muat kembali dengan: antrean config import BERKAS")
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AntreanError(f"{args.out} tidak bisa ditulis: {exc}",
                           f"Cannot write {args.out}: {exc}") from None
    _out(args, {"file": str(args.out), "bytes": len(text.encode())},
         f"Konfigurasi disimpan di {args.out}")
    return 0


def _import(args, admin) -> int:
    from shared.config import load_config
    config = load_config(args.file)      # file problems are named as `antrean init` names them
    if args.dry_run:
        from shared.admin.changes import diff
        changes = diff(admin.raw(), config.raw)
        _out(args, {"changes": changes}, _changes_text(changes) or "Tidak ada perubahan.")
        return 0
    result = admin.replace(_actor(), config.raw, str(args.file))
    _out(args, {"changed": result.changed, "version": result.version,
                "changes": result.changes},
         (_changes_text(result.changes) + f"\nDiterapkan (versi {result.version}); layar yang "
          "berjalan memakai konfigurasi baru dalam 2 detik.") if result.changed
         else "Tidak ada perubahan.")
    return 0


def _changes_text(changes: list[dict]) -> str:
    return "\n".join(f"{c['key']}: {_short(c['before'])} → {_short(c['after'])}" for c in changes)


def _short(value) -> str:
    text = "(tidak ada)" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
