"""Arbetsplatsintroduktion: the national trial under Förordning (2003:623), 2003-09-01 to 2005-12-31.

The ordinance set up a trial (försöksverksamhet) in about 20 municipalities
in which specially trained employment officers placed people in jobs and
then supported them at the workplace for at most six months (longer for
special reasons). It admitted people aged 20 and over who were immigrants
or refugees in a municipal introduction programme, or long-term job seekers
or at risk of becoming one. The AMS goal and its status are in
:mod:`etableringsmodell.catalog.arbetsplatsintroduktion_ams` (seed
``000_a45a643b89c85aa4.txt``).

*Unverified*: the ordinance's text could not be found with the search tool;
the dates, the age of 20 and the six months follow DOMAIN.md and seed 000
("under högst sex månader"), and its section numbers are not cited. The
introduction-programme or long-term-job-seeker condition is a caseworker's
judgement the model does not evaluate; it is in the version's notes.

>>> from datetime import date
>>> from etableringsmodell import catalog
>>> catalog.get("arbetsplatsintroduktion-2003").version_on(date(2004, 10, 31)).max_duration
Span(years=0, months=6, days=0)
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.model import AgeBetween, Programme, RuleVersion
from etableringsmodell.sources import Source

__all__ = ["ENTRY", "SFS_2003_623"]

SFS_2003_623 = Source.statute(
    "SFS 2003:623",
    title="Förordning (2003:623) om försöksverksamhet med arbetsplatsintroduktion",
    note="unverified: text not checked; dates and conditions from DOMAIN.md and seed 000",
)
SEED = Source.seed("000_a45a643b89c85aa4.txt", "AMS missar målet med invandrarjobb (Sveriges Radio)")

ENTRY = Programme(
    id="arbetsplatsintroduktion-2003",
    title="Försöksverksamhet med arbetsplatsintroduktion (Förordning 2003:623)",
    versions=(
        RuleVersion(
            date(2003, 9, 1),
            date(2005, 12, 31),
            AgeBetween(20, None, id="arbetsplatsintroduktion-age-20-", sources=SFS_2003_623),
            max_duration=Span(months=6),
            notes=(
                (
                    "Also required: an immigrant or refugee in a municipal introduction programme, or a "
                    "long-term job seeker (or at risk of becoming one); a caseworker's judgement, not evaluated."
                ),
                "Support at the workplace at most 6 months, longer for special reasons.",
            ),
            sources=(SFS_2003_623, SEED),
        ),
    ),
    notes=("A trial in about 20 municipalities (seed 000: 'ett 20-tal kommuner').",),
    sources=(SFS_2003_623, SEED),
)
