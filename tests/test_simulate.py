"""The simulated office: same schema, consistent rows, realistic shape, exact figures."""
import sqlite3
from dataclasses import asdict
from datetime import date, datetime

import pytest

from shared.cli.main import main as cli_main
from shared.clock import ManualClock
from shared.simulate import generated_config, simulate
from shared.store.service import SqliteQueueService
from shared.reports.stats import figures, period_report
from shared.reports.live import live_snapshot
from tests.conftest import JAKARTA

NOW = datetime(2026, 11, 30, 11, 0, tzinfo=JAKARTA)     # a Monday, mid-morning


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    path = tmp_path_factory.mktemp("sim") / "mpp.db"
    summary = simulate(path, tickets=12_000, days=21, now=NOW, seed=7)
    svc = SqliteQueueService(path, ManualClock(NOW))      # opens: the schema is current
    yield summary, svc
    svc.close()


def q(svc, sql, *params):
    return svc._conn.execute(sql, params).fetchall()


def test_summary_and_schema(sim):
    summary, svc = sim
    assert 10_000 <= summary["tickets"] <= 14_000
    assert summary["first_day"] == "2026-11-10" and summary["last_day"] == "2026-11-30"
    assert len(svc.config.services) == 20 and svc.config.name.startswith("Mal Pelayanan Publik")
    assert q(svc, "PRAGMA foreign_key_check") == []
    assert q(svc, "PRAGMA integrity_check") == [("ok",)]
    assert q(svc, "SELECT COUNT(*) FROM tickets WHERE business_day IN "
                  "('2026-11-15', '2026-11-22', '2026-11-29')") == [(0,)]   # Sundays
    # day sequences agree with the numbers issued
    assert q(svc, "SELECT COUNT(*) FROM day_sequences d WHERE last_number != (SELECT MAX(number) "
                  "FROM tickets t WHERE t.issued_service = d.service "
                  "AND t.business_day = d.business_day)") == [(0,)]


def test_rows_are_consistent(sim):
    _, svc = sim
    past = "business_day < '2026-11-30'"
    statuses = dict(q(svc, f"SELECT status, COUNT(*) FROM tickets WHERE {past} GROUP BY status"))
    assert set(statuses) == {"done", "no_show", "cancelled"}       # past days are finished
    assert q(svc, f"SELECT COUNT(*) FROM tickets t WHERE {past} AND status = 'done' AND "
                  "(SELECT COUNT(*) FROM segments g WHERE g.ticket_id = t.id "
                  "AND g.outcome = 'done') != 1") == [(0,)]
    assert q(svc, "SELECT COUNT(*) FROM segments WHERE started_at < called_at "
                  "OR ended_at < called_at") == [(0,)]
    assert q(svc, "SELECT COUNT(*) FROM tickets WHERE first_called_at < issued_at") == [(0,)]
    n = statuses["done"] + statuses["no_show"] + statuses["cancelled"]
    assert 0.04 < statuses["no_show"] / n < 0.25 and 0.005 < statuses["cancelled"] / n < 0.08
    transfers = q(svc, "SELECT COUNT(*) FROM tickets WHERE transfers > 0 "
                       "AND service != issued_service")[0][0]
    assert transfers > 0.01 * n
    assert q(svc, "SELECT COUNT(*) FROM tickets WHERE reactivations > 0 "
                  "AND status = 'done' AND no_show_at IS NOT NULL")[0][0] > 0


def test_the_live_day(sim):
    _, svc = sim
    snap = live_snapshot(svc._conn, svc.config, NOW)
    assert snap.day == date(2026, 11, 30)
    assert q(svc, "SELECT COUNT(*) FROM tickets WHERE issued_at > ?", "2026-11-30T04:00:00")[0][0] == 0
    holding = {c.name: c for c in snap.counters if c.ticket_code}
    assert holding and all(c.status == "open" and c.ticket_status in ("called", "serving")
                           for c in holding.values())
    assert q(svc, "SELECT COUNT(*) FROM tickets WHERE status IN ('called', 'serving')")[0][0] == \
        len(holding)
    assert q(svc, "SELECT COUNT(*) FROM segments WHERE ended_at IS NULL")[0][0] == len(holding)
    assert snap.total.issued > 100 and snap.total.served > 50


def test_morning_peak_in_local_time(sim):
    _, svc = sim
    r = period_report(svc._conn, svc.config, date(2026, 11, 10), date(2026, 11, 27))
    hours = {g.key: g.issued for g in r.hours}
    assert min(hours) == "07" and max(hours, key=hours.get) in ("08", "09")
    assert hours["08"] > 2 * hours["12"] and hours["09"] > 2 * hours["14"]


def test_percentiles_are_exact(sim):
    _, svc = sim
    first, last = date(2026, 11, 10), date(2026, 11, 30)
    r = period_report(svc._conn, svc.config, first, last)
    for s in r.services[:5]:
        waits = [row[0] for row in q(
            svc, "SELECT ROUND((julianday(first_called_at) - julianday(issued_at)) * 86400, 3) "
                 "/ 60.0 FROM tickets WHERE issued_service = ? AND business_day BETWEEN ? AND ? "
                 "AND first_called_at IS NOT NULL", s.service, first.isoformat(), last.isoformat())]
        assert asdict(s.waiting) == pytest.approx(asdict(figures(waits, s.target_wait_min)))
    assert sum(g.issued for g in r.days) == r.total.issued
    assert sum(g.served for g in r.counters) == r.total.served == sum(g.served for g in r.hours)


def test_simulate_cli(tmp_path, capsys):
    out = tmp_path / "cli.db"
    assert cli_main(["simulate", "--tickets", "800", "--days", "7", "--out", str(out),
                     "--now", "2026-11-30T10:00"]) == 0
    assert "tiket" in capsys.readouterr().out
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] > 500
    conn.close()
    assert cli_main(["simulate", "--tickets", "800", "--out", str(out)]) == 1
    assert "sudah ada" in capsys.readouterr().err


def test_generated_config_is_valid():
    config = generated_config()
    assert len({s.prefix for s in config.services}) == 20
    assert all(len(c.services) == 1 for c in config.counters)
    assert {o.role for o in config.officers} == {"officer", "supervisor", "admin"}
