"""Swedish and English: every marked message has its Swedish translation, chosen per call."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from etableringsmodell import i18n
from etableringsmodell.calendar import Span
from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived, Participant
from etableringsmodell.rules.eligibility import check_eligibility

ROOT = Path(__file__).parents[1]
LOCALE = ROOT / "src" / "etableringsmodell" / "locale"
PO = LOCALE / "sv" / "LC_MESSAGES" / "etableringsmodell.po"
MO = LOCALE / "sv" / "LC_MESSAGES" / "etableringsmodell.mo"
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
_FIELD = re.compile(r"\{(\w+)\}")


def _catalogue() -> dict[str, str]:
    with PO.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle, locale="sv") if m.id}


def _extracted(tmp_path: Path) -> set[str]:
    out = tmp_path / "fresh.pot"
    subprocess.run(  # our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "N_",
            "--no-location",
            "--omit-header",
            "-o",
            str(out),
            str(ROOT / "src" / "etableringsmodell" / "rules"),
            str(ROOT / "src" / "etableringsmodell" / "i18n.py"),
        ],
        check=True,
        capture_output=True,
    )
    with out.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def test_every_message_in_the_code_has_a_swedish_translation(tmp_path: Path) -> None:
    catalogue = _catalogue()
    in_code = _extracted(tmp_path)
    missing = sorted(m for m in in_code if not catalogue.get(m))
    assert not missing, f"messages without a Swedish translation (pybabel update, then translate): {missing}"
    for msgid in in_code:
        assert set(_FIELD.findall(msgid)) == set(_FIELD.findall(catalogue[msgid])), msgid


def test_the_compiled_catalogue_is_the_po_file() -> None:
    with MO.open("rb") as handle:
        compiled = {str(m.id): str(m.string) for m in read_mo(handle) if m.id}
    assert compiled == _catalogue(), (
        "run: pybabel compile -d src/etableringsmodell/locale -D etableringsmodell"
    )


def test_a_decision_in_swedish_and_in_english() -> None:
    person = Participant("case-17", birth_date=date(1939, 5, 2), received_on=date(2003, 1, 10))
    decision = check_eligibility(person, RULE, date(2004, 6, 1))
    # Born 1939-05-02: 65 on 2004-06-01, above 64 (the README's example).
    assert decision.failures[0].message == "age 65 on 2004-06-01 is above the maximum 64"
    assert decision.failures[0].text("sv") == "ålder 65 den 2004-06-01 är över högsta 64"
    swedish = decision.explain(lang="sv")
    assert swedish.startswith("omfattas inte enligt all-of(age-18-64,newly-arrived-36m) den 2004-06-01")
    assert "kommunmottagen den 2003-01-10: inom 36 månader den 2004-06-01" in swedish
    # The language is per call: the default stays English afterwards.
    assert decision.explain().startswith("not eligible under")


def test_languages_are_kept_apart_between_threads() -> None:
    person = Participant("case-17", birth_date=date(1939, 5, 2), received_on=date(2003, 1, 10))
    decision = check_eligibility(person, RULE, date(2004, 6, 1))
    seen: dict[str, str] = {}

    def write(lang: str) -> None:
        with i18n.language(lang):
            for _ in range(200):
                seen[lang] = decision.failures[0].message

    threads = [threading.Thread(target=write, args=(lang,)) for lang in ("sv", "en") * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {
        "sv": "ålder 65 den 2004-06-01 är över högsta 64",
        "en": "age 65 on 2004-06-01 is above the maximum 64",
    }


def test_numbers_and_dates_as_each_language_writes_them() -> None:
    assert i18n.format_number(1288, "sv") == "1\N{NO-BREAK SPACE}288"
    assert i18n.format_number(1288, "en") == "1,288"
    assert i18n.format_date(date(2004, 6, 1), "sv") == "2004-06-01"
    with pytest.raises(ValueError, match="lang"):
        i18n.format_number(1, "de")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sv-SE,sv;q=0.9,en;q=0.5", "sv"),
        ("en-GB,sv;q=0.2", "en"),
        ("fr", "en"),
        ("fr, sv;q=0.1", "sv"),
        ("sv;q=0", "en"),
        ("", "en"),
    ],
)
def test_accept_language(header: str, expected: str) -> None:
    assert i18n.negotiate(header) == expected
