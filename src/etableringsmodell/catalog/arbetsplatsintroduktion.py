"""Arbetsplatsintroduktion: the national trial under Förordning (2003:623), 2003-09-01 to 2005-12-31.

The ordinance set up a trial (försöksverksamhet) in about 20 municipalities
in which specially trained employment officers placed people in jobs and
then supported them at the workplace for at most six months (longer for
special reasons). It admitted people aged 20 and over who were immigrants
or refugees in a municipal introduction programme, or long-term job seekers
or at risk of becoming one. The AMS goal and its status are in
:mod:`etableringsmodell.catalog.arbetsplatsintroduktion_ams` (seed
``000_a45a643b89c85aa4.txt``).

Verified with the search tool against the original text (lagen.nu,
konsolidering 2003:623): 1 § (a trial from 1 September 2003 to 31 December
2005), 3 § (an immigrant or refugee at least 20 years old who takes or took
part in a municipal introduction programme under 11 § Förordning 1990:927, or
is or risks becoming a long-term job seeker) and 5 § (at most six months,
longer for special reasons). The ordinance was issued on 2003-10-23 and
lagen.nu gives 2003-12-01 as its entry into force; the version follows 1 §'s
trial period. Later amendments (SFS 2005:1202, 2006:1558, 2007:179) made it a
permanent programme for job seekers without Swedish work experience; they are
outside this entry.

Which first day the version uses, and why (*convention*
:data:`TRIAL_START`): the ordinance was issued on 2003-10-23 and came into
force on 2003-12-01, but its 1 § runs the trial "från och med den 1
september 2003", and the AMS goal (seed 000) counts placements from then. The
version starts on 2003-09-01 so that a person judged on a date of the trial
as the ordinance itself defines it is judged by its rule; a caller who wants
the formal entry into force rebuilds the version with
``attrs.evolve(version, effective_from=date(2003, 12, 1))``.

3 § in its own words, as criteria: "invandrare eller flykting" (an assessed
fact, :attr:`~etableringsmodell.model.FactKind.IMMIGRANT_OR_REFUGEE`), "som
har fyllt 20 år", and "som deltar eller har deltagit i introduktionsprogram
... eller är eller riskerar att bli långtidsinskriven" (two more assessed
facts, either suffices). A record without those facts is *undetermined*,
never eligible: a Swedish-born 30-year-old is not admitted on age alone.

>>> from datetime import date
>>> from etableringsmodell import catalog
>>> catalog.get("arbetsplatsintroduktion-2003").version_on(date(2004, 10, 31)).max_duration
Span(years=0, months=6, days=0)
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.model import AgeBetween, AllOf, AnyOf, FactIs, FactKind, Programme, RuleVersion
from etableringsmodell.sources import Source

__all__ = ["ENTRY", "RULE", "SFS_2003_623", "SFS_2003_623_3", "SFS_2003_623_5", "TRIAL_START"]

TRIAL_START = date(2003, 9, 1)
"""The version's first day: the trial's start by 1 § (the ordinance was issued 2003-10-23, in force 2003-12-01)."""

_TITLE = "Förordning (2003:623) om arbetsplatsintroduktion"
SFS_2003_623 = Source.statute("SFS 2003:623", "1 §", _TITLE, note="the trial 2003-09-01 to 2005-12-31")
SFS_2003_623_3 = Source.statute(
    "SFS 2003:623",
    "3 §",
    _TITLE,
    note="immigrant or refugee, at least 20, in an introduction programme or (at risk of) long-term registered",
)
SFS_2003_623_5 = Source.statute("SFS 2003:623", "5 §", _TITLE, note="at most six months")
SEED = Source.seed("000_a45a643b89c85aa4.txt", "AMS missar målet med invandrarjobb (Sveriges Radio)")

RULE = AllOf(
    AgeBetween(20, None, id="arbetsplatsintroduktion-age-20-", sources=SFS_2003_623_3),
    FactIs(
        FactKind.IMMIGRANT_OR_REFUGEE,
        id="arbetsplatsintroduktion-immigrant-or-refugee",
        sources=SFS_2003_623_3,
    ),
    AnyOf(
        FactIs(
            FactKind.INTRODUCTION_PROGRAMME,
            id="arbetsplatsintroduktion-introduction-programme",
            sources=SFS_2003_623_3,
        ),
        FactIs(
            FactKind.LONG_TERM_REGISTERED_OR_AT_RISK,
            id="arbetsplatsintroduktion-long-term-registered-or-at-risk",
            sources=SFS_2003_623_3,
        ),
        id="arbetsplatsintroduktion-programme-or-long-term",
    ),
    id="arbetsplatsintroduktion-2003-target-group",
)
"""Förordning (2003:623) 3 §: age, immigrant or refugee, and introduction programme or long-term registration."""

ENTRY = Programme(
    id="arbetsplatsintroduktion-2003",
    title="Försöksverksamhet med arbetsplatsintroduktion (Förordning 2003:623)",
    versions=(
        RuleVersion(
            TRIAL_START,
            date(2005, 12, 31),
            RULE,
            max_duration=Span(months=6),
            notes=(
                (
                    "Starts on 2003-09-01, the trial's first day by 1 §; the ordinance was issued 2003-10-23 "
                    "and came into force 2003-12-01."
                ),
                "Support at the workplace at most 6 months, longer for special reasons.",
            ),
            sources=(SFS_2003_623, SFS_2003_623_3, SFS_2003_623_5, SEED),
        ),
    ),
    notes=("A trial in about 20 municipalities (seed 000: 'ett 20-tal kommuner').",),
    sources=(SFS_2003_623, SEED),
)
