"""The build of the one optional C module; every other setting is in pyproject.toml.

The batch path looks coded text columns up in their vocabulary with
``etableringsmodell.batch._codes`` (src/etableringsmodell/batch/_codes.c): a few
nanoseconds a row where pandas' factorize, the fastest peer, takes about thirty.
It is optional: where no C compiler is found the package installs without it,
and the batch path uses pandas and numpy instead (the same codes; the tests
compare both).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "etableringsmodell.batch._codes",
            sources=["src/etableringsmodell/batch/_codes.c"],
            optional=True,
        )
    ]
)
