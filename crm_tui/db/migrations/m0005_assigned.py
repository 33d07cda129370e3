"""TEMP placeholder for step 5 (written on another branch; dropped on merge)."""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    """Nothing: the real step 5 lands from its own branch."""
