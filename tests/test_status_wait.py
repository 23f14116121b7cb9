"""The estimated wait on the visitor's phone: a range worded by the server ("sekitar 25 menit"),
the same figure as the slip, and a page that follows the estimate as the day moves — with no
event at all, only time passing — over a real server on 127.0.0.1, then in headless Chromium."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import httpx
import pytest

from shared.server import ServerSettings
from shared.server.routers import public
from shared.server.runner import ServerThread
from tests.test_estimate import ONE, busy_since, make, office
from tests.test_status_page_browser import SHOTS, Browser, _has

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def day(tmp_path):
    """History, then today at 09.00: counter 1 busy for 4 minutes, two waiting, and mine."""
    svc, clock = make(tmp_path, office(ONE))
    busy_since(svc, clock, 4)
    svc.issue("umum")
    svc.issue("umum")
    mine = svc.issue("umum")
    yield svc, clock, mine
    svc.close()


@pytest.fixture
def server(day, monkeypatch):
    svc, clock, _ = day
    monkeypatch.setattr(public, "KEEPALIVE_S", 0.3)   # the page's estimate refreshes this often
    with ServerThread(ServerSettings(svc.path, host="127.0.0.1", port=0, clock=clock)) as srv:
        yield srv


def test_the_status_json_carries_the_range_and_the_slip_figure(day, server):
    svc, clock, mine = day
    body = httpx.get(f"{server.url}/api/public/tickets/{mine.ticket.token}").json()
    assert (body["people_ahead"], body["estimated_wait_min"]) == (2, 26.0)
    assert body["wait"]["text"] == {"id": "sekitar 25 menit", "en": "about 25 min"}
    assert body["wait"]["figure"] == {"id": "± 25 menit", "en": "± 25 min"}
    assert (body["wait"]["low_min"], body["wait"]["high_min"]) == (26.0, 26.0)
    assert mine.estimated_wait_min == pytest.approx(body["wait"]["minutes"], abs=0.05)
    called = httpx.get(f"{server.url}/api/public/tickets/{svc.ticket('A-001').token}").json()
    assert called["status"] != "waiting" and called["wait"] is None


def read_status(stream) -> dict:
    """The next `status` message of a server-sent event stream."""
    data = None
    for line in stream:
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and data is not None:
            return data
    raise AssertionError("the stream ended")


def test_the_stream_sends_a_new_estimate_as_time_passes_without_any_event(day, server):
    svc, clock, mine = day
    seq = svc.last_event_seq()
    url = f"{server.url}/api/public/tickets/{mine.ticket.token}/stream"
    with httpx.stream("GET", url, timeout=10) as r:
        lines = r.iter_lines()
        first = read_status(lines)
        assert first["wait"]["text"]["id"] == "sekitar 25 menit"
        clock.advance(minutes=5)           # the service at counter 1 runs on; nothing is logged
        started = time.monotonic()
        later = read_status(lines)
        assert time.monotonic() - started < 5
        assert later["wait"]["minutes"] == pytest.approx(21.0, abs=0.05)   # 1 + 2 × 10
        assert later["wait"]["text"]["id"] == "sekitar 20 menit"
    assert svc.last_event_seq() == seq, "the page moved without any event"


def test_the_phone_page_shows_the_range_and_follows_it(day, server):
    svc, clock, mine = day
    browser = Browser()
    try:
        browser.go(f"{server.url}/t/{mine.ticket.token}")
        browser.wait(_has("wait", "sekitar 25 menit"))
        assert browser.text("ahead") == "2"
        browser.js("window.__sameDocument = 1")
        shot = browser.screenshot("status-waiting")
        if SHOTS.parent.resolve() == (ROOT / "assets" / "screenshots").resolve():
            shutil.copy(shot, SHOTS.parent / "status-waiting.png")   # the README's picture
        clock.advance(minutes=5)
        browser.wait(_has("wait", "sekitar 20 menit"))
        browser.js("document.getElementById('lang').click()")
        browser.wait(_has("wait", "about 20 min"))
        browser.js("document.getElementById('lang').click()")
        svc.finish("1")
        clock.advance(minutes=1)
        svc.call_next("1")                  # the first of the two ahead: one left
        browser.wait(_has("ahead", "1"))
        assert browser.js("window.__sameDocument") == 1, "the page was reloaded"
    finally:
        browser.close()
