"""``python -m etableringsmodell``: the command line."""

import gc
import sys

# The main job makes hundreds of thousands of small objects (participants, verdicts, reasons)
# and few cycles; with the collector's default threshold of 700 allocations it passes over
# them some 300 times, a tenth of the run. This process is the command line's alone, so its
# young generation is collected every 10,000 allocations instead (about 30 passes); a cycle
# is still collected, only later. (Library callers of cli.main keep their own settings.)
gc.set_threshold(10_000, *gc.get_threshold()[1:])

from etableringsmodell.cli import main  # noqa: E402  # after the collector's setting, which imports also feel

sys.exit(main())
