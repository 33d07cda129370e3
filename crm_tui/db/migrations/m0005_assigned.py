"""TEMP placeholder for step 5 (another branch adds the real step); does nothing."""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    pass
