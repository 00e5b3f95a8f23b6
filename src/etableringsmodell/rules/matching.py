"""Matching participants to tracks (matchning): explained fit, and a cohort's assignment.

Entry rule versus fit
---------------------
A track's **entry rule** is :attr:`Track.requirements <etableringsmodell.model.Track>`:
a participant who does not *pass* it (failed or undetermined) is never ranked
into the track nor assigned to it, whatever their fit. **Fit** says how well
an eligible participant suits the track, from criteria that never bar entry:

* the track's target occupations (``Track.occupations``) against the
  participant's competences (:class:`~etableringsmodell.model.OccupationIn`,
  any SSYK 2012 level), weight 3;
* the track's branch against the participant's stated interests
  (:class:`~etableringsmodell.model.InterestIn`), weight 2: Norrköping
  matches "the newcomers' interests and competences" with the region's needs
  (seed ``001_f230a1e9640a4119.txt``);
* for a track with a validation step and target occupations, a competence
  validated in one of them (:class:`~etableringsmodell.model.Validated`),
  weight 1;
* the caller's soft requirements (``preferences``, meriterande), weight 1
  each (the parts of an :class:`~etableringsmodell.model.AllOf` count one by one).

Scoring
-------
``score`` is the weight of the fit criteria that passed divided by the
weight of all of them, in [0, 1]; an undetermined criterion counts as not
met. A missing criterion is a :class:`Gap` with the step (:class:`StepKind`)
that would close it: validation → VALIDATION, Swedish → VOCATIONAL_SWEDISH,
occupation, education and experience → TRAINING, interest → SKILLS_MAPPING
(kartläggning); a gap no step can close (age, permit) has ``step`` ``None``.
The snabbspår steps these follow are in seed ``003_71a72925e54781f3.txt``.

>>> from datetime import date, datetime
>>> from etableringsmodell.model import Competence, Participant, Track, TrackKind, StepKind
>>> from etableringsmodell.sources import Source
>>> nurse = Participant("p1", birth_date=date(1985, 1, 1), received_on=date(2016, 5, 1),
...                     competences=[Competence("2221")], interests={"vård"})
>>> track = Track("care", "Snabbspår vård", TrackKind.FAST_TRACK, "vård", occupations=("2221",),
...               steps=(StepKind.VALIDATION,), sources=Source.seed("003_71a72925e54781f3.txt"))
>>> fit = rank_tracks(nurse, [track], date(2016, 10, 1))[0]
>>> round(fit.score, 3), [(g.criterion_id, g.step.name) for g in fit.missing]
(0.833, [('validated-in(2221)', 'VALIDATION')])
"""

from __future__ import annotations

import heapq
import importlib
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from etableringsmodell.errors import InvalidTypeError, InvalidValueError, MissingExtraError
from etableringsmodell.i18n import N_
from etableringsmodell.model.criteria import (
    AllOf,
    Criterion,
    EducationAtLeast,
    ExperienceAtLeast,
    InterestIn,
    OccupationIn,
    SwedishAtLeast,
    Validated,
)
from etableringsmodell.model.enums import StepKind
from etableringsmodell.model.participant import Participant
from etableringsmodell.model.programme import Track
from etableringsmodell.rules.eligibility import (
    PASSED,
    Decision,
    Reason,
    _evaluate,  # the same layer's evaluator, without a Decision per criterion
    check_eligibility,
    resolve_rule,
)
from etableringsmodell.sources import Source, SourceKind

__all__ = [
    "FIT_CONVENTION",
    "Assignment",
    "Gap",
    "Placement",
    "TrackFit",
    "Unplaced",
    "assign",
    "fit_criteria",
    "rank_tracks",
    "register_gap_step",
]

FIT_CONVENTION = Source(
    SourceKind.CONVENTION,
    "etableringsmodell fit score",
    title="Fit of an eligible participant to a track",
    note="weights: target occupation 3, branch interest 2, validation 1, each soft requirement 1; "
    "the score is the met weight over the total; see etableringsmodell.rules.matching",
)
MATCHING_SEED = Source.seed(
    "001_f230a1e9640a4119.txt",
    "Norrköping: the region's competence needs matched with the newcomers' interests and competences",
)
STEPS_SEED = Source.seed("003_71a72925e54781f3.txt", "Snabbspår: validation, vocational Swedish, training")

_GAP_STEPS: dict[type, StepKind] = {
    Validated: StepKind.VALIDATION,
    SwedishAtLeast: StepKind.VOCATIONAL_SWEDISH,
    EducationAtLeast: StepKind.TRAINING,
    ExperienceAtLeast: StepKind.TRAINING,
    OccupationIn: StepKind.TRAINING,
    InterestIn: StepKind.SKILLS_MAPPING,
}


def register_gap_step(kind: type[Criterion], step: StepKind | None) -> None:
    """Say which step closes a gap in a criterion type of your own (``None``: none does)."""
    if not isinstance(step, StepKind | type(None)):
        raise InvalidTypeError("step", f"must be a StepKind or None, got {type(step).__name__}")
    if step is None:
        _GAP_STEPS.pop(kind, None)
    else:
        _GAP_STEPS[kind] = step


