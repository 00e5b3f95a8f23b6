"""Track fit (rank_tracks) and cohort assignment (assign): explained, eligible-first, optimal."""

from __future__ import annotations

import itertools
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.model import (
    AgeBetween,
    Competence,
    EducationLevel,
    Participant,
    SfiCourse,
    StepKind,
    SwedishAtLeast,
    Track,
    TrackKind,
)
from etableringsmodell.rules import matching
from etableringsmodell.rules.eligibility import check_eligibility, resolve_rule
from etableringsmodell.rules.matching import (
    _candidates,
    _fit,
    _fit_rows,
    _is_optimal,
    _solve_python,
    _solve_scipy,
    _transport_python,
    _weights,
    assign,
    fit_criteria,
    greedy_total,
    rank_tracks,
)
from etableringsmodell.sources import Source

ON = date(2016, 10, 1)
SEED = Source.seed("003_71a72925e54781f3.txt")


def person(pid: str = "p", **extra: object) -> Participant:
    return Participant(pid, birth_date=date(1985, 1, 1), received_on=date(2016, 1, 1), **extra)  # type: ignore[arg-type]


CARE = Track(
    "care",
    "Snabbspår vård",
    TrackKind.FAST_TRACK,
    "vård",
    occupations=("2221",),
    steps=(StepKind.VALIDATION, StepKind.VOCATIONAL_SWEDISH),
    sources=SEED,
)
KITCHEN = Track(
    "kitchen",
    "Restaurang",
    TrackKind.JOB_TRACK,
    "restaurang",
    occupations=("512",),
    requirements=AgeBetween(18, 64, sources=SEED),
    capacity=1,
    sources=SEED,
)
YOUNG = Track("young", "Unga", TrackKind.JOB_TRACK, "industri", requirements=AgeBetween(18, 25), sources=SEED)


class TestRank:
    def test_scores_and_gaps(self) -> None:
        nurse = person(competences=[Competence("2221")], interests={"Vård"})
        fits = rank_tracks(nurse, [KITCHEN, CARE], ON)
        assert [f.track.id for f in fits] == ["care", "kitchen"]
        care = fits[0]
        # occupation 3 + interest 2 met out of 3 + 2 + validation 1.
        assert (care.weight_met, care.weight_total) == (5, 6)
        assert care.score == pytest.approx(5 / 6)
        assert [(g.criterion_id, g.step, g.in_track) for g in care.missing] == [
            ("validated-in(2221)", StepKind.VALIDATION, True)
        ]
        kitchen = fits[1]
        assert kitchen.score == 0.0
        assert {g.step for g in kitchen.missing} == {StepKind.TRAINING, StepKind.SKILLS_MAPPING}
        assert SEED in care.sources
        text = care.explain()
        assert "fit 0.83 (5 of 6)" in text
        assert "closed by VALIDATION (in the track)" in text

    def test_ineligible_track_is_never_ranked(self) -> None:
        old = Participant(
            "o", birth_date=date(1960, 1, 1), received_on=date(2016, 1, 1), interests={"industri"}
        )
        assert [f.track.id for f in rank_tracks(old, [YOUNG, KITCHEN], ON)] == ["kitchen"]

    def test_preferences_are_soft_and_name_the_swedish_step(self) -> None:
        prefs = {"care": SwedishAtLeast(SfiCourse.C)}
        fit = rank_tracks(person(swedish=SfiCourse.B), [CARE], ON, preferences=prefs)[0]
        assert fit.eligible
        gap = next(g for g in fit.missing if g.criterion_id == "sfi-at-least-c")
        assert (gap.step, gap.in_track) == (StepKind.VOCATIONAL_SWEDISH, True)

    def test_bad_input(self) -> None:
        with pytest.raises(InvalidValueError, match=r"tracks\[1\]\.id"):
            rank_tracks(person(), [CARE, CARE], ON)
        with pytest.raises(InvalidTypeError, match=r"tracks\[0\]"):
            rank_tracks(person(), ["care"], ON)  # type: ignore[list-item]


