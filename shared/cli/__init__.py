"""The `antrean` command: `main.py` builds the parser and dispatches; each other module holds one
group of subcommands and registers them.
"""
