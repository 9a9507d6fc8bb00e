"""What binding this service needs beyond ``seamguard init`` (ours, not the service's).

The use cases take their repositories and unit of work when they are built; the routes
build them per request with the service's own factories (``UserFactory``, ``PostFactory``)
on the request's session. The logic side builds them the same way, on one session for the
whole run (a session per example would never be closed: ``instance`` has no teardown), on
the tables the app's lifespan would make.
"""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from src.posts.infrastructure.http.factory import PostFactory
from src.shared.infrastructure.persistence.orm import create_tables
from src.shared.infrastructure.settings import get_settings
from src.users.infrastructure.http.factory import UserFactory

_engine = create_engine(get_settings().database_url)
create_tables(_engine)
_session = sessionmaker(bind=_engine, autoflush=False, autocommit=False)()

users = UserFactory(session=_session)
"""``instance = "seamguard_hooks:users.create_register_user_use_case"`` and the like."""
posts = PostFactory(session=_session)
"""``instance = "seamguard_hooks:posts.create_create_post_use_case"`` and the like."""
