"""The bookshelf's logic: no HTTP in it. An in-memory store behind a lock."""

from __future__ import annotations

import threading

from shelf_app.models import Book, Count, NewBook

_LOCK = threading.Lock()
_BOOKS: dict[int, Book] = {}


class BookNotFound(Exception):
    """No book has the id asked for."""

    def __init__(self, book_id: int) -> None:
        super().__init__(f"no book has the id {book_id}")
        self.book_id = book_id


class Shelf:
    """The operations on the shelf; every Shelf shares the one store."""

    def add_book(self, book: NewBook) -> Book:
        with _LOCK:
            stored = Book(id=max(_BOOKS, default=0) + 1, **book.model_dump())
            _BOOKS[stored.id] = stored
        return stored

    def get_book(self, book_id: int) -> Book:
        with _LOCK:
            if book_id not in _BOOKS:
                raise BookNotFound(book_id)
            return _BOOKS[book_id]

    def list_books(self, author: str | None = None, limit: int = 20) -> list[Book]:
        with _LOCK:
            books = [b for b in _BOOKS.values() if author is None or b.author == author]
        return books[: max(limit, 0)]

    def delete_book(self, book_id: int) -> None:
        with _LOCK:
            if _BOOKS.pop(book_id, None) is None:
                raise BookNotFound(book_id)


def count_books(author: str | None = None) -> Count:
    """How many books there are (by one author)."""
    with _LOCK:
        return Count(total=sum(author is None or b.author == author for b in _BOOKS.values()))


def rename_book(book_id: int, title: str) -> Book:
    """Give a book a new title."""
    with _LOCK:
        if book_id not in _BOOKS:
            raise BookNotFound(book_id)
        renamed = _BOOKS[book_id].model_copy(update={"title": title})
        _BOOKS[book_id] = renamed
    return renamed
