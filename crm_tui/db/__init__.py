"""Database layer: connection, models, migrations, search index. Every engine specific lives
here, behind ``dialect`` (the backend seam; the SQLite one is ``sqlite_dialect``)."""

# first: peewee without psycopg (pg_driver.py)
from . import pg_driver  # noqa: F401
from .connection import DatabaseOpenError, close_database, database_path, open_database
from .models import db

__all__ = ["DatabaseOpenError", "close_database", "database_path", "db", "open_database"]
