"""The local store: SQLite at the user's data folder, migrated when opened."""

from learnsync.store.database import Store, open_store
from learnsync.store.paths import store_path

__all__ = ["Store", "open_store", "store_path"]
