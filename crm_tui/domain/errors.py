"""Errors the domain raises with a user-facing, translated message."""

from __future__ import annotations


class ValidationError(ValueError):
    """One or more fields are wrong. ``errors`` maps field name -> message."""

    def __init__(self, errors: dict[str, str] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = {field or "_": errors}
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class NotFound(LookupError):
    pass


class ConflictError(RuntimeError):
    """The record changed in another window or desk since it was loaded.

    ``version`` is the record's version now (when it has one), so a form can offer to
    save over it on purpose."""

    def __init__(self, message: str = "", version: int | None = None):
        self.version = version
        super().__init__(message)
