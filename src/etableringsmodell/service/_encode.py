"""The service's two seams to the rest of the library: how a decision becomes JSON,
and which language a request asked for.

Kept in one small module so that a change in the decision's own JSON form (or a
message catalogue per language) is taken up here, in one place, by every endpoint.
"""

from __future__ import annotations

from typing import Any

from etableringsmodell.i18n import SUPPORTED as LANGUAGES
from etableringsmodell.rules.eligibility import Decision

__all__ = ["LANGUAGES", "decision_to_json", "language"]


def language(accept_language: str | None) -> str:
    """The supported language a request's ``Accept-Language`` header prefers most (RFC 9110 12.5.4)."""
    from etableringsmodell.i18n import negotiate

    return negotiate(accept_language)


def decision_to_json(decision: Decision, lang: str) -> dict[str, Any]:
    """A decision as the service returns it: the decision's own JSON form (``io.dumps``,
    ``docs/schema/decision.schema.json``), with the causes listed for a client in a hurry.

    ``failing`` and ``undetermined`` are the ids of the criteria that kept the person out or
    could not be judged (``Decision.failures`` and ``Decision.undetermined``); ``lang`` is the
    language the request chose (:func:`language`).
    """
    from etableringsmodell.i18n import language as in_language
    from etableringsmodell.io.convert import to_dict

    with in_language(lang):
        return {
            **to_dict(decision),
            "lang": lang,
            "failing": [r.criterion_id for r in decision.failures],
            "undetermined": [r.criterion_id for r in decision.undetermined],
        }
