"""Statistics on a small data set computed by hand."""
from datetime import date, datetime

import pytest

from shared.clock import ManualClock
from shared.reports.stats import figures, percentile_nearest_rank, service_stats
from tests.conftest import JAKARTA, example_raw, make_service, open_all_day


def serve(svc, clock, counter, wait_min, service_min, outcome="done"):
    """Issue a ticket, wait, call, serve: all times exact."""
    t = svc.issue("ktp").ticket
    clock.advance(minutes=wait_min)
    svc.call_next(counter)
    if outcome == "no_show":
        svc.no_show(counter)
        return t
    svc.start(counter)
    clock.advance(minutes=service_min)
    svc.finish(counter)
    return t


def test_percentiles_by_hand():
    values = [4, 1, 3, 2, 10, 6, 5, 8, 7, 9]
    assert percentile_nearest_rank(values, 0.9) == 9   # rank ceil(9.0) = 9
    assert percentile_nearest_rank([5], 0.9) == 5
    assert percentile_nearest_rank(values + [11], 0.9) == 10  # rank ceil(9.9) = 10
    f = figures([10, 20, 30, 40], 30)
    assert (f.average, f.median, f.p90, f.maximum) == (25, 25, 40, 40)
    assert f.within == 3 and f.within_share == 0.75  # equal to the standard counts as within


def test_service_stats_hand_checked(tmp_path):
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA))
    svc = make_service(tmp_path, open_all_day(example_raw()), clock)
    # ktp: target wait 30, service 10. Waits 10, 30, 50; services 5, 10, 20; one no-show (wait 5)
    serve(svc, clock, "1", 10, 5)
    serve(svc, clock, "1", 30, 10)
    serve(svc, clock, "1", 50, 20)
    serve(svc, clock, "1", 5, 0, outcome="no_show")
    # one transferred to kk: waited 2 min, 3 min at ktp, then finished in kk after 4 min
    t = svc.issue("ktp").ticket
    clock.advance(minutes=2)
    svc.call_next("1")
    svc.start("1")
    clock.advance(minutes=3)
    svc.transfer("1", "kk")
    svc.call_next("3")
    svc.start("3")
    clock.advance(minutes=4)
    svc.finish("3")
    # a cancelled one
    svc.cancel(svc.issue("ktp").ticket.code)

    rows = {r.service: r for r in service_stats(svc._conn, svc.config, date(2026, 11, 23),
                                                 date(2026, 11, 23))}
    ktp, kk = rows["ktp"], rows["kk"]
    assert (ktp.issued, ktp.served, ktp.no_shows, ktp.cancelled, ktp.transferred_out) == (6, 3, 1, 1, 1)
    # waits of the 5 tickets called: 10, 30, 50, 5, 2
    assert ktp.waiting.count == 5
    assert ktp.waiting.average == pytest.approx(97 / 5)
    assert ktp.waiting.median == pytest.approx(10)
    assert ktp.waiting.p90 == pytest.approx(50)
    assert ktp.waiting.maximum == pytest.approx(50)
    assert ktp.waiting.within == 4          # 30 == target counts as within
    # service stretches at ktp: 5, 10, 20 and the transferred stretch 3
    assert ktp.service_time.count == 4
    assert ktp.service_time.average == pytest.approx(38 / 4)
    assert ktp.service_time.within == 3
    # kk served the transferred ticket; it was not issued there
    assert (kk.issued, kk.served) == (0, 1)
    assert kk.service_time.average == pytest.approx(4)
    assert t.code.startswith("A-")


def test_stats_by_local_day_across_midnight(tmp_path):
    clock = ManualClock(datetime(2026, 11, 23, 23, 50, tzinfo=JAKARTA))
    svc = make_service(tmp_path, open_all_day(example_raw()), clock)
    serve(svc, clock, "1", 20, 5)  # issued 23:50 on the 23rd, served after midnight
    rows = {r.service: r for r in service_stats(svc._conn, svc.config, date(2026, 11, 23),
                                                 date(2026, 11, 23))}
    assert rows["ktp"].issued == 1 and rows["ktp"].served == 1
    assert rows["ktp"].waiting.average == pytest.approx(20)
    nxt = {r.service: r for r in service_stats(svc._conn, svc.config, date(2026, 11, 24),
                                                date(2026, 11, 24))}
    assert nxt["ktp"].issued == 0
