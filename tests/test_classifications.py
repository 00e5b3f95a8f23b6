"""The shipped classifications: counts, hierarchy, provenance and look-ups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell.classifications import sfi, ssyk, sun
from etableringsmodell.errors import InvalidCodeError, InvalidTypeError, UnknownEntryError
from etableringsmodell.model import EducationLevel, SfiCourse


class TestSsyk:
    def test_counts_per_level_are_what_is_shipped_and_what_scb_publishes(self) -> None:
        # SCB publishes 10, 46, 147 and 429 groups; the file carries the
        # continuation code 223 as well, which SCB does not count.
        shipped = {n: len(ssyk.level(n)) for n in ssyk.LEVELS}
        assert shipped == {1: 10, 2: 46, 3: 148, 4: 429}
        minor = [g for g in ssyk.level(3) if g.code not in ssyk.CONTINUATIONS]
        assert len(minor) == ssyk.PUBLISHED_COUNTS[3] == 147
        assert {n: shipped[n] for n in (1, 2, 4)} == {n: ssyk.PUBLISHED_COUNTS[n] for n in (1, 2, 4)}

    def test_every_parent_exists_and_every_group_has_names(self) -> None:
        for code in ssyk.codes():
            group = ssyk.get(code)
            assert group.level == len(code)
            assert group.name_sv.strip()
            assert group.name_en.strip()
            if group.level > 1:
                assert ssyk.is_code(code[:-1]), code
                assert group in ssyk.children(code[:-1])

    def test_every_non_unit_group_has_children(self) -> None:
        for code in ssyk.codes():
            assert bool(ssyk.children(code)) == (len(code) < 4), code

    def test_named_groups(self) -> None:
        # From the fast-track occupations in shared/DOMAIN.md.
        assert ssyk.get("2221").name_sv == "Grundutbildade sjuksköterskor"
        assert ssyk.get("5120").name_sv == "Kockar och kallskänkor"
        assert ssyk.get("8332").name_en == "Heavy truck and lorry drivers"
        assert ssyk.get("7611").name_sv == "Slaktare och styckare m.fl."
        assert ssyk.get("2661").name_sv == "Socialsekreterare"
        assert ssyk.get("0").name_sv == "Militära yrken"
        assert (
            str(ssyk.get("22")) == "22 Yrken med krav på fördjupad högskolekompetens inom hälso- och sjukvård"
        )

    def test_hierarchy(self) -> None:
        assert ssyk.parent("2221") == ssyk.get("222")
        assert ssyk.parent("2") is None
        assert [g.code for g in ssyk.ancestors("0110")] == ["011", "01", "0"]
        assert [g.code for g in ssyk.children("221")] == ["2211", "2212", "2213", "2219"]
        assert ssyk.children("2221") == ()

    def test_bad_codes(self) -> None:
        with pytest.raises(InvalidCodeError, match="code"):
            ssyk.get("22a")
        with pytest.raises(InvalidTypeError):
            ssyk.get(2221)  # type: ignore[arg-type]
        with pytest.raises(UnknownEntryError):
            ssyk.get("2220")
        with pytest.raises(InvalidCodeError, match="level"):
            ssyk.level(5)
        assert not ssyk.is_code("9999")

    @given(st.sampled_from(sorted(ssyk._table())), st.sampled_from(sorted(ssyk._table())))
    def test_matches_is_the_ancestor_relation(self, occupation: str, requirement: str) -> None:
        ancestors = {g.code for g in ssyk.ancestors(occupation)} | {occupation}
        assert ssyk.matches(occupation, requirement) == (requirement in ancestors)

    def test_provenance_names_source_and_version(self) -> None:
        text = ssyk.provenance()
        assert "SSYK 2012" in text
        assert "version" in text
        assert "SCB" in text


class TestSun:
    def test_seven_groups_match_the_model(self) -> None:
        assert [g.group for g in sun.groups()] == [int(level) for level in EducationLevel]
        assert sun.get(EducationLevel.RESEARCH).name_sv == "Forskarutbildning"

    def test_isced_levels_are_ordered_and_unverified(self) -> None:
        previous = -1
        for group in sun.groups():
            assert all(level in sun.ISCED_2011_LEVELS for level in group.isced_2011)
            assert min(group.isced_2011) >= previous
            previous = min(group.isced_2011)
            assert not group.verified
        assert not sun.SOURCE.verified
        assert "UNVERIFIED" in sun.provenance()

    def test_bad_group(self) -> None:
        with pytest.raises(InvalidCodeError):
            sun.get(8)


class TestSfi:
    def test_study_paths(self) -> None:
        assert sfi.paths() == (1, 2, 3)
        assert sfi.courses_of(1) == (SfiCourse.A, SfiCourse.B, SfiCourse.C, SfiCourse.D)
        assert sfi.courses_of(3) == (SfiCourse.C, SfiCourse.D)
        assert sfi.paths_with("D") == (1, 2, 3)
        assert sfi.paths_with(SfiCourse.B) == (1, 2)
        assert sfi.path_name(2) == "Studieväg 2"

    def test_bad_input(self) -> None:
        with pytest.raises(InvalidCodeError):
            sfi.courses_of(4)
        with pytest.raises(InvalidCodeError):
            sfi.paths_with("E")
