"""`antrean doctor`: check this PC — database, printer, sound, server and clock — and say, in
Indonesian and English, what is wrong and what to do. Exit 1 when something must be fixed.

The roles decide what matters: a kiosk needs its printer, a board its sound, a screen on a LAN
its server; they come from `--role`, else from what `antrean install` recorded, else every check
runs and only the database, the server and the clock can demand a fix.
"""
from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from shared.install.devices import check_printer, check_sound
from shared.install.findings import Finding, fix, info, ok, warning

CLOCK_WARN_S = 10.0
CLOCK_FIX_S = 120.0
LOW_DISK_MB = 500
FULL_DISK_MB = 50


@dataclass
class Context:
    db: Path | None = None          # the embedded database (None: the screens use a server)
    server: str | None = None       # the LAN server this PC uses or is
    token: str | None = None
    roles: tuple[str, ...] = ()     # () = not known
    timeout_s: float = 3.0
    full: bool = False              # PRAGMA integrity_check instead of quick_check
    installed: list[dict] = field(default_factory=list)


def span(seconds: float) -> tuple[str, str]:
    """'5 menit 3 detik' / '5 min 3 s'."""
    s = round(abs(seconds))
    if s < 60:
        return (f"{abs(seconds):.1f} detik".replace(".", ","), f"{abs(seconds):.1f} s")
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    parts_id = ([f"{h} jam"] if h else []) + [f"{m} menit", f"{s} detik"]
    parts_en = ([f"{h} h"] if h else []) + [f"{m} min", f"{s} s"]
    return " ".join(parts_id), " ".join(parts_en)


def check_database(path: Path, full: bool = False) -> tuple[list[Finding], object]:
    """Opens the file without ever creating it, checks its pages, that it can take a write
    lock, that its schema is current and that an office config is loaded. → (findings, config)."""
    from shared.config import config_from_json
    from shared.store.migrations import schema_is_current
    init = ("Jalankan 'antrean init --config kantor.toml' (atau 'antrean start' untuk kantor "
            "contoh)", "Run 'antrean init --config kantor.toml' (or 'antrean start' for the "
            "example office)")
    if not path.exists():
        return [fix("database", f"Basis data {path} belum ada", f"The database {path} does not "
                    "exist", *init)], None
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=3,
                               isolation_level=None)
    except sqlite3.Error as exc:
        return [fix("database", f"Basis data {path} tidak dapat dibuka: {exc}",
                    f"The database {path} cannot be opened: {exc}",
                    "Periksa izin berkas dan foldernya untuk pengguna ini",
                    "Check the file's and the folder's permissions for this user")], None
    out: list[Finding] = []
    config = None
    try:
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {'integrity' if full else 'quick'}_check"
                                               ).fetchmany(5)]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            return [fix("database", f"Basis data {path} rusak: {'; '.join(rows)}",
                        f"The database {path} is damaged: {'; '.join(rows)}",
                        "Tutup semua layar antrean, salin berkas itu (beserta -wal dan -shm) "
                        "sebagai bukti, lalu pulihkan dari cadangan terakhir; jangan dihapus",
                        "Close every antrean screen, copy the file (with its -wal and -shm) "
                        "aside, then restore the latest backup; do not delete it")], None
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            out.append(fix("database", f"Basis data {path} tidak dapat ditulis: {exc}",
                           f"The database {path} cannot be written: {exc}",
                           "Periksa izin tulis berkas dan foldernya, ruang disk, dan apakah ada "
                           "program lain yang menguncinya", "Check write permission on the "
                           "file and its folder, the free disk space, and whether another "
                           "program holds it locked"))
        if not schema_is_current(conn):
            return out + [fix("database", f"Basis data {path} perlu dimigrasi",
                              f"The database {path} needs migrating",
                              "Jalankan 'antrean init' (tiket dan riwayat tetap ada)",
                              "Run 'antrean init' (tickets and history are kept)")], None
        row = conn.execute("SELECT value FROM settings WHERE key = 'config'").fetchone()
        if row is None:
            return out + [fix("database", f"Basis data {path} belum berisi konfigurasi kantor",
                              f"The database {path} holds no office config", *init)], None
        config = config_from_json(row[0])
        tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    finally:
        conn.close()
    if not out:
        out.append(ok("database", f"Basis data {path}: utuh, skema terbaru, kantor "
                                  f"\"{config.name}\", {tickets} tiket tercatat",
                      f"Database {path}: intact, schema current, office \"{config.name}\", "
                      f"{tickets} tickets recorded"))
    free_mb = shutil.disk_usage(path.parent).free / 1e6
    if free_mb < LOW_DISK_MB:
        make = fix if free_mb < FULL_DISK_MB else warning
        out.append(make("database", f"Ruang disk tinggal {free_mb:.0f} MB di {path.parent}",
                        f"Only {free_mb:.0f} MB free on {path.parent}",
                        "Kosongkan ruang disk (hapus berkas lain, bukan basis data)",
                        "Free some disk space (other files, not the database)"))
    return out, config


