"""The routes: each calls its logic beside lookups and security helpers, as real routes do."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Path
from sqlalchemy.orm import Session

from . import crud
from .db import get_db
from .schemas import NoteCreate, NotePublic, Token, UserCreate, UserPublic
from .security import create_access_token, get_password_hash
from .usecases import (
    CreateNote,
    CreateNoteWithSession,
    NoteExporter,
    NoteOwnerMissing,
    get_exporter,
)

app = FastAPI(title="signup")

SessionDep = Annotated[Session, Depends(get_db)]
UserId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def create_note_usecase(session: SessionDep) -> CreateNote:
    return CreateNoteWithSession(session)


@app.post("/users", response_model=UserPublic, status_code=201)
def sign_up(user_in: UserCreate, session: SessionDep) -> UserPublic:
    existing = crud.get_user_by_email(session=session, email=user_in.email)
    if existing is not None:
        raise HTTPException(status_code=409, detail="email taken")
    hashed = get_password_hash(user_in.password)
    try:
        return crud.create_user(  # type: ignore[no-any-return]
            session=session, user_create=user_in, hashed_password=hashed
        )
    except crud.EmailTaken:
        raise HTTPException(status_code=409, detail="email taken") from None


@app.get("/users/{user_id}", response_model=UserPublic)
def read_user(user_id: UserId, session: SessionDep) -> UserPublic:
    user = crud.read_user(session, user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="no such user")
    return user


@app.post("/users/{user_id}/token", response_model=Token)
def issue_token(user_id: UserId, session: SessionDep) -> Token:
    user = crud.read_user(session, user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="no such user")
    return Token(access_token=create_access_token(subject=user.id))


@app.post("/users/{user_id}/notes", response_model=NotePublic, status_code=201)
def add_note(
    user_id: UserId,
    data: NoteCreate,
    usecase: Annotated[CreateNote, Depends(create_note_usecase)],
) -> NotePublic:
    try:
        note = usecase.execute(user_id, data)
    except NoteOwnerMissing:
        raise HTTPException(status_code=404, detail="no such user") from None
    return NotePublic.model_validate(note)


@app.get("/exports/{title}")
def export_title(title: str, exporter: Annotated[NoteExporter, Depends(get_exporter)]) -> str:
    return exporter.export(title)
