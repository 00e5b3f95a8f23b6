"""The Litestar application behind ``etablering serve``; see :mod:`etableringsmodell.service`."""

from __future__ import annotations

import io as _stdio
import json
from collections import Counter
from datetime import date
from typing import Annotated, Any

import anyio
from attrs import frozen
from litestar import Litestar, Request, Response, get, post
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.params import FromPath, QueryParameter

import etableringsmodell
from etableringsmodell import catalog
from etableringsmodell.errors import (
    EtableringsmodellError,
    InvalidTypeError,
    InvalidValueError,
    NotCoveredError,
    UnknownEntryError,
    ValidationError,
    redact,
    translate_text,
)
from etableringsmodell.i18n import N_, translate
from etableringsmodell.service._encode import decision_to_json, language

__all__ = ["Limits", "create_app"]

PROBLEM = "application/problem+json"


@frozen
class Limits:
    """What one request may ask of the service.

    ``max_body_bytes``: the largest request body (413 beyond it); ``max_participants``:
    the most participants judged in one request; ``timeout``: seconds a request may take
    before it is answered with 503 (the work is given up, not left running for the client).
    """

    max_body_bytes: int = 5_000_000
    max_participants: int = 20_000
    timeout: float = 20.0


def _problem(
    request: Request[Any, Any, Any], status: int, title: str, detail: str, field: str | None = None
) -> Response[dict[str, Any]]:
    """A problem document (RFC 9457) with ``title`` and ``detail`` in the request's language.

    ``title`` is a msgid; ``detail`` is English text of the library, written in
    the language the ``Accept-Language`` header prefers (:func:`translate_text`).
    """
    lang = language(request.headers.get("accept-language"))
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": translate(title, lang),
        "status": status,
        "detail": redact(translate_text(detail, lang)),
    }
    if field is not None:
        body["field"] = redact(field)
    return Response(body, status_code=status, media_type=PROBLEM, headers={"Content-Language": lang})


def _on_validation(request: Request[Any, Any, Any], error: ValidationError) -> Response[dict[str, Any]]:
    # The typed error's own text already names the field and masks personal numbers.
    lang = language(request.headers.get("accept-language"))
    return _problem(request, 422, N_("Invalid input"), error.text(lang), error.field)


def _on_not_covered(request: Request[Any, Any, Any], error: NotCoveredError) -> Response[dict[str, Any]]:
    return _problem(request, 422, N_("Date not covered"), str(error), "on")


def _on_unknown(request: Request[Any, Any, Any], error: UnknownEntryError) -> Response[dict[str, Any]]:
    detail = str(error.args[0] if error.args else error)
    return _problem(request, 404, N_("Unknown catalogue entry"), detail, "entry")


def _on_library(request: Request[Any, Any, Any], error: EtableringsmodellError) -> Response[dict[str, Any]]:
    return _problem(request, 422, N_("Cannot judge"), str(error))


