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

>>> from datetime import date
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
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from etableringsmodell.errors import InvalidTypeError, InvalidValueError, MissingExtraError
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
from etableringsmodell.rules.eligibility import PASSED, Decision, Reason, check_eligibility
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


def fit_criteria(track: Track, preferences: Iterable[Criterion] = ()) -> tuple[tuple[Criterion, int], ...]:
    """The fit criteria of ``track`` with their weights (see the module's scoring)."""
    sources = (MATCHING_SEED, *track.sources)
    found: list[tuple[Criterion, int]] = []
    if track.occupations:
        found.append((OccupationIn(track.occupations, sources=sources), 3))
    found.append((InterestIn({track.branch}, sources=sources), 2))
    if track.occupations and StepKind.VALIDATION in track.steps:
        found.append((Validated(track.occupations, sources=(STEPS_SEED, *track.sources)), 1))
    for preference in preferences:
        if not isinstance(preference, Criterion):
            raise InvalidTypeError("preferences", f"must hold criteria, got {type(preference).__name__}")
        parts = preference.criteria if isinstance(preference, AllOf) else (preference,)
        found += [(part, 1) for part in parts]
    return tuple(found)


def _fit(participant: Participant, track: Track, on: date, preferences: Iterable[Criterion]) -> TrackFit:
    entry = check_eligibility(participant, track, on)
    met: list[Reason] = []
    missing: list[Gap] = []
    weight_met = weight_total = 0
    for criterion, weight in fit_criteria(track, preferences):
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


class Assignment(NamedTuple):
    """The result of :func:`assign`: who goes where, who does not and why, and which solver ran."""

    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    total_fit: float
    solver: str
    """``"scipy.optimize.linear_sum_assignment"`` or ``"pure-python min-cost flow"``."""
    on: date

    def track_of(self, participant_id: str) -> str | None:
        """The id of the track a participant was placed in, or ``None``."""
        for placement in self.placements:
            if placement.participant.id == participant_id:
                return placement.fit.track.id
        return None


_SCALE = 1_000_000
"""Fit scores become whole numbers of millionths, so both solvers compare exactly."""


