"""The business logic of bookapp: the seams seamguard guards. No HTTP here.

=================================  ===========================  ==========================
logic                              seam                         domain errors
=================================  ===========================  ==========================
``await Library.add_book(new)``    ``books.create``             :class:`DuplicateIsbn`
``await Library.get_book(id)``     ``books.get``                :class:`BookNotFound`
``await Library.list_books(...)``  ``books.list``               none
``await Library.lend_book(...)``   ``loans.create``             :class:`BookNotFound`,
                                                                :class:`NoCopyLeft`
``await Library.return_loan(id)``  ``loans.return``             :class:`LoanNotFound`,
                                                                :class:`AlreadyReturned`
``quote_late_fee(days_late, ...)`` ``fees.quote``               none (a plain function)
=================================  ===========================  ==========================

Every domain error is a :class:`LibraryError`; the API maps :class:`NotFound` to 404 and
:class:`Conflict` to 409. ``Library()`` with no store opens a fresh in-memory one (what
seamguard's ``instance`` key builds for direct calls).
"""

from __future__ import annotations

import datetime as dt

from bookapp.bugs import planted
from bookapp.models import (
    LIMIT_DEFAULT,
    LOAN_DAYS_DEFAULT,
    Book,
    BookPage,
    ClosedLoan,
    FeeQuote,
    MemberTier,
    NewBook,
    OpenLoan,
)
from bookapp.store import BookStore

__all__ = [
    "FEE_CAP_CENTS",
    "AlreadyReturned",
    "BookNotFound",
    "Conflict",
    "DuplicateIsbn",
    "Library",
    "LibraryError",
    "LoanNotFound",
    "NoCopyLeft",
    "NotFound",
    "quote_late_fee",
]

FEE_CAP_CENTS = 1000
_CENTS_PER_DAY = {MemberTier.STANDARD: 25, MemberTier.STUDENT: 10}


class LibraryError(Exception):
    """Base of the domain errors: the logic may raise these on contract-valid input."""


class NotFound(LibraryError):
    """No such thing (the API answers 404)."""


class Conflict(LibraryError):
    """The library's state does not allow it (the API answers 409)."""


class BookNotFound(NotFound):
    def __init__(self, book_id: int) -> None:
        super().__init__(f"No book has the id {book_id}.")


class LoanNotFound(NotFound):
    def __init__(self, loan_id: int) -> None:
        super().__init__(f"No loan has the id {loan_id}.")


class DuplicateIsbn(Conflict):
    def __init__(self, isbn: str) -> None:
        super().__init__(f"A book with the ISBN {isbn} is in the catalogue already.")


class NoCopyLeft(Conflict):
    def __init__(self, book_id: int, *, reference: bool = False) -> None:
        if reference:
            super().__init__(f"Book {book_id} is for reference: it is read here, never lent.")
        else:
            super().__init__(f"Every copy of book {book_id} is lent out; try again later.")


class AlreadyReturned(Conflict):
    def __init__(self, loan_id: int) -> None:
        super().__init__(f"Loan {loan_id} was returned already.")


class Library:
    """The catalogue and its loans, over one :class:`~bookapp.store.BookStore`."""

    def __init__(self, store: BookStore | None = None, *, today: dt.date | None = None) -> None:
        self.store = store if store is not None else BookStore.open()
        self._today = today

    def today(self) -> dt.date:
        """The date loans are lent and returned on (fixed when given, for tests)."""
        return self._today or dt.date.today()

    async def add_book(self, new: NewBook) -> Book:
        """Add a book to the catalogue.

        Raises:
            DuplicateIsbn: a book has this ISBN already.
        """
        row = self.store.add_book(
            new.title,
            new.author,
            new.isbn,
            new.year,
            new.copies,
            reference_only=new.reference_only,
        )
        if row is None:
            raise DuplicateIsbn(new.isbn)
        book = Book.model_validate(row)
        if planted("logic-output-conforms"):
            # Planted: the ISBN comes back hyphenated, which the output contract forbids.
            isbn = book.isbn
            hyphenated = f"{isbn[:3]}-{isbn[3]}-{isbn[4:8]}-{isbn[8:12]}-{isbn[12]}"
            return book.model_copy(update={"isbn": hyphenated})
        return book

    async def get_book(self, book_id: int) -> Book:
        """The book with this id.

        Raises:
            BookNotFound: no book has this id.
        """
        row = self.store.book(book_id)
        if row is None:
            raise BookNotFound(book_id)
        return Book.model_validate(row)

    async def list_books(
        self, available: bool | None = None, limit: int = LIMIT_DEFAULT, offset: int = 0
    ) -> BookPage:
        """One page of the catalogue by id; ``available`` keeps only books with (``True``)
        or without (``False``) a copy on the shelf."""
        rows, total = self.store.books(available=available, limit=limit, offset=offset)
        items = [Book.model_validate(row) for row in rows]
        return BookPage(items=items, total=total, limit=limit, offset=offset)

    async def lend_book(self, book_id: int, member: str, days: int = LOAN_DAYS_DEFAULT) -> OpenLoan:
        """Lend one copy of a book to a member for ``days`` days, from today.

        Raises:
            BookNotFound: no book has this id.
            NoCopyLeft: every copy is lent out, or the book is for reference only.
        """
        lent_on = self.today()
        found = self.store.lend(book_id, member, lent_on, lent_on + dt.timedelta(days=days))
        if found == "missing":
            raise BookNotFound(book_id)
        if found in ("unavailable", "reference"):
            raise NoCopyLeft(book_id, reference=found == "reference")
        assert isinstance(found, dict)
        return OpenLoan.model_validate(found)

    async def return_loan(self, loan_id: int) -> ClosedLoan:
        """Take a lent copy back today.

        Raises:
            LoanNotFound: no loan has this id.
            AlreadyReturned: the loan was returned already.
        """
        found = self.store.give_back(loan_id, self.today())
        if found == "missing":
            raise LoanNotFound(loan_id)
        if found == "returned":
            raise AlreadyReturned(loan_id)
        assert isinstance(found, dict)
        return ClosedLoan.model_validate(found)


def quote_late_fee(days_late: int, tier: MemberTier = MemberTier.STANDARD) -> FeeQuote:
    """The late fee of a copy returned ``days_late`` days after it was due, capped at
    :data:`FEE_CAP_CENTS`. A plain function: it needs no store."""
    per_day = _CENTS_PER_DAY[tier]
    if planted("logic-accepts-input"):
        # Planted: a daily rate averaged over the days late, which divides by zero for a
        # copy returned on time (0 days late is a valid input).
        per_day = per_day * days_late // days_late
    fee = days_late * per_day
    return FeeQuote(
        days_late=days_late,
        tier=tier,
        fee_cents=min(fee, FEE_CAP_CENTS),
        capped=fee > FEE_CAP_CENTS,
    )
