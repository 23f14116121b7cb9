"""`antrean ikm` and `antrean complaint`: the survey index and complaints from the command line."""
from __future__ import annotations

import json
from datetime import date

from shared.store import survey
from shared.ikm import ELEMENTS


def register(sub) -> dict:
    s = sub.add_parser("ikm", help="Indeks Kepuasan Masyarakat (SKM) over a period")
    s.add_argument("--from", dest="date_from", type=date.fromisoformat, required=True)
    s.add_argument("--to", dest="date_to", type=date.fromisoformat, required=True)
    s.add_argument("--service", help="one service (code)")
    c = sub.add_parser("complaint", help="complaints and suggestions (pengaduan)")
    csub = c.add_subparsers(dest="complaint_command", required=True)
    x = csub.add_parser("list")
    x.add_argument("--status", choices=survey.COMPLAINT_STATUSES)
    x = csub.add_parser("update")
    x.add_argument("id", type=int)
    x.add_argument("--officer", required=True, help="who handles it")
    x.add_argument("--status", choices=survey.COMPLAINT_STATUSES)
    x.add_argument("--note", help="follow-up note (tindak lanjut)")
    x = csub.add_parser("history")
    x.add_argument("id", type=int)
    return {"ikm": cmd_ikm, "complaint": cmd_complaint}


def _service(args):
    from shared.store.service import SqliteQueueService
    return SqliteQueueService(args.db)


def _num(value) -> str:
    """Indonesian decimal comma: 88,31."""
    return "-" if value is None else f"{value:.2f}".replace(".", ",")


def cmd_ikm(args) -> int:
    rep = survey.ikm_report(_service(args), args.date_from, args.date_to, args.service)
    r = rep.result
    if args.json:
        print(json.dumps({
            "from": rep.first.isoformat(), "to": rep.last.isoformat(), "service": rep.service,
            "respondents": r.respondents, "visitors": rep.visitors,
            "sample_needed": rep.sample_needed, "sample_enough": rep.enough,
            "ikm": None if r.ikm is None else str(r.ikm), "mutu": r.mutu, "kinerja": r.kinerja,
            "elements": [{"key": e.key, "respondents": e.respondents,
                          "nrr": None if e.nrr is None else str(e.nrr_decimal),
                          "converted": None if e.nrr is None else str(e.converted)}
                         for e in r.elements]}, ensure_ascii=False, indent=2))
        return 0
    names = {e.key: e.name for e in ELEMENTS}
    lines = [f"IKM {rep.first:%d-%m-%Y} s.d. {rep.last:%d-%m-%Y}"
             + (f" — layanan {rep.service}" if rep.service else ""),
             f"{'Unsur':<42} {'resp.':>5} {'NRR':>6} {'×25':>7}"]
    for e in r.elements:
        lines.append(f"{names[e.key][:42]:<42} {e.respondents:>5} {_num(e.nrr_decimal):>6} "
                     f"{_num(e.converted):>7}")
    if r.ikm is None:
        lines.append("IKM: belum dapat dihitung (ada unsur tanpa jawaban)")
    else:
        lines.append(f"IKM: {_num(r.ikm)} — mutu {r.mutu} ({r.kinerja})")
    lines.append(f"Responden {r.respondents} dari {rep.visitors} pengunjung dilayani; "
                 f"sampel minimal (Krejcie–Morgan) {rep.sample_needed}"
                 + ("" if rep.enough else " — PERINGATAN: sampel belum cukup"))
    print("\n".join(lines))
    return 0


def cmd_complaint(args) -> int:
    svc = _service(args)
    if args.complaint_command == "list":
        items = survey.list_complaints(svc, args.status)
        if args.json:
            print(json.dumps([{**c.__dict__, "created_at": c.created_at.isoformat(),
                               "updated_at": c.updated_at.isoformat(),
                               "closed_at": c.closed_at and c.closed_at.isoformat()}
                              for c in items], ensure_ascii=False, indent=2))
        else:
            for c in items:
                print(f"#{c.id:<4} {c.status:<9} {c.category:<10} {c.ticket_code or '-':<7} "
                      f"{c.created_at:%Y-%m-%d %H:%M}  {c.text[:60]}")
        return 0
    if args.complaint_command == "history":
        for h in survey.complaint_history(svc, args.id):
            print(f"{h['at']:%Y-%m-%d %H:%M}  {h['status']:<9} {h['officer'] or '(pengunjung)':<12} "
                  f"{h['note'] or ''}")
        return 0
    c = survey.update_complaint(svc, args.id, args.officer, args.status, args.note)
    print(f"#{c.id} {c.status} — {c.handled_by}")
    return 0
