"""`antrean install`, `uninstall`, `doctor` and `keep-running`: antrean set up on an office PC
like a product (shared.install). Loaded by `shared.cli.main` through `CLI_EXTENSIONS`."""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from shared.domain import AntreanError
from shared.install import actions, doctor
from shared.install.model import (PLATFORMS, ROLES, Launcher, Options, detect_launcher,
                                  role_label, this_platform)
from shared.install.supervise import keep_running_command
from shared.store.database import DB_ENV, default_db_path

# --platform with --prefix: the packaged build where an office would unpack it
PREVIEW_LAUNCHERS = {
    "windows": Launcher((r"C:\Program Files\antrean\antrean.exe",),
                        (r"C:\Program Files\antrean\antreanw.exe",), r"C:\Program Files\antrean"),
    "linux": Launcher(("/opt/antrean/antrean",), ("/opt/antrean/antrean",), "/opt/antrean"),
}


def register(sub) -> dict:
    s = sub.add_parser("install", help="start the chosen roles by themselves on this PC "
                                       "(Linux: systemd, autostart; Windows: Task Scheduler, "
                                       "Startup folder)")
    s.add_argument("--role", action="append", required=True, choices=ROLES,
                   help="what this PC runs (repeatable): server, kiosk, board, counter")
    s.add_argument("--host", default="0.0.0.0", help="server: address to listen on (0.0.0.0)")
    s.add_argument("--port", type=int, default=8080, help="server: port (8080)")
    s.add_argument("--counter", help="counter: the counter this PC serves, e.g. 3")
    s.add_argument("--run-as", help="Linux --system: the account the server runs as "
                                    "(default: the user who ran sudo)")
    s.add_argument("--no-start", action="store_true",
                   help="write the files, but do not enable or start the server now")
    _common(s)
    u = sub.add_parser("uninstall", help="remove exactly what 'antrean install' wrote (never "
                                         "the database)")
    u.add_argument("--role", action="append", choices=ROLES, help="only these roles")
    u.add_argument("--force", action="store_true", help="also remove files changed since")
    _common(u)
    d = sub.add_parser("doctor", help="check this PC: database, printer, sound, server, clock")
    d.add_argument("--role", action="append", choices=ROLES,
                   help="what this PC runs (default: what 'antrean install' recorded)")
    d.add_argument("--full", action="store_true", help="full integrity check (slower)")
    d.add_argument("--timeout", type=float, default=3.0, help="seconds per network check")
    k = sub.add_parser("keep-running", help="run an antrean command and restart it when it "
                                            "crashes (Windows tasks, --keep-running)")
    k.add_argument("--log", type=Path, help="append the command's output here (no console)")
    k.add_argument("--max-restarts", type=int, help="give up after this many restarts")
    k.add_argument("child", nargs=argparse.REMAINDER, metavar="COMMAND ...")
    return {"install": cmd_install, "uninstall": cmd_uninstall, "doctor": cmd_doctor,
            "keep-running": cmd_keep_running}


def _common(p) -> None:
    p.add_argument("--system", action="store_true",
                   help="for every user of the PC (/etc, %%ProgramData%%): needs root/admin")
    p.add_argument("--prefix", type=Path,
                   help="write under this folder as if it were the root, start nothing "
                        "(staging, or to look at the files first)")
    p.add_argument("--platform", choices=PLATFORMS, default=this_platform(),
                   help="with --prefix: make the files for a Linux or a Windows PC")


def _db_given(args) -> bool:
    return bool(os.environ.get(DB_ENV)) or Path(args.db) != default_db_path()


