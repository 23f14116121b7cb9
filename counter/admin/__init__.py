"""The admin's screens (role admin): services, counters, officers, office hours, holidays and
special days, board texts, printer (with a print test) and backups, one page each in window.py's
`AdminPanel` (the supervisor dashboard's "Administrasi" tab); wizard.py is the first-run wizard
that `antrean start` opens on an empty machine. The rules live in `shared.admin`."""
