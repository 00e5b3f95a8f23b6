"""Track fit (rank_tracks) and cohort assignment (assign): explained, eligible-first, optimal."""

from __future__ import annotations

import itertools
import sys
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


# ---- the columnar path (etableringsmodell.batch.matching) ----------------------

from etableringsmodell import batch  # noqa: E402  # the face under test, after the scalar tests
from etableringsmodell.batch import matching as columnar  # noqa: E402
from etableringsmodell.model import (  # noqa: E402
    AllOf,
    Criterion,
    EducationAtLeast,
    InterestIn,
    NoBarringSituation,
    Not,
    OccupationIn,
)

from .strategies import requirement_criteria, requirement_participants  # noqa: E402

_tracks = st.lists(
    st.builds(
        lambda i, branch, codes, rule, validation, capacity: Track(
            f"t{i}",
            f"Track {i}",
            TrackKind.JOB_TRACK,
            branch,
            occupations=codes,
            requirements=rule,
            steps=(StepKind.VALIDATION,) if validation else (),
            capacity=capacity,
            sources=SEED,
        ),
        st.integers(0, 10**6),
        st.sampled_from(["vård", "industri", "restaurang", "bygg"]),
        st.sampled_from([(), ("2221",), ("22", "5120"), ("51",), ("8332",)]),
        st.none()
        | st.just(AgeBetween(18, 64))
        | st.just(AgeBetween(25, 40))
        | requirement_criteria
        | st.just(AllOf(AgeBetween(18, 64), Not(EducationAtLeast(EducationLevel.PRIMARY_9_YEARS))))
        | st.just(NoBarringSituation()),
        st.booleans(),
        st.none() | st.integers(0, 4),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda t: t.id,
)
_cohorts = st.lists(requirement_participants(ON), max_size=14)
_preferences = st.dictionaries(
    st.just("t0") | st.sampled_from(["t1", "t2"]), st.lists(requirement_criteria, max_size=2), max_size=2
)


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn the columnar path off: the scalar path is the reference."""
    monkeypatch.setattr(matching, "_accelerator", lambda: None)


def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the columnar path for any cohort, however small."""
    monkeypatch.setattr(matching, "COLUMNAR_FROM", 0)
    monkeypatch.setattr(matching, "COLUMNAR_COLD_FROM", 0)


class TestColumnarPath:
    @settings(max_examples=150, deadline=None)
    @given(_cohorts, _tracks, _preferences)
    def test_the_weights_are_the_scalar_paths(
        self, cohort: list[Participant], tracks: list[Track], prefs: dict[str, list[Criterion]]
    ) -> None:
        entry_rules = [resolve_rule(t, ON) for t in tracks]
        criteria = [fit_criteria(t, matching._preferences_for(prefs, t)) for t in tracks]
        expected = _fit_rows(cohort, ON, entry_rules, criteria)
        plan = matching._plan(entry_rules, criteria)
        weights, group_of = columnar.grouped_weights(
            cohort,
            ON,
            plan.distinct,
            entry_slots=plan.entry_slots,
            fit_slots=plan.fit_slots,
            judge=matching._passes(ON),
        )
        rows = [tuple(None if w < 0 else w for w in weights[g].tolist()) for g in group_of.tolist()]
        assert rows == expected
        # Groups are distinct weight rows, numbered by their first member.
        assert len({tuple(r) for r in weights.tolist()}) == len(weights)
        firsts = [group_of.tolist().index(g) for g in range(len(weights))]
        assert firsts == sorted(firsts)

    @settings(max_examples=120, deadline=None)
    @given(_cohorts, _tracks, _preferences, st.sampled_from(["python", "scipy"]))
    def test_assign_on_columns_reaches_the_scalar_paths_optimum(
        self,
        cohort: list[Participant],
        tracks: list[Track],
        prefs: dict[str, list[Criterion]],
        solver: str,
    ) -> None:
        cohort = [attrs.evolve(p, id=f"p{i}") for i, p in enumerate(cohort)]
        with pytest.MonkeyPatch.context() as patch:
            _slow(patch)
            slow = assign(cohort, tracks, ON, preferences=prefs, solver=solver)
        with pytest.MonkeyPatch.context() as patch:
            _fast(patch)
            fast = assign(cohort, tracks, ON, preferences=prefs, solver=solver)
        assert round(fast.total_fit * _SCALE_CHECK) == round(slow.total_fit * _SCALE_CHECK)
        assert len(fast.placements) == len(slow.placements)
        # Both are optimal by brute force over the scalar path's own weights.
        entry_rules = [resolve_rule(t, ON) for t in tracks]
        criteria = [fit_criteria(t, matching._preferences_for(prefs, t)) for t in tracks]
        weights = [list(r) for r in _fit_rows(cohort, ON, entry_rules, criteria)]
        capacity = [len(cohort) if t.capacity is None else min(t.capacity, len(cohort)) for t in tracks]
        if len(cohort) <= 6 and len(tracks) <= 3:
            index = {t.id: k for k, t in enumerate(tracks)}
            chosen: list[int | None] = [None] * len(cohort)
            for p in fast.placements:
                chosen[int(p.participant.id[1:])] = index[p.fit.track.id]
            assert total(weights, chosen, capacity) == brute_force(weights, capacity)
        for placement in fast.placements:
            assert check_eligibility(placement.participant, placement.fit.track, ON)
        assert {u.participant.id for u in fast.unplaced} | {p.participant.id for p in fast.placements} == {
            p.id for p in cohort
        }

    def test_a_cohort_judged_on_columns_is_placed_as_on_the_scalar_path(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Deterministic tie-breaks: the same groups in the same order, so the same placements.
        from etableringsmodell.synthetic import synthetic_cohort

        cohort = synthetic_cohort(300, ON, seed=5)
        offered = [CARE, KITCHEN, YOUNG, attrs.evolve(KITCHEN, id="k2", capacity=30, branch="industri")]
        prefs = {"care": SwedishAtLeast(SfiCourse.C)}
        slow = assign(cohort, offered, ON, preferences=prefs, solver="python")
        _fast(monkeypatch)
        fast = assign(cohort, offered, ON, preferences=prefs, solver="python")
        assert fast == slow
        scipy = assign(cohort, offered, ON, preferences=prefs, solver="scipy")
        assert scipy.total_fit == pytest.approx(slow.total_fit)
        assert scipy.solver == matching.SCIPY_SOLVER

    @pytest.mark.parametrize("solver", ["python", "scipy"])
    def test_no_tracks_or_no_one_on_columns(self, monkeypatch: pytest.MonkeyPatch, solver: str) -> None:
        _fast(monkeypatch)
        cohort = TestAssign().cohort()
        result = assign(cohort, [], ON, solver=solver)
        assert result.placements == ()
        assert {u.reason for u in result.unplaced} == {"passes the entry rule of no track"}
        assert assign([], [CARE], ON, solver=solver).unplaced == ()

    def test_identical_tracks_are_solved_as_one_and_filled_in_order(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Three interchangeable kitchens of one place each, and a care track between them:
        # the kitchens are one class of capacity 3, shared out in the order of the tracks.
        # The four cooks are one group, placed in cohort order into the tracks in their
        # order: three kitchen places, and the fourth cook in care (fit 0, but placed).
        cooks = [
            person(f"c{i}", competences=[Competence("5120")], interests={"restaurang"}) for i in range(4)
        ]
        offered = [KITCHEN, attrs.evolve(KITCHEN, id="k2"), CARE, attrs.evolve(KITCHEN, id="k3")]
        slow = assign(cooks, offered, ON, solver="python")
        _fast(monkeypatch)
        result = assign(cooks, offered, ON, solver="scipy")
        assert [(p.participant.id, p.fit.track.id) for p in result.placements] == [
            ("c0", "kitchen"),
            ("c1", "k2"),
            ("c2", "care"),
            ("c3", "k3"),
        ]
        assert result.placements == slow.placements
        assert result.total_fit == 3.0

    def test_an_unusable_highs_answer_tries_the_next_method(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # A method stopped by its time limit gives no optimum; the next one does.
        stopped = {"method": "highs-ds", "options": {"time_limit": 0.0}}
        monkeypatch.setattr(columnar, "_methods", lambda places, people: [stopped, {"method": "highs-ds"}])
        cohort = TestAssign().cohort()
        expected = assign(cohort, [KITCHEN, CARE], ON, solver="python").total_fit
        _fast(monkeypatch)
        result = assign(cohort, [KITCHEN, CARE], ON, solver="scipy")
        assert result.solver == matching.SCIPY_SOLVER
        assert result.total_fit == expected
        monkeypatch.setattr(columnar, "_methods", lambda places, people: [stopped])
        assert assign(cohort, [KITCHEN, CARE], ON, solver="scipy").solver.endswith("failed its check)")

    def test_a_failed_check_on_columns_falls_back_to_the_exact_solver(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _fast(monkeypatch)
        monkeypatch.setattr(columnar, "transport_scipy", lambda *args: None)
        cohort = TestAssign().cohort()
        result = assign(cohort, [KITCHEN, CARE], ON, solver="scipy")
        assert result.solver == "pure-python min-cost flow (the HiGHS answer failed its check)"
        assert result.total_fit == assign(cohort, [KITCHEN, CARE], ON, solver="python").total_fit

    def test_a_criterion_without_a_columnar_evaluator_is_judged_by_the_scalar_rule(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from etableringsmodell.rules.eligibility import Status, register_evaluator

        @attrs.frozen
        class InMunicipality(Criterion):
            municipality: str
            id: str = "in-municipality"
            sources: tuple[Source, ...] = (SEED,)

        register_evaluator(
            InMunicipality,
            lambda c, p, on: (Status.PASSED if p.municipality == c.municipality else Status.FAILED, "here"),
        )
        local = attrs.evolve(YOUNG, id="local", requirements=InMunicipality("0581"), capacity=None)
        cohort = [
            person("a", municipality="0581"),
            person("b", municipality="1280"),
            person("c", municipality="0581", interests={"industri"}),
        ]
        _fast(monkeypatch)
        result = assign(cohort, [local], ON)
        assert {p.participant.id for p in result.placements} == {"a", "c"}
        assert result.unplaced[0].reason == "passes the entry rule of no track"

    def test_own_evaluators_get_the_full_table_and_subclasses_their_bases_columns(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        @attrs.frozen
        class Nursing(OccupationIn):
            pass

        assert columnar._columns_read([AgeBetween(18, 64), OccupationIn(frozenset({"22"}))], ON) == {
            "birth_date",
            "occupations",
        }
        # A subclass with no form of its own is judged by its base's form (batch.evaluate walks the
        # classes the same way), so it reads the base's columns.
        assert columnar._columns_read([AllOf(AgeBetween(18, 64), Nursing(frozenset({"22"})))], ON) == {
            "birth_date",
            "occupations",
        }
        monkeypatch.setitem(
            batch.eligibility._EVALUATORS,
            InterestIn,
            lambda c, table, on: table.flags("situation_full_time_work"),
        )
        assert columnar._columns_read([InterestIn(frozenset({"vård"}))], ON) is None

    @settings(max_examples=50, deadline=None)
    @given(st.lists(requirement_participants(ON), min_size=1, max_size=6))
    def test_each_built_column_is_from_participants_own(self, cohort: list[Participant]) -> None:
        import numpy as np

        full = batch.from_participants(cohort)
        names = {"birth_date", "received_on", "first_registered_on", "permit_granted_on"}
        names |= {"first_permit_granted_on", "permit_ground", "education", "swedish", "occupations"}
        names |= {"validated_occupations", "interests", "situation_full_time_work"}
        for name in names:
            built = columnar._column(name, cohort)
            assert built.dtype == full[name].dtype, name
            assert (
                np.array_equal(built, full[name], equal_nan=False) or built.tolist() == full[name].tolist()
            ), name

    @settings(max_examples=200, deadline=None)
    @given(repeated_instances)
    def test_the_vectorised_solver_steps_are_the_scalar_ones(
        self, instance: tuple[list[list[int | None]], list[int]]
    ) -> None:
        import numpy as np

        weights, capacity = instance
        groups = matching._group_rows(weights)
        rows, supply = groups.rows, [len(m) for m in groups.members]
        matrix = np.array([[-1 if w is None else w for w in row] for row in rows], dtype=np.int64).reshape(
            len(rows), len(capacity)
        )
        sizes = np.asarray(supply, dtype=np.int64)
        pruned = columnar.candidates(matrix, sizes, capacity)
        assert [tuple(None if w < 0 else w for w in r) for r in pruned.tolist()] == _candidates(
            rows, supply, capacity
        )
        # The exact check agrees with the scalar one on the optimum and on every single move from it.
        flows = _transport_python(rows, supply, capacity)
        amounts = np.zeros(matrix.shape, dtype=np.int64)
        for g, flow in enumerate(flows):
            for k, a in flow.items():
                amounts[g, k] = a
        assert columnar.is_optimal(matrix, sizes, capacity, amounts)
        for g in range(len(rows)):
            for k in range(len(capacity)):
                for delta in (-1, 1):
                    changed = amounts.copy()
                    changed[g, k] += delta
                    as_flows = [{j: int(a) for j, a in enumerate(r) if a} for r in changed.tolist()]
                    valid = all(a >= 0 for r in changed.tolist() for a in r)
                    expected = valid and _is_optimal(rows, supply, capacity, as_flows)
                    assert columnar.is_optimal(matrix, sizes, capacity, changed) == expected
        solved = columnar.solve(matrix, supply, capacity)
        assert solved is not None
        chosen = matching._distribute(
            groups.members, [{k: int(a) for k, a in enumerate(r) if a} for r in solved.tolist()], len(weights)
        )
        assert total(weights, chosen, capacity) == brute_force(weights, capacity)

    @settings(max_examples=200, deadline=None)
    @given(instances, st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=3))
    def test_identical_tracks_solved_as_one_reach_the_optimum(
        self, instance: tuple[list[list[int | None]], list[int]], copies: list[tuple[int, int]]
    ) -> None:
        import numpy as np

        weights, capacity = instance
        m = len(capacity)
        # Repeat some tracks' columns, each copy with a capacity of its own.
        for source, places in copies:
            for row in weights:
                row.append(row[source % m])
            capacity = [*capacity, places]
        groups = matching._group_rows(weights)
        matrix = np.array(
            [[-1 if w is None else w for w in row] for row in groups.rows], dtype=np.int64
        ).reshape(len(groups.rows), len(capacity))
        solved = columnar.solve(matrix, [len(m) for m in groups.members], capacity)
        assert solved is not None
        chosen = matching._distribute(
            groups.members, [{k: int(a) for k, a in enumerate(r) if a} for r in solved.tolist()], len(weights)
        )
        assert total(weights, chosen, capacity) == brute_force(weights, capacity)


_SCALE_CHECK = 10**6
"""Totals are sums of fit scores; compared in millionths, as the solvers weigh them."""


class TestTrackOf:
    def test_lookups_by_id(self) -> None:
        care = attrs.evolve(CARE, requirements=AgeBetween(18, 64, sources=SEED))
        result = assign(TestAssign().cohort(), [KITCHEN, care], ON)
        placed = {p.participant.id: p.fit.track.id for p in result.placements}
        for pid, track in placed.items():
            assert result.track_of(pid) == track
        assert result.track_of("d") is None
        assert result.track_of("nobody") is None

    def test_the_index_is_built_once_and_the_result_stays_a_named_tuple(self) -> None:
        result = assign(TestAssign().cohort(), [KITCHEN, CARE], ON)
        assert result.track_of("a") == "kitchen"
        index = result.__dict__["_track_index"]
        assert result.track_of("c") == "care"
        assert result.__dict__["_track_index"] is index
        placements, unplaced, total_fit, solver, on = result
        assert result == (placements, unplaced, total_fit, solver, on)
        assert result._fields == ("placements", "unplaced", "total_fit", "solver", "on")
        assert result._replace(solver="x").solver == "x"

    def test_an_id_placed_twice_answers_with_its_first_placement(self) -> None:
        twins = [person("x", competences=[Competence("5120")]), person("x", competences=[Competence("5120")])]
        second = attrs.evolve(KITCHEN, id="kitchen-2")
        result = assign(twins, [KITCHEN, second], ON)
        assert result.track_of("x") == "kitchen"


def test_the_rules_reach_the_face_only_by_name() -> None:
    # The layer rule: rules.matching names the columnar path, never imports it.
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(matching))
    imported = [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    ] + [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in imported if m.startswith("etableringsmodell.batch")]
    assert columnar.__name__ == matching._ACCELERATOR
    assert matching._accelerator() is columnar


def test_the_columns_are_loaded_cold_only_for_a_cohort_that_pays_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Importing numpy and the batch face costs more than the scalar path spends on the main
    # job's 3,000 people; once the face is loaded, a thousand people are enough.
    monkeypatch.delitem(sys.modules, matching._ACCELERATOR, raising=False)
    assert not matching._columnar_for(3_000)
    assert matching._columnar_for(matching.COLUMNAR_COLD_FROM)
    monkeypatch.setitem(sys.modules, matching._ACCELERATOR, object())
    assert matching._columnar_for(matching.COLUMNAR_FROM)
    assert not matching._columnar_for(matching.COLUMNAR_FROM - 1)
