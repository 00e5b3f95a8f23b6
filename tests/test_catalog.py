"""The catalogue registry and the seed entries of the foundation."""

from __future__ import annotations

import pytest

from etableringsmodell import catalog
from etableringsmodell.errors import UnknownEntryError
from etableringsmodell.model import AllOf, PartnerAgreement, Programme
from etableringsmodell.sources import SourceKind


def test_ids_and_get() -> None:
    assert "goteborg-2004" in catalog.ids()
    assert list(catalog.ids()) == sorted(catalog.ids())
    for entry_id in catalog.ids():
        assert catalog.get(entry_id).id == entry_id


def test_unknown_entry() -> None:
    with pytest.raises(UnknownEntryError, match="no catalogue entry 'stockholm'") as caught:
        catalog.get("stockholm")
    assert "goteborg-2004" in str(caught.value)


def test_goteborg_parties_and_sources() -> None:
    entry = catalog.get("goteborg-2004")
    assert isinstance(entry, PartnerAgreement)
    assert [p.name for p in entry.parties] == [
        "Migrationsverket Väst",
        "Arbetsförmedlingen Göteborg",
        "Göteborgs Stad",
    ]
    assert entry.sources[0].reference == "004_2ae1cbc02798eb8a.txt"
    # What the article leaves open is marked, not invented.
    unverified = [s for s in entry.target_group.sources if not s.verified]
    assert unverified
    # 'förutsättningar att delta i arbetsinriktad introduktion' is a criterion over an assessed fact now.
    assert isinstance(entry.target_group, AllOf)
    assert "goteborg-2004-work-oriented-capacity" in [c.id for c in entry.target_group.criteria]


def test_every_entry_and_criterion_is_cited() -> None:
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        assert entry.sources
        if isinstance(entry, Programme):
            # A programme's rules are its versions' criteria (tests/test_catalog_data.py checks them all).
            continue
        assert all(s.kind is not SourceKind.UNCITED for s in entry.target_group.sources)
        for goal in entry.goals:
            assert goal.sources


def test_statuses_recorded_in_an_entry() -> None:
    (status,) = catalog.statuses("arbetsplatsintroduktion-ams")
    assert (status.achieved, status.on.isoformat(), status.approximate) == (3500, "2004-10-31", True)
    assert catalog.statuses("goteborg-2004") == ()
    with pytest.raises(UnknownEntryError):
        catalog.statuses("stockholm")
