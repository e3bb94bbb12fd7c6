"""The store: SQLite by default."""

from dragoman.store.sqlite import Store, open_store

__all__ = ["Store", "open_store"]
