"""The config loader's errors said for an admin: the field by its name on screen, the problem in
Indonesian (the loader's English stays as the English text and for any problem not listed)."""
from __future__ import annotations

import re

from shared.domain import AntreanError, ConfigError

TABLES = {
    "office": "Kantor", "hours": "Jam pengambilan nomor", "overrides": "Jam khusus",
    "holidays": "Hari libur", "services": "Layanan", "counters": "Loket", "officers": "Petugas",
    "priority": "Prioritas", "recall": "Panggil ulang", "printer": "Printer struk",
    "kiosk": "Anjungan", "board": "Papan informasi",
}
FIELDS = {
    "name": "Nama", "name_en": "Nama (Inggris)", "prefix": "Awalan nomor", "code": "Kode",
    "target_wait_min": "Standar waktu tunggu", "target_service_min": "Standar waktu layanan",
    "daily_quota": "Kuota harian", "active": "Aktif", "hours": "Jam", "label": "Nama tampilan",
    "services": "Layanan yang dilayani", "priority_only": "Loket prioritas",
    "username": "Nama pengguna", "full_name": "Nama lengkap", "role": "Peran",
    "date": "Tanggal", "from": "Dari tanggal", "to": "Sampai tanggal",
    "short_name": "Nama singkat", "timezone": "Zona waktu", "status_base_url": "Alamat status",
    "footer": "Catatan kaki struk", "running_text": "Teks berjalan", "logo": "Logo",
    "policy": "Cara pemanggilan prioritas", "max_in_a_row": "Prioritas berturut-turut",
    "ask_at_kiosk": "Tanya prioritas di anjungan", "kind": "Jenis printer",
    "profile": "Profil printer", "paper_mm": "Lebar kertas", "usb_vendor": "USB vendor",
    "usb_product": "USB product", "host": "Alamat printer", "port": "Port",
    "device": "Perangkat", "baudrate": "Baudrate", "printer_name": "Nama printer",
    "timeout_s": "Batas waktu cetak", "native_qr": "QR bawaan printer",
    "media_dir": "Folder media", "media_interval_s": "Lama tiap gambar",
    "recent_calls": "Panggilan terakhir", "volume": "Volume", "voice": "Suara",
    "languages": "Bahasa panggilan", "flash_seconds": "Lama berkedip", "chime": "Bunyi bel",
    "senin": "Senin", "selasa": "Selasa", "rabu": "Rabu", "kamis": "Kamis", "jumat": "Jumat",
    "sabtu": "Sabtu", "minggu": "Minggu", "hari_kerja": "Hari kerja",
    "senin_kamis": "Senin–Kamis", "setiap_hari": "Setiap hari",
    "booking": "Antrean online", "slot_minutes": "Panjang slot", "per_slot": "Kapasitas slot",
    "share": "Bagian kuota untuk pemesanan", "days_ahead": "Hari pemesanan ke depan",
    "cutoff_minutes": "Batas pemesanan", "early_minutes": "Check-in paling awal",
    "late_minutes": "Check-in paling lambat", "identity": "Identitas pemesan",
}

