"""seamguard's hooks for the vendored notebooks service (ours, not the service's).

Its tables are made by Alembic in its own repository; here ``create_tables`` makes them from
its models (``app-setup``: called with the app before its start-up, for the API side and for
the logic side, which runs inside the app's start-up). The use cases need no hook: ``init``
names each class the routes depend on (``Depends(CreateNote)``) as ``instance``, and the
check builds it with the ``async_sessionmaker`` its ``__init__`` depends on.
"""

from __future__ import annotations

from typing import Any

from app.models import Base
from app.settings import settings
from sqlalchemy import create_engine

_made: set[str] = set()


def create_tables(app: Any = None) -> None:
    """Make the service's tables in its database, once (a synchronous engine on the same file)."""
    if settings.DB_URI in _made:
        return
    engine = create_engine(settings.DB_URI.replace("+aiosqlite", ""))
    Base.metadata.create_all(engine)
    engine.dispose()
    _made.add(settings.DB_URI)
