"""Hypothesis profiles for the whole suite.

The default run keeps Hypothesis' defaults, so the suite stays quick. The
``long`` profile is the hardening run of issue 5 (docs/io.md): it throws at
least 100,000 generated inputs at the public constructors and readers in
``tests/test_hardening.py``. Select it with ``HYPOTHESIS_PROFILE=long`` or
``--hypothesis-profile=long``:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_hardening.py --hypothesis-show-statistics
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "long",
    max_examples=12_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
