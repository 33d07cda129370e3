"""TEMP placeholder: step 10 is written in parallel (commission); this file is dropped on merge."""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    return None
