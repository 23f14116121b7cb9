"""Qt helpers that the kiosk, board and counter apps share. The only place in shared/ with Qt."""
import sys


def guard_none_refcount() -> bool:
    """Work around PySide6 6.12.0 on CPython 3.11 (pyproject asks for < 6.12; this guards a leaking
    build installed anyway): void methods (setText, update, QPainter.*)
    return None, and Signal.emit returns True, without a new reference — harmless on 3.12+,
    where these are immortal, but on 3.11 each call drops the count by one and the board (60
    marquee frames a second) aborts with "deallocating None" within a minute. Lift the counts of
    None, True and False far out of reach, once per process. True when it did so."""
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):  # immortal, or debug layout
        return False
    import ctypes
    lift = 1 << 40
    done = False
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value >= lift:
            continue
        before = sys.getrefcount(obj)
        count.value += lift
        if sys.getrefcount(obj) != before + lift:   # not the object layout we expect: undo
            count.value -= lift
            return done
        done = True
    return done