def _step_for(criterion: Criterion) -> StepKind | None:
    for kind in type(criterion).__mro__:
        if kind in _GAP_STEPS:
            return _GAP_STEPS[kind]
    return None


class Gap(NamedTuple):
    """A fit criterion the participant does not meet, and the step that would close it."""

    reason: Reason
    step: StepKind | None
    in_track: bool
    """Whether the track itself offers ``step``."""

    @property
    def criterion_id(self) -> str:
        return self.reason.criterion_id

    def __str__(self) -> str:
        if self.step is None:
            closing = "no step closes it"
        else:
            closing = f"closed by {self.step.name}" + (
                " (in the track)" if self.in_track else " (outside the track)"
            )
        return f"{self.reason} -> {closing}"


class TrackFit(NamedTuple):
    """How well one participant fits one track on a date, with why and says who."""

    track: Track
    on: date
    entry: Decision
    """The entry rule's decision; a fit is ranked only when it is eligible."""
    score: float
    weight_met: int
    weight_total: int
    met: tuple[Reason, ...]
    missing: tuple[Gap, ...]

    @property
    def eligible(self) -> bool:
        return self.entry.eligible

    @property
    def sources(self) -> tuple[Source, ...]:
        """The entry rule's sources, then every fit criterion's, then the scoring convention."""
        seen: dict[Source, None] = dict.fromkeys(self.entry.sources)
        for reason in (*self.met, *(g.reason for g in self.missing)):
            seen.update(dict.fromkeys(reason.sources))
        seen.update(dict.fromkeys((FIT_CONVENTION, *self.track.sources)))
        return tuple(seen)

    def _repr_html_(self) -> str:
        from etableringsmodell import _html

        rows = [("entry rule", self.entry.rule_id, self.entry.status.value, "")]
        rows += [("met", r.criterion_id, r.message, "") for r in self.met]
        rows += [
            (
                "missing",
                g.criterion_id,
                g.reason.message,
                "no step closes it"
                if g.step is None
                else g.step.name + (" (in the track)" if g.in_track else " (outside the track)"),
            )
            for g in self.missing
        ]
        body = _html.table(("", "criterion", "reason", "closing step"), rows)
        body += (
            "<div>sources: " + _html.escape("; ".join(dict.fromkeys(str(x) for x in self.sources))) + "</div>"
        )
        title = f"{self.track.name}: fit {self.score:.2f} ({self.weight_met} of {self.weight_total})"
        return _html.titled(title, body, subtitle=f"{self.track.id} on {self.on.isoformat()}")

    def explain(self) -> str:
        """The fit as text: score, entry rule, then each requirement met and missing."""
        lines = [
            (
                f"{self.track.id} ({self.track.name}) on {self.on.isoformat()}: fit {self.score:.2f} "
                f"({self.weight_met} of {self.weight_total})"
            ),
            "  entry rule: "
            + ("passed" if self.eligible else self.entry.status.value)
            + f" ({self.entry.rule_id})",
        ]
        lines += [f"  met: {reason}" for reason in self.met]
        lines += [f"  missing: {gap}" for gap in self.missing]
        return "\n".join(lines)


def _branch_terms(track: Track) -> frozenset[str]:
    """The words a stated interest may use for the track's branch.

    The branch as written, each of its parts ("restaurant and large-scale
    kitchen (restaurang och storkök)" gives both names), and the branches of
    any :class:`InterestIn` in the track's entry rule, which the track itself
    counts as interest in it.
    """
    terms = {track.branch}
    for separator in "(),;/":
        terms = {part for term in terms for part in term.split(separator)}
    terms = {term.strip() for term in terms if term.strip()} | {track.branch}
    pending: list[Criterion] = [] if track.requirements is None else [track.requirements]
    while pending:
        criterion = pending.pop()
        if isinstance(criterion, InterestIn):
            terms |= criterion.branches
        pending.extend(getattr(criterion, "criteria", ()))
        inner = getattr(criterion, "criterion", None)
        if isinstance(inner, Criterion):
            pending.append(inner)
    return frozenset(terms)


def fit_criteria(track: Track, preferences: Iterable[Criterion] = ()) -> tuple[tuple[Criterion, int], ...]:
    """The fit criteria of ``track`` with their weights (see the module's scoring)."""
    sources = (MATCHING_SEED, *track.sources)
    found: list[tuple[Criterion, int]] = []
    if track.occupations:
        found.append((OccupationIn(track.occupations, sources=sources), 3))
    found.append((InterestIn(_branch_terms(track), sources=sources), 2))
    if track.occupations and StepKind.VALIDATION in track.steps:
        found.append((Validated(track.occupations, sources=(STEPS_SEED, *track.sources)), 1))
    for preference in preferences:
        if not isinstance(preference, Criterion):
            raise InvalidTypeError("preferences", f"must hold criteria, got {type(preference).__name__}")
        parts = preference.criteria if isinstance(preference, AllOf) else (preference,)
        found += [(part, 1) for part in parts]
    return tuple(found)


