"""`python -m shared.cli` is the `antrean` command."""
import sys

from shared.cli.main import main

sys.exit(main())
