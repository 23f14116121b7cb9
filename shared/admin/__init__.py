"""Office administration without editing files: the admin's changes to the office config.

changes.py applies one change in one transaction (checked by the config loader and the refusals
of `antrean init`, stored as init stores it, recorded as a `config_changed` event with before →
after); edits.py holds the actions per area (services, counters, officers, office hours,
holidays and special days, board texts, printer); labels.py says the loader's errors with the
field's name on screen; live.py lets a running screen take a new config at once; toml_out.py
writes the config back as TOML (`antrean config export`); first_run.py builds a new office from
a template (the first-run wizard) or the example office.
"""
from shared.admin.changes import ChangeResult, Edit, OfficeAdmin
from shared.admin.labels import InvalidChange
from shared.admin.live import CONFIG_EVENT, CONFIG_EVENT_TYPES, config_changed_in, expire_config

__all__ = ["CONFIG_EVENT", "CONFIG_EVENT_TYPES", "ChangeResult", "Edit", "InvalidChange",
           "OfficeAdmin", "config_changed_in", "expire_config"]