def _fit(participant: Participant, track: Track, on: date, preferences: Iterable[Criterion]) -> TrackFit:
    return _explained_fit(participant, track, on, resolve_rule(track, on), fit_criteria(track, preferences))


def _explained_fit(
    participant: Participant,
    track: Track,
    on: date,
    entry_rule: Criterion,
    criteria: tuple[tuple[Criterion, int], ...],
) -> TrackFit:
    entry = check_eligibility(participant, entry_rule, on)
    met: list[Reason] = []
    missing: list[Gap] = []
    weight_met = weight_total = 0
    for criterion, weight in criteria:
        decision = check_eligibility(participant, criterion, on)
        reason = decision.reasons[0]
        weight_total += weight
        if decision.status is PASSED:
            weight_met += weight
            met.append(reason)
        else:
            step = _step_for(criterion)
            missing.append(Gap(reason, step, step is not None and step in track.steps))
    score = weight_met / weight_total if weight_total else 0.0
    return TrackFit(track, on, entry, score, weight_met, weight_total, tuple(met), tuple(missing))


def _preferences_for(
    preferences: Mapping[str, Criterion | Sequence[Criterion]] | None, track: Track
) -> tuple[Criterion, ...]:
    if not preferences:
        return ()
    found = preferences.get(track.id, ())
    return (found,) if isinstance(found, Criterion) else tuple(found)


def _check_tracks(tracks: Iterable[Track]) -> tuple[Track, ...]:
    result = tuple(tracks)
    seen: set[str] = set()
    for index, track in enumerate(result):
        if not isinstance(track, Track):
            raise InvalidTypeError(f"tracks[{index}]", f"must be a Track, got {type(track).__name__}")
        if track.id in seen:
            raise InvalidValueError(f"tracks[{index}].id", f"{track.id!r} appears twice")
        seen.add(track.id)
    return result


def rank_tracks(
    participant: Participant,
    tracks: Iterable[Track],
    on: date,
    *,
    preferences: Mapping[str, Criterion | Sequence[Criterion]] | None = None,
) -> list[TrackFit]:
    """The tracks whose entry rule ``participant`` passes on ``on``, best fit first.

    Ties keep the order of ``tracks``. ``preferences`` maps a track id to its
    soft requirements. A track whose entry rule fails or is undetermined is
    left out: use :func:`etableringsmodell.rules.eligibility.check_eligibility`
    to see why.
    """
    fits = [_fit(participant, t, on, _preferences_for(preferences, t)) for t in _check_tracks(tracks)]
    eligible = [f for f in fits if f.eligible]
    return sorted(eligible, key=lambda f: -f.score)


# ---- assigning a cohort -------------------------------------------------------


class Placement(NamedTuple):
    """A participant placed in a track."""

    participant: Participant
    fit: TrackFit


class Unplaced(NamedTuple):
    """A participant left without a track, and why."""

    participant: Participant
    reason: str
    eligible_tracks: tuple[str, ...]
    """The tracks whose entry rule they pass (all full, or given to better fits)."""


class _AssignmentFields(NamedTuple):
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    total_fit: float
    solver: str
    """``"scipy.optimize.linprog (HiGHS)"`` or ``"pure-python min-cost flow"``."""
    on: date


class Assignment(_AssignmentFields):
    """The result of :func:`assign`: who goes where, who does not and why, and which solver ran.

    A named tuple of ``placements``, ``unplaced``, ``total_fit``, ``solver``
    and ``on``. It subclasses the tuple's class only to keep, beside the
    fields, the index :meth:`track_of` builds on its first call.
    """

    def track_of(self, participant_id: str) -> str | None:
        """The id of the track a participant was placed in, or ``None``.

        A dictionary from participant id to track id is built on the first
        call (one pass over the placements) and kept, so every later call
        is a lookup. If an id was placed twice (ids are the caller's), the
        first placement answers, as a scan would.
        """
        index: dict[str, str] | None = self.__dict__.get("_track_index")
        if index is None:
            index = {}
            for placement in self.placements:
                index.setdefault(placement.participant.id, placement.fit.track.id)
            self.__dict__["_track_index"] = index
        return index.get(participant_id)


_SCALE = 1_000_000
"""Fit scores become whole numbers of millionths, so both solvers compare exactly."""


def _weights(n: int, score: float) -> int:
    # Total fit first; among equally fit assignments, more people placed.
    return round(score * _SCALE) * (n + 1) + 1


Row = tuple[int | None, ...]
"""One participant's weight per track (``None``: not eligible for it)."""


def _check_on(on: object) -> None:
    if not isinstance(on, date) or isinstance(on, datetime):
        raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")


class _Plan(NamedTuple):
    """The tracks' criteria as slots into the distinct criteria, each of which is judged once."""

    distinct: list[Criterion]
    entry_slots: list[int]
    """Per track: the slot of its entry rule."""
    fit_slots: list[tuple[tuple[int, int], ...]]
    """Per track: (slot, weight) of each fit criterion."""


