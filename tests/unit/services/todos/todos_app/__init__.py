"""A one-route service whose route can call its logic with arguments the logic does not take."""
