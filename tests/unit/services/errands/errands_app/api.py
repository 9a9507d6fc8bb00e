"""The routes: each builds a command from the request, hands it to its handler, then reads
the errand back through the query handler (the hand-off is the command's handler).

``ERRANDS_BUG=raw-priority`` plants a seam bug the read-back hides: ``PUT`` hands its
command the body's raw ``int`` where the handler is annotated ``Priority``; the answer is
right (``int(errand.priority)``), but the stored errand holds an ``int``, so
``errand.priority is Priority.HIGH`` is never true. Unset, it is clean.
"""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from .compose import AppFactory, Context
from .domain import ErrandNotFound, Priority
from .handlers import (
    AddErrand,
    AddErrandHandler,
    FinishErrand,
    FinishErrandHandler,
    GetErrandHandler,
    RenameErrand,
    RenameErrandHandler,
    ReopenErrand,
    Store,
)

app = FastAPI(title="errands")
STORE = Store()


class ErrandIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    priority: int = Field(default=1, ge=1, le=2)


class RenameIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    priority: int | None = Field(default=None, ge=1, le=2)


class ErrandOut(BaseModel):
    id: str
    title: str
    priority: int
    done: bool


def get_store() -> Store:
    return STORE


def get_add_handler(store: Annotated[Store, Depends(get_store)]) -> AddErrandHandler:
    return AddErrandHandler(store)


def get_finish_handler(store: Annotated[Store, Depends(get_store)]) -> FinishErrandHandler:
    return FinishErrandHandler(store)


def get_reader(store: Annotated[Store, Depends(get_store)]) -> GetErrandHandler:
    return GetErrandHandler(store)


Reader = Annotated[GetErrandHandler, Depends(get_reader)]


def get_context(store: Annotated[Store, Depends(get_store)]) -> Context:
    return Context(factory=AppFactory(store=store))


@app.post("/errands", response_model=ErrandOut, status_code=201)
def add_errand(
    request: ErrandIn,
    handler: Annotated[AddErrandHandler, Depends(get_add_handler)],
    reader: Reader,
) -> ErrandOut:
    command = AddErrand(title=request.title, priority=Priority(request.priority))
    errand_id = handler.handle(command)
    return ErrandOut(**reader.handle(errand_id).__dict__)


@app.post("/errands/{errand_id}/finish", response_model=ErrandOut)
def finish_errand(
    errand_id: str,
    handler: Annotated[FinishErrandHandler, Depends(get_finish_handler)],
    reader: Reader,
) -> ErrandOut:
    try:
        command = FinishErrand(errand_id=errand_id)
        handler.handle(command)
        view = reader.handle(errand_id)
    except ErrandNotFound:
        raise HTTPException(status_code=404, detail="no such errand") from None
    return ErrandOut(**view.__dict__)


@app.put("/errands/{errand_id}", response_model=ErrandOut)
def rename_errand(
    errand_id: str, request: RenameIn, store: Annotated[Store, Depends(get_store)]
) -> ErrandOut:
    handler = RenameErrandHandler(store)
    priority = Priority(request.priority) if request.priority is not None else None
    if os.environ.get("ERRANDS_BUG") == "raw-priority":
        priority = request.priority  # type: ignore[assignment]
    command = RenameErrand(errand_id=errand_id, title=request.title, priority=priority)
    try:
        handler.handle(command)
        view = GetErrandHandler(store).handle(errand_id)
    except ErrandNotFound:
        raise HTTPException(status_code=404, detail="no such errand") from None
    return ErrandOut(**view.__dict__)


@app.get("/errands/{errand_id}", response_model=ErrandOut)
def read_errand(errand_id: str, reader: Reader) -> ErrandOut:
    try:
        return ErrandOut(**reader.handle(errand_id).__dict__)
    except ErrandNotFound:
        raise HTTPException(status_code=404, detail="no such errand") from None


@app.post("/errands/{errand_id}/reopen", status_code=204)
def reopen_errand(errand_id: str, ctx: Annotated[Context, Depends(get_context)]) -> None:
    # The handler is reached through the context's factory, as a composition root hands it.
    try:
        ctx.factory.errands.create_reopen_handler().handle(ReopenErrand(errand_id=errand_id))
    except ErrandNotFound:
        raise HTTPException(status_code=404, detail="no such errand") from None