def _plan(entry_rules: Sequence[Criterion], criteria: Sequence[tuple[tuple[Criterion, int], ...]]) -> _Plan:
    """The distinct criteria among the tracks' entry rules and fit criteria, and where each track's are.

    The tracks' entry rules and fit criteria repeat (the same branch, the same
    occupations, the same age limits), and a criterion's verdict depends only
    on the criterion, the participant and the date; so each distinct
    criterion needs judging once per participant.
    """
    distinct: list[Criterion] = []
    slot: dict[object, int] = {}

    def index(criterion: Criterion) -> int:
        key: object
        try:
            hash(criterion)
            key = criterion  # equal criteria judge alike
        except TypeError:  # an unhashable criterion of the user's own: judged on its own
            key = ("unhashable", id(criterion))
        found = slot.get(key)
        if found is None:
            found = slot[key] = len(distinct)
            distinct.append(criterion)
        return found

    entry_slots = [index(rule) for rule in entry_rules]
    fit_slots = [tuple((index(c), w) for c, w in pairs) for pairs in criteria]
    return _Plan(distinct, entry_slots, fit_slots)


def _fit_rows(
    people: Sequence[Participant],
    on: date,
    entry_rules: Sequence[Criterion],
    criteria: Sequence[tuple[tuple[Criterion, int], ...]],
) -> list[Row]:
    """Every participant's weight per track, judging each distinct criterion once per participant.

    The scalar path, one participant at a time, and the reference the
    columnar path (:mod:`etableringsmodell.batch.matching`) is tested
    against. Participants whose verdicts all agree share one row. No
    :class:`TrackFit` is built here: explanations are made only for the
    results.
    """
    plan = _plan(entry_rules, criteria)
    totals = [sum(w for _, w in pairs) for pairs in plan.fit_slots]
    tracks = list(zip(plan.entry_slots, plan.fit_slots, totals, strict=True))
    n = len(people)
    rows: list[Row] = []
    seen: dict[tuple[bool, ...], Row] = {}
    scratch: list[object] = []
    for person in people:
        verdicts: list[bool] = []
        for criterion in plan.distinct:
            verdicts.append(_evaluate(criterion, person, on, scratch, 0) is PASSED)
            scratch.clear()
        key = tuple(verdicts)
        row = seen.get(key)
        if row is None:
            values: list[int | None] = []
            for entry, fits, weight_total in tracks:
                if not key[entry]:
                    values.append(None)
                    continue
                weight_met = sum(w for u, w in fits if key[u])
                # The same arithmetic as TrackFit.score, so the weights match the explanations.
                values.append(_weights(n, weight_met / weight_total if weight_total else 0.0))
            row = seen[key] = tuple(values)
        rows.append(row)
    return rows


def _passes(on: date) -> Callable[[Criterion, Participant], bool]:
    """The scalar verdict, for a criterion the columnar path has no evaluator for."""
    scratch: list[object] = []

    def judge(criterion: Criterion, person: Participant) -> bool:
        passed = _evaluate(criterion, person, on, scratch, 0) is PASSED
        scratch.clear()
        return passed

    return judge


COLUMNAR_FROM = 1_000
"""Cohort size from which :func:`assign` judges on columns (:mod:`etableringsmodell.batch.matching`)
when numpy is installed and the batch face is already loaded: from there the columns are
faster than the scalar path (3,000 people, 4 tracks: 55 against 212 ms of CPU)."""

COLUMNAR_COLD_FROM = 5_000
"""Cohort size from which :func:`assign` loads the batch face to judge on columns: importing
numpy and the face costs about 0.1 to 0.3 s, which the scalar path's 70 µs a person (4 tracks)
pays back from a few thousand people. The README's main job (3,000 people) stays scalar."""


def _columnar_for(size: int) -> bool:
    """Whether a cohort of ``size`` participants is judged on columns (the answer is the same)."""
    if _ACCELERATOR in sys.modules:
        return size >= COLUMNAR_FROM
    return size >= max(COLUMNAR_FROM, COLUMNAR_COLD_FROM)


_ACCELERATOR = "etableringsmodell.batch.matching"


def _accelerator() -> Any | None:
    """The columnar fast path, or ``None`` without numpy.

    The rules never import a face (layers reach only downward), so the face
    is reached by name, like the optional scipy import: ``assign`` decides
    the same without it, only more slowly, and the tests compare the two.
    """
    try:
        return importlib.import_module(_ACCELERATOR)
    except ImportError:  # MissingExtraError too: numpy is not installed
        return None


