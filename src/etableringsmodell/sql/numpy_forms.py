"""Forms on numpy, for the SQL face: the batch path's own evaluator, and one registration for both.

:func:`evaluate_form` is :func:`etableringsmodell.batch.forms.evaluate_form`,
the interpreter :func:`etableringsmodell.batch.evaluate` runs every criterion
with. :func:`register_criterion` registers a criterion type's form once; the
batch path (numpy) and every SQL dialect then read it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from etableringsmodell.batch.eligibility import unregister_column_evaluator
from etableringsmodell.batch.forms import evaluate_form
from etableringsmodell.model.criteria import Criterion
from etableringsmodell.rules.forms import Form, register_form

__all__ = ["evaluate_form", "register_criterion"]

C = TypeVar("C", bound=Criterion)


def register_criterion(kind: type[C], builder: Callable[[C, date], Form]) -> None:
    """Register a criterion type's form: the batch path and every SQL back end judge it from it.

    A numpy evaluator registered by hand for the same type
    (:func:`~etableringsmodell.batch.register_column_evaluator`) is dropped, so
    that the form is the one meaning. Register the scalar evaluator too
    (:func:`~etableringsmodell.rules.eligibility.register_evaluator`), for
    single decisions with their explanations, and test that all agree.
    """
    register_form(kind, builder)
    unregister_column_evaluator(kind)
