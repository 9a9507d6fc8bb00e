"""Members under server-made uuids: a finding on PATCH /users/{id} needs a user made first."""
