"""Linux: a systemd unit for `antrean serve` (restart on failure, the journal) and XDG autostart
entries for the screens, per user (~/.config) or for every user (/etc with --system)."""
from __future__ import annotations

import re

from shared.install.model import (ROLE_NAMES, InstallFile, Options, Plan, antrean_args,
                                  holds_secret)

UNIT = "antrean-serve.service"
HEADER = ("Dipasang oleh \"antrean install\"; hapus dengan \"antrean uninstall\".",
          "Installed by \"antrean install\"; remove with \"antrean uninstall\".")
_DESKTOP_RESERVED = re.compile(r"[\s\"'\\><~|&;$*?#()`]")
_SYSTEMD_PLAIN = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")


def systemd_quote(arg: str) -> str:
    """One ExecStart word: '%' is a specifier and '$' a variable to systemd, so both doubled;
    anything with a space, quote or backslash in double quotes with C escapes."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and _SYSTEMD_PLAIN.match(arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def desktop_quote(arg: str) -> str:
    """One Exec word of a .desktop file (Desktop Entry spec: quoting, then the string escape
    that doubles backslashes; '%' starts a field code)."""
    arg = arg.replace("%", "%%")
    if arg and not _DESKTOP_RESERVED.search(arg):
        return arg
    quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    return quoted.replace("\\", "\\\\")


def unit_text(opts: Options) -> str:
    argv = [*opts.launcher.console, *antrean_args(opts, "server")]
    user = [f"User={opts.run_as}"] if opts.system and opts.run_as else []
    lines = [
        f"# {HEADER[0]}", f"# {HEADER[1]}",
        "[Unit]",
        "Description=antrean — server antrean kantor (office LAN server)",
        "After=network-online.target",
        "Wants=network-online.target",
        # never give up restarting: the office needs its server back, slowed by RestartSec
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(systemd_quote(a) for a in argv),
        f"WorkingDirectory={systemd_quote(opts.launcher.workdir)}",
        *user,
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=on-failure",
        "RestartSec=5",
        "TimeoutStopSec=20",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=antrean-serve",
        "",
        "[Install]",
        f"WantedBy={'multi-user.target' if opts.system else 'default.target'}",
    ]
    return "\n".join(lines) + "\n"


def desktop_text(opts: Options, role: str) -> str:
    argv = [*opts.launcher.gui, *antrean_args(opts, role)]
    name_id, name_en = ROLE_NAMES[role]
    lines = [
        f"# {HEADER[0]}", f"# {HEADER[1]}",
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name=antrean — {name_id}",
        f"Name[en]=antrean — {name_en}",
        f"Comment=Dimulai otomatis saat masuk (login): {name_id}",
        f"Comment[en]=Starts at login: {name_en}",
        "Exec=" + " ".join(desktop_quote(a) for a in argv),
        "Path=" + opts.launcher.workdir,
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "X-GNOME-Autostart-Delay=3",
    ]
    return "\n".join(lines) + "\n"


def plan(opts: Options) -> Plan:
    if opts.system:
        units, autostart, manifest = (opts.path("/etc/systemd/system"),
                                      opts.path("/etc/xdg/autostart"),
                                      opts.path("/etc/antrean/install.json"))
    else:
        config = opts.env_path("XDG_CONFIG_HOME", "HOME", ".config")
        units, autostart = config / "systemd" / "user", config / "autostart"
        manifest = config / "antrean" / "install.json"
    systemctl = ["systemctl"] + ([] if opts.system else ["--user"])
    out = Plan(files=[], manifest=manifest)
    for role in opts.roles:
        if role == "server":
            out.files.append(InstallFile(role, "systemd-unit", units / UNIT,
                                         unit_text(opts).encode(), unit=UNIT))
            out.activate += [[*systemctl, "daemon-reload"], [*systemctl, "enable", "--now", UNIT]]
            if not opts.system:
                out.notes.append(("Server hanya berjalan selama pengguna ini masuk (login). Agar "
                                  "berjalan sejak PC menyala: sudo loginctl enable-linger $USER, "
                                  "atau pasang dengan --system.",
                                  "The server runs only while this user is logged in. To run it "
                                  "from boot: sudo loginctl enable-linger $USER, or install with "
                                  "--system."))
            out.notes.append(("Log server: journalctl " + ("" if opts.system else "--user ")
                              + f"-u {UNIT} -f", "Server log: journalctl "
                              + ("" if opts.system else "--user ") + f"-u {UNIT} -f"))
        else:
            mode = 0o600 if holds_secret(opts, role) else 0o644
            out.files.append(InstallFile(role, "autostart", autostart / f"antrean-{role}.desktop",
                                         desktop_text(opts, role).encode(), mode))
    if any(r != "server" for r in opts.roles):
        out.notes.append(("Layar dimulai otomatis pada login berikutnya (atau jalankan sekarang: "
                          "antrean kiosk / board / counter).",
                          "The screens start at the next login (or start one now: antrean kiosk "
                          "/ board / counter)."))
    return out


def deactivate(entry: dict) -> list[list[str]]:
    """Undo the activation of a manifest entry (before its file is removed)."""
    if entry.get("kind") != "systemd-unit":
        return []
    systemctl = ["systemctl"] + ([] if entry.get("system") else ["--user"])
    return [[*systemctl, "disable", "--now", entry["unit"]]]


def after_remove(entries: list[dict]) -> list[list[str]]:
    units = [e for e in entries if e.get("kind") == "systemd-unit"]
    if not units:
        return []
    return [["systemctl"] + ([] if units[0].get("system") else ["--user"]) + ["daemon-reload"]]