class _Groups:
    """Participants with equal weight rows, solved as one: the transportation problem's supplies."""

    __slots__ = ("_rows", "matrix", "members")

    def __init__(self, rows: list[Row] | None, members: list[list[int]], matrix: Any = None) -> None:
        self._rows = rows
        self.members = members
        """Per group: its participants' positions in the cohort, in cohort order."""
        self.matrix = matrix
        """The columnar path's groups x tracks weights (numpy, -1: not eligible), or ``None``."""

    @property
    def rows(self) -> list[Row]:
        """Per group: its weight per track (``None``: not eligible); made from ``matrix`` when first needed."""
        if self._rows is None:
            self._rows = _accelerator().rows(self.matrix)  # type: ignore[union-attr]  # matrix: the accelerator is there
        return self._rows

    def may_enter(self, g: int, k: int) -> bool:
        """Whether group ``g`` passes track ``k``'s entry rule."""
        if self._rows is None:
            return bool(self.matrix[g, k] >= 0)
        return self._rows[g][k] is not None

    def open_to(self, g: int) -> list[int]:
        """The tracks group ``g`` may enter."""
        if self._rows is None:
            return [int(k) for k in (self.matrix[g] >= 0).nonzero()[0]]
        return [k for k, w in enumerate(self._rows[g]) if w is not None]


def _grouped(
    people: Sequence[Participant],
    on: date,
    entry_rules: Sequence[Criterion],
    criteria: Sequence[tuple[tuple[Criterion, int], ...]],
) -> _Groups:
    fast = _accelerator() if _columnar_for(len(people)) else None
    if fast is None:
        return _group_rows(_fit_rows(people, on, entry_rules, criteria))
    plan = _plan(entry_rules, criteria)
    matrix, group_of = fast.grouped_weights(
        people, on, plan.distinct, entry_slots=plan.entry_slots, fit_slots=plan.fit_slots, judge=_passes(on)
    )
    members: list[list[int]] = [[] for _ in range(len(matrix))]
    for i, g in enumerate(group_of.tolist()):
        members[g].append(i)
    return _Groups(None, members, matrix)


def _group_rows(weights: Iterable[Sequence[int | None]]) -> _Groups:
    groups: dict[tuple[int | None, ...], list[int]] = {}
    for i, row in enumerate(weights):
        groups.setdefault(tuple(row), []).append(i)
    return _Groups(list(groups), list(groups.values()))


SCIPY_SOLVER = "scipy.optimize.linprog (HiGHS)"
PYTHON_SOLVER = "pure-python min-cost flow"


def assign(
    cohort: Iterable[Participant],
    tracks: Iterable[Track],
    on: date,
    *,
    preferences: Mapping[str, Criterion | Sequence[Criterion]] | None = None,
    solver: str = "auto",
) -> Assignment:
    """Assign a cohort to tracks within their capacities, maximising the total fit.

    The objective is the sum of the placed participants' fit scores; among
    assignments with the same total, the one placing more people wins. A
    track with ``capacity`` ``None`` takes everyone eligible. A participant is
    only ever placed in a track whose entry rule they pass. The result is
    deterministic for the same input order.

    Participants whose weights agree on every track are interchangeable: the
    problem is solved over such groups (a transportation problem, with each
    group's size as its supply and each track's capacity), and within a group
    the earlier participants in ``cohort`` are placed first, into the tracks in
    the order of ``tracks``.

    A cohort of :data:`COLUMNAR_FROM` participants or more is judged on
    columns when numpy is installed (:mod:`etableringsmodell.batch.matching`):
    each distinct criterion of the tracks once over the whole cohort, then
    the fit weights of each distinct verdict row at once; the weights, and
    so the result, are the same as the scalar path's. Placements carry the
    full explanation (:class:`TrackFit`), built for the placed only; an
    unplaced participant's :class:`Unplaced` says why, and
    :func:`rank_tracks` explains their fit to any track.

    ``solver``: ``"scipy"`` (``scipy.optimize.linprog`` with HiGHS's dual
    simplex, the ``etableringsmodell[match]`` extra; its vertex optimum is
    integral because the problem is totally unimodular, and it is checked —
    whole numbers, capacities, and no cost-reducing cycle left — before it is
    used, else the pure-Python solver's answer is), ``"python"`` (a min-cost
    flow by successive shortest paths in pure Python), or ``"auto"``: the
    pure-Python flow for a small problem (at most :data:`SMALL_PROBLEM`
    group-track pairs, where importing scipy would take longer than solving),
    else scipy when installed. Both give the same optimal total; on ties between
    different groups they may choose different, equally good, placements.
    """
    _check_on(on)
    people = list(cohort)
    for index, person in enumerate(people):
        if not isinstance(person, Participant):
            raise InvalidTypeError(f"cohort[{index}]", f"must be a Participant, got {type(person).__name__}")
    offered = _check_tracks(tracks)
    if solver not in {"auto", "scipy", "python"}:
        raise InvalidValueError("solver", f"must be 'auto', 'scipy' or 'python', got {solver!r}")
    n = len(people)
    entry_rules = [resolve_rule(t, on) for t in offered]
    criteria = [fit_criteria(t, _preferences_for(preferences, t)) for t in offered]
    groups = _grouped(people, on, entry_rules, criteria)
    capacity = [n if t.capacity is None else min(t.capacity, n) for t in offered]

    use_scipy = solver == "scipy" or (
        solver == "auto" and len(groups.members) * len(offered) > SMALL_PROBLEM and _have_scipy()
    )
    flows, name = _solve_groups(groups, capacity, use_scipy=use_scipy)
    chosen = _distribute(groups.members, flows, n)

    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    group_of = [0] * n
    for g, members in enumerate(groups.members):
        for i in members:
            group_of[i] = g
    why_of: dict[int, tuple[str, tuple[str, ...]]] = {}
    for index, person in enumerate(people):
        column = chosen[index]
        g = group_of[index]
        if column is not None:
            if not groups.may_enter(
                g, column
            ):  # the solvers only choose eligible pairs; never placed otherwise
                raise InvalidValueError("solver", N_("chose a track the participant is not eligible for"))
            fit = _explained_fit(person, offered[column], on, entry_rules[column], criteria[column])
            placements.append(Placement(person, fit))
            continue
        if g not in why_of:  # the same words for the whole group
            open_to = tuple(offered[k].id for k in groups.open_to(g))
            if not open_to:
                why = "passes the entry rule of no track"
            else:
                why = (
                    "every track they are eligible for ("
                    + ", ".join(open_to)
                    + ") is full with better or equal fits"
                )
            why_of[g] = (why, open_to)
        unplaced.append(Unplaced(person, *why_of[g]))
    total = sum(p.fit.score for p in placements)
    return Assignment(tuple(placements), tuple(unplaced), total, name, on)