# (English pattern of the loader, Indonesian with the same groups)
PROBLEMS = [
    (r"is required but missing", "wajib diisi"),
    (r"must not be empty", "tidak boleh kosong"),
    (r"(.+) must be 1–3 letters A–Z", r"\1 harus 1–3 huruf A–Z"),
    (r"(.+) is used by another service", r"\1 sudah dipakai layanan lain"),
    (r"(.+) must be lowercase letters, digits, '-' or '_'",
     r"\1 harus huruf kecil, angka, '-' atau '_'"),
    (r"(.+) must be more than 0 and at most 1440 minutes",
     r"\1 harus lebih dari 0 dan paling lama 1440 menit"),
    (r"(.+) must be at least 1 \(leave it out for no quota\)",
     r"\1 harus paling sedikit 1 (kosongkan bila tanpa kuota)"),
    (r"(.+) is not a time range like \"07:30-12:00\"",
     r'\1 bukan rentang jam seperti "07:30-12:00"'),
    (r"must be a list of time ranges like .*", 'harus berupa rentang jam seperti "07:30-12:00"'),
    (r"(.+) has an impossible time", r"\1 berisi jam yang tidak mungkin"),
    (r"(.+) ends before it starts", r"\1 berakhir sebelum mulai"),
    (r"(.+) overlaps or comes before the previous range",
     r"\1 bertumpang tindih dengan atau mendahului rentang sebelumnya"),
    (r"(.+) is not a date like 2026-12-25", r"\1 bukan tanggal seperti 2026-12-25"),
    (r"(.+) is before 'from' \((.+)\)", r"\1 jatuh sebelum tanggal mulai (\2)"),
    (r"(.+) is empty or used by another counter", r"\1 kosong atau sudah dipakai loket lain"),
    (r"(.+) is not a service in \[\[services\]\]", r"\1 bukan layanan yang terdaftar"),
    (r"must name at least one service", "harus melayani paling sedikit satu layanan"),
    (r"(.+) must be 2–32 lowercase letters, digits, '.', '_' or '-'",
     r"\1 harus 2–32 huruf kecil, angka, '.', '_' atau '-'"),
    (r"(.+) appears twice", r"\1 terdaftar dua kali"),
    (r"(.+) must be one of: (.+)", r"\1 harus salah satu dari: \2"),
    (r"(.+) is not an IANA time zone .*",
     r"\1 bukan zona waktu (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"),
    (r"(.+) must start with http:// or https://", r"\1 harus diawali http:// atau https://"),
    (r"(.+) must be 58 or 80", r"\1 harus 58 atau 80"),
    (r"is required when kind = (.+)", r"wajib diisi untuk jenis printer \1"),
    (r"(.+) must be from (.+) to (.+)", r"\1 harus dari \2 sampai \3"),
    (r"(.+) must be at least 1", r"\1 harus paling sedikit 1"),
    (r"(.+) must be more than 0 and at most 1 \(0.4 = 40% of the quota\)",
     r"\1 harus lebih dari 0 dan paling banyak 1 (0.4 = 40% dari kuota)"),
    (r"'dedicated' needs at least one counter with priority_only = true",
     "'dedicated' memerlukan paling sedikit satu loket prioritas"),
    (r"must not be negative", "tidak boleh negatif"),
    (r"at least one \[\[services\]\] table is required", "paling sedikit satu layanan harus ada"),
    (r"at least one \[\[counters\]\] table is required", "paling sedikit satu loket harus ada"),
    (r"(.+) must be a USB id like .*", r'\1 harus ID USB seperti "0x04b8"'),
    (r"must be a whole number, not (.+)", r"harus angka bulat, bukan \1"),
    (r"must be (?:text|a number|true or false|a list|a table).*, not (.+)",
     r"jenis isiannya salah (\1)"),
    (r"prefix (.+) already numbered (\d+) tickets of service (.+) today; move it to (.+) after "
     r"midnight", r"awalan \1 sudah memberi \2 nomor layanan \3 hari ini; pindahkan ke \4 "
     r"setelah tengah malam"),
    (r"(.+) was removed but still holds ticket (.+): finish, transfer or mark it no-show first",
     r"\1 dihapus padahal masih memegang tiket \2: selesaikan, alihkan atau tandai tidak hadir "
     r"dulu"),
]
_PROBLEMS = [(re.compile(f"^{en}$"), id_) for en, id_ in PROBLEMS]
_PART_RE = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


class InvalidChange(AntreanError):
    """A change the admin cannot make: `key` is the config key (e.g. `services[2].daily_quota`),
    `field` its name on screen; nothing was saved."""

    code = "invalid_change"

    def __init__(self, message: str, message_en: str, key: str = "", field: str = ""):
        super().__init__(message, message_en, key=key, field=field)
        self.key, self.field = key, field

    @property
    def leaf(self) -> str:
        """The last part of the key without an index (`daily_quota`): which input to mark."""
        return re.sub(r"\[\d+\]$", "", self.key.rsplit(".", 1)[-1]) if self.key else ""


def problem_id(problem: str) -> str:
    for pattern, id_ in _PROBLEMS:
        if pattern.match(problem):
            return pattern.sub(id_, problem)
    return problem


def field_label(key: str, raw: dict) -> str:
    """`services[1].daily_quota` → "Layanan Kartu Keluarga — Kuota harian"."""
    parts = key.split(".") if key else []
    out: list[str] = []
    for part in parts:
        m = _PART_RE.match(part)
        if not m:
            out.append(part)
            continue
        name, index = m.group(1), m.group(2)
        if index is not None and not out:
            out.append(_item_label(name, int(index), raw))
        elif index is not None:
            out.append(f"{FIELDS.get(name, name)} ke-{int(index) + 1}")
        else:
            out.append(TABLES.get(name, FIELDS.get(name, name)) if not out
                       else FIELDS.get(name, name))
    return " — ".join(out)


def _item_label(table: str, index: int, raw: dict) -> str:
    items = raw.get(table) if isinstance(raw, dict) else None
    item = items[index] if isinstance(items, list) and index < len(items) else None
    word = TABLES.get(table, table)
    if not isinstance(item, dict):
        return f"{word} ke-{index + 1}"
    if table == "services":
        return f"{word} {item.get('name') or item.get('code') or index + 1}"
    if table == "counters":
        return str(item.get("label") or f"Loket {item.get('name', index + 1)}")
    if table == "officers":
        return f"{word} {item.get('username', index + 1)}"
    if table == "holidays":
        return f"{word} {item.get('date', index + 1)}"
    if table == "overrides":
        return f"{word} “{item.get('name', index + 1)}”"
    return f"{word} ke-{index + 1}"


def explain(error: ConfigError, raw: dict) -> InvalidChange:
    """The loader's error as an admin reads it: "Layanan Kartu Keluarga — Kuota harian: 0
    harus paling sedikit 1 (kosongkan bila tanpa kuota)"."""
    label = field_label(error.key, raw) if error.key and not error.key.startswith("(") else ""
    message = f"{label}: {problem_id(error.problem)}" if label else problem_id(error.problem)
    return InvalidChange(message, f"{error.key}: {error.problem}", error.key, label)
