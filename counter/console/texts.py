"""Every word of the counter screens, Indonesian first, with the English the toggle shows.

A table rather than Qt `.ts` files: the officer switches language at run time with one button,
and each text is looked up again on `retranslate()`.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # login
    "login_title": ("Masuk Loket", "Counter login"),
    "login_heading": ("Masuk ke loket", "Sign in to a counter"),
    "username": ("Nama pengguna", "Username"),
    "pin": ("PIN", "PIN"),
    "pin_placeholder": ("4–12 angka", "4–12 digits"),
    "counter": ("Loket", "Counter"),
    "remember_counter": ("Ingat loket ini di PC ini", "Remember this counter on this PC"),
    "sign_in": ("Masuk", "Sign in"),
    "cancel": ("Batal", "Cancel"),
    "take_over": ("Ambil alih", "Take over"),
    "take_over_question": ("{message}. Ambil alih? Sesi lain akan ditutup.",
                           "{message}. Take over? The other session will be closed."),
    "fill_username": ("Isi nama pengguna dan PIN", "Enter your username and PIN"),
    "no_counter": ("Pilih loket", "Choose a counter"),
    "language_other": ("English", "Bahasa Indonesia"),
    # console: header and panels
    "window_title": ("Antrean — {counter}", "Queue — {counter}"),
    "officer_at": ("{name} · {counter}", "{name} · {counter}"),
    "logout": ("Keluar", "Log out"),
    "phone_booking": ("☎ Booking telepon", "☎ Phone booking"),
    "done_booked": ("Booking {code} dibuat: {service}, pukul {time}, a.n. {name}",
                    "Booking {code} made: {service}, at {time}, for {name}"),
    "current_ticket": ("Tiket saat ini", "Current ticket"),
    "no_ticket": ("Belum ada tiket dipanggil", "No ticket called yet"),
    "status_called": ("Dipanggil pukul {time}", "Called at {time}"),
    "status_recalled": ("Dipanggil pukul {time} · ulang {n}×", "Called at {time} · recalled {n}×"),
    "status_serving": ("Dilayani sejak pukul {time}", "Served since {time}"),
    "idle_hint": ("Siap memanggil · {n} menunggu\nTekan {button} untuk memanggil berikutnya",
                  "Ready · {n} waiting\nPress {button} to call the next"),
    "paused_hint": ("Tekan {button} untuk melanjutkan", "Press {button} to resume"),
    "idle_nobody": ("Belum ada yang menunggu", "Nobody is waiting yet"),
    "since_call": ("sejak dipanggil", "since called"),
    "since_start": ("sejak mulai dilayani", "since service started"),
    "target": ("Standar layanan {min} menit", "Service standard {min} min"),
    "priority": ("Prioritas: {group}", "Priority: {group}"),
    "transferred": ("dialihkan {n}×", "transferred {n}×"),
    "paused_banner": ("Loket sedang istirahat: {reason}", "Counter on a break: {reason}"),
    "paused_no_reason": ("Loket sedang istirahat", "Counter on a break"),
    "waiting_heading": ("Menunggu", "Waiting"),
    "waiting_row": ("{n} orang", "{n} people"),
    "waiting_priority": ("{n} orang ({p} prioritas)", "{n} people ({p} priority)"),
    "longest_wait": ("Menunggu paling lama: {wait}", "Longest wait now: {wait}"),
    "longest_none": ("Menunggu paling lama: -", "Longest wait now: -"),
    "day_heading": ("Hari ini", "Today"),
    "day_served": ("Dilayani: {n}", "Served: {n}"),
    "day_no_shows": ("Tidak hadir: {n}", "No-shows: {n}"),
    "day_avg": ("Rata-rata layanan: {avg} (standar {target})",
                "Average service: {avg} (standard {target})"),
    "day_avg_none": ("Rata-rata layanan: -", "Average service: -"),
    "day_within": ("Sesuai standar: {n} dari {total}", "Within standard: {n} of {total}"),
    "others_heading": ("Loket lain", "Other counters"),
    "other_closed": ("tutup", "closed"),
    "other_paused": ("istirahat", "on a break"),
    "other_idle": ("siap", "ready"),
    "auto_start": ("Mulai otomatis saat dipanggil", "Start service on call"),
    "minutes": ("{n} mnt", "{n} min"),
    # actions
    "call_next": ("Panggil berikutnya", "Call next"),
    "recall": ("Panggil ulang", "Recall"),
    "start": ("Mulai", "Start"),
    "finish": ("Selesai", "Finish"),
    "no_show": ("Tidak hadir", "No-show"),
    "transfer": ("Alihkan", "Transfer"),
    "call_number": ("Panggil nomor", "Call number"),
    "pause": ("Istirahat", "Break"),
    "resume": ("Lanjutkan", "Resume"),
    # why an action is not possible now
    "why_finish_first": ("Selesaikan tiket {code} dulu", "Finish ticket {code} first"),
    "why_nobody": ("Tidak ada yang menunggu", "Nobody is waiting"),
    "why_paused": ("Loket sedang istirahat", "The counter is on a break"),
    "why_no_ticket": ("Belum ada tiket yang dipanggil", "No ticket has been called"),
    "why_serving": ("Tiket {code} sedang dilayani", "Ticket {code} is being served"),
    "why_not_started": ("Mulai layanan {code} dulu", "Start serving {code} first"),
    "why_recall_limit": ("Tiket {code} sudah dipanggil ulang {n}× (batas {limit}): tandai tidak hadir",
                         "Ticket {code} was recalled {n}× (limit {limit}): mark it no-show"),
    "why_not_mine": ("Loket ini sekarang dipakai {officer}: keluar lalu masuk lagi",
                     "This counter is now used by {officer}: log out and sign in again"),
    "why_closed": ("Loket ini ditutup dari tempat lain: keluar lalu masuk lagi",
                   "This counter was closed elsewhere: log out and sign in again"),
    "why_no_other_service": ("Tidak ada layanan lain untuk dialihkan",
                             "No other service to transfer to"),
    # messages after an action
    "done_called": ("{code} dipanggil", "{code} called"),
    "done_recalled": ("{code} dipanggil ulang", "{code} recalled"),
    "done_started": ("Layanan {code} dimulai", "Serving {code}"),
    "done_finished": ("{code} selesai", "{code} finished"),
    "done_no_show": ("{code} ditandai tidak hadir", "{code} marked no-show"),
    "done_transferred": ("{code} dialihkan ke {service}", "{code} transferred to {service}"),
    "done_paused": ("Istirahat dimulai", "Break started"),
    "done_resumed": ("Loket dibuka lagi", "Counter open again"),
    "unexpected": ("Terjadi kesalahan tak terduga; sudah dicatat di log. Coba lagi.",
                   "Something unexpected went wrong; it is in the log. Try again."),
    "db_unreadable": ("Basis data tidak dapat dibaca: {error}", "Cannot read the database: {error}"),
    # a LAN server (antrean counter --server URL)
    "why_offline": ("Tidak terhubung ke server — tunggu sampai tersambung lagi",
                    "Not connected to the server — wait until it is back"),
    "why_pending": ("Menunggu jawaban server untuk tindakan sebelumnya",
                    "Waiting for the server to answer the previous action"),
    "offline_detail": ("Tombol tidak aktif sampai tersambung; layar menampilkan keadaan terakhir",
                       "Buttons are off until the link is back; the screen shows the last known state"),
    "sending": ("Mengirim: {action}…", "Sending: {action}…"),
    "sending_offline": ("{action} akan dikirim begitu server tersambung lagi (sekali saja)",
                        "{action} will be sent as soon as the server is back (once only)"),
    "not_sent": ("{action} tidak terkirim: server tidak dapat dihubungi. Bila server sempat "
                 "menerimanya, layar menampilkannya setelah tersambung lagi.",
                 "{action} was not sent: the server cannot be reached. If the server received it "
                 "before the link dropped, the screen shows it once the link is back."),
    "connecting": ("Menghubungi server…", "Contacting the server…"),
    "server_unreachable": ("Tidak terhubung ke server ({url}) — periksa jaringan lalu coba lagi",
                           "Not connected to the server ({url}) — check the network and try again"),
    "logout_action": ("Keluar", "Log out"),
    "keymap_problem": ("Pengaturan PC ini bermasalah: {error} — memakai nilai bawaan",
                       "This PC's settings have a problem: {error} — using the defaults"),
    # dialogs
    "transfer_title": ("Alihkan tiket {code}", "Transfer ticket {code}"),
    "transfer_prompt": ("Alihkan ke layanan:", "Transfer to service:"),
    "transfer_ok": ("Alihkan", "Transfer"),
    "service_waiting": ("{name} — {n} menunggu", "{name} — {n} waiting"),
    "call_number_title": ("Panggil nomor tertentu", "Call a specific number"),
    "call_number_prompt": ("Nomor antrean (mis. A-012 atau a12):",
                           "Ticket number (e.g. A-012 or a12):"),
    "call_number_list": ("Yang menunggu di loket ini:", "Waiting for this counter:"),
    "call_number_ok": ("Panggil", "Call"),
    "pause_title": ("Istirahat", "Take a break"),
    "pause_prompt": ("Alasan istirahat (pilih atau ketik):", "Reason (choose or type):"),
    "pause_ok": ("Mulai istirahat", "Start break"),
    "reason_salat": ("Salat", "Prayer"),
    "reason_lunch": ("Makan siang", "Lunch"),
    "reason_meeting": ("Rapat", "Meeting"),
    "reason_personal": ("Keperluan pribadi", "Personal matter"),
    "reason_system": ("Gangguan sistem", "System problem"),
}


def text(key: str, lang: str = "id", **values) -> str:
    """The text for `key` in `lang` ('id' or 'en'), with `{placeholders}` filled in."""
    pair = TEXTS[key]
    template = pair[1] if lang == "en" else pair[0]
    return template.format(**values) if values else template


def minutes_text(minutes: float | None, lang: str = "id") -> str:
    """A short duration for staff: '7 mnt', '1 j 5 mnt'; '-' when unknown."""
    if minutes is None:
        return "-"
    m = int(round(minutes))
    hours, mins = divmod(m, 60)
    unit_h = "h" if lang == "en" else "j"
    unit_m = "min" if lang == "en" else "mnt"
    if hours:
        return f"{hours} {unit_h} {mins} {unit_m}"
    return f"{mins} {unit_m}"
