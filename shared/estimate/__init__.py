"""The estimated wait a visitor is told: when their ticket will be called, from what the store
knows now (who is at each counter and for how long, which counters are open or expected, the
queue under the priority policy, recent service times) — `estimator.Estimator` — and how it is
worded: a rounded figure on the slip, a range on the phone (`words`).

Modules: estimator.py (puts it together), projection.py (the counters forward in time),
queue.py (who is before a ticket), plans.py (each counter from now on), profiles.py (each
counter's usual day), history.py (service times), tail.py (following the event log), words.py.
"""
