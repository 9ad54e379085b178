"""All SQL the API runs, one module per domain."""
