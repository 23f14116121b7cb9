"""The visitor's status page and the web board in real headless Chromium (driven over the Chrome
DevTools Protocol with the `websockets` package), against the server on 127.0.0.1: the page shows
the position, then the call made through the API during the test, without a reload."""
from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from shared.http.client import HttpQueueService
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from shared.server.testing import device_token, session_token

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
SHOTS = Path(os.environ.get("ANTREAN_SCREENSHOTS", tempfile.gettempdir())) / "antrean-browser"


class Browser:
    """Headless Chromium on 127.0.0.1 with a fresh profile; one page, driven over CDP."""

    def __init__(self):
        assert CHROMIUM, "chromium is needed (apt-get install chromium)"
        self.profile = tempfile.mkdtemp(prefix="antrean-chromium-")
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--mute-audio",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start")
            time.sleep(0.05)
        port = int(port_file.read_text().splitlines()[0])
        pages = [t for t in httpx.get(f"http://127.0.0.1:{port}/json/list").json()
                 if t["type"] == "page"]
        self._ws_context = connect(pages[0]["webSocketDebuggerUrl"], max_size=None,
                                   open_timeout=10)
        self.ws = self._ws_context.__enter__()
        self.ids = itertools.count(1)

    def send(self, method: str, **params):
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv(timeout=30))
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def go(self, url: str, width: int = 390, height: int = 844, mobile: bool = True) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self.send("Page.enable")
        self.send("Page.navigate", url=url)

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            return None
        return result["result"].get("value")

    def text(self, element_id: str) -> str | None:
        return self.js(f"(function(){{var e=document.getElementById({element_id!r});"
                       f"return e ? e.textContent : null}})()")

    def wait(self, expression: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {expression!r} (last: {value!r}); "
                             f"page: {self.js('document.body.innerText')!r}")

    def screenshot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path = SHOTS / f"{name}.png"
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            if getattr(self, "ws", None):
                self._ws_context.__exit__(None, None, None)
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture
def live(db_path, clock, service):
    with ServerThread(ServerSettings(db_path, host="127.0.0.1", port=0, clock=clock)) as srv:
        srv.admin = HttpQueueService(srv.url, session_token(db_path, "admin", clock),
                                     adopt_login=False)
        yield srv
        srv.admin.close()


def _has(element_id: str, text: str) -> str:
    return (f"(function(){{var e=document.getElementById({element_id!r});"
            f"return !!e && e.textContent.indexOf({text!r}) >= 0}})()")


def test_status_page_shows_position_then_the_call_live(browser, live, service):
    service.issue("ktp")
    service.issue("ktp")
    mine = service.issue("ktp").ticket
    browser.go(f"{live.url}/t/{mine.token}")
    browser.wait(_has("code", "A-003"))
    browser.wait(_has("ahead", "2"))
    assert browser.text("service") == "Perekaman & Pencetakan KTP-el"
    assert "menit" in browser.text("wait") and browser.js("document.getElementById('call').hidden")
    assert browser.js("getComputedStyle(document.getElementById('priority')).display") == "none"
    browser.wait(_has("live-text", "langsung"))
    browser.js("window.__sameDocument = 42")
    browser.screenshot("status-waiting")

    live.admin.call_next("1", "siti")                   # A-001 at counter 1, through the API
    browser.wait(_has("ahead", "1"))
    live.admin.call_next("2", "budi")                   # A-002 at counter 2
    browser.wait(_has("ahead", "0"))
    browser.wait(_has("status-text", "Anda berikutnya"))
    live.admin.start("1")
    live.admin.finish("1")
    called = live.admin.call_next("1", "siti")
    assert called.code == "A-003"
    browser.wait("!document.getElementById('call').hidden")
    assert browser.text("call-title") == "Silakan menuju"
    assert browser.text("call-counter") == "Loket 1"
    assert browser.js("window.__sameDocument") == 42, "the page was reloaded"
    browser.screenshot("status-called")

    browser.js("document.getElementById('lang').click()")
    browser.wait(_has("call-title", "Please go to"))
    assert browser.text("call-counter") == "Counter 1"
    browser.js("document.getElementById('lang').click()")   # back to Indonesian for later pages
    browser.wait(_has("call-title", "Silakan"))
    live.admin.start("1")
    browser.wait(_has("status-text", "Sedang dilayani di Loket 1"))
    assert browser.js("document.getElementById('call').hidden") is True


def test_status_page_unknown_token(browser, live):
    browser.go(f"{live.url}/t/{'x' * 22}")
    browser.wait(_has("status-text", "tidak ditemukan"))


def test_web_board_shows_calls_counters_and_queues_live(browser, live, db_path, clock, service):
    token = device_token(db_path, "tv-lobi", "board", clock)
    service.issue("ktp")
    service.issue("ktp")
    service.issue("kk")
    service.pause("4", "Salat")
    browser.go(f"{live.url}/board?token={token}", width=1920, height=1080, mobile=False)
    browser.wait("document.querySelectorAll('#counter-grid .counter').length === 5")
    assert browser.js("location.search") == "", "the token stays in the address bar"
    assert browser.text("hero-code") == "—"
    assert "Selamat datang" in browser.text("running-text")
    queues = browser.js("Array.from(document.querySelectorAll('#queue-list .queue'))"
                        ".map(function(q){return q.textContent})")
    assert any(q.startswith("A · ") and q.endswith("2") for q in queues), queues
    assert "Istirahat" in browser.js("document.getElementById('counter-grid').textContent")
    browser.js("window.__sameDocument = 7")

    live.admin.call_next("1", "siti")
    browser.wait(_has("hero-code", "A-001"))
    assert browser.text("hero-counter") == "Loket 1"
    live.admin.call_next("3", "agus")
    browser.wait(_has("hero-code", "B-001"))
    assert browser.text("hero-counter") == "Loket 3"
    browser.wait(_has("recent-list", "A-001"))
    browser.wait("document.getElementById('hero').className === 'flash'")
    grid = browser.js("document.getElementById('counter-grid').textContent")
    assert "A-001" in grid and "B-001" in grid
    assert browser.js("window.__sameDocument") == 7, "the board was reloaded"
    browser.screenshot("board")
