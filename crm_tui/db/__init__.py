"""Database layer: connection, models, migrations, search index. Every engine specific lives
here, behind ``dialect`` (the backend seam; the SQLite one is ``sqlite_dialect``)."""

from .connection import DatabaseOpenError, close_database, database_path, open_database
from .models import db

__all__ = ["DatabaseOpenError", "close_database", "database_path", "db", "open_database"]
