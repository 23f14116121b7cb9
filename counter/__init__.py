"""What staff see: the counter officer's console (login, the current ticket, the actions).

Entry point: `counter.console.app.main(args)`, started by `antrean counter`.
"""
