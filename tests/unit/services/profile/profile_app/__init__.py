"""A two-route service whose operations take no parameter (issue 18, point 8)."""
