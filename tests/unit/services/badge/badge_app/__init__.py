"""A service whose routes need a login, and whose store is a dependency (issue 18, point 7)."""
