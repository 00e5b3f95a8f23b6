"""The service's two seams to the rest of the library: how a decision becomes JSON,
and which language a request asked for.

Kept in one small module so that a change in the decision's own JSON form (or a
message catalogue per language) is taken up here, in one place, by every endpoint.
"""

from __future__ import annotations

from typing import Any

from etableringsmodell.rules.eligibility import Decision

__all__ = ["LANGUAGES", "decision_to_json", "language"]

LANGUAGES = ("en", "sv")
"""The languages a request can ask for with ``Accept-Language``; the first is the default."""


def language(accept_language: str | None) -> str:
    """The supported language a request's ``Accept-Language`` header prefers most (RFC 9110 12.5.4)."""
    if not accept_language:
        return LANGUAGES[0]
    best, best_q = LANGUAGES[0], -1.0
    for position, item in enumerate(accept_language[:1000].split(",")[:50]):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and (q > best_q or (q == best_q and position == 0)) and q > 0:
            best, best_q = primary, q
    return best


def decision_to_json(decision: Decision, lang: str) -> dict[str, Any]:
    """A decision as the service returns it: the decision's own JSON form (``io.dumps``,
    ``docs/schema/decision.schema.json``), with the causes listed for a client in a hurry.

    ``failing`` and ``undetermined`` are the ids of the criteria that kept the person out or
    could not be judged (``Decision.failures`` and ``Decision.undetermined``); ``lang`` is the
    language the request chose (:func:`language`).
    """
    from etableringsmodell.io.convert import to_dict

    return {
        **to_dict(decision),
        "lang": lang,
        "failing": [r.criterion_id for r in decision.failures],
        "undetermined": [r.criterion_id for r in decision.undetermined],
    }
