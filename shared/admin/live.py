"""How a running screen notices a new office config: the events that carry one, and making the
queue service read it at once instead of at its next 2-second check."""
from __future__ import annotations

# `config_loaded`: antrean init; `config_changed`: an admin's edit or `config import`;
# `database_restored`: antrean restore (everything may differ)
CONFIG_EVENT = "config_changed"
RESTORE_EVENT = "database_restored"
CONFIG_EVENT_TYPES = ("config_loaded", CONFIG_EVENT, RESTORE_EVENT)


def config_changed_in(events) -> bool:
    """True when a batch from the events feed holds a new office config."""
    return any(getattr(e, "type", None) in CONFIG_EVENT_TYPES for e in events)


def expire_config(service) -> None:
    """Make `service.config` look for a new version on its next read. Both implementations
    (SqliteQueueService, HttpQueueService) keep the time of their last check in
    `_config_checked`; one that does not simply keeps its own schedule."""
    if hasattr(service, "_config_checked"):
        service._config_checked = float("-inf")
