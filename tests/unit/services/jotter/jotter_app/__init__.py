"""jotter: a notes service written like tests/realworld's (issue 18, point 12, init on real
code): CRUD functions taking the session by keyword (unannotated returns of ORM objects, a
lookup returning ``None`` that the route turns into a 404), a search taking the session
last whose items the route wraps (``{"notes": [...]}``), a list route answering
``List[NoteOut]``, and a use-case class built by a ``Depends`` factory that raises
``HTTPException`` itself."""
