"""The packaged program's entry point: `antrean …` exactly as the installed command line."""
from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()
    # `antrean start` and the supervisor spawn `<python> -m shared.cli …`; frozen, the program
    # itself is that Python, so the two words are dropped
    if sys.argv[1:3] == ["-m", "shared.cli"]:
        del sys.argv[1:3]
    from shared.cli.main import main as cli_main
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
