"""The store: SQLite by default, PostgreSQL by URL, one query layer (SQLAlchemy Core) for both."""

from dragoman.store.base import SqlStore, Store, open_store

__all__ = ["SqlStore", "Store", "open_store"]