SMALL_PROBLEM = 5_000
"""Group-track pairs up to which ``solver="auto"`` solves in pure Python: importing scipy
costs about half a second, more than the flow takes on such a problem (the README's
main job has a few hundred groups and four tracks)."""


def _have_scipy() -> bool:
    try:
        import scipy.optimize  # noqa: F401  # only whether it imports
    except ImportError:
        return False
    return True


Flows = list[dict[int, int]]
"""Per group: track index → how many of its members are placed there."""


def _solve_groups(groups: _Groups, capacity: Sequence[int], *, use_scipy: bool) -> tuple[Flows, str]:
    """Each group's placements and the solver's name.

    With the columnar path's matrix, HiGHS and the exact check run on numpy
    arrays (:func:`etableringsmodell.batch.matching.solve`); they build the
    same programme and check the same conditions as :func:`_transport_scipy`
    and :func:`_is_optimal`.
    """
    supply = [len(m) for m in groups.members]
    flows: Flows | None = None
    name = PYTHON_SOLVER
    if use_scipy:
        name = SCIPY_SOLVER
        fast = None if groups.matrix is None else _accelerator()
        if fast is not None:
            amounts = fast.solve(groups.matrix, supply, capacity)
            if amounts is not None:
                flows = [{} for _ in supply]
                placed_group, placed_track = amounts.nonzero()
                for g, k, amount in zip(
                    placed_group.tolist(),
                    placed_track.tolist(),
                    amounts[placed_group, placed_track].tolist(),
                    strict=True,
                ):
                    flows[g][k] = amount
        else:
            rows = groups.rows
            flows = _transport_scipy(_candidates(rows, supply, capacity), supply, capacity)
            if flows is not None and not _is_optimal(rows, supply, capacity, flows):
                flows = None
        if flows is None:
            # HiGHS's answer failed the check: the exact fallback decides.
            name = f"{PYTHON_SOLVER} (the HiGHS answer failed its check)"
    if flows is None:
        flows = _transport_python(_candidates(groups.rows, supply, capacity), supply, capacity)
    return flows, name


def _distribute(members: Sequence[Sequence[int]], flows: Flows, n: int) -> list[int | None]:
    """Each participant's track index (or ``None``): a group's earlier members into its earlier tracks."""
    chosen: list[int | None] = [None] * n
    for group, flow in zip(members, flows, strict=True):
        position = 0
        for k in sorted(flow):
            for i in group[position : position + flow[k]]:
                chosen[i] = k
            position += flow[k]
    return chosen


def _solve(
    weights: Sequence[Sequence[int | None]], capacity: Sequence[int], *, use_scipy: bool
) -> tuple[list[int | None], str]:
    """Each participant's track index (or ``None``) and the solver's name."""
    groups = _group_rows(weights)
    flows, name = _solve_groups(groups, capacity, use_scipy=use_scipy)
    return _distribute(groups.members, flows, len(weights)), name


def _solve_scipy(weights: Sequence[Sequence[int | None]], capacity: Sequence[int]) -> list[int | None]:
    return _solve(weights, capacity, use_scipy=True)[0]


def _solve_python(weights: Sequence[Sequence[int | None]], capacity: Sequence[int]) -> list[int | None]:
    return _solve(weights, capacity, use_scipy=False)[0]


