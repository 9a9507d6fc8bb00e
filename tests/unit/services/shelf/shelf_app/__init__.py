"""A small FastAPI bookshelf: the fixture of ``seamguard init``.

It has no contracts and no configuration of its own: the tests copy it to a temporary
folder, run ``seamguard init --app shelf_app.api:app --yes`` there and then ``seamguard
check``. The logic is reached in the ways FastAPI apps usually reach it:

- ``shelf_app.service.Shelf`` methods through ``shelf: Shelf = Depends(get_shelf)`` and
  ``Annotated[Shelf, Depends(get_shelf)]`` parameters;
- a module-level function through its module (``service.count_books()``);
- a module-level function imported by name (``rename_book(...)``);
- a domain error (``BookNotFound``) mapped to 404 by the app's exception handler.
"""
