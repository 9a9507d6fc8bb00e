"""A stock of named items whose routes answer deliberate 4xx codes they do not document."""
