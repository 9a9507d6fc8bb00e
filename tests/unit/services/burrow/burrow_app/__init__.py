"""A FastAPI service whose database exists only once its lifespan has run."""
