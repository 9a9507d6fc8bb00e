"""A ledger whose CRUD functions take a database session first, for the `provide` key."""
