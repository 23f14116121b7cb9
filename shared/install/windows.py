"""Windows: a Task Scheduler task for `antrean serve` and Startup-folder .cmd files for the
screens, per user (%APPDATA%) or for every user (%ProgramData% with --system).

Task Scheduler's own restart (RestartOnFailure) only covers a task that fails to *start*, not
a program that exits with an error, so the task runs the server under `antrean keep-running`,
which restarts it, and writes its output to a log file (a task has no console to show it).
"""
from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

from shared.install.model import (ROLE_NAMES, InstallFile, Options, Plan, antrean_args,
                                  holds_secret)

TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
TASK_NAME = r"antrean\antrean-serve"
SYSTEM_SID = "S-1-5-18"   # LocalSystem: runs from boot, without anyone logged in
STARTUP = ("Microsoft", "Windows", "Start Menu", "Programs", "Startup")
COMMON_STARTUP = ("Microsoft", "Windows", "Start Menu", "Programs", "StartUp")


def cmdline(argv: list[str]) -> str:
    """Windows command-line quoting (the MS C runtime rules, as CreateProcess passes them on)."""
    return subprocess.list2cmdline(argv)


def _base(opts: Options):
    return opts.env_path("PROGRAMDATA") if opts.system else opts.env_path("LOCALAPPDATA")


def _serve_command(opts: Options) -> list[str]:
    log = _base(opts) / "antrean" / "Logs" / "serve.log"
    args = antrean_args(opts, "server")          # ["--db", DB, "serve", …]
    return [*opts.launcher.gui, *args[:2], "keep-running", "--log", str(log), *args[2:]]


def task_xml(opts: Options) -> bytes:
    """The task definition as `schtasks /Create /XML` takes it: UTF-16 with its BOM."""
    ET.register_namespace("", TASK_NS)

    def sub(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{TASK_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    task = ET.Element(f"{{{TASK_NS}}}Task", version="1.2")
    info = sub(task, "RegistrationInfo")
    sub(info, "Author", "antrean install")
    sub(info, "Description", "antrean — server antrean kantor (office LAN server). Dipasang oleh "
                             "\"antrean install\"; hapus dengan \"antrean uninstall\".")
    sub(info, "URI", "\\" + TASK_NAME)
    triggers = sub(task, "Triggers")
    principal = sub(sub(task, "Principals"), "Principal", id="Author")
    if opts.system:
        sub(sub(triggers, "BootTrigger"), "Enabled", "true")
        sub(principal, "UserId", SYSTEM_SID)
        sub(principal, "RunLevel", "HighestAvailable")
    else:
        logon = sub(triggers, "LogonTrigger")
        sub(logon, "Enabled", "true")
        user = opts.env.get("USERNAME")
        if user:
            domain = opts.env.get("USERDOMAIN")
            account = f"{domain}\\{user}" if domain else user
            sub(logon, "UserId", account)
            sub(principal, "UserId", account)
        sub(principal, "LogonType", "InteractiveToken")
        sub(principal, "RunLevel", "LeastPrivilege")
    settings = sub(task, "Settings")
    for tag, value in (("MultipleInstancesPolicy", "IgnoreNew"),
                       ("DisallowStartIfOnBatteries", "false"),
                       ("StopIfGoingOnBatteries", "false"), ("AllowHardTerminate", "true"),
                       ("StartWhenAvailable", "true"), ("RunOnlyIfNetworkAvailable", "false")):
        sub(settings, tag, value)
    idle = sub(settings, "IdleSettings")
    sub(idle, "StopOnIdleEnd", "false")
    sub(idle, "RestartOnIdle", "false")
    for tag, value in (("AllowStartOnDemand", "true"), ("Enabled", "true"), ("Hidden", "false"),
                       ("RunOnlyIfIdle", "false"), ("WakeToRun", "false"),
                       ("ExecutionTimeLimit", "PT0S"), ("Priority", "5")):
        sub(settings, tag, value)
    restart = sub(settings, "RestartOnFailure")   # when the program cannot even be started
    sub(restart, "Interval", "PT1M")
    sub(restart, "Count", "255")
    command = _serve_command(opts)
    action = sub(sub(task, "Actions", Context="Author"), "Exec")
    sub(action, "Command", command[0])
    sub(action, "Arguments", cmdline(command[1:]))
    sub(action, "WorkingDirectory", opts.launcher.workdir)
    ET.indent(task)
    body = ET.tostring(task, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-16"?>\r\n' + body.replace("\n", "\r\n")
            + "\r\n").encode("utf-16")


def startup_cmd(opts: Options, role: str) -> bytes:
    """A .cmd in the Startup folder: starts the screen without waiting for it. '%' doubled:
    cmd.exe would read it as a variable."""
    argv = [*opts.launcher.gui, *antrean_args(opts, role)]
    name_id, name_en = ROLE_NAMES[role]
    lines = [
        "@echo off",
        f"rem antrean: {name_id} ({name_en}).",
        "rem Dipasang oleh \"antrean install\"; hapus dengan \"antrean uninstall\".",
        "rem Installed by \"antrean install\"; remove with \"antrean uninstall\".",
        "chcp 65001 >nul",
        "cd /d " + cmdline([opts.launcher.workdir]),
        f"start \"antrean {role}\" " + cmdline(argv).replace("%", "%%"),
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def plan(opts: Options) -> Plan:
    base = _base(opts) / "antrean" / "install"
    startup = (opts.env_path("PROGRAMDATA").joinpath(*COMMON_STARTUP) if opts.system
               else opts.env_path("APPDATA").joinpath(*STARTUP))
    out = Plan(files=[], manifest=base / "manifest.json")
    for role in opts.roles:
        if role == "server":
            xml = base / "antrean-serve.xml"
            out.files.append(InstallFile(role, "task-xml", xml, task_xml(opts), unit=TASK_NAME))
            out.activate += [["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml), "/F"],
                             ["schtasks", "/Run", "/TN", TASK_NAME]]
            log = _base(opts) / "antrean" / "Logs" / "serve.log"
            out.notes.append((f"Server berjalan sebagai tugas Task Scheduler \"{TASK_NAME}\" "
                              + ("sejak PC menyala" if opts.system else "saat pengguna ini masuk")
                              + f"; log: {log}",
                              f"The server runs as the Task Scheduler task \"{TASK_NAME}\" "
                              + ("from boot" if opts.system else "when this user logs in")
                              + f"; log: {log}"))
        else:
            mode = 0o600 if holds_secret(opts, role) else 0o644
            out.files.append(InstallFile(role, "startup-cmd", startup / f"antrean-{role}.cmd",
                                         startup_cmd(opts, role), mode))
    if any(r != "server" for r in opts.roles):
        out.notes.append(("Layar dimulai otomatis pada login berikutnya (folder Startup).",
                          "The screens start at the next login (the Startup folder)."))
    return out


def deactivate(entry: dict) -> list[list[str]]:
    if entry.get("kind") != "task-xml":
        return []
    return [["schtasks", "/End", "/TN", entry["unit"]],
            ["schtasks", "/Delete", "/TN", entry["unit"], "/F"]]


def after_remove(entries: list[dict]) -> list[list[str]]:
    return []
