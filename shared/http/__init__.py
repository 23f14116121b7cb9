"""The client of `antrean serve`: `client.HttpQueueService` (the `QueueService` over HTTP), the wire
format (`wire.py`), the event stream (`events.py`) and the survey calls (`survey.py`).
"""
