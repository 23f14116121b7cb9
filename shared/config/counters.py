"""The [[counters]] that serve the services and the [[officers]] who staff them."""
from __future__ import annotations

import re

from shared.config.model import ROLES, CounterConfig, OfficerConfig, ServiceConfig
from shared.config.reader import Reader
from shared.domain import ConfigError

_USER_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def parse_counters(root: Reader,
                   services: tuple[ServiceConfig, ...]) -> tuple[CounterConfig, ...]:
    """[[counters]]: at least one; unique names; each serves services named by code or prefix."""
    counters = []
    items = root.table.get("counters")
    if not isinstance(items, list) or not items:
        raise ConfigError(root.source, "counters", "at least one [[counters]] table is required")
    seen = set()
    for i, item in enumerate(items):
        c = Reader(root.source, item, f"counters[{i}]")
        c.check_unknown({"name", "label", "services", "priority_only"})
        cname = str(c.get("name", (str, int))).strip()
        if not cname or cname.lower() in seen:
            raise c.fail("name", f"{cname!r} is empty or used by another counter")
        seen.add(cname.lower())
        served = c.get("services", list)
        codes = []
        for j, key in enumerate(served):
            svc = next((s for s in services if isinstance(key, str) and
                        (s.code == key.lower() or s.prefix == key.upper())), None)
            if svc is None:
                raise c.fail(f"services[{j}]", f"{key!r} is not a service in [[services]]")
            codes.append(svc.code)
        if not codes:
            raise c.fail("services", "must name at least one service")
        counters.append(CounterConfig(cname, c.get("label", str, f"Loket {cname}"), tuple(codes),
                                      c.get("priority_only", bool, False)))
    return tuple(counters)


def parse_officers(root: Reader) -> tuple[OfficerConfig, ...]:
    """[[officers]] (optional): unique usernames, each with a role."""
    officers = []
    users = set()
    for i, item in enumerate(root.table.get("officers", [])):
        o = Reader(root.source, item, f"officers[{i}]")
        o.check_unknown({"username", "full_name", "role"})
        user = o.get("username", str).strip().lower()
        if not _USER_RE.match(user):
            raise o.fail("username",
                         f"{user!r} must be 2–32 lowercase letters, digits, '.', '_' or '-'")
        if user in users:
            raise o.fail("username", f"{user!r} appears twice")
        users.add(user)
        role = o.get("role", str, "officer")
        if role not in ROLES:
            raise o.fail("role", f"{role!r} must be one of: {', '.join(ROLES)}")
        officers.append(OfficerConfig(user, o.get("full_name", str, user), role))
    return tuple(officers)
