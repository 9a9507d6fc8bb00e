"""A one-route service whose logic returns fresh values (a uuid, the time), for failure ids."""
