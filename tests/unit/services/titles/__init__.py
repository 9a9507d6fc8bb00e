"""A todo service whose route builds a value object, for the ``api-within-logic`` tests."""
