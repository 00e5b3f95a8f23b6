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
from etableringsmodell.errors import EtableringsmodellError
from etableringsmodell.io import dumps
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
            str(ROOT / "src" / "etableringsmodell"),
        ],
        check=True,
        capture_output=True,
    )
    with out.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def test_every_message_in_the_code_has_a_swedish_translation(tmp_path: Path) -> None:
    # Extracted afresh from the whole package (rules, report, CLI, errors, service, ...), so a
    # message added anywhere without `pybabel update` and a translation fails here.
    catalogue = _catalogue()
    in_code = _extracted(tmp_path)
    assert len(in_code) > 250  # the extraction did run over the whole package
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


# ---- the report, the CLI, errors, citations, the service ---------------------------------

NBSP = "\N{NO-BREAK SPACE}"


def _cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from etableringsmodell.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    code, english, _err = _cli("report", capsys=capsys)
    assert code == 0
    code, swedish, _err = _cli("--lang", "sv", "report", capsys=capsys)
    assert code == 0
    # CLDR's Swedish number rules (Babel's sv locale): thousands grouped with a no-break
    # space, a decimal comma, a no-break space before the percent sign. Every grouped
    # figure of the English report is in the Swedish one, written that way.
    grouped = re.findall(r"\b\d{1,3}(?:,\d{3})+\b", english)
    assert "1,904" in grouped  # the not-eligible count of the default report
    for figure in grouped:
        assert figure.replace(",", NBSP) in swedish, figure
    assert f"omfattas inte: 1{NBSP}904;" in swedish
    assert f"32,3{NBSP}%" in swedish
    assert "(32.3%)" in english
    # The statutes' and Arbetsförmedlingen's words, and the dates as ISO 8601.
    for word in (
        "målgrupp",
        "källor",
        "beslutsdag 2004-06-01",
        "omfattas:",
        "kan inte avgöras",
        "kommunmottagen den",
        "överenskommelse",
        "jobbspår",
        "(ej verifierad)",
        "t.ex.",
    ):
        assert word in swedish, word
    # No English sentence of the report is left.
    for phrase in (
        "eligible",
        "target group",
        "sources:",
        "reference date",
        "(unverified)",
        "e.g.",
        "Side by side",
        "without a track",
        "mean fit",
        "observed pace",
        "on track",
        "received in a municipality",
        "synthetic participants",
    ):
        assert phrase not in swedish, phrase
    # And the English report is still written with English numbers.
    assert "not eligible: 1,904;" in english


def test_the_report_as_html_in_swedish() -> None:
    import io

    from etableringsmodell.demo import built_in_report
    from etableringsmodell.report import render_html

    report = built_in_report(size=200)
    page = io.StringIO()
    render_html(report, page, lang="sv")
    html = page.getvalue()
    assert '<html lang="sv">' in html
    assert "Målgrupp" in html
    assert "Källor:" in html
    assert "Eligibility" not in html


def test_cli_messages_and_errors_in_swedish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from etableringsmodell.cli import EXIT_INVALID

    code, _out, err = _cli("--lang", "sv", "catalog", "no-such-entry", capsys=capsys)
    assert code == EXIT_INVALID
    assert err.startswith("etablering: ingen post 'no-such-entry' i katalogen; kända poster: ")
    code, _out, err = _cli(
        "--lang", "sv", "goal", "arbetsplatsintroduktion-ams", "--goal", "x", capsys=capsys
    )
    assert "har inget mål 'x'" in err
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("id,birth_date,received_on\np1,1980-01-01,1979-01-01\n", encoding="utf-8")
    code, _out, err = _cli("--lang", "sv", "report", "--cohort", str(cohort), capsys=capsys)
    # The row's problem (reception before birth) and the run's verdict, both in Swedish.
    assert "rad 2: birth_date: 1980-01-01 är efter received_on 1979-01-01" in err
    assert "ingen giltig deltagare att bedöma (1 rader lästa)" in err
    code, _out, err = _cli("report", "--cohort", str(cohort), capsys=capsys)
    assert "line 2: " in err
    assert "no valid participant to judge" in err


