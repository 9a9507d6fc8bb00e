"""The signup service: FastAPI apps written like real SQLAlchemy code, for ``seamguard init``
(``api.py``; ``orm_api.py`` is a second app over the same code).

Its CRUD functions take a SQLAlchemy ``Session`` first, its routes call security helpers
(password hashing, access tokens) beside the logic, a note is created through a use-case
ABC whose implementation a ``Depends`` factory builds, lookups return ``None`` for nothing
found, and every ``created_at`` is a naive datetime. ``init --yes`` on it, with the session
TODO filled, must write bindings and contracts that ``seamguard check`` passes.
"""
