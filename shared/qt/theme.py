"""One look for every antrean screen: high contrast, large type, readable from two metres."""
from __future__ import annotations

NAVY = "#0b2545"        # background of public screens
NAVY_2 = "#13315c"      # cards on navy
WHITE = "#ffffff"
YELLOW = "#ffd23f"      # the number being called
GREEN = "#1b998b"       # within standard / action
AMBER = "#f4a259"
RED = "#d1495b"
GREY = "#8d99ae"
LIGHT_BG = "#f4f6fa"    # staff screens
TEXT_DARK = "#102a43"

FONT_FAMILY = "DejaVu Sans"   # shipped by fonts-dejavu-core; Qt falls back on Windows (Segoe UI)

PUBLIC_QSS = f"""
QWidget {{ background: {NAVY}; color: {WHITE}; font-family: "{FONT_FAMILY}", "Segoe UI", sans-serif; }}
QPushButton {{ background: {NAVY_2}; color: {WHITE}; border: 3px solid {WHITE};
               border-radius: 18px; padding: 16px; }}
QPushButton:pressed {{ background: {GREEN}; }}
QPushButton:disabled {{ color: {GREY}; border-color: {GREY}; }}
"""

STAFF_QSS = f"""
QWidget {{ background: {LIGHT_BG}; color: {TEXT_DARK}; font-family: "{FONT_FAMILY}", "Segoe UI", sans-serif; font-size: 15px; }}
QPushButton {{ background: {WHITE}; border: 2px solid {NAVY_2}; border-radius: 8px; padding: 10px 14px; }}
QPushButton:hover {{ background: #e3ecf7; }}
QPushButton:disabled {{ color: {GREY}; border-color: #c5ccd6; background: #eef1f5; }}
QLineEdit, QComboBox {{ background: {WHITE}; border: 2px solid #9fb3c8; border-radius: 6px; padding: 6px; }}
"""