def test_errors_keep_their_english_str_and_have_a_swedish_text() -> None:
    from etableringsmodell.errors import InvalidDocumentError, InvalidValueError, NotCoveredError

    with pytest.raises(ValueError, match="received_on") as caught:
        Participant("p1", birth_date=date(1980, 1, 1), received_on=date(1979, 1, 1))
    error = caught.value
    assert isinstance(error, EtableringsmodellError)
    english = str(error)
    assert error.text("en") == english
    swedish = error.text("sv")
    assert english == "birth_date: 1980-01-01 is after received_on 1979-01-01"
    assert swedish == "birth_date: 1980-01-01 är efter received_on 1979-01-01"
    with i18n.language("sv"):
        assert error.text() == swedish
    assert str(error) == english  # str() is English whatever the language in effect
    # A document's errors, and an error that is not about one field.
    document = InvalidDocumentError(
        [InvalidValueError("a", "is required"), InvalidValueError("b", "is empty")]
    )
    assert document.text("sv") == "a: krävs (och 1 till: b: är tom)"
    covered = NotCoveredError("agreement goteborg-2004", "2010-01-01", "2004-01-01 to with no stated end")
    assert covered.text("sv") == (
        "överenskommelsen goteborg-2004 gäller inte 2010-01-01: den gäller 2004-01-01 till utan angivet slut"
    )
    # A reason in no shape of the catalogue stays as it is, in either language.
    odd = InvalidValueError("x", "something this library never says")
    assert odd.text("sv") == "x: something this library never says"
    with pytest.raises(ValueError, match="lang"):
        odd.text("de")


def test_an_unverified_citation_in_both_languages() -> None:
    from etableringsmodell.sources import Source

    source = Source.statute("SFS 2017:584", "2 §", note="unverified text")
    assert source.citation() == "SFS 2017:584 2 § (unverified)"
    assert source.citation("sv") == "SFS 2017:584 2 § (ej verifierad)"
    with i18n.language("sv"):
        assert source.citation() == "SFS 2017:584 2 § (ej verifierad)"
    assert Source.statute("SFS 2017:584", "2 §").citation("sv") == "SFS 2017:584 2 §"


def test_every_reason_of_the_catalogue_is_written_in_swedish() -> None:
    """Each reason any catalogue entry gives a synthetic cohort reads differently in Swedish.

    A message left out of the catalogue (or built as English text before it is shown)
    renders the same in both languages, and is caught here.
    """
    from etableringsmodell import catalog
    from etableringsmodell.model import PartnerAgreement
    from etableringsmodell.synthetic import synthetic_cohort

    seen = 0
    for on in (date(2004, 6, 1), date(2011, 6, 1), date(2016, 6, 1), date(2019, 6, 1)):
        cohort = synthetic_cohort(150, on, 7)
        for entry in (catalog.get(i) for i in catalog.ids()):
            if isinstance(entry, PartnerAgreement) and not (entry.start <= on <= (entry.end or on)):
                continue
            try:
                decisions = [check_eligibility(p, entry, on) for p in cohort]
            except LookupError:  # a programme not in force on that date
                continue
            for decision in decisions:
                for reason in decision.reasons:
                    seen += 1
                    assert reason.text("sv") != reason.text("en"), reason.text("en")
    assert seen > 1000


