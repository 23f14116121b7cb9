"""`antrean` queue subcommands: issue, call, ticket and counter actions, ticket, status, events."""
from __future__ import annotations

import json
import time

from shared.cli.common import _counter_action, _jsonable, _out, _service, _ticket_line
from shared.domain import PRIORITY_LABELS, PriorityGroup


def register(sub) -> dict:
    s = sub.add_parser("issue", help="issue a ticket (as the kiosk does)")
    s.add_argument("service", help="service code or prefix, e.g. ktp or A")
    s.add_argument("--priority", choices=[g.value for g in PriorityGroup],
                   help="priority group (UU 25/2009 Pasal 29)")

    s = sub.add_parser("call", help="call the next ticket (or --ticket CODE) at a counter")
    s.add_argument("counter")
    s.add_argument("--ticket", help="call this ticket (a late visitor) instead of the next")
    s.add_argument("--officer")
    for name, text in (("recall", "call the counter's current ticket again"),
                       ("finish", "finish the current ticket"),
                       ("no-show", "mark the current ticket as not present")):
        sub.add_parser(name, help=text).add_argument("counter")
    s = sub.add_parser("transfer", help="send the current ticket to another service")
    s.add_argument("counter")
    s.add_argument("service")
    sub.add_parser("cancel", help="cancel a waiting ticket").add_argument("code")
    sub.add_parser("reactivate", help="re-queue a no-show (a late visitor)").add_argument("code")
    s = sub.add_parser("pause", help="counter on a break (istirahat)")
    s.add_argument("counter")
    s.add_argument("--reason", default="")
    sub.add_parser("resume", help="counter back from a break").add_argument("counter")
    s = sub.add_parser("open", help="open a counter (optionally for an officer)")
    s.add_argument("counter")
    s.add_argument("--officer")
    s.add_argument("--takeover", action="store_true")
    sub.add_parser("close", help="close a counter").add_argument("counter")
    sub.add_parser("ticket", help="show one ticket of today").add_argument("code")

    sub.add_parser("status", help="queues and counters now")
    s = sub.add_parser("events", help="the event log")
    s.add_argument("--after", type=int, default=0)
    s.add_argument("--limit", type=int, default=100)
    s.add_argument("--follow", action="store_true", help="keep printing new events")
    return {
        "issue": cmd_issue, "call": cmd_call, "recall": _counter_action("recall"),
        "finish": _counter_action("finish"), "no-show": _counter_action("no_show"),
        "transfer": cmd_transfer,
        "cancel": cmd_ticket_action("cancel"), "reactivate": cmd_ticket_action("reactivate"),
        "pause": cmd_counter_state("pause"), "resume": cmd_counter_state("resume"),
        "open": cmd_counter_state("open"), "close": cmd_counter_state("close_counter"),
        "ticket": cmd_ticket, "status": cmd_status, "events": cmd_events,
    }


def cmd_issue(args) -> int:
    svc = _service(args)
    issued = svc.issue(args.service, args.priority)
    t = issued.ticket
    prio = f" (prioritas: {PRIORITY_LABELS[t.priority_group][0]})" if t.priority_group else ""
    _out(args, issued, f"{t.code}{prio} — {issued.people_ahead} orang di depan, perkiraan "
                       f"{round(issued.estimated_wait_min)} menit — {issued.status_url}")
    return 0


def cmd_call(args) -> int:
    svc = _service(args)
    t = (svc.call_ticket(args.counter, args.ticket, args.officer) if args.ticket
         else svc.call_next(args.counter, args.officer))
    _out(args, t, _ticket_line(t))
    return 0


def cmd_transfer(args) -> int:
    t = _service(args).transfer(args.counter, args.service)
    _out(args, t, _ticket_line(t))
    return 0


def cmd_ticket_action(method: str):
    def run(args) -> int:
        t = getattr(_service(args), method)(args.code)
        _out(args, t, _ticket_line(t))
        return 0
    return run


def cmd_counter_state(method: str):
    def run(args) -> int:
        svc = _service(args)
        if method == "pause":
            state = svc.pause(args.counter, args.reason)
        elif method == "open":
            state = svc.open_counter(args.counter, args.officer, args.takeover)
        else:
            state = getattr(svc, method)(args.counter)
        _out(args, state, f"{state.label}: {state.status.value}"
                          + (f" ({state.pause_reason})" if state.pause_reason else ""))
        return 0
    return run


def cmd_status(args) -> int:
    svc = _service(args)
    queues, counters = svc.queues(), svc.counters()
    lines = ["Layanan (menunggu / diterbitkan / kuota):"]
    for q in queues:
        state = "buka" if q.can_issue else {"quota": "kuota habis", "holiday": "libur",
                                            "closed": "tutup"}.get(q.closed_reason, "tutup")
        lines.append(f"  {q.prefix:<3} {q.name_id:<36} {q.waiting:>4} / {q.issued_today:>4} / "
                     f"{q.quota if q.quota else '-':>4}  terlama {q.longest_wait_min:5.1f} mnt  {state}")
    lines.append("Loket:")
    for c in counters:
        cur = f"{c.current.code} ({c.current.status.value})" if c.current else "-"
        lines.append(f"  {c.label:<22} {c.status.value:<7} {c.officer or '-':<10} {cur}"
                     + (f"  istirahat: {c.pause_reason}" if c.pause_reason else ""))
    _out(args, {"queues": queues, "counters": counters}, "\n".join(lines))
    return 0


def cmd_ticket(args) -> int:
    svc = _service(args)
    t = svc.ticket(args.code)
    ahead = svc.people_ahead(t.code)
    _out(args, {"ticket": t, "people_ahead": ahead, "estimated_wait_min": svc.estimated_wait(t.code),
                "status_url": svc.config.status_url(t.token)},
         f"{_ticket_line(t)} — {ahead} orang di depan")
    return 0


def cmd_events(args) -> int:
    svc = _service(args)
    tz = svc.config.tz   # the office's local time, as everything shown
    after = args.after
    while True:
        events = svc.events_after(after, args.limit)
        for e in events:
            if args.json:
                print(json.dumps(_jsonable(e), ensure_ascii=False), flush=True)
            else:
                print(f"{e.seq:>7} {e.at.astimezone(tz):%Y-%m-%d %H:%M:%S} {e.type:<15} {e.ticket_code or '':<8} "
                      f"{e.counter or '':<4} {e.officer or ''} {json.dumps(e.detail) if e.detail else ''}",
                      flush=True)
            after = e.seq
        if not args.follow:
            return 0
        time.sleep(0.5)
