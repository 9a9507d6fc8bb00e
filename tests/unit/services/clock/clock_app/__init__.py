"""The clock service: events stamped with a naive datetime."""
