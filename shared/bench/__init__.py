"""Benchmarks that print figures (run by hand, quoted in the README): the store (`antrean bench`),
the LAN server under load, and what every benchmark shares (`kit.py`).
"""
