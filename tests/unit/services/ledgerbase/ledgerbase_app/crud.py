"""A generic CRUD base, one subclass per table, and a module-level instance of each: the
routes call ``crud.entry.create(session, obj_in=...)``."""

from __future__ import annotations

from typing import Generic, TypeVar

from sqlmodel import Session, SQLModel

from .models import Entry, EntryCreate, EntryUpdate

ModelType = TypeVar("ModelType", bound=SQLModel)
CreateSchemaType = TypeVar("CreateSchemaType", bound=SQLModel)
UpdateSchemaType = TypeVar("UpdateSchemaType", bound=SQLModel)


class CRUDBase(Generic[ModelType, CreateSchemaType, UpdateSchemaType]):
    """Create, read and update rows of ``model``."""

    def __init__(self, model: type[ModelType]) -> None:
        self.model = model

    def get(self, session: Session, id: int) -> ModelType | None:
        """The row, or ``None``."""
        return session.get(self.model, id)

    def create(self, session: Session, *, obj_in: CreateSchemaType) -> ModelType:
        """Store a new row."""
        row = self.model.model_validate(obj_in)
        session.add(row)
        session.commit()
        session.refresh(row)
        return row

    def update(self, session: Session, *, db_obj: ModelType, obj_in: UpdateSchemaType) -> ModelType:
        """Change the fields ``obj_in`` sets."""
        for key, value in obj_in.model_dump(exclude_unset=True).items():
            setattr(db_obj, key, value)
        session.add(db_obj)
        session.commit()
        session.refresh(db_obj)
        return db_obj


class CRUDEntry(CRUDBase[Entry, EntryCreate, EntryUpdate]):
    """Entries."""


entry = CRUDEntry(Entry)
