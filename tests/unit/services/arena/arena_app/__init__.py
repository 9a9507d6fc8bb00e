"""A players' arena on SQLAlchemy whose CRUD functions return ORM objects, for output tests."""
