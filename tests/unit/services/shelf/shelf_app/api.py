"""The bookshelf's HTTP API: FastAPI, a router under ``/api/books``, the logic via Depends."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse

from shelf_app import service
from shelf_app.models import Book, Count, NewBook, Problem
from shelf_app.service import BookNotFound, Shelf, rename_book

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such book"}
}


def get_shelf() -> Shelf:
    """The shelf every request works on."""
    return Shelf()


router = APIRouter(prefix="/books", tags=["books"])


@router.post("", status_code=201, response_model=Book)
def create_book(book: NewBook, shelf: Shelf = Depends(get_shelf)) -> Book:
    return shelf.add_book(book)


@router.get("", response_model=list[Book])
def list_books(
    shelf: Annotated[Shelf, Depends(get_shelf)],
    author: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[Book]:
    return shelf.list_books(author=author, limit=limit)


# Takes a parameter: `seamguard check` errors on an operation with none (Schemathesis finds
# no negative request for it: Unsatisfiable), a limit of the API-side checks to lift.
@router.get("/count", response_model=Count)
async def count(author: Annotated[str | None, Query(max_length=100)] = None) -> Count:
    return service.count_books(author)


@router.get("/{book_id}", response_model=Book, responses=NOT_FOUND)
def get_book(book_id: int, shelf: Shelf = Depends(get_shelf)) -> Book:
    return shelf.get_book(book_id)


@router.put("/{book_id}/title", response_model=Book, responses=NOT_FOUND)
def retitle_book(
    book_id: int, title: Annotated[str, Body(min_length=1, max_length=200, embed=True)]
) -> Book:
    return rename_book(book_id, title)


@router.delete("/{book_id}", status_code=204, responses=NOT_FOUND)
def delete_book(book_id: int, shelf: Shelf = Depends(get_shelf)) -> Response:
    shelf.delete_book(book_id)
    return Response(status_code=204)


@router.get("/health/ping", include_in_schema=True)
def ping(request: Request) -> dict[str, str]:
    return {"status": "ok", "path": request.url.path}


app = FastAPI(title="shelf")
app.include_router(router, prefix="/api")


@app.exception_handler(BookNotFound)
async def not_found(request: Request, exc: BookNotFound) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)
