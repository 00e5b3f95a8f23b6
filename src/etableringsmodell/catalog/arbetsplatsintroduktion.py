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
outside this entry. The introduction-programme or long-term-job-seeker
condition is a caseworker's judgement the model does not evaluate; it is in
the version's notes.

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

__all__ = ["ENTRY", "SFS_2003_623", "SFS_2003_623_3", "SFS_2003_623_5"]

_TITLE = "Förordning (2003:623) om arbetsplatsintroduktion"
SFS_2003_623 = Source.statute("SFS 2003:623", "1 §", _TITLE, note="the trial 2003-09-01 to 2005-12-31")
SFS_2003_623_3 = Source.statute("SFS 2003:623", "3 §", _TITLE, note="immigrant or refugee, at least 20")
SFS_2003_623_5 = Source.statute("SFS 2003:623", "5 §", _TITLE, note="at most six months")
SEED = Source.seed("000_a45a643b89c85aa4.txt", "AMS missar målet med invandrarjobb (Sveriges Radio)")

ENTRY = Programme(
    id="arbetsplatsintroduktion-2003",
    title="Försöksverksamhet med arbetsplatsintroduktion (Förordning 2003:623)",
    versions=(
        RuleVersion(
            date(2003, 9, 1),
            date(2005, 12, 31),
            AgeBetween(20, None, id="arbetsplatsintroduktion-age-20-", sources=SFS_2003_623_3),
            max_duration=Span(months=6),
            notes=(
                (
                    "Also required: an immigrant or refugee in a municipal introduction programme, or a "
                    "long-term job seeker (or at risk of becoming one); a caseworker's judgement, not evaluated."
                ),
                "Support at the workplace at most 6 months, longer for special reasons.",
            ),
            sources=(SFS_2003_623, SFS_2003_623_3, SFS_2003_623_5, SEED),
        ),
    ),
    notes=("A trial in about 20 municipalities (seed 000: 'ett 20-tal kommuner').",),
    sources=(SFS_2003_623, SEED),
)
