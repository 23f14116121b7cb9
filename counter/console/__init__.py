"""The counter officer's console (`antrean counter`): login, the current ticket, the eight actions
with their keys, per-PC settings.
"""
