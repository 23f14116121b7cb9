"""`HttpQueueService` when the network is not perfect: the server away (ServerUnavailable, code
'offline'), restarted under a running client (nothing lost, nothing doubled), an answer lost
after the server acted (the retry, with the same idempotency key, gets the first result), and the
event subscription resuming where it stopped."""
from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from shared.domain import AuthError, IllegalTransition
from shared.http.client import Forbidden, HttpQueueService, ServerUnavailable
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from shared.server.testing import device_token, session_token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def tokens(db_path, clock):
    return {"kiosk": device_token(db_path, "kiosk-1", "kiosk", clock),
            "board": device_token(db_path, "papan-1", "board", clock),
            "admin": session_token(db_path, "admin", clock)}


def test_unreachable_server_raises_offline_quickly(tokens):
    url = f"http://127.0.0.1:{_free_port()}"          # nobody listens there
    svc = HttpQueueService(url, tokens["kiosk"], retry_for_s=0.3, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(ServerUnavailable) as err:
        svc.issue("ktp")
    assert time.monotonic() - started < 3.0
    assert err.value.code == "offline" and "127.0.0.1" in err.value.message_en
    with pytest.raises(ServerUnavailable):
        svc.queues()
    with pytest.raises(ServerUnavailable):
        svc.config


def test_config_is_kept_while_offline_and_roles_map_to_errors(db_path, clock, tokens):
    port = _free_port()
    srv = ServerThread(ServerSettings(db_path, port=port, clock=clock)).start()
    kiosk = HttpQueueService(srv.url, tokens["kiosk"], retry_for_s=0.2)
    try:
        name = kiosk.config.name
        with pytest.raises(Forbidden) as err:
            kiosk.call_next("1")
        assert isinstance(err.value, AuthError) and err.value.code == "forbidden"
        with pytest.raises(AuthError):
            HttpQueueService(srv.url, "antd_wrong", retry_for_s=0).queues()
        assert abs((kiosk.clock.now() - clock.now()).total_seconds()) < 2
    finally:
        srv.stop()
    kiosk._config_checked = 0       # look again: the server is away, the copy stays
    assert kiosk.config.name == name
    with pytest.raises(ServerUnavailable):
        kiosk.queues()


def test_login_then_act_as_the_officer(db_path, clock, service):
    service.set_pin("siti", "1357")
    service.issue("ktp")
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        counter = HttpQueueService(srv.url)             # a counter PC has no device token
        user = counter.authenticate("siti", "1357")
        assert user == {"username": "siti", "full_name": "Siti Nurhaliza", "role": "officer"}
        counter.open_counter("1", "siti")
        t = counter.call_next("1")
        assert t.officer == "siti" and t.counter == "1"
        with pytest.raises(Forbidden):
            counter.call_next("2")
        with pytest.raises(IllegalTransition):
            counter.finish("1")
        counter.logout()
        with pytest.raises(AuthError):
            counter.start("1")


class LoseFirstAnswer(httpx.BaseTransport):
    """Forwards every request; for the first POST to `path` the server acts but the answer is
    lost on the way back (as when a Wi-Fi link drops at that moment)."""

    def __init__(self, path: str):
        self.inner = httpx.HTTPTransport()
        self.path = path
        self.lost = 0

    def handle_request(self, request):
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path == self.path and not self.lost:
            response.read()
            self.lost += 1
            raise httpx.ReadError("connection reset while reading the answer")
        return response


def test_lost_answer_is_retried_without_a_second_ticket_or_call(db_path, clock, tokens, service):
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        transport = LoseFirstAnswer("/api/tickets")
        kiosk = HttpQueueService(srv.url, tokens["kiosk"], client=httpx.Client(
            base_url=srv.url, transport=transport))
        issued = kiosk.issue("ktp")
        assert transport.lost == 1 and issued.ticket.code == "A-001"
        assert kiosk.issue("ktp").ticket.code == "A-002"
        counter = LoseFirstAnswer("/api/counters/1/call")
        admin = HttpQueueService(srv.url, tokens["admin"], adopt_login=False,
                                 client=httpx.Client(base_url=srv.url, transport=counter))
        called = admin.call_next("1")
        assert counter.lost == 1 and called.code == "A-001"
    types = [e.type for e in service.events_after(0)]
    assert types.count("issued") == 2 and types.count("called") == 1
    assert service.current_ticket("1").code == "A-001"
    assert [t.code for t in service.waiting("ktp")] == ["A-002"]


def test_server_restart_under_running_clients_loses_and_doubles_nothing(db_path, clock, tokens,
                                                                        service):
    port = _free_port()
    settings = ServerSettings(db_path, port=port, clock=clock)
    srv = ServerThread(settings).start()
    url = srv.url
    kiosk = HttpQueueService(url, tokens["kiosk"], retry_for_s=20.0, timeout=2.0)
    board = HttpQueueService(url, tokens["board"])
    seen, links = [], []
    sub = board.subscribe(seen.extend, after=0, on_connection=links.append)
    assert sub.wait_connected(5)
    codes: list[str] = []
    failures: list[BaseException] = []
    total = 40

    def issue_all():
        try:
            for _ in range(total):
                codes.append(kiosk.issue("ktp").ticket.code)
                time.sleep(0.01)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    worker = threading.Thread(target=issue_all)
    worker.start()
    try:
        assert _wait(lambda: len(codes) >= 10)
        srv.stop()                                    # the server goes away mid-stream
        assert _wait(lambda: False in links, 5)
        down_at = len(codes)
        time.sleep(0.7)                               # the kiosk keeps trying meanwhile
        assert len(codes) == down_at
        srv = ServerThread(settings).start()          # same file, same port
        worker.join(60)
        assert not worker.is_alive() and not failures, failures
        assert _wait(lambda: len([e for e in seen if e.type == "issued"]) == total, 10)
    finally:
        sub.stop()
        srv.stop()
    assert codes == [f"A-{n:03d}" for n in range(1, total + 1)]
    stored = [e for e in service.events_after(0) if e.type == "issued"]
    assert len(stored) == total                        # nothing doubled in the store
    seqs = [e.seq for e in seen]
    assert seqs == sorted(set(seqs))                   # nothing twice, in order, on the feed
    assert [e.ticket_code for e in seen if e.type == "issued"] == codes
    assert links[0] is True and links.count(True) >= 2  # it went down and came back


def test_subscription_from_now_and_stop(db_path, clock, tokens, service):
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        service.issue("ktp")                           # before: not delivered
        board = HttpQueueService(srv.url, tokens["board"])
        got = []
        sub = board.subscribe(got.extend)
        assert sub.wait_connected(5)
        board_seq = board.last_event_seq()
        srv.app.state.antrean.service.issue("kk")
        assert _wait(lambda: len(got) == 1, 5)
        assert got[0].ticket_code == "B-001" and got[0].seq == board_seq + 1
        started = time.monotonic()
        sub.stop()
        assert time.monotonic() - started < 2.5 and not sub._thread.is_alive()
