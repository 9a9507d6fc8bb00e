"""The pydantic models of bookapp: what the API reads and answers, what the logic takes.

The bounds here are the seam contracts' bounds (``contracts/``): a request the API accepts
becomes an input the logic's contract allows. Request models forbid unknown fields, so a
misspelt field is a 422, not a silently dropped value.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DAYS_LATE_MAX",
    "ID_MAX",
    "LIMIT_DEFAULT",
    "LIMIT_MAX",
    "LOAN_DAYS_DEFAULT",
    "LOAN_DAYS_MAX",
    "OFFSET_MAX",
    "Book",
    "BookPage",
    "ClosedLoan",
    "ErrorBody",
    "FeeQuote",
    "Loan",
    "LoanRequest",
    "MemberTier",
    "NewBook",
    "OpenLoan",
]

#: The largest id (books, loans): SQLite stores 64-bit integers, ids stay within 31 bits.
ID_MAX = 2**31 - 1
LIMIT_DEFAULT = 20
LIMIT_MAX = 100
OFFSET_MAX = 10_000
LOAN_DAYS_DEFAULT = 14
LOAN_DAYS_MAX = 28
DAYS_LATE_MAX = 365

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Title = Annotated[str, Field(min_length=1, max_length=200, description="The book's title.")]
Author = Annotated[str, Field(min_length=1, max_length=100, description="Who wrote it.")]
Isbn = Annotated[
    str,
    Field(
        min_length=13,
        max_length=13,
        pattern=r"^97[89][0-9]{10}$",
        description="The ISBN-13, digits only.",
        examples=["9780262033848"],
    ),
]
Year = Annotated[int, Field(ge=1450, le=2100, description="The year it was published.")]
Copies = Annotated[int, Field(ge=1, le=20, description="How many copies the library holds.")]
ReferenceOnly = Annotated[
    bool, Field(description="A reference book is read in the library, never lent.")
]
Member = Annotated[
    str,
    Field(
        min_length=1,
        max_length=60,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$",
        description="The borrowing member's card name: a letter or digit first, then letters, "
        "digits, spaces, '.', '_' or '-'.",
    ),
]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewBook(_Request):
    """A book to add to the catalogue."""

    title: Title
    author: Author
    isbn: Isbn
    year: Year | None = None
    copies: Copies = 1
    reference_only: ReferenceOnly = False

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Structure and Interpretation of Computer Programs",
                    "author": "Harold Abelson",
                    "isbn": "9780262510875",
                    "year": 1996,
                    "copies": 2,
                    "reference_only": False,
                }
            ]
        },
    )


class Book(BaseModel):
    """A book of the catalogue."""

    id: Annotated[Id, Field(description="The book's id.")]
    title: Title
    author: Author
    isbn: Isbn
    year: Year | None
    copies: Copies
    reference_only: ReferenceOnly
    available: int = Field(ge=0, le=20, description="Copies on the shelf, not lent out.")


class BookPage(BaseModel):
    """One page of the catalogue, by id."""

    items: list[Book] = Field(max_length=LIMIT_MAX)
    total: int = Field(ge=0, description="How many books match, on every page.")
    limit: int = Field(ge=1, le=LIMIT_MAX)
    offset: int = Field(ge=0, le=OFFSET_MAX)


class LoanRequest(_Request):
    """Who borrows the book, and for how long."""

    member: Member
    days: int = Field(LOAN_DAYS_DEFAULT, ge=1, le=LOAN_DAYS_MAX, description="Loan length.")


class Loan(BaseModel):
    """A loan of one copy of a book."""

    id: Annotated[Id, Field(description="The loan's id.")]
    book_id: Annotated[Id, Field(description="The book lent.")]
    member: Member
    lent_on: dt.date
    due_on: dt.date
    returned_on: dt.date | None = Field(description="When the copy came back; null while out.")


class OpenLoan(Loan):
    """A loan whose copy is still out."""

    returned_on: None = Field(None, description="Always null: the copy is still out.")


class ClosedLoan(Loan):
    """A loan whose copy came back."""

    returned_on: dt.date = Field(description="When the copy came back.")


class MemberTier(str, Enum):
    """The member's tier: students pay less."""

    STANDARD = "standard"
    STUDENT = "student"


class FeeQuote(BaseModel):
    """The late fee of a loan returned ``days_late`` days after it was due."""

    days_late: int = Field(ge=0, le=DAYS_LATE_MAX)
    tier: MemberTier
    fee_cents: int = Field(ge=0, le=1000, description="The fee in cents, capped at 1000.")
    capped: bool = Field(description="Whether the cap applied.")


class ErrorBody(BaseModel):
    """An error answer: what went wrong, in words."""

    detail: str = Field(min_length=1)
