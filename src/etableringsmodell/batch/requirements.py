"""The columns of the requirement criteria: education, SFI, competences, plans, family ties.

These criteria are judged from their forms (:mod:`etableringsmodell.rules.forms`)
by :mod:`etableringsmodell.batch.forms`, verdict for verdict as their scalar
evaluators in :mod:`etableringsmodell.rules.eligibility`, including which
missing fact is *undetermined* and which fails. Columns, beside those of
:mod:`etableringsmodell.batch.columns`:

================================  ==========================================================
column                            holds
================================  ==========================================================
``education``                     SUN 2020 level 1-7; ``0`` or null: not recorded
``swedish``                       highest SFI course 1-4 (A-D); ``0`` or null: none
``parent_in_sweden``              booleans; null (``None``, ``pd.NA``): not known
``plan_started_on``               first day of the establishment or action plan; null: none
``plan_ended_on``                 its last day; null: still running
``permit_applied_on``             the permit application's date
``sponsor_received_on``           the day the person joined was received in a municipality
``sponsor_is_swedish_citizen``    booleans; null: not known
``occupations``                   a list per row: the SSYK 2012 codes of every competence
``experience_years``              a list per row, beside ``occupations``: each competence's
                                  experience in years (pint's year); null: not known
``validated_occupations``         a list per row: the codes of the validated competences
``interests``                     a list per row: branches named (free text)
================================  ==========================================================

List columns are Arrow ``list<string>`` columns, or pandas or numpy object
columns of lists, tuples or sets. A family-tie deadline counts from each row's
own sponsor date: a calendar addition on ``datetime64[M]``, clamped to the
month's last day as Lag (1930:173) 1 § counts it. ``education``, ``swedish``
and ``permit_ground`` are factorised once against their vocabularies
(:class:`~etableringsmodell.model.EducationLevel`,
:class:`~etableringsmodell.model.SfiCourse`,
:class:`~etableringsmodell.model.PermitGround`); a value outside it is an
:class:`~etableringsmodell.errors.InvalidCodeError` naming the column.
"""

from __future__ import annotations

__all__: list[str] = []  # documentation of the columns; the criteria run from their forms
