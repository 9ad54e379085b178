"""Persistence: SQLAlchemy models, sessions, queries and the reference data loader."""