def check_server(url: str, token: str | None, timeout_s: float,
                 this_pc_serves: bool) -> tuple[list[Finding], object]:
    """Is `antrean serve` answering at `url`, and how far is our clock from its clock?
    → (findings, the office config when the token may read it)."""
    import httpx
    where = ("Di PC server: 'systemctl --user status antrean-serve' atau 'journalctl --user -u "
             "antrean-serve' (Linux), Task Scheduler → antrean (Windows); atau jalankan 'antrean "
             "serve'", "On the server PC: 'systemctl --user status antrean-serve' or 'journalctl "
             "--user -u antrean-serve' (Linux), Task Scheduler → antrean (Windows); or run "
             "'antrean serve'")
    if not this_pc_serves:
        where = ("Pastikan PC server menyala dan 'antrean serve' berjalan di sana, alamatnya "
                 f"benar ({url}), dan port-nya tidak diblokir firewall. " + where[0],
                 "Make sure the server PC is on and 'antrean serve' runs there, the address is "
                 f"right ({url}), and its port is not blocked by a firewall. " + where[1])
    base = url.rstrip("/")
    sent = time.time()
    try:
        r = httpx.get(f"{base}/healthz", timeout=timeout_s)
        body = r.json() if r.status_code == 200 else {}
        server_now = datetime.fromisoformat(body["now"])
    except httpx.ConnectError as exc:
        return [fix("server", f"Server {base} tidak dapat dihubungi: koneksi ditolak atau tidak "
                              f"ada jawaban ({exc})", f"The server {base} cannot be reached: "
                              f"connection refused or no answer ({exc})", *where)], None
    except httpx.TimeoutException:
        return [fix("server", f"Server {base} tidak menjawab dalam {timeout_s:g} detik",
                    f"The server {base} did not answer within {timeout_s:g} s", *where)], None
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        return [fix("server", f"{base} bukan server antrean yang berjalan baik ({exc})",
                    f"{base} is not a working antrean server ({exc})", *where)], None
    received = time.time()
    rtt_ms = (received - sent) * 1000
    offset = server_now.timestamp() - (sent + received) / 2   # > 0: this PC is behind
    out = [ok("server", f"Server {base} menjawab dalam {rtt_ms:.0f} ms (kantor "
                        f"\"{body.get('office', '')}\")", f"The server {base} answered in "
                        f"{rtt_ms:.0f} ms (office \"{body.get('office', '')}\")")]
    gap_id, gap_en = span(offset)
    side_id, side_en = ("lebih lambat", "behind") if offset > 0 else ("lebih cepat", "ahead of")
    if abs(offset) <= CLOCK_WARN_S:
        out.append(ok("clock", f"Jam PC ini sama dengan jam server (selisih {gap_id})",
                      f"This PC's clock agrees with the server's (off by {gap_en})"))
    else:
        make = fix if abs(offset) > CLOCK_FIX_S else warning
        local = datetime.now().astimezone()
        out.append(make("clock", f"Jam PC ini {side_id} {gap_id} dari jam server (PC: "
                                 f"{local:%H.%M.%S}, server: "
                                 f"{server_now.astimezone(local.tzinfo):%H.%M.%S})",
                        f"This PC's clock is {gap_en} {side_en} the server's (PC: "
                        f"{local:%H:%M:%S}, server: {server_now.astimezone(local.tzinfo):%H:%M:%S})",
                        "Nyalakan sinkronisasi waktu otomatis di kedua PC (Linux: 'sudo "
                        "timedatectl set-ntp true'; Windows: Pengaturan → Waktu & bahasa → "
                        "Setel waktu secara otomatis), lalu periksa lagi",
                        "Turn on automatic time sync on both PCs (Linux: 'sudo timedatectl "
                        "set-ntp true'; Windows: Settings → Time & language → Set time "
                        "automatically), then check again"))
    config = None
    if token:
        from shared.domain import AntreanError
        from shared.http.client import HttpQueueService
        svc = HttpQueueService(base, token, timeout=timeout_s, retry_for_s=0.0,
                               adopt_login=False)
        try:
            config = svc.config
        except AntreanError as exc:
            out.append(fix("server", f"Server menolak token perangkat PC ini: {exc.message}",
                           f"The server refuses this PC's device token: {exc.message_en}",
                           "Di PC server: 'antrean device add NAMA --role kiosk|board', lalu "
                           "pasang lagi dengan token baru", "On the server PC: 'antrean device "
                           "add NAME --role kiosk|board', then install again with the new token"))
        finally:
            svc.close()
    return out, config


