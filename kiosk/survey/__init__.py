"""The visitor's voice at the kiosk: the survey (SKM) pages and the complaint pages, and their
controller (`flow.py`).
"""
