"""Installing antrean like a product on an office PC, and checking it.

`antrean install --role …` writes what starts the roles by themselves — on Linux systemd units
(the server) and XDG autostart entries (kiosk, board, counter), on Windows a Task Scheduler task
and Startup-folder entries — and a manifest, so `antrean uninstall` removes exactly those files.
`antrean kiosk --keep-running` (supervise.py) restarts a screen that crashes. `antrean doctor`
(doctor.py, devices.py) checks the database, printer, sound, server and clock and says what to
fix. No Qt here: the sound check asks the kiosk side, lazily.
"""
