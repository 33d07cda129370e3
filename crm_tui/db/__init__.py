"""Database layer: connection, models, migrations, search index. SQLite specifics live here."""

from .connection import DatabaseOpenError, close_database, database_path, open_database
from .models import db

__all__ = ["DatabaseOpenError", "close_database", "database_path", "db", "open_database"]
