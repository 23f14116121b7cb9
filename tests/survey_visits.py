"""What the survey tests share: a served ticket, a full set of answers, and what the store holds."""
from __future__ import annotations

from shared.ikm import ELEMENT_KEYS

DAY = "from=2026-11-23&to=2026-11-23"
# the answers the browser test taps, by element: scores 1..4 (position on the page differs)
TAPPED = {"persyaratan": 4, "prosedur": 3, "waktu": 2, "biaya": 4, "produk": 3,
          "kompetensi": 4, "perilaku": 4, "pengaduan": 1, "sarana": 3}
PROFILE = {"age_group": "30-39", "sex": "P", "education": "S1", "occupation": "Swasta"}


def served(service, clock, svc_code="ktp", counter="1"):
    t = service.issue(svc_code).ticket
    service.call_next(counter)
    service.start(counter)
    clock.advance(minutes=4)
    service.finish(counter)
    return t


def all_answers(score=4, **override):
    return {**{k: score for k in ELEMENT_KEYS}, **override}


def stored(service, ticket) -> list[dict]:
    conn = service._conn
    out = []
    for rid, channel, age, sex, edu, occ, suggestion in conn.execute(
            "SELECT r.id, r.channel, r.age_group, r.sex, r.education, r.occupation, r.suggestion "
            "FROM survey_responses r WHERE r.ticket_id = ?", (ticket.id,)):
        scores = dict(conn.execute("SELECT element, score FROM survey_answers "
                                   "WHERE response_id = ?", (rid,)).fetchall())
        out.append({"channel": channel, "scores": scores, "suggestion": suggestion,
                    "profile": {"age_group": age, "sex": sex, "education": edu,
                                "occupation": occ}})
    return out
