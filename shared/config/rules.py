"""The queue rules: [priority] (how priority tickets are called) and [recall]."""
from __future__ import annotations

from shared.config.model import PRIORITY_POLICIES, CounterConfig, RecallRule
from shared.config.reader import Reader


def parse_priority(p: Reader, counters: tuple[CounterConfig, ...]) -> tuple[str, int]:
    """[priority]: the policy and max_in_a_row; `ask_at_kiosk` is read last, by parse_config."""
    p.check_unknown({"ask_at_kiosk", "policy", "max_in_a_row"})
    policy = p.get("policy", str, "strict")
    if policy not in PRIORITY_POLICIES:
        raise p.fail("policy", f"{policy!r} must be one of: {', '.join(PRIORITY_POLICIES)}")
    max_row = p.get("max_in_a_row", int, 2)
    if max_row < 1:
        raise p.fail("max_in_a_row", f"{max_row} must be at least 1")
    if policy == "dedicated" and not any(c.priority_only for c in counters):
        raise p.fail("policy", "'dedicated' needs at least one counter with priority_only = true")
    return policy, max_row


def parse_recall(root: Reader) -> RecallRule:
    """[recall]: how often a number is recalled and reactivated; none may be negative."""
    rc = root.sub("recall")
    rc.check_unknown({"max_recalls", "reactivate_after", "max_reactivations"})
    recall = RecallRule(rc.get("max_recalls", int, 3), rc.get("reactivate_after", int, 3),
                        rc.get("max_reactivations", int, 2))
    for key in ("max_recalls", "reactivate_after", "max_reactivations"):
        if getattr(recall, key) < 0:
            raise rc.fail(key, "must not be negative")
    return recall
