"""The feeds service: logic that yields its items (a fixture of seamguard's tests)."""
