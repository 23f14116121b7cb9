"""The office configuration: a TOML file the office writes, checked key by key.

`load_config(path)` reads and validates; every problem is one ConfigError naming the file, the
key and what is wrong. The parsed config is also stored in the database (as plain data) so every
process and the LAN server see the same office.

model.py holds the dataclasses, reader.py the typed reading of one table, one module per group
of tables parses them (office, services, counters, rules, devices), and load.py puts it together.
"""
from shared.config.load import config_from_json, load_config, parse_config
from shared.config.model import (BOOKING_IDENTITIES, PRINTER_KINDS, PRIORITY_POLICIES, ROLES,
                                 VOICE_LANGUAGES, VOICE_SOURCES, WEEKDAYS_EN, WEEKDAYS_ID,
                                 BoardConfig, BookingConfig, CounterConfig, HoursOverride,
                                 KioskConfig, OfficeConfig,
                                 OfficerConfig, PrinterConfig, PriorityPolicy, RecallRule,
                                 ServiceConfig, WeekHours, Window)
from shared.domain import ConfigError

__all__ = [
    "BOOKING_IDENTITIES", "BookingConfig", "PRINTER_KINDS", "PRIORITY_POLICIES", "ROLES",
    "VOICE_LANGUAGES", "VOICE_SOURCES",
    "WEEKDAYS_EN", "WEEKDAYS_ID", "BoardConfig", "ConfigError", "CounterConfig", "HoursOverride",
    "KioskConfig", "OfficeConfig", "OfficerConfig", "PrinterConfig", "PriorityPolicy",
    "RecallRule", "ServiceConfig", "WeekHours", "Window", "config_from_json", "load_config",
    "parse_config",
]
