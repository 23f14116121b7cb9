"""Officers: PIN login with lockout after repeated failures, setting a PIN, an officer's day."""
from __future__ import annotations

from datetime import datetime

from shared import pins
from shared.clock import to_iso
from shared.domain import AuthError, NotFound
from shared.store.base import StoreBase
from shared.store.database import write_transaction

MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 5 * 60


class OfficersMixin(StoreBase):
    def authenticate(self, username: str, pin: str) -> dict:
        conn = self._conn
        now, at, _ = self._now()
        user = username.strip().lower()
        row = conn.execute("SELECT username, full_name, role, pin_hash, locked_until FROM officers "
                           "WHERE username = ? AND active = 1", (user,)).fetchone()
        bad = AuthError("Nama pengguna atau PIN salah", "Wrong username or PIN")
        if row is None or row[3] is None:
            # the same scrypt cost as a real check, and the same answer: no probing for names
            pins.verify_pin(pin, _dummy_pin_hash())
            raise bad
        if row[4] and row[4] > at:
            raise self._locked(user, row[4], now)
        ok = pins.verify_pin(pin, row[3])   # slow on purpose: outside the write lock
        with write_transaction(conn):
            # read the lock again inside the transaction: parallel guesses are counted one by one
            locked_until = conn.execute("SELECT locked_until FROM officers WHERE username = ?",
                                        (user,)).fetchone()[0]
            if locked_until and locked_until > at:
                raise self._locked(user, locked_until, now)
            if ok:
                conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = NULL "
                             "WHERE username = ?", (user,))
                self._event(conn, at, "login", officer=user)
                return {"username": row[0], "full_name": row[1], "role": row[2]}
            failed = conn.execute("UPDATE officers SET failed_attempts = failed_attempts + 1 "
                                  "WHERE username = ? RETURNING failed_attempts", (user,)).fetchone()[0]
            locked = None
            if failed >= MAX_FAILED_LOGINS:
                locked = to_iso(datetime.fromtimestamp(now.timestamp() + LOCKOUT_SECONDS, now.tzinfo))
                conn.execute("UPDATE officers SET failed_attempts = 0, locked_until = ? "
                             "WHERE username = ?", (locked, user))
            self._event(conn, at, "login_failed", officer=user, detail={"locked": bool(locked)})
        if locked:
            raise AuthError(f"PIN salah {MAX_FAILED_LOGINS} kali: akun {user} dikunci "
                            f"{LOCKOUT_SECONDS // 60} menit",
                            f"Wrong PIN {MAX_FAILED_LOGINS} times: {user} is locked for "
                            f"{LOCKOUT_SECONDS // 60} minutes", locked=True)
        raise bad

    @staticmethod
    def _locked(user: str, until: str, now: datetime) -> AuthError:
        minutes = max(1, round((datetime.fromisoformat(until) - now).total_seconds() / 60))
        return AuthError(f"Akun {user} dikunci sementara: coba lagi dalam {minutes} menit",
                         f"Account {user} is locked: try again in {minutes} min", locked=True)

    def set_pin(self, username: str, pin: str) -> None:
        digest = pins.hash_pin(pin)
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            if conn.execute("UPDATE officers SET pin_hash = ?, failed_attempts = 0, "
                            "locked_until = NULL WHERE username = ?",
                            (digest, username.lower())).rowcount != 1:
                raise NotFound(f"Petugas {username!r} tidak dikenal",
                               f"Unknown officer {username!r}")
            self._event(conn, at, "pin_set", officer=username.lower())

    def officer_day(self, officer: str) -> dict:
        _, _, day = self._now()
        targets = {s.code: s.target_service_min for s in self.config.services}
        rows = self._conn.execute(
            "SELECT g.service, g.outcome, ROUND((julianday(g.ended_at) - julianday(g.started_at)) * 86400, 3) / 60.0 "
            "FROM segments g JOIN tickets t ON t.id = g.ticket_id "
            "WHERE g.officer = ? AND t.business_day = ? AND g.ended_at IS NOT NULL",
            (officer.lower(), day)).fetchall()
        done = [(svc, minutes) for svc, outcome, minutes in rows
                if outcome == "done" and minutes is not None]
        return {
            "served": len(done),
            "no_shows": sum(1 for r in rows if r[1] == "no_show"),
            "avg_service_min": sum(m for _, m in done) / len(done) if done else None,
            "target_service_min": (sum(targets.get(s, 0) for s, _ in done) / len(done)
                                   if done else None),
            "within_target": sum(1 for s, m in done if m <= targets.get(s, 0)),
        }


_DUMMY_HASH: list[str] = []


def _dummy_pin_hash() -> str:
    """One hash made once, to spend a real check's time on unknown names and unset PINs."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(pins.hash_pin("000000"))
    return _DUMMY_HASH[0]
