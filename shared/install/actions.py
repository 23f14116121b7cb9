"""`install` writes a plan's files and its manifest, then activates them; `uninstall` undoes
exactly what the manifest lists. Neither ever touches the database or anything else."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Callable

from shared.domain import AntreanError
from shared.install import linux, windows
from shared.install.model import Options, Plan, this_platform

log = logging.getLogger(__name__)

MANIFEST_VERSION = 1
Runner = Callable[[list[str]], tuple[bool, str]]


@dataclass
class Outcome:
    """What happened, for the command line to tell: files written or removed, commands run,
    notes, and problems (each (Indonesian, English)). `ok` is False when something is left to do."""
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    manifest: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def platform_module(platform: str):
    return windows if platform == "windows" else linux


def plan(opts: Options) -> Plan:
    return platform_module(opts.platform).plan(opts)


def local(target: PurePath, prefix: Path | None) -> Path:
    """Where a target path is written here: itself, or under `prefix` as if that were the root
    (a staging folder, or a Windows PC's files generated on Linux)."""
    if prefix is None:
        return Path(target)
    return Path(prefix).joinpath(*target.parts[1:])


def is_admin() -> bool:
    if os.name == "nt":
        import ctypes
        try:
            return bool(ctypes.windll.shell32.IsUserAnAdmin())
        except (AttributeError, OSError):
            return False
    return os.geteuid() == 0


def run_command(argv: list[str]) -> tuple[bool, str]:
    """Run a system tool (systemctl, schtasks) with a time limit; (ok, what it said)."""
    program = shutil.which(argv[0])
    if program is None:
        return False, f"{argv[0]} tidak ditemukan di PC ini (not found on this PC)"
    try:
        r = subprocess.run([program, *argv[1:]], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(path: Path) -> dict:
    if not path.exists():
        return {"version": MANIFEST_VERSION, "files": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data.get("files"), list)
    except (ValueError, AssertionError, OSError) as exc:
        raise AntreanError(f"Manifest pemasangan {path} rusak ({exc}): periksa atau hapus berkas "
                           "itu, lalu jalankan antrean install lagi",
                           f"The install manifest {path} is damaged ({exc}): check or delete it, "
                           "then run antrean install again") from None
    return data


def _write(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".antrean-tmp")
    tmp.write_bytes(data)
    if os.name != "nt":
        os.chmod(tmp, mode)
    os.replace(tmp, path)   # never a half-written unit, even on a power cut


def _check_rights(opts: Options, prefix: Path | None, admin: Callable[[], bool]) -> None:
    if opts.system and prefix is None and opts.platform == this_platform() and not admin():
        if opts.platform == "windows":
            raise AntreanError("--system perlu hak administrator: buka Command Prompt dengan "
                               "\"Run as administrator\", lalu ulangi perintah ini",
                               "--system needs administrator rights: open Command Prompt with "
                               "\"Run as administrator\" and run this command again")
        raise AntreanError("--system menulis ke /etc dan perlu hak root: ulangi dengan sudo, "
                           "atau pasang untuk pengguna ini saja tanpa --system",
                           "--system writes to /etc and needs root: run it again with sudo, or "
                           "install for this user only, without --system")


def install(opts: Options, *, prefix: Path | None = None, start: bool = True,
            runner: Runner = run_command, admin: Callable[[], bool] = is_admin) -> Outcome:
    """Write the roles' files (refusing to overwrite a file antrean did not write), record them
    in the manifest, then activate them (unless `start` is False or writing under `prefix`)."""
    _check_rights(opts, prefix, admin)
    the_plan = plan(opts)
    manifest_path = local(the_plan.manifest, prefix)
    manifest = read_manifest(manifest_path)
    known = {e["path"]: e for e in manifest["files"]}
    for f in the_plan.files:
        here = local(f.target, prefix)
        if here.exists() and str(f.target) not in known:
            raise AntreanError(f"{here} sudah ada dan tidak dipasang oleh antrean: pindahkan atau "
                               "hapus berkas itu dulu (tidak ditimpa)",
                               f"{here} already exists and was not installed by antrean: move or "
                               "delete it first (it is not overwritten)")
    out = Outcome(notes=list(the_plan.notes), manifest=str(manifest_path))
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for f in the_plan.files:
        here = local(f.target, prefix)
        _write(here, f.data, f.mode)
        known[str(f.target)] = {"path": str(f.target), "role": f.role, "kind": f.kind,
                                "unit": f.unit, "system": opts.system, "sha256": _sha(f.data),
                                "installed_at": now, "db": opts.database(),
                                "server": opts.server if f.role != "server" else None,
                                "port": opts.port if f.role == "server" else None}
        out.written.append(str(here))
    manifest.update(version=MANIFEST_VERSION, platform=opts.platform, system=opts.system,
                    files=sorted(known.values(), key=lambda e: e["path"]))
    _write(manifest_path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
           0o644)
    if start and prefix is None:
        for argv in the_plan.activate:
            ok, said = runner(argv)
            out.ran.append(" ".join(argv))
            if not ok:
                out.problems.append((f"Berkas sudah ditulis, tetapi '{' '.join(argv)}' gagal: "
                                     f"{said}. Jalankan perintah itu sendiri setelah masalahnya "
                                     "diperbaiki.", f"The files are written, but '{' '.join(argv)}'"
                                     f" failed: {said}. Run it yourself once that is fixed."))
                break
    return out


def uninstall(opts: Options, *, roles: tuple[str, ...] = (), prefix: Path | None = None,
              force: bool = False, runner: Runner = run_command,
              admin: Callable[[], bool] = is_admin) -> Outcome:
    """Deactivate and remove the files the manifest lists (of `roles`, or all). A file changed
    since it was installed is kept unless `force`."""
    _check_rights(opts, prefix, admin)
    module = platform_module(opts.platform)
    manifest_path = local(module.plan(Options(roles=(), launcher=opts.launcher, env=opts.env,
                                              platform=opts.platform, system=opts.system)
                                      ).manifest, prefix)
    out = Outcome(manifest=str(manifest_path))
    manifest = read_manifest(manifest_path)
    chosen = [e for e in manifest["files"] if not roles or e["role"] in roles]
    if not manifest_path.exists() or not chosen:
        out.notes.append((f"Tidak ada yang perlu dihapus: {manifest_path} tidak mencatat "
                          + (", ".join(roles) if roles else "apa pun"),
                          f"Nothing to remove: {manifest_path} lists "
                          + (", ".join(roles) if roles else "nothing")))
        return out
    removed = []
    for entry in chosen:
        here = local(opts.path(entry["path"]), prefix)
        if here.exists() and not force and _sha(here.read_bytes()) != entry["sha256"]:
            out.kept.append(str(here))
            out.problems.append((f"{here} diubah setelah dipasang, jadi tidak dihapus: periksa "
                                 "isinya, lalu ulangi dengan --force",
                                 f"{here} was changed after it was installed, so it is kept: "
                                 "check it, then run again with --force"))
            continue
        if prefix is None:
            for argv in module.deactivate(entry):
                ok, said = runner(argv)
                out.ran.append(" ".join(argv))
                if not ok and argv[:2] != ["schtasks", "/End"]:   # /End: it was not running
                    out.notes.append((f"'{' '.join(argv)}' gagal: {said}",
                                      f"'{' '.join(argv)}' failed: {said}"))
        if here.exists():
            here.unlink()
        out.removed.append(str(here))
        removed.append(entry)
    if prefix is None:
        for argv in module.after_remove(removed):
            ok, said = runner(argv)
            out.ran.append(" ".join(argv))
    left = [e for e in manifest["files"] if e not in removed]
    if left:
        manifest["files"] = left
        _write(manifest_path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
                               ).encode(), 0o644)
    else:
        manifest_path.unlink()
    return out


def installed(opts: Options, prefix: Path | None = None) -> list[dict]:
    """The manifest's entries on this PC (user and, when readable, system), for the doctor."""
    out = []
    for system in (False, True):
        try:
            module = platform_module(opts.platform)
            path = local(module.plan(Options(roles=(), launcher=opts.launcher, env=opts.env,
                                             platform=opts.platform, system=system)).manifest,
                         prefix)
            out += read_manifest(path)["files"]
        except AntreanError:
            continue
    return out
