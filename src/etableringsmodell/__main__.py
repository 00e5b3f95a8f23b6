"""``python -m etableringsmodell``: the command line."""

import sys

from etableringsmodell.cli import main

sys.exit(main())