def test_plan_and_family_tie_messages_in_swedish() -> None:
    from etableringsmodell.model import (
        ArrivalAnchor,
        EstablishmentPlanInTime,
        FamilyTieWithin,
        PlanStartedBefore,
    )
    from etableringsmodell.model.enums import PermitGround
    from etableringsmodell.model.participant import ResidencePermit

    on = date(2012, 6, 1)
    person = Participant(
        "p1",
        birth_date=date(1980, 1, 1),
        received_on=date(2011, 1, 10),
        plan_started_on=date(2011, 3, 1),
        permit=ResidencePermit(
            PermitGround.FAMILY_TIE, granted_on=date(2010, 12, 1), applied_on=date(2010, 6, 1)
        ),
    )
    rule = AllOf(
        EstablishmentPlanInTime(
            deadline=Span(years=1), max_length=Span(months=24), anchor=ArrivalAnchor.RECEIVED
        ),
        PlanStartedBefore(date(2011, 1, 1)),
        FamilyTieWithin(within=Span(years=6)),
    )
    decision = check_eligibility(person, rule, on)
    english = [r.text("en") for r in decision.reasons[1:]]
    swedish = [r.text("sv") for r in decision.reasons[1:]]
    assert english[0].startswith("a plan since 2011-03-01, drawn up by the deadline 2012-01-10")
    assert swedish[0].startswith("en plan sedan 2011-03-01, upprättad senast sista dagen 2012-01-10")
    assert english[1] == "the plan started 2011-03-01, not before 2011-01-01"
    assert swedish[1] == "planen började 2011-03-01, inte före 2011-01-01"
    assert "anknytningspersonen" in swedish[2]
    assert "person joined" in english[2]
    # The figures stay data, and the message is rendered in the reader's language each time.
    with i18n.language("sv"):
        assert decision.reasons[2].message == swedish[1]
    assert decision.reasons[2].message == english[1]


def test_problem_documents_in_the_requests_language() -> None:
    from litestar.testing import TestClient

    from etableringsmodell.service import create_app

    with TestClient(app=create_app()) as client:
        swedish = client.get("/catalog/no-such-entry", headers={"accept-language": "sv"})
        english = client.get("/catalog/no-such-entry")
        assert swedish.status_code == english.status_code == 404
        assert swedish.headers["content-type"].startswith("application/problem+json")
        assert swedish.json()["title"] == "Okänd post i katalogen"
        assert swedish.json()["detail"].startswith("ingen post 'no-such-entry' i katalogen")
        assert english.json()["title"] == "Unknown catalogue entry"
        assert swedish.headers["content-language"] == "sv"
        person = dumps(Participant("p1", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 10)))
        # A parameter Litestar itself refuses, and one the library refuses.
        missing = client.post(
            "/decisions", params={"rule": "goteborg-2004"}, content=person, headers={"accept-language": "sv"}
        )
        assert missing.status_code == 400
        assert missing.json()["title"] == "Begäran avvisad"
        assert missing.json()["detail"].startswith("Frågeparametern 'on' saknas för sökvägen /decisions")
        bad = client.post(
            "/decisions",
            params={"rule": "goteborg-2004", "on": "2004-13-01"},
            content=person,
            headers={"accept-language": "sv-SE,sv;q=0.9"},
        )
        assert bad.status_code == 422, bad.text
        assert bad.json()["title"] == "Ogiltig indata"
        assert bad.json()["detail"] == "on: måste vara ett ISO-datum som 2004-06-01"
        rows = "id,birth_date,received_on\np1,1980-01-01,2003-01-10\np2,1980-01-01,1979-01-01\n"
        judged = client.post(
            "/decisions/cohort",
            params={"rule": "goteborg-2004", "on": "2004-06-01"},
            content=rows.encode(),
            headers={"content-type": "text/csv", "accept-language": "sv"},
        )
        assert judged.status_code == 200, judged.text
        assert judged.json()["problems"] == ["rad 3: birth_date: 1980-01-01 är efter received_on 1979-01-01"]


