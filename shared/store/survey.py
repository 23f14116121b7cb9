"""The visitor's voice: the satisfaction survey (SKM) and complaints, on the embedded store.

One response per ticket, only for a ticket actually served (status done); anonymous — a response
links to a ticket number, never to a person. Answers are stored one row per element key.
Complaints move baru → diproses → selesai; every change is kept with who made it and when.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from shared.clock import to_iso
from shared.domain import AntreanError, IllegalTransition, NotFound
from shared.ikm import ELEMENT_KEYS, IkmResult, compute_ikm, krejcie_morgan, validate_answers
from shared.store.database import write_transaction

PROFILE_CHOICES = {
    "age_group": ("<20", "20-29", "30-39", "40-49", "50-59", ">=60"),
    "sex": ("L", "P"),
    "education": ("SD", "SMP", "SMA", "D1-D4", "S1", "S2", "S3"),
    "occupation": ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya"),
}
COMPLAINT_CATEGORIES = ("pelayanan", "petugas", "waktu", "biaya", "sarana", "saran", "lainnya")
COMPLAINT_STATUSES = ("baru", "diproses", "selesai")
MAX_TEXT = 2000

# What people read next to the stored codes (Indonesian, English); the codes stay the store's.
PROFILE_LABELS = {
    "age_group": ("Usia", "Age"),
    "sex": ("Jenis kelamin", "Sex"),
    "education": ("Pendidikan terakhir", "Education"),
    "occupation": ("Pekerjaan", "Occupation"),
}
CHOICE_LABELS = {
    "<20": ("< 20 tahun", "Under 20"), "20-29": ("20–29 tahun", "20–29 years"),
    "30-39": ("30–39 tahun", "30–39 years"), "40-49": ("40–49 tahun", "40–49 years"),
    "50-59": ("50–59 tahun", "50–59 years"), ">=60": ("60 tahun ke atas", "60 or over"),
    "L": ("Laki-laki", "Male"), "P": ("Perempuan", "Female"),
    "SD": ("SD", "Primary"), "SMP": ("SMP", "Junior high"), "SMA": ("SMA/SMK", "Senior high"),
    "D1-D4": ("D1–D4", "Diploma"), "S1": ("S1", "Bachelor"), "S2": ("S2", "Master"),
    "S3": ("S3", "Doctorate"),
    "PNS": ("PNS", "Civil servant"), "TNI": ("TNI", "Armed forces"), "POLRI": ("POLRI", "Police"),
    "Swasta": ("Pegawai swasta", "Private employee"), "Wirausaha": ("Wirausaha", "Self-employed"),
    "Pelajar/Mahasiswa": ("Pelajar/Mahasiswa", "Student"), "Lainnya": ("Lainnya", "Other"),
}
CATEGORY_LABELS = {
    "pelayanan": ("Pelayanan", "Service"), "petugas": ("Petugas", "Staff"),
    "waktu": ("Waktu tunggu / penyelesaian", "Waiting or completion time"),
    "biaya": ("Biaya", "Cost"), "sarana": ("Sarana & prasarana", "Facilities"),
    "saran": ("Saran", "Suggestion"), "lainnya": ("Lainnya", "Other"),
}
assert set(CATEGORY_LABELS) == set(COMPLAINT_CATEGORIES)
assert all(v in CHOICE_LABELS for choices in PROFILE_CHOICES.values() for v in choices)



class SurveyRefused(AntreanError):
    code = "survey_refused"


@dataclass(frozen=True)
class Complaint:
    id: int
    ticket_code: str | None
    service: str | None
    category: str
    text: str
    contact: str | None
    status: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    handled_by: str | None
    follow_up: str | None
    channel: str


@dataclass(frozen=True)
class IkmReport:
    first: date
    last: date
    service: str | None
    result: IkmResult
    visitors: int            # population: tickets served in the period
    sample_needed: int       # Krejcie–Morgan
    enough: bool


def _remote(svc, name: str):
    """The same call on a LAN client (`HttpQueueService` has these methods; the store has not),
    so an app calls `survey.submit_survey(service, ...)` whichever service it was given."""
    return getattr(svc, name) if callable(getattr(type(svc), name, None)) else None


def _clean_text(value: str | None, field: str, required: bool = False) -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise SurveyRefused(f"{field} wajib diisi", f"{field} is required", field=field)
    if len(text) > MAX_TEXT:
        raise SurveyRefused(f"{field} terlalu panjang (maks. {MAX_TEXT} karakter)",
                            f"{field} is too long (max {MAX_TEXT} characters)", field=field)
    return text or None


def submit_survey(svc, ticket_ref: str, answers: dict, profile: dict | None = None,
                  suggestion: str | None = None, channel: str = "web") -> int:
    """Store one response for a served ticket (code or status token); returns its id."""
    if remote := _remote(svc, "submit_survey"):
        return remote(ticket_ref, answers, profile, suggestion, channel)
    try:
        clean = validate_answers(answers)
    except ValueError as exc:
        raise SurveyRefused(f"Jawaban survei tidak sah: {exc}", f"Invalid survey answers: {exc}")
    missing = [k for k in ELEMENT_KEYS if k not in clean]
    if missing:
        raise SurveyRefused("Semua sembilan unsur harus dijawab",
                            "All nine elements must be answered", missing=missing)
    profile = {k: v for k, v in (profile or {}).items() if v not in (None, "")}
    for key, value in profile.items():
        if key not in PROFILE_CHOICES:
            raise SurveyRefused(f"Isian profil {key!r} tidak dikenal", f"Unknown profile field {key!r}")
        if value not in PROFILE_CHOICES[key]:
            raise SurveyRefused(f"{key}: {value!r} bukan pilihan yang sah",
                                f"{key}: {value!r} is not a valid choice", field=key)
    suggestion = _clean_text(suggestion, "saran")
    if channel not in ("web", "kiosk"):
        raise SurveyRefused(f"Saluran {channel!r} tidak dikenal", f"Unknown channel {channel!r}")
    conn = svc._conn
    _, at, _ = svc._now()
    with write_transaction(conn):
        t = svc._find_ticket(conn, ticket_ref)
        if t.status.value != "done":
            raise SurveyRefused(f"Survei hanya untuk tiket yang sudah dilayani ({t.code} belum selesai)",
                                f"The survey is only for tickets already served ({t.code} is not done)",
                                code=t.code)
        if conn.execute("SELECT 1 FROM survey_responses WHERE ticket_id = ?", (t.id,)).fetchone():
            raise SurveyRefused(f"Tiket {t.code} sudah memberi penilaian. Terima kasih!",
                                f"Ticket {t.code} has already been rated. Thank you!", code=t.code)
        rid = conn.execute(
            "INSERT INTO survey_responses (ticket_id, service, business_day, answered_at, channel, "
            "age_group, sex, education, occupation, suggestion) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (t.id, t.service, t.business_day.isoformat(), at, channel, profile.get("age_group"),
             profile.get("sex"), profile.get("education"), profile.get("occupation"),
             suggestion)).lastrowid
        conn.executemany("INSERT INTO survey_answers (response_id, element, score) VALUES (?, ?, ?)",
                         [(rid, k, v) for k, v in clean.items()])
        svc._event(conn, at, "survey_submitted", ticket_id=t.id, ticket_code=t.code,
                   service=t.service, detail={"channel": channel})
    return rid


def survey_status(svc, ticket_ref: str) -> dict:
    """{code, ticket_status, answered, can_answer, message, message_en} of a ticket (code or
    token): lets a kiosk refuse an already-rated ticket before the first question."""
    if remote := _remote(svc, "survey_status"):
        return remote(ticket_ref)
    t = svc._find_ticket(svc._conn, ticket_ref)
    answered = svc._conn.execute("SELECT 1 FROM survey_responses WHERE ticket_id = ?",
                                 (t.id,)).fetchone() is not None
    done = t.status.value == "done"
    if answered:
        msg = (f"Tiket {t.code} sudah memberi penilaian. Terima kasih!",
               f"Ticket {t.code} has already been rated. Thank you!")
    elif done:
        msg = ("Silakan beri penilaian atas pelayanan kami.", "Please rate our service.")
    else:
        msg = (f"Survei hanya untuk tiket yang sudah dilayani ({t.code} belum selesai)",
               f"The survey is only for tickets already served ({t.code} is not done)")
    return {"code": t.code, "ticket_status": t.status.value, "answered": answered,
            "can_answer": done and not answered, "message": msg[0], "message_en": msg[1]}


def ikm_report(svc, first: date, last: date, service: str | None = None) -> IkmReport:
    """IKM over local business days [first, last], optionally for one service."""
    if remote := _remote(svc, "ikm_report"):
        return remote(first, last, service)
    conn = svc._conn
    where, params = "r.business_day BETWEEN ? AND ?", [first.isoformat(), last.isoformat()]
    if service:
        where += " AND r.service = ?"
        params.append(service)
    responses: dict[int, dict[str, int]] = {}
    for rid, element, score in conn.execute(
            f"SELECT r.id, a.element, a.score FROM survey_responses r "
            f"JOIN survey_answers a ON a.response_id = r.id WHERE {where}", params):
        if element in ELEMENT_KEYS:   # an element an office dropped stays in history, unused
            responses.setdefault(rid, {})[element] = score
    result = compute_ikm(responses.values())
    tq = "business_day BETWEEN ? AND ? AND status = 'done'" + (" AND service = ?" if service else "")
    visitors = conn.execute(f"SELECT COUNT(*) FROM tickets WHERE {tq}", params).fetchone()[0]
    needed = krejcie_morgan(visitors)
    return IkmReport(first, last, service, result, visitors, needed, result.respondents >= needed)


# --- complaints ------------------------------------------------------------------------------
def file_complaint(svc, category: str, text: str, contact: str | None = None,
                   ticket_ref: str | None = None, channel: str = "web") -> int:
    if remote := _remote(svc, "file_complaint"):
        return remote(category, text, contact, ticket_ref, channel)
    if category not in COMPLAINT_CATEGORIES:
        raise SurveyRefused(f"Kategori {category!r} tidak dikenal (pilih: {', '.join(COMPLAINT_CATEGORIES)})",
                            f"Unknown category {category!r}", field="category")
    text = _clean_text(text, "isi pengaduan", required=True)
    contact = _clean_text(contact, "kontak")
    conn = svc._conn
    _, at, _ = svc._now()
    with write_transaction(conn):
        t = svc._find_ticket(conn, ticket_ref) if ticket_ref else None
        cid = conn.execute(
            "INSERT INTO complaints (ticket_id, service, category, text, contact, status, "
            "created_at, updated_at, channel) VALUES (?, ?, ?, ?, ?, 'baru', ?, ?, ?)",
            (t.id if t else None, t.service if t else None, category, text, contact, at, at,
             channel)).lastrowid
        conn.execute("INSERT INTO complaint_history (complaint_id, at, officer, status, note) "
                     "VALUES (?, ?, NULL, 'baru', NULL)", (cid, at))
        svc._event(conn, at, "complaint_filed", ticket_id=t.id if t else None,
                   ticket_code=t.code if t else None, detail={"complaint": cid, "category": category})
    return cid


def update_complaint(svc, complaint_id: int, officer: str, status: str | None = None,
                     note: str | None = None) -> Complaint:
    """A staff member moves a complaint on and/or adds a follow-up note (both are logged)."""
    if remote := _remote(svc, "update_complaint"):
        return remote(complaint_id, officer, status, note)
    if status is not None and status not in COMPLAINT_STATUSES:
        raise SurveyRefused(f"Status {status!r} tidak dikenal", f"Unknown status {status!r}")
    note = _clean_text(note, "tindak lanjut")
    conn = svc._conn
    _, at, _ = svc._now()
    with write_transaction(conn):
        row = conn.execute("SELECT status FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        if row is None:
            raise NotFound(f"Pengaduan #{complaint_id} tidak ditemukan",
                           f"Complaint #{complaint_id} not found")
        old = row[0]
        new = status or old
        if COMPLAINT_STATUSES.index(new) < COMPLAINT_STATUSES.index(old):
            raise IllegalTransition(f"Pengaduan #{complaint_id} sudah {old}: tidak bisa kembali ke {new}",
                                    f"Complaint #{complaint_id} is already {old}: cannot go back to {new}")
        if new == old and not note:
            raise IllegalTransition("Tidak ada perubahan", "Nothing changed")
        conn.execute(
            "UPDATE complaints SET status = ?, updated_at = ?, handled_by = ?, "
            "follow_up = COALESCE(?, follow_up), closed_at = CASE WHEN ? = 'selesai' THEN ? "
            "ELSE closed_at END WHERE id = ?",
            (new, at, officer, note, new, at, complaint_id))
        conn.execute("INSERT INTO complaint_history (complaint_id, at, officer, status, note) "
                     "VALUES (?, ?, ?, ?, ?)", (complaint_id, at, officer, new, note))
        svc._event(conn, at, "complaint_updated", officer=officer,
                   detail={"complaint": complaint_id, "from": old, "to": new})
    return get_complaint(svc, complaint_id)


_COMPLAINT_SQL = ("SELECT c.id, t.code, c.service, c.category, c.text, c.contact, c.status, "
                  "c.created_at, c.updated_at, c.closed_at, c.handled_by, c.follow_up, c.channel "
                  "FROM complaints c LEFT JOIN tickets t ON t.id = c.ticket_id")


def _complaint(r) -> Complaint:
    dt = lambda s: datetime.fromisoformat(s) if s else None  # noqa: E731
    return Complaint(r[0], r[1], r[2], r[3], r[4], r[5], r[6], dt(r[7]), dt(r[8]), dt(r[9]),
                     r[10], r[11], r[12])


def get_complaint(svc, complaint_id: int) -> Complaint:
    if remote := _remote(svc, "get_complaint"):
        return remote(complaint_id)
    row = svc._conn.execute(f"{_COMPLAINT_SQL} WHERE c.id = ?", (complaint_id,)).fetchone()
    if row is None:
        raise NotFound(f"Pengaduan #{complaint_id} tidak ditemukan", f"Complaint #{complaint_id} not found")
    return _complaint(row)


def list_complaints(svc, status: str | None = None, since: datetime | None = None) -> list[Complaint]:
    if remote := _remote(svc, "list_complaints"):
        return remote(status, since)
    sql, params = _COMPLAINT_SQL + " WHERE 1 = 1", []
    if status:
        sql += " AND c.status = ?"
        params.append(status)
    if since:
        sql += " AND c.created_at >= ?"
        params.append(to_iso(since))
    return [_complaint(r) for r in svc._conn.execute(sql + " ORDER BY c.id DESC", params)]


def complaint_history(svc, complaint_id: int) -> list[dict]:
    if remote := _remote(svc, "complaint_history"):
        return remote(complaint_id)
    return [{"at": datetime.fromisoformat(r[0]), "officer": r[1], "status": r[2], "note": r[3]}
            for r in svc._conn.execute(
                "SELECT at, officer, status, note FROM complaint_history WHERE complaint_id = ? "
                "ORDER BY id", (complaint_id,))]


def complaint_summary(svc, first_utc: datetime, last_utc: datetime) -> dict:
    """Counts per status and category, and hours from filing to 'selesai' (for the monthly report)."""
    rows = svc._conn.execute(
        "SELECT status, category, (julianday(closed_at) - julianday(created_at)) * 24 "
        "FROM complaints WHERE created_at >= ? AND created_at < ?",
        (to_iso(first_utc), to_iso(last_utc))).fetchall()
    closed = sorted(r[2] for r in rows if r[2] is not None)
    return {
        "total": len(rows),
        "by_status": {s: sum(1 for r in rows if r[0] == s) for s in COMPLAINT_STATUSES},
        "by_category": {c: n for c in COMPLAINT_CATEGORIES
                        if (n := sum(1 for r in rows if r[1] == c))},
        "avg_hours_to_close": sum(closed) / len(closed) if closed else None,
        "median_hours_to_close": statistics.median(closed) if closed else None,
    }