def brute_force(weights: list[list[int | None]], capacity: list[int]) -> int:
    best = 0
    for choice in itertools.product([None, *range(len(capacity))], repeat=len(weights)):
        used = [0] * len(capacity)
        total = 0
        for i, k in enumerate(choice):
            if k is None:
                continue
            w = weights[i][k]
            if w is None:
                break
            used[k] += 1
            total += w
        else:
            if all(u <= c for u, c in zip(used, capacity, strict=True)):
                best = max(best, total)
    return best


def total(weights: list[list[int | None]], chosen: list[int | None], capacity: list[int]) -> int:
    used = [0] * len(capacity)
    result = 0
    for i, k in enumerate(chosen):
        if k is None:
            continue
        w = weights[i][k]
        assert w is not None, "placed in a track the participant is not eligible for"
        used[k] += 1
        result += w
    assert all(u <= c for u, c in zip(used, capacity, strict=True)), "capacity exceeded"
    return result


instances = st.integers(1, 4).flatmap(
    lambda m: st.tuples(
        st.lists(st.lists(st.none() | st.integers(1, 30), min_size=m, max_size=m), max_size=6),
        st.lists(st.integers(0, 3), min_size=m, max_size=m),
    )
)


repeated_instances = st.integers(1, 3).flatmap(
    lambda m: st.tuples(
        st.lists(st.none() | st.integers(1, 30), min_size=m, max_size=m),
        st.lists(st.none() | st.integers(1, 30), min_size=m, max_size=m),
        st.lists(st.none() | st.integers(1, 30), min_size=m, max_size=m),
        st.lists(st.integers(0, 2), min_size=1, max_size=6),
        st.lists(st.integers(0, 3), min_size=m, max_size=m),
    ).map(lambda t: ([list((t[0], t[1], t[2])[i]) for i in t[3]], t[4]))
)


class TestSolvers:
    @settings(max_examples=300, deadline=None)
    @given(instances)
    def test_both_solvers_are_optimal_eligible_and_within_capacity(
        self, instance: tuple[list[list[int | None]], list[int]]
    ) -> None:
        weights, capacity = instance
        best = brute_force(weights, capacity)
        python = total(weights, _solve_python(weights, capacity), capacity)
        scipy = total(weights, _solve_scipy(weights, capacity), capacity)
        assert python == scipy == best
        as_float: list[list[float | None]] = [
            [None if w is None else float(w) for w in row] for row in weights
        ]
        assert best >= greedy_total(as_float, capacity)

    @settings(max_examples=200, deadline=None)
    @given(repeated_instances)
    def test_interchangeable_participants_are_solved_as_groups(
        self, instance: tuple[list[list[int | None]], list[int]]
    ) -> None:
        # Rows drawn from a pool of three repeat, so the solvers see groups
        # with several members; brute force still judges every participant.
        weights, capacity = instance
        best = brute_force(weights, capacity)
        assert total(weights, _solve_python(weights, capacity), capacity) == best
        assert total(weights, _solve_scipy(weights, capacity), capacity) == best

    @settings(max_examples=200, deadline=None)
    @given(repeated_instances)
    def test_the_exact_check_accepts_the_optimum_and_keeps_the_candidates_sufficient(
        self, instance: tuple[list[list[int | None]], list[int]]
    ) -> None:
        weights, capacity = instance
        groups: dict[tuple[int | None, ...], int] = {}
        for row in weights:
            groups[tuple(row)] = groups.get(tuple(row), 0) + 1
        rows, supply = list(groups), list(groups.values())
        flows = _transport_python(rows, supply, capacity)
        assert _is_optimal(rows, supply, capacity, flows)
        # Solving over the pruned candidates only reaches the same optimum.
        pruned = _transport_python(_candidates(rows, supply, capacity), supply, capacity)
        assert _is_optimal(rows, supply, capacity, pruned)

    def test_the_exact_check_rejects_what_is_not_optimal_or_not_feasible(self) -> None:
        rows: list[tuple[int | None, ...]] = [(10, 8), (9, None)]
        # Greedy: the first in track 0, the second unplaced (10); optimal is 8 + 9.
        assert not _is_optimal(rows, [1, 1], [1, 1], [{0: 1}, {}])
        assert _is_optimal(rows, [1, 1], [1, 1], [{1: 1}, {0: 1}])
        # A track over capacity, a placement in an ineligible track, more placed than there are.
        assert not _is_optimal(rows, [1, 1], [1, 1], [{0: 1}, {0: 1}])
        assert not _is_optimal(rows, [1, 1], [1, 1], [{1: 1}, {1: 1}])
        assert not _is_optimal(rows, [1, 1], [2, 2], [{0: 1, 1: 1}, {}])
        # Leaving someone out who fits a free place is not optimal either.
        assert not _is_optimal(rows, [1, 1], [1, 1], [{1: 1}, {}])

    def test_candidates_keep_each_tracks_best_up_to_the_places(self) -> None:
        rows: list[tuple[int | None, ...]] = [(5, 1), (7, None), (6, 2), (1, 3)]
        # Two places in all: track 0 keeps 7 and 6; track 1 keeps 3 and 2.
        assert _candidates(rows, [1, 1, 1, 1], [1, 1]) == [(None, None), (7, None), (6, 2), (None, 3)]
        # A group of two fills both places by itself.
        assert _candidates(rows, [1, 2, 1, 1], [1, 1])[1:3] == [(7, None), (None, 2)]

    def test_greedy_is_beaten_where_it_should_be(self) -> None:
        # Greedy gives the one place of track 0 to participant 0 (10), leaving
        # participant 1 (9 there, nothing elsewhere) out; optimal is 8 + 9.
        weights: list[list[int | None]] = [[10, 8], [9, None]]
        assert brute_force(weights, [1, 1]) == 17
        assert total(weights, _solve_python(weights, [1, 1]), [1, 1]) == 17
        assert greedy_total([[10.0, 8.0], [9.0, None]], [1, 1]) == 10