def run_checks(ctx: Context) -> list[Finding]:
    roles = ctx.roles or tuple(sorted({e["role"] for e in ctx.installed}))
    out: list[Finding] = []
    if ctx.installed:
        where = ", ".join(sorted({e["role"] for e in ctx.installed}))
        out.append(info("install", f"Dipasang di PC ini oleh antrean install: {where}",
                        f"Installed on this PC by antrean install: {where}"))
    config = None
    local_server = next((e for e in ctx.installed if e["role"] == "server"), None)
    server = ctx.server or next((e.get("server") for e in ctx.installed if e.get("server")), None)
    if ctx.db is not None and (server is None or "server" in roles):
        found, config = check_database(ctx.db, ctx.full)
        out += found
    if server is None and local_server is not None:
        server = f"http://127.0.0.1:{local_server.get('port') or 8080}"
    if server:
        found, remote_config = check_server(server, ctx.token, ctx.timeout_s,
                                            this_pc_serves="server" in roles)
        out += found
        config = config or remote_config
    if config is not None and (not roles or "kiosk" in roles):
        out.append(check_printer(config.printer, needed="kiosk" in roles))
    elif "kiosk" in roles:
        out.append(warning("printer", "Printer belum diperiksa: konfigurasi kantor tidak dapat "
                                      "dibaca", "The printer is not checked: the office config "
                                                "cannot be read",
                           "Perbaiki temuan di atas (basis data atau server, dengan token "
                           "kiosk), lalu jalankan antrean doctor lagi", "Fix the findings above "
                           "(database, or server with the kiosk's token), then run antrean "
                           "doctor again"))
    if not roles or "board" in roles:
        out.append(check_sound(needed="board" in roles))
    return out


def must_fix(findings: list[Finding]) -> bool:
    return any(f.level == "fix" for f in findings)


def report(findings: list[Finding]) -> str:
    lines = ["antrean doctor — pemeriksaan PC ini (checking this PC)", ""]
    for f in findings:
        lines += f.lines()
    counts = {lvl: sum(f.level == lvl for f in findings) for lvl in ("fix", "warning")}
    lines += ["", f"Ringkasan: {counts['fix']} harus diperbaiki, {counts['warning']} perlu "
                  f"perhatian (summary: {counts['fix']} to fix, {counts['warning']} to look at)"]
    if not must_fix(findings):
        lines.append("Tidak ada yang harus diperbaiki. (Nothing must be fixed.)")
    return "\n".join(lines)
