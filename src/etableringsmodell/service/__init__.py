"""The rules as an HTTP service: ``etablering serve`` (extra ``[serve]``).

A face (layer 4) for case systems not written in Python. An ASGI application on
Litestar, served by uvicorn, that reads the same JSON documents as
:func:`etableringsmodell.io.loads` (through the library's own cattrs converter,
so the attrs model is the only model: no second, pydantic copy of it) and
answers with the library's verdicts, each criterion with its message and the
law it cites.

Endpoints (the OpenAPI document is served at ``/schema/openapi.json``):

=============================================  ==================================================
``GET /health``                                liveness, with the library version
``GET /catalog``                               the catalogue's entries
``GET /catalog/{id}``                          one entry with its versions, parties and sources
``GET /catalog/{id}/version?on=DATE``          the rule version in force on a date
``POST /decisions?rule=ID&on=DATE``            judge one participant (a JSON document)
``POST /decisions/cohort?rule=ID&on=DATE``     judge many: JSON ``{"participants": [...]}``,
                                               or a cohort file as ``text/csv`` or
                                               ``application/x-ndjson`` (JSON Lines)
``POST /decisions/rule?on=DATE``               judge participants against a rule given as JSON
``GET /goals/{id}/{goal}?achieved=N&on=DATE``  a goal's progress
``POST /outcomes/rate``                        the share in work or studies after exit
=============================================  ==================================================

Every error is ``application/problem+json`` (RFC 9457) with the field it concerns
in ``field``; no personal identity number is ever echoed (the library's typed
errors mask them). Requests are limited in size (``max_body_bytes``), in the number
of participants, and in time (``timeout``): a request over its time gets 503.

>>> from etableringsmodell.service import create_app
>>> app = create_app()
>>> sorted(route.path for route in app.routes)[:3]
['/catalog', '/catalog/{entry_id:str}', '/catalog/{entry_id:str}/version']
"""

from __future__ import annotations

from etableringsmodell.errors import MissingExtraError

try:
    import litestar  # noqa: F401  # only whether the extra is installed
except ModuleNotFoundError as error:  # pragma: no cover - the test environment has the extra
    raise MissingExtraError("litestar", "serve", "etableringsmodell.service") from error

from etableringsmodell.service.app import Limits, create_app  # after the extra check

__all__ = ["Limits", "create_app"]
