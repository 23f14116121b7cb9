"""The files antrean ships with: the example office, the voice clips, the README's screenshots.

The paths below find them wherever the package is installed, so no module counts `parent`s.
"""
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
EXAMPLE_CONFIG = FOLDER / "config" / "dukcapil-contoh.toml"
SOUNDS = FOLDER / "sounds"
SCREENSHOTS = FOLDER / "screenshots"
# the checkout (or site-packages) that holds the packages: the working folder for child processes
PROJECT_ROOT = FOLDER.parent