def _on_http(request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    # Litestar's own errors (413, 404, 405, a malformed parameter) as problem documents too;
    # its detail can quote input, so it goes through the same masking.
    lang = language(request.headers.get("accept-language"))
    detail = translate_text(str(error.detail), lang, shapes=_HTTP_SHAPES)
    return _problem(request, error.status_code, N_("Request refused"), detail)


# Litestar's own refusals, as msgids of its English text.
_HTTP_SHAPES = (
    N_("Missing required query parameter {name} for path {path}"),
    N_("Validation failed for {method} {path}"),
    N_("Not Found"),
    N_("Method Not Allowed"),
    N_("Request Entity Too Large"),
)


def _on_other(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    # Never a traceback or the input back to the client.
    detail = N_("the service could not answer ({kind})")
    lang = language(request.headers.get("accept-language"))
    return _problem(
        request, 500, N_("Internal error"), translate(detail, lang).format(kind=type(error).__name__)
    )


def _day(value: str | None, field: str = "on") -> date:
    if value is None:
        raise InvalidValueError(field, "is required: a date such as 2004-06-01")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field, "must be an ISO date such as 2004-06-01") from None


def _reject_constant(name: str) -> Any:
    raise InvalidValueError("body", f"{name} is not JSON")


def _json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        # The decoder's message names the place, never the content.
        raise InvalidValueError(
            "body", f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except UnicodeDecodeError:
        raise InvalidValueError("body", "is not UTF-8 text") from None
    except RecursionError:
        raise InvalidValueError("body", "is nested too deeply to read") from None
    except ValueError:  # e.g. an integer too long to convert
        raise InvalidValueError("body", "holds a number too large to read") from None


async def _in_time(limits: Limits, function: Any, *args: Any) -> Any:
    # Judging is CPU-bound Python; it runs in a worker thread so the server keeps answering,
    # and a request that runs over its time is answered at once with 503.
    with anyio.move_on_after(limits.timeout) as scope:
        return await anyio.to_thread.run_sync(function, *args, abandon_on_cancel=True)
    if scope.cancelled_caught:
        raise _TimeoutError
    return None  # pragma: no cover - move_on_after either returns or is cancelled


class _TimeoutError(Exception):
    """A request ran over :attr:`Limits.timeout`."""


def _on_timeout(request: Request[Any, Any, Any], __: _TimeoutError) -> Response[dict[str, Any]]:
    return _problem(
        request,
        503,
        N_("Timed out"),
        N_("the request took longer than the service allows; send fewer participants"),
    )


def _judge(people: list[Any], rule: Any, on: date, lang: str) -> dict[str, Any]:
    from etableringsmodell.rules.eligibility import Status, check_eligibility, resolve_rule

    criterion = resolve_rule(rule, on)
    decisions = [check_eligibility(p, criterion, on) for p in people]
    counts = Counter(d.status for d in decisions)
    return {
        "rule": criterion.id,
        "on": on.isoformat(),
        "summary": {
            "eligible": counts.get(Status.PASSED, 0),
            "not_eligible": counts.get(Status.FAILED, 0),
            "undetermined": counts.get(Status.UNDETERMINED, 0),
        },
        "decisions": [
            {"id": p.id, **decision_to_json(d, lang)} for p, d in zip(people, decisions, strict=True)
        ],
    }


def _at(prefix: str, error: ValidationError) -> ValidationError:
    """``error`` with its field path put under ``prefix`` (``participants[3]``), every part of it kept."""
    from etableringsmodell.errors import InvalidDocumentError

    def under(field: str) -> str:
        return f"{prefix}.{field}" if field else prefix

    if isinstance(error, InvalidDocumentError):
        return InvalidDocumentError([InvalidValueError(under(e.field), e.reason) for e in error.errors])
    return InvalidValueError(under(error.field), error.reason)


def _participants(document: Any, limits: Limits) -> list[Any]:
    from etableringsmodell.io.convert import from_dict
    from etableringsmodell.model import Participant

    if not isinstance(document, dict) or not isinstance(document.get("participants"), list):
        raise InvalidTypeError("participants", N_('the body must be {"participants": [...]}'))
    items = document["participants"]
    if len(items) > limits.max_participants:
        raise InvalidValueError("participants", f"at most {limits.max_participants:,} in one request")
    people = []
    for index, item in enumerate(items):
        try:
            people.append(from_dict(item, Participant))
        except ValidationError as error:
            raise _at(f"participants[{index}]", error) from None
    return people


def create_app(limits: Limits | None = None) -> Litestar:  # noqa: PLR0915  # the routes, read as one table
    """The service as an ASGI application; serve it with uvicorn (``etablering serve`` does)."""
    limits = limits or Limits()

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        """Liveness, with the library version."""
        return {"status": "ok", "version": etableringsmodell.__version__}

    @get("/catalog", sync_to_thread=False)
    def list_catalog() -> list[dict[str, str]]:
        """The catalogue's entries: programmes and agreements, each with its id and title."""
        return [{"id": i, "title": getattr(catalog.get(i), "title", "")} for i in catalog.ids()]

    @get("/catalog/{entry_id:str}", sync_to_thread=False)
    def show_entry(entry_id: FromPath[str]) -> dict[str, Any]:
        """One catalogue entry with its versions, parties, tracks, goals and sources."""
        return catalog.describe(entry_id)

    @get("/catalog/{entry_id:str}/version", sync_to_thread=False)
    def version_on(
        entry_id: FromPath[str], on: Annotated[str, QueryParameter(description="ISO date, e.g. 2019-06-01")]
    ) -> dict[str, Any]:
        """The rule version of a programme in force on a date."""
        entry = catalog.get(entry_id)
        day = _day(on)
        if not hasattr(entry, "version_on"):
            raise InvalidValueError("entry", f"{entry_id} is an agreement, not a programme with versions")
        return {
            "id": entry_id,
            "on": day.isoformat(),
            "version": catalog.describe_version(entry.version_on(day)),
        }

    @post("/decisions", status_code=200)
    async def decide(
        request: Request[Any, Any, Any],
        rule: Annotated[str, QueryParameter(description="a catalogue id, e.g. goteborg-2004")],
        on: Annotated[str, QueryParameter(description="the reference date, e.g. 2004-06-01")],
    ) -> dict[str, Any]:
        """Judge one participant (a JSON document as ``etableringsmodell.io.dumps`` writes) on a date."""
        from etableringsmodell.io.convert import from_dict
        from etableringsmodell.model import Participant

        day, entry = _day(on), catalog.get(rule)
        person = from_dict(_json_body(await request.body()), Participant)
        result = await _in_time(
            limits, _judge, [person], entry, day, language(request.headers.get("accept-language"))
        )
        decision: dict[str, Any] = result["decisions"][0]
        return decision

    @post("/decisions/cohort", status_code=200)
    async def decide_cohort(
        request: Request[Any, Any, Any],
        rule: Annotated[str, QueryParameter(description="a catalogue id")],
        on: Annotated[str, QueryParameter(description="the reference date")],
    ) -> dict[str, Any]:
        """Judge many: ``{"participants": [...]}`` as JSON, or a cohort file as text/csv or JSON Lines.

        Bad rows of a file are listed in ``problems`` with their line and field; the good rows are judged.
        """
        day, entry = _day(on), catalog.get(rule)
        lang = language(request.headers.get("accept-language"))
        body = await request.body()
        kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
        problems: list[str] = []
        if kind in {"text/csv", "application/x-ndjson", "application/jsonl", "application/json-lines"}:
            from etableringsmodell.io.cohort import read_csv, read_jsonl

            text = body.decode("utf-8", errors="replace")
            handle = _stdio.StringIO(text, newline="")
            read = read_csv(handle) if kind == "text/csv" else read_jsonl(handle)
            people = list(read.participants)
            if len(people) > limits.max_participants:
                raise InvalidValueError("participants", f"at most {limits.max_participants:,} in one request")
            # Each bad row's problem in the request's language (English: as str(problem) writes it).
            line = translate(N_("line {line}: {field}: {reason}"), lang)
            problems = [
                line.format(line=p.line, field=p.field, reason=translate_text(p.reason, lang))
                for p in read.problems
            ]
        else:
            people = _participants(_json_body(body), limits)
        result: dict[str, Any] = await _in_time(limits, _judge, people, entry, day, lang)
        result["problems"] = problems
        return result

    @post("/decisions/rule", status_code=200)
    async def decide_with_rule(
        request: Request[Any, Any, Any], on: Annotated[str, QueryParameter(description="the reference date")]
    ) -> dict[str, Any]:
        """Judge participants against a rule given as JSON: ``{"rule": {...}, "participants": [...]}``.

        The rule is a criterion document as ``etableringsmodell.io.dumps`` writes one.
        """
        from etableringsmodell.io.convert import from_dict
        from etableringsmodell.model.criteria import Criterion

        day = _day(on)
        document = _json_body(await request.body())
        if not isinstance(document, dict) or "rule" not in document:
            raise InvalidTypeError("rule", N_('the body must be {"rule": {...}, "participants": [...]}'))
        rule = document["rule"]
        if isinstance(rule, dict) and "format_version" not in rule:
            rule = {"format_version": document.get("format_version", 1), **rule}
        try:
            criterion = from_dict(rule, Criterion)
        except ValidationError as error:
            raise _at("rule", error) from None
        people = _participants(document, limits)
        lang = language(request.headers.get("accept-language"))
        result: dict[str, Any] = await _in_time(limits, _judge, people, criterion, day, lang)
        return result

    @get("/goals/{entry_id:str}/{goal_id:str}", sync_to_thread=False)
    def goal(
        entry_id: FromPath[str],
        goal_id: FromPath[str],
        achieved: Annotated[
            int | None, QueryParameter(ge=0, le=10**12, description="placements made so far")
        ] = None,
        on: Annotated[str | None, QueryParameter(description="the date of that count")] = None,
    ) -> dict[str, Any]:
        """A goal's progress: from the given count and date, or the latest status on record."""
        from etableringsmodell.report import _progress_dict
        from etableringsmodell.rules.goals import goal_progress

        goals = {g.id: g for g in getattr(catalog.get(entry_id), "goals", ())}
        if goal_id not in goals:
            raise InvalidValueError(
                "goal", f"{entry_id} has no such goal; its goals: {', '.join(sorted(goals))}"
            )
        if achieved is None or on is None:
            recorded = [s for s in catalog.statuses(entry_id) if s.goal_id == goal_id]
            if not recorded:
                raise InvalidValueError(
                    "achieved", "no status is on record for this goal; give achieved and on"
                )
            achieved = recorded[-1].achieved if achieved is None else achieved
            day = recorded[-1].on if on is None else _day(on)
        else:
            day = _day(on)
        result: dict[str, Any] = _progress_dict(goal_progress(goals[goal_id], achieved, day))
        return result

    @post("/outcomes/rate", status_code=200)
    async def outcomes_rate(request: Request[Any, Any, Any]) -> dict[str, Any]:
        """The share in work or studies ``after`` days (90 by default) after exit, with a Wilson interval.

        Body: ``{"outcomes": [{"participant_id", "kind", "measured_on", "days_after_exit"}, ...],
        "after": 90, "confidence": 0.95}``.
        """
        from etableringsmodell.io.convert import structure
        from etableringsmodell.model import Outcome
        from etableringsmodell.rules.outcomes import OFFICIAL_FOLLOW_UP_DAYS, outcome_rate

        document = _json_body(await request.body())
        if not isinstance(document, dict) or not isinstance(document.get("outcomes"), list):
            raise InvalidTypeError("outcomes", N_('the body must be {"outcomes": [...]}'))
        if len(document["outcomes"]) > limits.max_participants:
            raise InvalidValueError("outcomes", f"at most {limits.max_participants:,} in one request")
        outcomes = []
        for index, item in enumerate(document["outcomes"]):
            try:
                outcomes.append(structure(item, Outcome))
            except ValidationError as error:
                raise _at(f"outcomes[{index}]", error) from None
        after = document.get("after", OFFICIAL_FOLLOW_UP_DAYS)
        confidence = document.get("confidence", 0.95)
        rate = outcome_rate(outcomes, after=after, confidence=confidence)
        return {
            "after": after,
            "followed_up": rate.total,
            "in_work_or_studies": rate.count,
            "share": rate.share,
            "interval": [rate.low, rate.high],
            "confidence": rate.confidence,
            "other_follow_ups": rate.other_follow_ups,
            "sources": [s.citation() for s in rate.sources],
        }

    return Litestar(
        route_handlers=[
            health,
            list_catalog,
            show_entry,
            version_on,
            decide,
            decide_cohort,
            decide_with_rule,
            goal,
            outcomes_rate,
        ],
        exception_handlers={
            ValidationError: _on_validation,
            NotCoveredError: _on_not_covered,
            UnknownEntryError: _on_unknown,
            EtableringsmodellError: _on_library,
            _TimeoutError: _on_timeout,
            HTTPException: _on_http,
            Exception: _on_other,
        },
        request_max_body_size=limits.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="etableringsmodell",
            version=etableringsmodell.__version__,
            description="Eligibility, goals and outcomes for the establishment of newly arrived people, "
            "each verdict citing its law.",
        ),
        debug=False,
    )
