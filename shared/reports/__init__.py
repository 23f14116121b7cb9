"""Figures against the office's standards: statistics over any period (`stats.py`), today live
(`live.py`), the survey's figures, and the same tables as screen, CSV, XLSX and PDF.
"""
