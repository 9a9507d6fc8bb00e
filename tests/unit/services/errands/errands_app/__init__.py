"""A command-handler service (issue 18, point 12): routes build a command dataclass from the
request and hand it to a handler, then read the result back through a query handler."""