def test_an_assessed_fact_is_named_in_the_ordinances_words_in_swedish() -> None:
    # English keeps the code (the cohort file's column is fact_<code>); Swedish writes the words of
    # Förordning (2017:820) 5 §: "är anmäld som arbetssökande hos Arbetsförmedlingen".
    from etableringsmodell.model import AssessedFact, FactIs, FactKind

    person = Participant(
        "f-1",
        birth_date=date(1990, 1, 1),
        received_on=date(2019, 1, 1),
        facts=(AssessedFact(FactKind.REGISTERED_JOB_SEEKER, value=False, assessed_on=date(2019, 2, 1)),),
    )
    reason = check_eligibility(person, FactIs(FactKind.REGISTERED_JOB_SEEKER), date(2019, 6, 1)).reasons[0]
    assert reason.text("en") == "registered_job_seeker: no (assessed 2019-02-01)"
    assert reason.text("sv") == "anmäld som arbetssökande hos Arbetsförmedlingen: nej (bedömt 2019-02-01)"


def test_a_change_between_two_decisions_names_the_statuses_in_swedish() -> None:
    from etableringsmodell.rules.eligibility import diff

    person = Participant("c-1", birth_date=date(1986, 6, 1), received_on=date(2003, 1, 10))
    rule = AgeBetween(18, 64)
    change = diff(
        check_eligibility(person, rule, date(2004, 5, 31)), check_eligibility(person, rule, date(2004, 6, 1))
    )
    assert len(change) == 1
    with i18n.language("sv"):
        text = str(change[0])
    assert "uppfylls inte" in text
    assert "failed" not in text


def test_every_literal_error_reason_has_a_swedish_text() -> None:
    # The reasons of typed errors are written where the error is raised; each literal one is marked
    # with N_ so that the catalogue holds it, and error.text("sv") finds it. An unmarked new one fails
    # here. (The second argument of MissingExtraError is the extra's name, not a message.)
    import ast

    from etableringsmodell.errors import translate_text

    untranslated = []
    for path in (ROOT / "src" / "etableringsmodell").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if (
                not node.func.id.endswith("Error")
                or node.func.id == "MissingExtraError"
                or len(node.args) < 2
            ):
                continue
            reason = node.args[1]
            if isinstance(reason, ast.Call) and isinstance(reason.func, ast.Name) and reason.func.id == "N_":
                reason = reason.args[0]
            text = reason.value if isinstance(reason, ast.Constant) else None
            if isinstance(text, str) and translate_text(text, "sv") == text:
                untranslated.append(f"{path.name}:{node.lineno}: {text}")
    assert not untranslated, untranslated


def test_a_field_and_its_reason_are_translated_from_the_text_alone() -> None:
    # str() of a typed error writes "field: reason"; the service and the report translate such text
    # without the error object: the field (a name) stays, the reason is the catalogue's.
    from etableringsmodell.errors import translate_text

    assert (
        translate_text("kinds: must name at least one OutcomeKind", "sv")
        == "kinds: måste ange minst en OutcomeKind"
    )
    assert translate_text("x: nothing the library says", "sv") == "x: nothing the library says"


@pytest.mark.parametrize(
    ("argv", "words", "absent"),
    [
        (
            ["--lang", "sv", "--help"],
            ["användning: etablering", "flaggor:", "visa den här hjälptexten"],
            "usage:",
        ),
        (["--lang=sv", "check", "--help"], ["användning: etablering check", "beslutsdag"], "reference date"),
        (["--help"], ["usage: etablering", "options:", "show this help message and exit"], "användning"),
    ],
)
def test_the_command_lines_help_is_in_the_language_asked_for(
    argv: list[str], words: list[str], absent: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from etableringsmodell.cli import main

    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out
    assert absent not in out


def test_the_language_of_the_help_is_read_before_the_parser() -> None:
    from etableringsmodell.cli import _requested_language

    assert _requested_language(["--lang", "sv", "report"]) == "sv"
    assert _requested_language(["--lang=sv", "--lang", "en"]) == "en"  # the last wins, as argparse's
    assert _requested_language(["--lang", "fi"]) == "en"  # argparse refuses it, in English
    assert _requested_language(["check", "--", "--lang", "sv"]) == "en"  # after --, a file name
