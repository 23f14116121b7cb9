"""The schema migrations in order (`sqlite_utils.Migrations`) and how a file is brought up to date."""
from __future__ import annotations

import logging
import sqlite3

from sqlite_utils import Database, Migrations

log = logging.getLogger(__name__)

migrations = Migrations("antrean")


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    db = Database(conn)
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
        log.info("applied migrations: %s", ", ".join(pending))
    return pending


def schema_is_current(conn: sqlite3.Connection) -> bool:
    return not migrations.pending(Database(conn))


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript("""
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE services (
        code TEXT PRIMARY KEY,
        prefix TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL,
        target_wait_min REAL NOT NULL,
        target_service_min REAL NOT NULL,
        daily_quota INTEGER,
        active INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        priority_only INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'closed' CHECK (status IN ('closed', 'open', 'paused')),
        pause_reason TEXT,
        officer TEXT REFERENCES officers(username),
        current_ticket INTEGER REFERENCES tickets(id),
        priority_streak INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE counter_services (
        counter TEXT NOT NULL REFERENCES counters(name),
        service TEXT NOT NULL REFERENCES services(code),
        PRIMARY KEY (counter, service)
    );
    CREATE TABLE officers (
        username TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
        active INTEGER NOT NULL DEFAULT 1,
        pin_hash TEXT,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    );
    CREATE TABLE day_sequences (
        service TEXT NOT NULL REFERENCES services(code),
        business_day TEXT NOT NULL,
        last_number INTEGER NOT NULL,
        PRIMARY KEY (service, business_day)
    );
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        number INTEGER NOT NULL,
        issued_service TEXT NOT NULL REFERENCES services(code),
        service TEXT NOT NULL REFERENCES services(code),
        business_day TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
            ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
        priority_group TEXT,
        is_priority INTEGER NOT NULL DEFAULT 0,
        queue_key INTEGER NOT NULL,
        token TEXT NOT NULL UNIQUE,
        issued_at TEXT NOT NULL,
        first_called_at TEXT,
        called_at TEXT,
        started_at TEXT,
        finished_at TEXT,
        no_show_at TEXT,
        cancelled_at TEXT,
        counter TEXT REFERENCES counters(name),
        officer TEXT,
        recalls INTEGER NOT NULL DEFAULT 0,
        transfers INTEGER NOT NULL DEFAULT 0,
        reactivations INTEGER NOT NULL DEFAULT 0,
        UNIQUE (issued_service, business_day, number),
        UNIQUE (business_day, code)
    );
    CREATE INDEX idx_tickets_waiting ON tickets (service, is_priority, queue_key)
        WHERE status = 'waiting';
    CREATE INDEX idx_tickets_code ON tickets (code, id);
    CREATE INDEX idx_tickets_day ON tickets (business_day, service);
    -- one row per stretch of service at a counter: a transfer closes one and the next call opens
    -- another, so service time per counter and officer stays exact
    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        service TEXT NOT NULL REFERENCES services(code),
        counter TEXT NOT NULL REFERENCES counters(name),
        officer TEXT,
        called_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        outcome TEXT CHECK (outcome IN ('done', 'no_show', 'transferred', 'cancelled'))
    );
    CREATE INDEX idx_segments_ticket ON segments (ticket_id);
    CREATE INDEX idx_segments_service_end ON segments (service, ended_at);
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,  -- no AUTOINCREMENT needed: rows are never deleted
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        ticket_id INTEGER REFERENCES tickets(id),
        ticket_code TEXT,
        service TEXT,
        counter TEXT,
        officer TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX idx_events_ticket ON events (ticket_id);
    -- the audit trail is append-only
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    """)


@migrations()
def m002_server_auth(db: Database) -> None:
    """The LAN server: device tokens, officer sessions and idempotency keys (tokens hashed)."""
    db.executescript("""
    CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('kiosk', 'board')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_seen_at TEXT
    );
    -- a name is reused only after its device was revoked
    CREATE UNIQUE INDEX idx_devices_live_name ON devices (name) WHERE revoked_at IS NULL;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES officers(username),
        counter TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
    );
    -- a retried request with the same key answers with the ticket (or counter) of the first;
    -- the key row is written in the same transaction as the action, so a ticket is never issued
    -- twice for one key
    CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        principal TEXT NOT NULL,
        ticket_id INTEGER,
        counter TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX idx_idempotency_created ON idempotency_keys (created_at);
    """)


@migrations()
def m003_survey_and_complaints(db: Database) -> None:
    """SKM responses (one per served ticket, answers keyed by element) and complaints."""
    db.executescript("""
    CREATE TABLE survey_responses (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
        service TEXT NOT NULL,
        business_day TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('web', 'kiosk')),
        age_group TEXT, sex TEXT, education TEXT, occupation TEXT,
        suggestion TEXT
    );
    CREATE INDEX idx_survey_day ON survey_responses (business_day, service);
    -- one row per element key: a change in the order of questions never corrupts history
    CREATE TABLE survey_answers (
        response_id INTEGER NOT NULL REFERENCES survey_responses(id),
        element TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
        PRIMARY KEY (response_id, element)
    );
    CREATE TABLE complaints (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER REFERENCES tickets(id),
        service TEXT,
        category TEXT NOT NULL,
        text TEXT NOT NULL,
        contact TEXT,
        status TEXT NOT NULL CHECK (status IN ('baru', 'diproses', 'selesai')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT,
        handled_by TEXT,
        follow_up TEXT,
        channel TEXT NOT NULL DEFAULT 'web'
    );
    CREATE INDEX idx_complaints_created ON complaints (created_at);
    CREATE TABLE complaint_history (
        id INTEGER PRIMARY KEY,
        complaint_id INTEGER NOT NULL REFERENCES complaints(id),
        at TEXT NOT NULL,
        officer TEXT,
        status TEXT NOT NULL,
        note TEXT
    );
    """)


@migrations()
def m004_bookings(db: Database) -> None:
    """Antrean online: bookings of a slot ahead, and the ticket a check-in issued.

    The NIK is never stored: `contact_hash` is a keyed hash (HMAC, the key in `settings`) for the
    per-person limits and the proof on cancel, `contact_masked` what screens show. A phone number
    is kept normalised in `phone`, since offices call back."""
    db.executescript("""
    CREATE TABLE bookings (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL REFERENCES services(code),
        business_day TEXT NOT NULL,
        slot_start TEXT NOT NULL,
        slot_end TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
        name TEXT NOT NULL,
        contact_kind TEXT NOT NULL CHECK (contact_kind IN ('phone', 'nik')),
        contact_hash TEXT NOT NULL,
        contact_masked TEXT NOT NULL,
        phone TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT,
        checked_in_at TEXT,
        cancelled_at TEXT,
        released_at TEXT,
        ticket_id INTEGER REFERENCES tickets(id),
        reschedules INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX idx_bookings_slot ON bookings (service, slot_start, status);
    CREATE INDEX idx_bookings_day ON bookings (business_day, service, status);
    CREATE INDEX idx_bookings_contact ON bookings (contact_hash, business_day);
    ALTER TABLE tickets ADD COLUMN booking_id INTEGER REFERENCES bookings(id);
    """)