def _target(args, roles: tuple[str, ...]) -> Options:
    """The options for the PC the files are for: this one, or (--platform) another kind."""
    here = args.platform == this_platform()
    if not here and args.prefix is None:
        raise AntreanError("--platform untuk jenis PC lain hanya bersama --prefix FOLDER",
                           "--platform for another kind of PC only with --prefix FOLDER")
    if here:
        env, launcher = dict(os.environ), detect_launcher()
    else:   # a preview of another kind of PC: its usual folders and program
        user = getpass.getuser()
        home = f"C:\\Users\\{user}"
        env = {"USERNAME": user, "APPDATA": home + r"\AppData\Roaming",
               "LOCALAPPDATA": home + r"\AppData\Local", "PROGRAMDATA": r"C:\ProgramData"} \
            if args.platform == "windows" else {"HOME": f"/home/{user}"}
        launcher = PREVIEW_LAUNCHERS[args.platform]
    uses_db = "server" in roles or not args.server
    db = None
    if _db_given(args) or here:
        db = str(Path(args.db).resolve()) if here else str(args.db)
    if getattr(args, "system", False) and uses_db and not _db_given(args) and roles:
        raise AntreanError("Dengan --system, sebutkan basis data bersama: antrean --db "
                           "/var/lib/antrean/antrean.db install … (Windows: C:\\ProgramData\\"
                           "antrean\\antrean.db)", "With --system, name the shared database: "
                           "antrean --db /var/lib/antrean/antrean.db install … (Windows: "
                           "C:\\ProgramData\\antrean\\antrean.db)")
    run_as = getattr(args, "run_as", None)
    if args.system and "server" in roles and args.platform == "linux" and not run_as:
        run_as = os.environ.get("SUDO_USER") or (getpass.getuser() if here else None)
        if run_as == "root" and args.prefix is None:
            raise AntreanError("Server tidak dijalankan sebagai root: sebutkan --run-as NAMA "
                               "(akun yang memiliki basis data)", "The server is not run as "
                               "root: give --run-as NAME (the account owning the database)")
    return Options(roles=roles, launcher=launcher, env=env, platform=args.platform,
                   system=args.system, db=db, server=args.server, token=args.token,
                   host=getattr(args, "host", "0.0.0.0"), port=getattr(args, "port", 8080),
                   counter=getattr(args, "counter", None), run_as=run_as)


def _tell(args, verb: str, out: actions.Outcome, roles) -> int:
    if args.json:
        print(json.dumps({"ok": out.ok, "written": out.written, "removed": out.removed,
                          "kept": out.kept, "ran": out.ran, "manifest": out.manifest,
                          "notes": [{"message": i, "message_en": e} for i, e in out.notes],
                          "problems": [{"message": i, "message_en": e} for i, e in out.problems]},
                         ensure_ascii=False, indent=2))
        return 0 if out.ok else 1
    who = "semua pengguna PC ini (every user)" if args.system else "pengguna ini (this user)"
    what = ", ".join(role_label(r) for r in roles) or "semua yang dipasang (everything installed)"
    print(f"antrean {verb}: {what} — untuk {who}")
    for label, items in (("ditulis (written)", out.written), ("dihapus (removed)", out.removed),
                         ("dibiarkan (kept)", out.kept), ("dijalankan (ran)", out.ran)):
        for item in items:
            print(f"  {label}: {item}")
    for text_id, text_en in out.notes + out.problems:
        print(f"  • {text_id}\n    {text_en}")
    if out.written or out.removed:
        print(f"  manifest: {out.manifest}")
    return 0 if out.ok else 1


def cmd_install(args) -> int:
    roles = tuple(dict.fromkeys(args.role))
    out = actions.install(_target(args, roles), prefix=args.prefix, start=not args.no_start)
    return _tell(args, "install", out, roles)


def cmd_uninstall(args) -> int:
    roles = tuple(dict.fromkeys(args.role or ()))
    out = actions.uninstall(_target(args, ()), roles=roles, prefix=args.prefix, force=args.force)
    return _tell(args, "uninstall", out, roles)


def cmd_doctor(args) -> int:
    opts = Options(roles=(), launcher=detect_launcher(), env=dict(os.environ),
                   platform=this_platform())
    ctx = doctor.Context(db=Path(args.db), server=args.server, token=args.token,
                         roles=tuple(args.role or ()), timeout_s=args.timeout, full=args.full,
                         installed=actions.installed(opts))
    findings = doctor.run_checks(ctx)
    if args.json:
        print(json.dumps({"must_fix": doctor.must_fix(findings),
                          "findings": [f.as_dict() for f in findings]},
                         ensure_ascii=False, indent=2))
    else:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")   # a Windows console without UTF-8
        print(doctor.report(findings))
    return 1 if doctor.must_fix(findings) else 0


def cmd_keep_running(args) -> int:
    child = args.child[1:] if args.child[:1] == ["--"] else list(args.child)
    if not child or child[0] == "keep-running":
        raise AntreanError("keep-running: sebutkan perintah antrean yang dijaga, mis. "
                           "'antrean keep-running serve'", "keep-running: name the antrean "
                           "command to keep running, e.g. 'antrean keep-running serve'")
    return keep_running_command(args, child, log_path=args.log, max_restarts=args.max_restarts)
