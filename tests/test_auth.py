"""PINs: hashed with scrypt, never stored in plain text; wrong PINs lock the account."""
import pytest

from shared import pins
from shared.domain import AuthError


def test_pin_hash_is_salted_scrypt():
    a, b = pins.hash_pin("123456"), pins.hash_pin("123456")
    assert a != b and a.startswith("scrypt$") and "123456" not in a
    assert pins.verify_pin("123456", a) and not pins.verify_pin("123457", a)
    assert not pins.verify_pin("1234", None) and not pins.verify_pin("1234", "garbage")


@pytest.mark.parametrize("bad", ["12", "abcd", "1234567890123", ""])
def test_pin_format(bad):
    with pytest.raises(Exception, match="PIN"):
        pins.hash_pin(bad)


def test_pin_not_stored_plain(service):
    service.set_pin("siti", "4321")
    stored = service._conn.execute("SELECT pin_hash FROM officers WHERE username='siti'").fetchone()[0]
    assert "4321" not in stored


def test_login_lockout_and_unlock(service, clock):
    service.set_pin("budi", "2468")
    for _ in range(4):
        with pytest.raises(AuthError, match="salah"):
            service.authenticate("budi", "0000")
    with pytest.raises(AuthError, match="dikunci"):
        service.authenticate("budi", "0000")
    with pytest.raises(AuthError, match="dikunci"):  # even the right PIN while locked
        service.authenticate("budi", "2468")
    clock.advance(minutes=6)
    assert service.authenticate("Budi", "2468")["full_name"] == "Budi Santoso"
    types = [e.type for e in service.events_after(0)]
    assert types.count("login_failed") == 5 and types[-1] == "login"


def test_unknown_user(service):
    with pytest.raises(AuthError, match="salah"):
        service.authenticate("nobody", "1234")


def test_one_officer_one_counter(service):
    from shared.domain import IllegalTransition
    service.open_counter("1", "siti")
    with pytest.raises(IllegalTransition, match="masih masuk"):
        service.open_counter("2", "siti")
    with pytest.raises(IllegalTransition, match="dipakai"):
        service.open_counter("1", "budi")
    service.open_counter("2", "siti", takeover=True)
    states = {c.name: c for c in service.counters()}
    assert states["1"].status == "closed" and states["2"].officer == "siti"


def test_takeover_refused_while_the_old_counter_holds_a_ticket(service):
    from shared.domain import IllegalTransition
    service.open_counter("1", "siti")
    code = service.issue("ktp").ticket.code
    service.call_next("1")
    with pytest.raises(IllegalTransition, match=code):
        service.open_counter("2", "siti", takeover=True)
    assert service.current_ticket("1").code == code
    assert {c.name: c.status for c in service.counters()}["1"] == "open"


def test_parallel_wrong_pins_are_all_counted(db_path, clock):
    """Guesses sent at once must not overwrite each other's count and slip past the lockout."""
    import threading
    from shared.store.service import SqliteQueueService
    SqliteQueueService(db_path, clock).set_pin("siti", "2468")
    results = []

    def guess():
        svc = SqliteQueueService(db_path, clock)
        try:
            svc.authenticate("siti", "1111")
        except AuthError as exc:
            results.append(bool(exc.detail.get("locked")))
        finally:
            svc.close()
    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    svc = SqliteQueueService(db_path, clock)
    events = [e.type for e in svc.events_after(0)]
    assert events.count("login_failed") == 5          # exactly five guesses were checked
    assert sum(results) == 12 - 4                      # the 5th locked it; the rest were refused
    with pytest.raises(AuthError, match="dikunci"):
        svc.authenticate("siti", "2468")               # locked even with the right PIN


def test_no_pin_set_answers_like_a_wrong_pin(service):
    with pytest.raises(AuthError, match="salah"):
        service.authenticate("agus", "1234")