def _transport_scipy(
    rows: Sequence[Sequence[int | None]], supply: Sequence[int], capacity: Sequence[int]
) -> Flows | None:
    """The transportation problem as a linear programme for HiGHS; ``None`` if its answer fails the check.

    One variable per eligible (group, track) pair, one row per group (at most
    its size placed) and per track (at most its capacity): a bipartite
    incidence matrix, totally unimodular, so a simplex vertex is integral. The
    weights are whole numbers below 2**53, exact in floating point.
    """
    try:
        import numpy as np
        from scipy.optimize import linprog
        from scipy.sparse import coo_array
    except ImportError:
        raise MissingExtraError("scipy", "match", "assign(solver='scipy')") from None
    pairs = [(g, k, w) for g, row in enumerate(rows) for k, w in enumerate(row) if w is not None]
    flows: Flows = [{} for _ in rows]
    if not pairs or not any(capacity):
        return flows
    group_of = np.fromiter((g for g, _, _ in pairs), dtype=np.int64, count=len(pairs))
    track_of = np.fromiter((k for _, k, _ in pairs), dtype=np.int64, count=len(pairs))
    gain = np.fromiter((w for _, _, w in pairs), dtype=np.float64, count=len(pairs))
    columns = np.arange(len(pairs))
    matrix = coo_array(
        (
            np.ones(2 * len(pairs)),
            (np.concatenate([group_of, len(rows) + track_of]), np.concatenate([columns, columns])),
        ),
        shape=(len(rows) + len(capacity), len(pairs)),
    ).tocsc()
    bounds = np.asarray([*supply, *capacity], dtype=np.float64)
    result = linprog(-gain, A_ub=matrix, b_ub=bounds, bounds=(0, None), method="highs-ds")
    if result.status != 0 or result.x is None:
        return None
    amounts = np.rint(result.x)
    if float(np.max(np.abs(result.x - amounts), initial=0.0)) > 1e-6:
        return None
    for (g, k, _), amount in zip(pairs, amounts.astype(np.int64).tolist(), strict=True):
        if amount:
            flows[g][k] = amount
    return flows


def _candidates(
    rows: Sequence[Sequence[int | None]], supply: Sequence[int], capacity: Sequence[int]
) -> list[tuple[int | None, ...]]:
    """``rows`` with each track kept only for its best candidates, as many as there are places in all.

    At most ``places`` people are placed anywhere. If someone sits in track
    ``k`` without being among its ``places`` best candidates, one of those is
    unplaced and can take the seat for at least the same weight; so some
    optimal assignment uses only these pairs, and the solvers need no others.
    Ties go to the earlier group, which keeps the result deterministic.
    """
    places = min(sum(capacity), sum(supply))
    keep = [[False] * len(capacity) for _ in rows]
    for k in range(len(capacity)):
        ranked = sorted(
            (g for g, row in enumerate(rows) if row[k] is not None),
            key=lambda g: -(rows[g][k] or 0),  # never None: filtered above
        )
        count = 0
        for g in ranked:
            if count >= places:
                break
            keep[g][k] = True
            count += supply[g]
    return [
        tuple(w if kept else None for w, kept in zip(row, flags, strict=True))
        for row, flags in zip(rows, keep, strict=True)
    ]


def _is_optimal(
    rows: Sequence[Sequence[int | None]], supply: Sequence[int], capacity: Sequence[int], flows: Flows
) -> bool:
    """Whether ``flows`` is feasible and of maximal weight: exact, in whole numbers.

    A feasible flow is optimal when its residual network holds no cycle of
    negative cost. The group nodes are folded away: moving one member of
    group ``g`` from ``x`` to ``y`` (a track, or ``m`` for "unplaced") costs
    ``w[g][x] - w[g][y]``; a track with room reaches the sink ``m + 1`` and a
    track with someone in it is reached from it. Bellman-Ford over the
    ``m + 2`` nodes finds any negative cycle.
    """
    m = len(capacity)
    used = [0] * m
    unplaced, sink = m, m + 1
    cheapest: dict[tuple[int, int], int] = {}
    anyone_unplaced = False
    for g, (row, flow) in enumerate(zip(rows, flows, strict=True)):
        left = supply[g] - sum(flow.values())
        if left < 0 or any(amount <= 0 or row[k] is None for k, amount in flow.items()):
            return False
        anyone_unplaced = anyone_unplaced or left > 0
        origins = [*flow, *([unplaced] if left else [])]
        for x in origins:
            here = 0 if x == unplaced else (row[x] or 0)  # never None: checked above
            if x != unplaced:
                used[x] += flow[x]
            for y, there in enumerate((*row, 0)):
                if there is None or y == x:
                    continue
                step = here - there
                if step < cheapest.get((x, y), step + 1):
                    cheapest[(x, y)] = step
    if any(u > c for u, c in zip(used, capacity, strict=True)):
        return False
    edges = [(x, y, c) for (x, y), c in cheapest.items()]
    edges += [(k, sink, 0) for k in range(m) if used[k] < capacity[k]]
    edges += [(sink, k, 0) for k in range(m) if used[k] > 0]
    edges += [(unplaced, sink, 0)] + ([(sink, unplaced, 0)] if anyone_unplaced else [])
    dist = [0] * (m + 2)
    for _ in range(m + 2):
        changed = False
        for x, y, c in edges:
            if dist[x] + c < dist[y]:
                dist[y] = dist[x] + c
                changed = True
        if not changed:
            return True
    return False


