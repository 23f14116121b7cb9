"""Survey responses and complaints on the store: one response per served ticket, history kept."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from shared.store import survey
from shared.domain import IllegalTransition
from shared.ikm import ELEMENT_KEYS


def served(service, clock, svc_code="ktp", counter="1"):
    t = service.issue(svc_code).ticket
    service.call_next(counter)
    service.start(counter)
    clock.advance(minutes=5)
    service.finish(counter)
    return t


def answers(score=4, **override):
    a = {k: score for k in ELEMENT_KEYS}
    a.update(override)
    return a


def test_one_response_per_served_ticket(service, clock):
    t = served(service, clock)
    rid = survey.submit_survey(service, t.token, answers(), {"sex": "P", "age_group": "30-39"},
                               "Ruang tunggu nyaman", channel="web")
    rows = service._conn.execute("SELECT element, score FROM survey_answers WHERE response_id = ?",
                                 (rid,)).fetchall()
    assert sorted(rows) == sorted((k, 4) for k in ELEMENT_KEYS)   # keyed by element
    with pytest.raises(survey.SurveyRefused, match="sudah memberi penilaian"):
        survey.submit_survey(service, t.code, answers(3), channel="kiosk")
    assert service.events_after(0)[-1].type == "survey_submitted"
    assert "answers" not in service.events_after(0)[-1].detail   # anonymous event


def test_ticket_not_served_is_refused(service):
    t = service.issue("ktp").ticket
    with pytest.raises(survey.SurveyRefused, match="sudah dilayani"):
        survey.submit_survey(service, t.token, answers())
    service.call_next("1")
    service.no_show("1")
    with pytest.raises(survey.SurveyRefused):
        survey.submit_survey(service, t.token, answers())
    assert service._conn.execute("SELECT COUNT(*) FROM survey_responses").fetchone()[0] == 0


@pytest.mark.parametrize("bad,words", [
    (answers(persyaratan=5), "1, 2, 3 or 4"),
    ({k: 4 for k in ELEMENT_KEYS[:8]}, "sembilan"),
    (dict(answers(), harga=3), "unknown survey element"),
])
def test_bad_answers_refused(service, clock, bad, words):
    t = served(service, clock)
    with pytest.raises(survey.SurveyRefused, match=words):
        survey.submit_survey(service, t.token, bad)


def test_bad_profile_refused(service, clock):
    t = served(service, clock)
    with pytest.raises(survey.SurveyRefused, match="sex"):
        survey.submit_survey(service, t.token, answers(), {"sex": "X"})


def test_ikm_report_from_stored_responses(service, clock):
    a = served(service, clock)
    b = served(service, clock)
    served(service, clock)   # a third visitor who did not answer
    survey.submit_survey(service, a.token, answers(4))
    survey.submit_survey(service, b.token, answers(3, biaya=4))
    rep = survey.ikm_report(service, date(2026, 11, 23), date(2026, 11, 23))
    # NRR: biaya 4, others 3.5 → Σ = 4 + 8×3.5 = 32 → 32/9×25 = 88.888… → 88.89 (A)
    assert rep.result.ikm == Decimal("88.89") and rep.result.mutu == "A"
    assert rep.visitors == 3 and rep.sample_needed == 3 and not rep.enough
    assert survey.ikm_report(service, date(2026, 11, 23), date(2026, 11, 23), "kk").result.ikm is None


def test_complaint_lifecycle_with_history(service, clock):
    t = served(service, clock)
    cid = survey.file_complaint(service, "waktu", "Antrean terlalu lama", "0812xxxx", t.token)
    c = survey.get_complaint(service, cid)
    assert (c.status, c.ticket_code, c.handled_by) == ("baru", t.code, None)
    clock.advance(minutes=30)
    survey.update_complaint(service, cid, "kepala", "diproses", "Ditambah petugas di loket 2")
    clock.advance(minutes=120)
    done = survey.update_complaint(service, cid, "admin", "selesai", "Sudah ditindaklanjuti")
    assert done.status == "selesai" and done.handled_by == "admin"
    assert done.closed_at - done.created_at == timedelta(minutes=150)
    history = survey.complaint_history(service, cid)
    assert [(h["status"], h["officer"]) for h in history] == [
        ("baru", None), ("diproses", "kepala"), ("selesai", "admin")]
    assert history[1]["at"] - history[0]["at"] == timedelta(minutes=30)
    with pytest.raises(IllegalTransition, match="tidak bisa kembali"):
        survey.update_complaint(service, cid, "kepala", "diproses")
    summary = survey.complaint_summary(service, datetime(2026, 11, 1, tzinfo=clock.now().tzinfo),
                                       datetime(2026, 12, 1, tzinfo=clock.now().tzinfo))
    assert summary["total"] == 1 and summary["by_status"]["selesai"] == 1
    assert summary["avg_hours_to_close"] == pytest.approx(2.5, abs=1e-6)
    types = [e.type for e in service.events_after(0)]
    assert types.count("complaint_updated") == 2 and "complaint_filed" in types


def test_complaint_needs_text_and_known_category(service):
    with pytest.raises(survey.SurveyRefused, match="wajib"):
        survey.file_complaint(service, "saran", "   ")
    with pytest.raises(survey.SurveyRefused, match="Kategori"):
        survey.file_complaint(service, "marah", "teks")
    cid = survey.file_complaint(service, "saran", "Tambah kursi di ruang tunggu")
    assert survey.list_complaints(service, status="baru")[0].id == cid


def test_ikm_and_complaint_commands(tmp_path):
    import json
    import subprocess
    import sys
    from shared.clock import SystemClock
    from shared.store.service import SqliteQueueService
    from tests.conftest import ROOT, example_raw, make_service, open_all_day
    svc = make_service(tmp_path, open_all_day(example_raw()), SystemClock())
    t = svc.issue("ktp").ticket
    svc.call_next("1")
    svc.start("1")
    svc.finish("1")
    survey.submit_survey(svc, t.token, answers(4))
    cid = survey.file_complaint(svc, "sarana", "AC mati")
    db = svc.path

    def run(*a):
        return subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), *a],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    today = t.business_day.isoformat()
    r = run("--json", "ikm", "--from", today, "--to", today)
    data = json.loads(r.stdout)
    assert data["ikm"] == "100.00" and data["mutu"] == "A" and data["respondents"] == 1
    r = run("ikm", "--from", today, "--to", today)
    assert "IKM: 100,00 — mutu A (Sangat baik)" in r.stdout
    r = run("complaint", "update", str(cid), "--officer", "kepala", "--status", "selesai",
            "--note", "AC diperbaiki")
    assert r.returncode == 0, r.stderr
    r = run("complaint", "history", str(cid))
    assert "kepala" in r.stdout and "AC diperbaiki" in r.stdout
    r = run("complaint", "update", str(cid), "--officer", "kepala", "--status", "baru")
    assert r.returncode == 1 and "kembali" in r.stderr


def test_survey_status_before_the_first_question(service, clock):
    t = served(service, clock)
    assert survey.survey_status(service, t.code)["can_answer"]
    survey.submit_survey(service, t.token, answers())
    state = survey.survey_status(service, t.code)
    assert state["answered"] and not state["can_answer"] and "sudah memberi" in state["message"]
    w = service.issue("ktp").ticket
    state = survey.survey_status(service, w.code)
    assert not state["can_answer"] and state["ticket_status"] == "waiting"