class TestAssign:
    def cohort(self) -> list[Participant]:
        return [
            person("a", competences=[Competence("5120")], interests={"restaurang"}),
            person("b", competences=[Competence("5120")]),
            person("c", competences=[Competence("2221", validated=True)], interests={"vård"}),
            Participant("d", birth_date=date(1940, 1, 1), received_on=date(2016, 1, 1)),
        ]

    @pytest.mark.parametrize("solver", ["python", "scipy"])
    def test_capacity_eligibility_and_reasons(self, solver: str) -> None:
        care = attrs.evolve(CARE, requirements=AgeBetween(18, 64, sources=SEED))
        result = assign(self.cohort(), [KITCHEN, care], ON, solver=solver)
        placed = {p.participant.id: p.fit.track.id for p in result.placements}
        # kitchen has one place: a (full fit) beats b (occupation only); c fits care fully;
        # b is still eligible for care, which has no capacity limit, so b goes there.
        assert placed == {"a": "kitchen", "b": "care", "c": "care"}
        assert result.total_fit == pytest.approx(1.0 + 0.0 + 1.0)
        (left,) = result.unplaced
        assert left.participant.id == "d"
        assert left.eligible_tracks == ()
        assert left.reason == "passes the entry rule of no track"
        for placement in result.placements:
            assert check_eligibility(placement.participant, placement.fit.track, ON)
        assert result.solver.startswith("scipy" if solver == "scipy" else "pure-python")

    def test_solvers_agree_on_the_total(self) -> None:
        from etableringsmodell.synthetic import synthetic_cohort

        cohort = synthetic_cohort(60, ON, seed=7)
        tracks = [
            Track(
                "k", "Kök", TrackKind.JOB_TRACK, "restaurang", occupations=("512",), capacity=5, sources=SEED
            ),
            Track(
                "v", "Vård", TrackKind.FAST_TRACK, "vård", occupations=("22", "53"), capacity=7, sources=SEED
            ),
            Track(
                "u",
                "Utan gymnasium",
                TrackKind.JOB_TRACK,
                "industri",
                requirements=AgeBetween(20, 64),
                capacity=10,
                sources=SEED,
            ),
        ]
        a = assign(cohort, tracks, ON, solver="python")
        b = assign(cohort, tracks, ON, solver="scipy")
        assert a.total_fit == pytest.approx(b.total_fit)
        assert len(a.placements) == len(b.placements)

    @pytest.mark.parametrize("solver", ["python", "scipy"])
    def test_interchangeable_participants_are_placed_in_cohort_order(self, solver: str) -> None:
        # Identical records, so identical fits: the documented tie-break
        # places the earlier participants first, into the earlier track.
        twins = [person(pid, competences=[Competence("5120")]) for pid in ("x", "y", "z")]
        second = attrs.evolve(KITCHEN, id="kitchen-2")
        result = assign(twins, [KITCHEN, second], ON, solver=solver)
        assert [(p.participant.id, p.fit.track.id) for p in result.placements] == [
            ("x", "kitchen"),
            ("y", "kitchen-2"),
        ]
        assert [u.participant.id for u in result.unplaced] == ["z"]
        assert result.unplaced[0].eligible_tracks == ("kitchen", "kitchen-2")

    def test_a_failed_check_falls_back_to_the_exact_solver(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(matching, "_transport_scipy", lambda *args: None)
        result = assign(self.cohort(), [KITCHEN, CARE], ON, solver="scipy")
        assert result.solver == "pure-python min-cost flow (the HiGHS answer failed its check)"
        assert result.total_fit == assign(self.cohort(), [KITCHEN, CARE], ON, solver="python").total_fit

    def test_fast_weights_agree_with_the_explained_fits(self) -> None:
        from etableringsmodell.synthetic import synthetic_cohort

        cohort = synthetic_cohort(150, ON, seed=11)
        offered = [
            CARE,
            KITCHEN,
            YOUNG,
            # The same entry rule and branch as KITCHEN under another id: shared criteria.
            attrs.evolve(KITCHEN, id="kitchen-2", steps=(StepKind.VALIDATION,)),
        ]
        prefs = {"care": SwedishAtLeast(SfiCourse.C)}
        criteria = [fit_criteria(t, matching._preferences_for(prefs, t)) for t in offered]
        rows = _fit_rows(cohort, ON, [resolve_rule(t, ON) for t in offered], criteria)
        # The reference is the slow, explained path, one pair at a time.
        expected = []
        for p in cohort:
            fits = [_fit(p, t, ON, matching._preferences_for(prefs, t)) for t in offered]
            expected.append(tuple(_weights(len(cohort), f.score) if f.eligible else None for f in fits))
        assert rows == expected
        result = assign(cohort, offered, ON, preferences=prefs)
        for placement in result.placements:
            again = _fit(
                placement.participant,
                placement.fit.track,
                ON,
                matching._preferences_for(prefs, placement.fit.track),
            )
            assert placement.fit == again

    def test_a_datetime_is_not_a_reference_date(self) -> None:
        from datetime import datetime

        with pytest.raises(InvalidTypeError, match="on"):
            assign(self.cohort(), [CARE], datetime(2016, 10, 1))  # noqa: DTZ001  # the wrong type is the point

    def test_unknown_solver(self) -> None:
        with pytest.raises(InvalidValueError, match="solver"):
            assign([], [CARE], ON, solver="cplex")
        assert assign([], [CARE], ON).placements == ()


def test_education_gap_is_training() -> None:
    from etableringsmodell.model import EducationAtLeast

    prefs = {"care": EducationAtLeast(EducationLevel.UPPER_SECONDARY_3_YEARS)}
    fit = rank_tracks(person(education=EducationLevel.PRIMARY_9_YEARS), [CARE], ON, preferences=prefs)[0]
    assert any(g.step is StepKind.TRAINING and g.criterion_id.startswith("education") for g in fit.missing)


def test_branch_interest_matches_any_name_of_the_branch() -> None:
    # Norrköping's restaurant track is written "restaurant and large-scale
    # kitchen (restaurang och storkök)"; a newcomer who says "restaurang"
    # (one of the entry rule's branches) or "restaurang och storkök" is
    # interested in it.
    from etableringsmodell.catalog import norrkoping
    from etableringsmodell.rules.matching import _branch_terms

    track = next(t for t in norrkoping.TRACKS if t.id == "norrkoping-restaurang-storkok")
    terms = _branch_terms(track)
    assert {"restaurang och storkök", "restaurant and large-scale kitchen", "restaurang"} <= terms
