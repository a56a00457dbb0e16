"""The station's local SQLite record (SQLAlchemy Core): append-only events and the catalog cache."""
