"""TEMP placeholder for step 14 (messaging, written in parallel): does nothing."""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    return None
