"""TEMPORARY placeholder for step 5 (another branch adds the real one)."""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    """Nothing: stands in for step 5 until the branches are merged."""
