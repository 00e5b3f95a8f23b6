"""Hypothesis profiles for the whole suite.

The default run is derandomized: the same examples on every machine, so a
red run can be reproduced and CI does not turn red by chance; no deadline and
no too-slow check, because timing belongs in benchmarks/, not in tests on a
loaded machine. ``random`` explores fresh examples on every run
(``HYPOTHESIS_PROFILE=random``); run it when changing a rule. The
``long`` profile is the hardening run of issue 5 (docs/io.md): it throws at
least 100,000 generated inputs at the public constructors and readers in
``tests/test_hardening.py``. Select it with ``HYPOTHESIS_PROFILE=long`` or
``--hypothesis-profile=long``:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_hardening.py --hypothesis-show-statistics
"""

from __future__ import annotations

import os
import sys

from hypothesis import HealthCheck, settings

settings.register_profile(
    "long",
    max_examples=12_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

settings.register_profile(
    "default-derandomized",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "random",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# A --hypothesis-profile on the command line was applied before this file
# was imported; only choose a profile when none was asked for there.
if not any(arg.startswith("--hypothesis-profile") for arg in sys.argv):
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default-derandomized"))
