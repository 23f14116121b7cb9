"""The packaged build: a PyInstaller one-folder `antrean` that runs without a Python install.

`python -m assets.packaging.build` makes `dist/antrean/` from `antrean.spec`; `python -m
assets.packaging.smoke dist/antrean` starts the built program the way an office PC would (no
Python on its PATH), paints the kiosk offscreen, issues and prints a ticket, and exits.
"""