def _transport_python(  # noqa: PLR0912, PLR0915  # one function: the inner loops read locals, which is what makes it fast enough
    rows: Sequence[Sequence[int | None]], supply: Sequence[int], capacity: Sequence[int]
) -> Flows:
    """Max-weight transportation problem by successive shortest paths (min-cost flow).

    The network is source → group → track → sink, with a direct group → sink
    edge for "unplaced". Costs are ``top - weight`` (so non-negative;
    "unplaced" costs ``top``). Groups are added one at a time and each sends
    its members along shortest paths in the residual network, as many at a
    time as the path's narrowest edge allows, found with Dijkstra over reduced
    costs (Johnson potentials), which keeps the flow of minimal cost at every
    step (the Hungarian method's invariant).

    The residual network's group nodes are folded away: moving a member of
    ``q`` from track ``k`` to ``k2`` costs ``cost(q, k2) - cost(q, k)``,
    whatever its potential, so Dijkstra runs over the ``m + 1`` tracks and
    sink alone, and the cheapest such move per pair of tracks is kept in a
    heap (stale entries are skipped once the group has left the track).
    """
    m = len(capacity)
    flows: Flows = [{} for _ in rows]
    if not rows:
        return flows
    top = 1 + max((w for row in rows for w in row if w is not None), default=0)
    cost = [[None if w is None else top - w for w in row] for row in rows]
    sink = m
    nodes = range(m + 1)
    potential = [0] * (m + 1)
    used = [0] * m
    # moves[k][k2]: heap of (cost(q, k2) - cost(q, k), q) for q with members in k; k2 == sink: "unplace".
    moves: list[list[list[tuple[int, int]]]] = [[[] for _ in nodes] for _ in range(m)]
    infinity = float("inf")
    push, pop = heapq.heappush, heapq.heappop

    def add(q: int, k: int, amount: int) -> None:
        flow = flows[q]
        before = flow.get(k, 0)
        flow[k] = before + amount
        used[k] += amount
        if before:
            return
        here = cost[q][k] or 0  # never None: only eligible pairs carry flow
        heaps = moves[k]
        for k2, there in enumerate(cost[q]):
            if k2 != k and there is not None:
                push(heaps[k2], (there - here, q))
        push(heaps[sink], (top - here, q))

    def remove(q: int, k: int, amount: int) -> None:
        flow = flows[q]
        left = flow[k] - amount
        if left:
            flow[k] = left
        else:
            del flow[k]
        used[k] -= amount

    for g, row in enumerate(cost):
        remaining = supply[g]
        while remaining > 0:
            dist: list[float] = [infinity] * (m + 1)
            # How each node was reached: (previous track or -1 for g, the group moved or -1).
            previous: list[tuple[int, int]] = [(-1, -1)] * (m + 1)
            for k in range(m):
                c = row[k]
                if c is not None:
                    dist[k] = c - potential[k]
            dist[sink] = top - potential[sink]
            done = [False] * (m + 1)
            while True:
                u = -1
                best = infinity
                for v in nodes:
                    if not done[v] and dist[v] < best:
                        best, u = dist[v], v
                if u in (-1, sink):
                    break
                done[u] = True
                base = best + potential[u]
                if used[u] < capacity[u]:
                    candidate = base - potential[sink]
                    if candidate < dist[sink]:
                        dist[sink], previous[sink] = candidate, (u, -1)
                heaps = moves[u]
                for v in nodes:
                    if done[v]:
                        continue
                    heap = heaps[v]
                    while heap and u not in flows[heap[0][1]]:
                        pop(heap)
                    if not heap:
                        continue
                    delta, q = heap[0]
                    candidate = base + delta - potential[v]
                    if candidate < dist[v]:
                        dist[v], previous[v] = candidate, (u, q)
            limit = dist[sink]
            for v in nodes:
                potential[v] += int(min(dist[v], limit))  # exact: costs are whole numbers
            # The path back from the sink, and how many members it can carry.
            path: list[tuple[int, int, int]] = []
            amount = remaining
            v = sink
            while True:
                u, q = previous[v]
                path.append((u, q, v))
                if u == -1:
                    break
                # q == -1: u has free places, the path ends u -> sink; else members of q leave u.
                amount = min(amount, capacity[u] - used[u] if q == -1 else flows[q][u])
                v = u
            for u, q, v in path:
                if u == -1:
                    if v != sink:  # else g's members stay unplaced
                        add(g, v, amount)
                elif q == -1:
                    continue
                elif v == sink:  # members of q leave u unplaced
                    remove(q, u, amount)
                else:  # members of q move from u to v
                    remove(q, u, amount)
                    add(q, v, amount)
            remaining -= amount
    return flows


def greedy_total(weights: list[list[float | None]], capacity: list[int]) -> float:
    """The total of a greedy assignment (best pair first): the baseline the tests compare with."""
    pairs = sorted(
        ((w, i, k) for i, row in enumerate(weights) for k, w in enumerate(row) if w is not None),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    left = list(capacity)
    placed: set[int] = set()
    total = 0.0
    for w, i, k in pairs:
        if i not in placed and left[k] > 0:
            placed.add(i)
            left[k] -= 1
            total += w
    return total
