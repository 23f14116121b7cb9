"""What an install is made of: the roles, the options, the program to start, the files to write."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from shared.domain import AntreanError

ROLES = ("server", "kiosk", "board", "counter")
ROLE_NAMES = {   # (Indonesian, English), as the user reads them
    "server": ("server antrean (antrean serve)", "the LAN server"),
    "kiosk": ("anjungan nomor antrean", "the ticket kiosk"),
    "board": ("layar antrean di ruang tunggu", "the lobby display board"),
    "counter": ("konsol loket", "the counter console"),
}
PLATFORMS = ("linux", "windows")
GUI_ROLES = ("kiosk", "board", "counter")
KEEP_RUNNING = ("kiosk", "board")   # restarted after a crash; a counter is closed on purpose


def this_platform() -> str:
    return "windows" if sys.platform == "win32" else "linux"


@dataclass(frozen=True)
class Launcher:
    """How the target PC starts `antrean`: `console` for the server and the CLI, `gui` for the
    screens (on Windows a program without a console window), both from `workdir`."""
    console: tuple[str, ...]
    gui: tuple[str, ...]
    workdir: str


def detect_launcher(platform: str | None = None) -> Launcher:
    """The `antrean` this process runs as: the packaged program, the installed command, or
    `python -m shared.cli` from a checkout (then started in the checkout)."""
    windows = (platform or this_platform()) == "windows"
    exe = Path(sys.executable)
    if getattr(sys, "frozen", False):
        gui = exe.with_name("antreanw.exe")
        return Launcher((str(exe),), (str(gui if gui.exists() else exe),), str(exe.parent))
    from assets import PROJECT_ROOT
    script = exe.with_name("antrean.exe" if windows else "antrean")
    if script.exists():
        console: tuple[str, ...] = (str(script),)
    else:
        console = (str(exe), "-m", "shared.cli")
    pythonw = exe.with_name("pythonw.exe")
    gui = (str(pythonw), "-m", "shared.cli") if windows and pythonw.exists() else console
    return Launcher(console, gui, str(PROJECT_ROOT))


@dataclass(frozen=True)
class Options:
    roles: tuple[str, ...]
    launcher: Launcher
    env: dict = field(default_factory=dict)   # HOME, XDG_*, APPDATA, LOCALAPPDATA, USERNAME…
    platform: str = "linux"
    system: bool = False          # for every user of the PC, in /etc or %ProgramData%
    db: str | None = None         # None: the default database of the user on that PC
    server: str | None = None     # the screens use `antrean serve` at this URL
    token: str | None = None      # the kiosk's or board's device token for --server
    host: str = "0.0.0.0"
    port: int = 8080
    counter: str | None = None
    run_as: str | None = None     # Linux --system: the account the server runs as

    def path(self, *parts: str) -> PurePath:
        cls = PureWindowsPath if self.platform == "windows" else PurePosixPath
        return cls(*parts)

    def env_path(self, name: str, *fallback: str) -> PurePath:
        value = self.env.get(name)
        if value:
            return self.path(value)
        if fallback and self.env.get(fallback[0]):
            return self.path(self.env[fallback[0]], *fallback[1:])
        raise AntreanError(f"Variabel lingkungan {name} tidak ada: folder tujuan tidak diketahui",
                           f"The environment variable {name} is not set: no target folder")

    def database(self) -> str:
        """The database the roles open, as a path on the target PC."""
        if self.db:
            return self.db
        if self.platform == "windows":
            return str(self.env_path("LOCALAPPDATA") / "antrean" / "antrean.db")
        return str(self.env_path("XDG_DATA_HOME", "HOME", ".local", "share")
                   / "antrean" / "antrean.db")


@dataclass(frozen=True)
class InstallFile:
    role: str
    kind: str                 # systemd-unit | autostart | task-xml | startup-cmd
    target: PurePath          # where it lives on the target PC
    data: bytes
    mode: int = 0o644
    unit: str = ""            # systemd unit or scheduled task name, for (de)activation


@dataclass
class Plan:
    """What `install` writes and runs, and the manifest that lets `uninstall` undo it."""
    files: list[InstallFile]
    manifest: PurePath
    activate: list[list[str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def antrean_args(opts: Options, role: str) -> list[str]:
    """The arguments after the program for a role: global options, then the command."""
    if role == "server":
        return ["--db", opts.database(), "serve", "--host", opts.host, "--port", str(opts.port)]
    if opts.server:
        where = ["--server", opts.server] + (["--token", opts.token] if opts.token else [])
    else:
        where = ["--db", opts.database()]
    command = [role] + (["--keep-running"] if role in KEEP_RUNNING else [])
    if role == "counter" and opts.counter:
        command += ["--counter", opts.counter]
    return where + command


def holds_secret(opts: Options, role: str) -> bool:
    return bool(opts.token) and role in GUI_ROLES and bool(opts.server)


def role_label(role: str) -> str:
    return f"{ROLE_NAMES[role][0]} ({ROLE_NAMES[role][1]})"