def _weights(n: int, score: float) -> int:
    # Total fit first; among equally fit assignments, more people placed.
    return round(score * _SCALE) * (n + 1) + 1


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

    ``solver``: ``"scipy"`` (``scipy.optimize.linear_sum_assignment``, the
    ``etableringsmodell[match]`` extra), ``"python"`` (a min-cost flow by
    successive shortest paths in pure Python, exact but slower), or
    ``"auto"`` (scipy when installed). Both give the same optimal total; on
    ties they may choose different, equally good, placements.
    """
    people = list(cohort)
    for index, person in enumerate(people):
        if not isinstance(person, Participant):
            raise InvalidTypeError(f"cohort[{index}]", f"must be a Participant, got {type(person).__name__}")
    offered = _check_tracks(tracks)
    if solver not in {"auto", "scipy", "python"}:
        raise InvalidValueError("solver", f"must be 'auto', 'scipy' or 'python', got {solver!r}")
    n = len(people)
    fits: list[list[TrackFit | None]] = []
    for person in people:
        row: list[TrackFit | None] = []
        for track in offered:
            fit = _fit(person, track, on, _preferences_for(preferences, track))
            row.append(fit if fit.eligible else None)
        fits.append(row)
    capacity = [n if t.capacity is None else min(t.capacity, n) for t in offered]
    weights = [[None if f is None else _weights(n, f.score) for f in row] for row in fits]

    use_scipy = solver == "scipy" or (solver == "auto" and _have_scipy())
    if use_scipy:
        chosen = _solve_scipy(weights, capacity)
        name = "scipy.optimize.linear_sum_assignment"
    else:
        chosen = _solve_python(weights, capacity)
        name = "pure-python min-cost flow"

    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    for index, person in enumerate(people):
        column = chosen[index]
        row = fits[index]
        if column is not None:
            chosen_fit = row[column]
            if chosen_fit is None:  # the solvers only choose eligible pairs; never placed otherwise
                raise InvalidValueError("solver", "chose a track the participant is not eligible for")
            placements.append(Placement(person, chosen_fit))
            continue
        open_to = tuple(offered[k].id for k, f in enumerate(row) if f is not None)
        if not open_to:
            why = "passes the entry rule of no track"
        else:
            why = (
                "every track they are eligible for ("
                + ", ".join(open_to)
                + ") is full with better or equal fits"
            )
        unplaced.append(Unplaced(person, why, open_to))
    total = sum(p.fit.score for p in placements)
    return Assignment(tuple(placements), tuple(unplaced), total, name, on)


def _have_scipy() -> bool:
    try:
        import scipy.optimize  # noqa: F401  # only whether it imports
    except ImportError:
        return False
    return True


def _solve_scipy(weights: list[list[int | None]], capacity: list[int]) -> list[int | None]:
    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        raise MissingExtraError("scipy", "match", "assign(solver='scipy')") from None
    n = len(weights)
    if n == 0:
        return []
    # One column per place; a track's places are no more than the people eligible for it.
    eligible_count = [sum(1 for row in weights if row[k] is not None) for k in range(len(capacity))]
    slots = [k for k, cap in enumerate(capacity) for _ in range(min(cap, eligible_count[k]))]
    if not slots:
        return [None] * n
    matrix = np.zeros((n, len(slots)), dtype=np.float64)
    columns = np.asarray(slots)
    for i, row in enumerate(weights):
        values = np.asarray([0 if w is None else w for w in row], dtype=np.float64)
        matrix[i] = values[columns]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    chosen: list[int | None] = [None] * n
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        track = slots[j]
        if weights[i][track] is not None:  # a zero cell is no placement
            chosen[i] = track
    return chosen


def _solve_python(  # noqa: PLR0912, PLR0915  # one function: the inner loops read locals, which is what makes it fast enough
    weights: list[list[int | None]], capacity: list[int]
) -> list[int | None]:
    """Max-weight capacitated assignment by successive shortest paths (min-cost flow).

    The network is source → participant → track → sink, with a direct
    participant → sink edge for "unplaced". Costs are ``top - weight`` (so
    non-negative; "unplaced" costs ``top``). Participants are added one at a
    time and each is routed along a shortest path in the residual network
    with Dijkstra over reduced costs (Johnson potentials), which keeps the
    flow of cost minimal at every step (the Hungarian method's invariant).

    The residual network's participant nodes are folded away: moving someone
    from track ``k`` to ``k2`` costs ``cost(q, k2) - cost(q, k)``, whatever
    their potential, so Dijkstra runs over the tracks alone, and the cheapest
    such move per pair of tracks is kept in a heap (stale entries are skipped
    when a participant has moved on).
    """
    n = len(weights)
    m = len(capacity)
    if n == 0:
        return []
    top = 1 + max((w for row in weights for w in row if w is not None), default=0)
    cost = [[None if w is None else top - w for w in row] for row in weights]
    sink = m
    potential = [0] * (m + 1)
    track_of: list[int | None] = [None] * n
    used = [0] * m
    # moves[k][k2]: heap of (cost(q, k2) - cost(q, k), q) for q in k; k2 == sink means "drop q".
    moves: list[list[list[tuple[int, int]]]] = [[[] for _ in range(m + 1)] for _ in range(m)]
    infinity = float("inf")

    def enter(q: int, k: int) -> None:
        here = cost[q][k]
        if here is None:  # only eligible pairs are entered
            return
        for k2 in range(m):
            there = cost[q][k2]
            if k2 != k and there is not None:
                heapq.heappush(moves[k][k2], (there - here, q))
        heapq.heappush(moves[k][sink], (top - here, q))

    def best_move(k: int, k2: int) -> tuple[int, int] | None:
        heap = moves[k][k2]
        while heap and track_of[heap[0][1]] != k:
            heapq.heappop(heap)
        return heap[0] if heap else None

    for p in range(n):
        row = cost[p]
        dist: list[float] = [infinity] * (m + 1)
        # How each node was reached: (previous track or -1 for p, the participant moved or -1).
        previous: list[tuple[int, int]] = [(-1, -1)] * (m + 1)
        for k in range(m):
            if row[k] is not None:
                dist[k] = row[k] - potential[k]  # type: ignore[operator]
        dist[sink] = top - potential[sink]
        done = [False] * (m + 1)
        while True:
            u = -1
            best = infinity
            for v in range(m + 1):
                if not done[v] and dist[v] < best:
                    best, u = dist[v], v
            if u in (-1, sink):
                break
            done[u] = True
            base = dist[u] + potential[u]
            if used[u] < capacity[u]:
                candidate = base - potential[sink]
                if candidate < dist[sink]:
                    dist[sink], previous[sink] = candidate, (u, -1)
            for v in range(m + 1):
                if done[v] or v == u:
                    continue
                move = best_move(u, v)
                if move is None:
                    continue
                candidate = base + move[0] - potential[v]
                if candidate < dist[v]:
                    dist[v], previous[v] = candidate, (u, move[1])
        limit = dist[sink]
        for v in range(m + 1):
            potential[v] += int(min(dist[v], limit))  # exact: costs are whole numbers
        # Walk the path back from the sink, moving people forward along it.
        v = sink
        while True:
            u, q = previous[v]
            if u == -1:
                if v != sink:
                    track_of[p] = v
                    used[v] += 1
                    enter(p, v)
                break
            if q == -1:  # u had a free place: the path ends u -> sink
                pass
            elif v == sink:  # q leaves u unplaced
                track_of[q] = None
                used[u] -= 1
            else:  # q moves from u to v
                track_of[q] = v
                used[u] -= 1
                used[v] += 1
                enter(q, v)
            v = u
    return track_of


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
