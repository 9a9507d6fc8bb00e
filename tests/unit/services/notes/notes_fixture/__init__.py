"""A small notes service: the planted-defect fixture of ``seamguard check``.

It is deliberately shaped unlike taskapp, so the checks are not tuned to one service:

- ``notes_fixture.logic``: an in-memory store (a module-level dict behind a lock) with a
  module-level function (``create_note``), a method of a class built without arguments
  (``Notebook.get``) and an ``async`` function (``search_notes``);
- ``notes_fixture.api``: a Starlette app with class-based endpoints, input validated by
  hand, errors answered as ``application/problem+json``, and a hand-written OpenAPI 3.1
  document at ``/openapi.json``.

The environment variable ``NOTES_BUG`` plants one defect per check id of the catalogue,
read on every call (never at import); unset or empty means the clean service. The names are
:data:`notes_fixture.logic.BUGS`.
"""

from __future__ import annotations
