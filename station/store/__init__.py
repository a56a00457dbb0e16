"""The station's local SQLite record (SQLModel): append-only events and the catalog cache."""
