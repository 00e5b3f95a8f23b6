"""Opt-in stress tests (``ETABLERING_STRESS=1``): too slow and too large for the default run."""
