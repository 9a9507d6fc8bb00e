"""The HTTP API of bookapp: FastAPI routes in front of :class:`~bookapp.service.Library`.

==========================================  =============================  ===================
route (under ``/api/v1``)                   logic it calls (the seam)      answers
==========================================  =============================  ===================
``POST /books``                             ``Library.add_book``           201, 400, 409, 422
``GET /books``                              ``Library.list_books``         200, 422
``GET /books/{book_id}``                    ``Library.get_book``           200, 404, 422
``POST /books/{book_id}/loans``             ``Library.lend_book``          201, 400, 404, 409,
                                                                           422
``POST /loans/{loan_id}/return``            ``Library.return_loan``        200, 404, 409, 422
``GET /fees/late``                          ``quote_late_fee``             200, 422
==========================================  =============================  ===================

FastAPI validates every request against the models (422 with FastAPI's own error body), the
:class:`~bookapp.service.Library` comes from ``Depends`` (the one the lifespan built, at
``app.state.library``), and domain errors become 404 / 409 in the exception handlers. Every
status a route can answer is in its ``responses=``, so the generated OpenAPI document
(``/openapi.json``) is the whole truth about the HTTP side. FastAPI answers 400 itself when
a body cannot even be read as JSON text; the routes with a body document it.

``BOOKAPP_BUG`` (read on every request) plants the API-side bugs; see
:data:`bookapp.bugs.BUGS`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from bookapp.bugs import planted
from bookapp.models import (
    DAYS_LATE_MAX,
    ID_MAX,
    LIMIT_DEFAULT,
    LIMIT_MAX,
    OFFSET_MAX,
    Book,
    BookPage,
    ClosedLoan,
    ErrorBody,
    FeeQuote,
    LoanRequest,
    MemberTier,
    NewBook,
    OpenLoan,
)
from bookapp.service import Conflict, Library, LoanNotFound, NotFound, quote_late_fee
from bookapp.store import BookStore

__all__ = ["app", "create_app", "get_library", "router"]


def _answer(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


_NOT_JSON = _answer(
    "The body cannot be read as JSON text: not UTF-8, or nested too deep (FastAPI answers it)."
)
_BOOK_MISSING = _answer("No book has this id.")


def get_library(request: Request) -> Library:
    """The :class:`Library` the lifespan built for this app."""
    library = request.app.state.library
    assert isinstance(library, Library)
    return library


LibraryDep = Annotated[Library, Depends(get_library)]
BookId = Annotated[int, Path(ge=1, le=ID_MAX, description="The book's id.")]
LoanId = Annotated[int, Path(ge=1, le=ID_MAX, description="The loan's id.")]

router = APIRouter(tags=["library"])


@router.post(
    "/books",
    status_code=status.HTTP_201_CREATED,
    response_model=Book,
    responses={400: _NOT_JSON, 409: _answer("A book with this ISBN is in the catalogue.")},
    summary="Add a book to the catalogue",
)
async def add_book(new: NewBook, library: LibraryDep) -> Book:
    return await library.add_book(new)


@router.get("/books", response_model=BookPage, summary="List the catalogue by id")
async def list_books(
    library: LibraryDep,
    available: Annotated[
        bool | None, Query(description="Only books with (true) or without (false) a copy in.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=LIMIT_MAX, description="Page size.")] = LIMIT_DEFAULT,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX, description="Books to skip.")] = 0,
) -> Any:
    page = await library.list_books(available=available, limit=limit, offset=offset)
    if planted("api-response-conforms"):
        # Planted: a hand-built answer bypasses response_model and loses the `total`.
        return JSONResponse(page.model_dump(mode="json", exclude={"total"}))
    return page


@router.get(
    "/books/{book_id}",
    response_model=Book,
    responses={404: _BOOK_MISSING},
    summary="Get one book",
)
async def get_book(book_id: BookId, library: LibraryDep, request: Request) -> Book:
    if planted("api-accepted-crossed"):
        # Planted: a cache in front of the logic; a book seen once is never asked again.
        cache: dict[int, Book] = request.app.state.book_cache
        if book_id not in cache:
            cache[book_id] = await library.get_book(book_id)
        return cache[book_id]
    return await library.get_book(book_id)


@router.post(
    "/books/{book_id}/loans",
    status_code=status.HTTP_201_CREATED,
    response_model=OpenLoan,
    responses={
        400: _NOT_JSON,
        404: _BOOK_MISSING,
        409: _answer("Every copy of the book is lent out, or it is for reference only."),
    },
    summary="Lend a copy of a book",
)
async def lend_book(book_id: BookId, request: LoanRequest, library: LibraryDep) -> OpenLoan:
    # Planted api-hands-valid-input: the loan length handed over in hours, not days.
    days = request.days * 24 if planted("api-hands-valid-input") else request.days
    return await library.lend_book(book_id, request.member, days)


@router.post(
    "/loans/{loan_id}/return",
    response_model=ClosedLoan,
    responses={
        404: _answer("No loan has this id."),
        409: _answer("The loan was returned already."),
    },
    summary="Return a lent copy",
)
async def return_loan(loan_id: LoanId, library: LibraryDep) -> ClosedLoan:
    return await library.return_loan(loan_id)


@router.get("/fees/late", response_model=FeeQuote, summary="Quote a late fee")
def late_fee(
    days_late: Annotated[
        int, Query(ge=0, le=DAYS_LATE_MAX, description="Days after the due date.")
    ],
    tier: Annotated[MemberTier, Query(description="The member's tier.")] = MemberTier.STANDARD,
) -> FeeQuote:
    # A sync route: FastAPI runs it in a worker thread, and it calls a plain function.
    return quote_late_fee(days_late, tier)


class _AsciiJSON(JSONResponse):
    """JSON with non-ASCII escaped. FastAPI's 422 body echoes the client's input, which may
    hold a lone surrogate (``"\\ud800"`` is valid JSON; pydantic rejects it as a string):
    plain ``JSONResponse`` cannot encode it as UTF-8 and the answer would be a 500."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
        return text.encode("ascii")


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own 422 answer, rendered by :class:`_AsciiJSON`."""
    assert isinstance(exc, RequestValidationError)
    content = {"detail": jsonable_encoder(exc.errors())}
    return _AsciiJSON(content, status_code=422)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    if planted("api-rejects-invalid") and isinstance(exc, LoanNotFound):
        # Planted: an unknown loan is not mapped to 404; it escapes as a 500.
        raise exc
    return _AsciiJSON({"detail": str(exc)}, status_code=status.HTTP_404_NOT_FOUND)


async def _conflict(request: Request, exc: Exception) -> JSONResponse:
    return _AsciiJSON({"detail": str(exc)}, status_code=status.HTTP_409_CONFLICT)


def create_app() -> FastAPI:
    """A new app; each start (lifespan) opens a fresh in-memory store."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = BookStore.open()
        app.state.library = Library(store)
        app.state.book_cache = {}  # used by the planted api-accepted-crossed bug only
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="bookapp",
        version="1.0.0",
        description="A library catalogue and its loans: seamguard's FastAPI example.",
        lifespan=lifespan,
    )
    app.include_router(router, prefix="/api/v1")
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Conflict, _conflict)
    return app


app = create_app()
