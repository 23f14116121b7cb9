"""The ticket kiosk's screens: the window and its controller (`window.py`), start, priority, ticket,
idle, the banner, the header, the on-screen keyboards and the issuing step.
"""
