"""A testing kit for projects that depend on etableringsmodell.

* :mod:`etableringsmodell.testing.strategies`: Hypothesis strategies for every
  model type, valid by construction, that aim at the boundaries where rules
  break (ages 17-20 and 64-66, the last day of a 36-month window,
  29 February, month ends).
* :mod:`etableringsmodell.testing.plugin`: a pytest plugin, registered through
  the ``pytest11`` entry point, with fixtures for the catalogue and a
  participant factory.

Install with ``pip install 'etableringsmodell[testing]'`` (Hypothesis and
pytest). Nothing here is imported by the library itself.
"""
