"""The HTTP API: FastAPI routes over :mod:`members_app.logic`; :func:`create_app` makes an
app over an empty store."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import logic

EMAIL = "^[a-z]{1,8}@[a-z]{1,8}[.]org$"


class NewUser(BaseModel):
    """A user to make."""

    name: str = Field(pattern="^[a-z]{1,8}$")
    email: str | None = Field(default=None, pattern=EMAIL)


class UserChanges(BaseModel):
    """What a PATCH changes; a key left out is kept, an email set to null is cleared."""

    name: str | None = Field(default=None, pattern="^[a-z]{1,8}$")
    email: str | None = Field(default=None, pattern=EMAIL)


class User(BaseModel):
    """A user as the API answers it."""

    id: str
    name: str
    email: str | None


def create_app() -> FastAPI:
    """An app over an empty store (a fresh database)."""
    logic.Store.current = logic.Store()
    # Users made at start-up, as a service seeds its accounts: GET /users lists them by id,
    # an order the fresh uuids make different in every run.
    for name in ("admin", "staff", "guest", "owner", "audit", "robot"):
        logic.create_user(name)
    app = FastAPI()

    @app.middleware("http")
    async def log_requests(request: Request, call_next: Any) -> Response:
        logic.store().log.append((request.method, request.url.path))
        answer: Response = await call_next(request)
        return answer

    @app.post("/users", status_code=201, response_model=User)
    def post_user(new: NewUser) -> Any:
        """Make a user: 201 and the user, under a uuid the service made."""
        return logic.create_user(new.name, new.email)

    @app.get("/users", response_model=list[User])
    def get_users() -> Any:
        """Every user, by id."""
        return logic.list_users()

    @app.patch("/users/{id}", response_model=User)
    def patch_user(id: str, changes: UserChanges) -> Any:
        """Change a user: the user, or 404."""
        given = changes.model_dump(exclude_unset=True)
        if given.get("name", "") is None:
            del given["name"]
        found = logic.update_user(id, given)
        if found is None:
            return JSONResponse({"detail": "no such user"}, status_code=404)
        return found

    return app
