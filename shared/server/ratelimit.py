"""A token bucket per client address, in memory, for the public routes (status page, its JSON,
login): a phone refreshing now and then never notices; a script hammering the server is slowed."""
from __future__ import annotations

import threading
import time

from fastapi import Request

from shared.domain import AntreanError

MAX_CLIENTS = 10_000


class RateLimited(AntreanError):
    code = "rate_limited"


class TokenBucket:
    def __init__(self, rate_per_s: float, burst: int):
        self.rate, self.burst = rate_per_s, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: float = 1.0) -> float:
        """Take `cost` tokens; returns 0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > MAX_CLIENTS:  # forget the full buckets: they are at rest
                self._buckets = {k: v for k, v in self._buckets.items()
                                 if v[0] + (now - v[1]) * self.rate < self.burst}
            return (cost - tokens) / self.rate


def client_address(request: Request, trusted_proxies: tuple[str, ...]) -> str:
    """The caller's address; behind a trusted reverse proxy, the last untrusted X-Forwarded-For hop."""
    peer = request.client.host if request.client else "unknown"
    if peer in trusted_proxies:
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in trusted_proxies:
                return hop
    return peer


def check(request: Request) -> None:
    """Dependency for public routes: 429 with Retry-After when the bucket is empty."""
    state = request.app.state.antrean
    wait = state.bucket.take(client_address(request, state.settings.trusted_proxies))
    if wait > 0:
        raise RateLimited("Terlalu banyak permintaan: coba lagi sebentar lagi",
                          "Too many requests: try again shortly",
                          retry_after_s=max(1, round(wait)))
