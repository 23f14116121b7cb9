"""The server's settings as data: one declaration per setting (name, default, help)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shared.clock import Clock


@dataclass
class ServerSettings:
    db_path: Path
    host: str = "127.0.0.1"          # "0.0.0.0" to listen on the office LAN
    port: int = 8080
    clock: Clock | None = None       # tests inject a ManualClock; None = the system clock
    # public routes (status page, its JSON, login): a token bucket per client address
    public_rate_per_s: float = 2.0
    public_burst: int = 40
    # with a reverse proxy in front: trust X-Forwarded-For from these peer addresses only
    trusted_proxies: tuple[str, ...] = ()
    session_hours: float = 14.0      # an officer's login lasts one working day
    poll_interval_s: float = 0.25    # the event feed also catches writes by other processes
    idempotency_hours: float = 48.0  # keys older than this are forgotten at start-up
    extra: dict = field(default_factory=dict)
