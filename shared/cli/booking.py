"""`antrean booking`: antrean online from the command line — slots, the day's list, booking for a
phone caller, cancel, reschedule, check-in and the release of no-shows (local file or --server)."""
from __future__ import annotations

from datetime import date, datetime

from shared.cli.common import _out, _service
from shared.domain import BOOKING_STATUS_LABELS


def register(sub) -> dict:
    b = sub.add_parser("booking", help="antrean online: bookings of a time slot")
    bsub = b.add_subparsers(dest="booking_command", required=True)
    x = bsub.add_parser("slots", help="a service's slots on a day and the places left")
    x.add_argument("service")
    x.add_argument("--day", type=date.fromisoformat, required=True)
    x = bsub.add_parser("list", help="a day's bookings")
    x.add_argument("--day", type=date.fromisoformat, required=True)
    x.add_argument("--service")
    x = bsub.add_parser("book", help="book for a phone caller")
    x.add_argument("service")
    x.add_argument("--at", required=True, help="the slot start, local time: 2026-11-24T09:00")
    x.add_argument("--name", required=True)
    x.add_argument("--contact", required=True, help="phone number or NIK, as the service asks")
    x.add_argument("--staff", help="the officer taking the call (recorded)")
    x = bsub.add_parser("show", help="one booking")
    x.add_argument("code")
    x = bsub.add_parser("cancel")
    x.add_argument("code")
    x = bsub.add_parser("reschedule")
    x.add_argument("code")
    x.add_argument("--at", required=True, help="the new slot start, local time")
    x = bsub.add_parser("check-in", help="the visitor is here: issue the ticket")
    x.add_argument("code")
    x.add_argument("--priority")
    bsub.add_parser("release", help="mark bookings past their check-in window as no-shows")
    return {"booking": cmd_booking}


def _at(svc, text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=svc.config.tz)


def _line(b) -> str:
    status = BOOKING_STATUS_LABELS[b.status][0].lower()
    ticket = f" → {b.ticket_code}" if b.ticket_code else ""
    by = f" (oleh {b.created_by})" if b.created_by else ""
    return (f"{b.display_code} [{b.service}] {b.slot_start:%Y-%m-%d %H.%M}–{b.slot_end:%H.%M} "
            f"{b.name} {b.contact_masked} {status}{ticket}{by}")


def cmd_booking(args) -> int:
    svc = _service(args)
    cmd = args.booking_command
    if cmd == "slots":
        slots = svc.booking_slots(args.service, args.day)
        text = "\n".join(f"{s.start:%H.%M}–{s.end:%H.%M}  {s.available}/{s.capacity} sisa"
                         + ("" if s.bookable else "  (tutup)") for s in slots) \
            or "Tidak ada slot hari itu"
        _out(args, slots, text)
    elif cmd == "list":
        rows = svc.bookings(args.day, args.service)
        _out(args, rows, "\n".join(_line(b) for b in rows) or "Belum ada booking")
    elif cmd == "release":
        n = svc.release_bookings()
        _out(args, {"released": n}, f"{n} booking dilepas (tidak hadir)")
    elif cmd == "check-in":
        issued = svc.check_in(args.code, args.priority)
        _out(args, issued, f"{issued.ticket.code} — check-in booking {issued.ticket.booking_code}")
    else:
        b = {"book": lambda: svc.book(args.service, _at(svc, args.at), args.name, args.contact,
                                      staff=args.staff),
             "show": lambda: svc.booking(args.code),
             "cancel": lambda: svc.cancel_booking(args.code),
             "reschedule": lambda: svc.reschedule_booking(args.code, _at(svc, args.at))}[cmd]()
        _out(args, b, _line(b))
    return 0
