"""Logic callables with pydantic models, clean and drifted from their contract, for the
``model-matches-contract`` tests."""
