"""The lobby display board (`antrean board`): its controller (`app.py`), window and widgets, the
announcement queue and players (`announcer.py`) and the offline voice clips.
"""
