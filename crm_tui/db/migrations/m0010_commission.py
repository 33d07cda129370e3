"""TEMP placeholder: step 10 (commission) is written in parallel on another branch."""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    return None
