"""The embedded store: one SQLite file (WAL, `BEGIN IMMEDIATE` writes), its migrations, the
`SqliteQueueService` in `service.py`, `antrean init` (`setup.py`) and the survey records.
"""
