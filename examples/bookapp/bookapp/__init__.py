"""bookapp: a small library catalogue and lending service, the FastAPI example of seamguard.

- :mod:`bookapp.api`: the FastAPI app. An ``APIRouter`` mounted under ``/api/v1``, the
  :class:`~bookapp.service.Library` handed to each route by ``Depends``, a lifespan that
  opens the store, domain errors answered 404/409 by exception handlers, every answer
  documented in FastAPI's generated OpenAPI document (``/openapi.json``).
- :mod:`bookapp.service`: the business logic, no HTTP in it: the async methods of
  :class:`~bookapp.service.Library` and the plain function
  :func:`~bookapp.service.quote_late_fee`. These are the seams.
- :mod:`bookapp.models`: the pydantic models both sides share.
- :mod:`bookapp.store`: SQLite (standard library ``sqlite3``), in memory, one database per
  app start, every access behind one lock.

The environment variable ``BOOKAPP_BUG`` plants one seam bug (:data:`bookapp.bugs.BUGS`);
unset or empty is the correct service.
"""
