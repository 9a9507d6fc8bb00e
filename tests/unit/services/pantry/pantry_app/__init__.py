"""A one-route service that fails in a chosen way, and logs (issue 18, points 9 and 10)."""
