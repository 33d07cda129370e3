"""Errors during a user's action that the app survives.

A save can fail for reasons the user can act on: a bad value or a record that changed or
vanished at another desk (domain errors with a translated message), or the storage itself
(another desk held the write lock past the busy timeout, the disk is full, the file became
read-only or turned out damaged). None of these may end the TUI: the user reads one line,
keeps what was typed, and can try again. Program errors (a bug) still end the app with a
traceback, so they are found and fixed instead of hidden.

Forms (``dialogs.form.FormScreen``) use ``user_message``; one-key actions on list screens
(done, snooze, status changes...) call the domain through ``act`` (or ``await attempt``),
off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..domain.dbaccess import describe_error, is_storage_error
from ..domain.errors import ConflictError, NotFound, ValidationError
from ..domain.roles import is_permission_error, permission_message
from ..i18n import _

T = TypeVar("T")


def storage_message(exc: BaseException) -> str | None:
    """ "Nothing was saved. <why>" for a storage error, None for anything else."""
    if not is_storage_error(exc):
        return None
    return _("Nothing was saved. {reason}", reason=describe_error(exc))


def user_message(exc: BaseException) -> str | None:
    """The line to show for an error the user can act on; None for a program error."""
    if isinstance(exc, ValidationError | NotFound | ConflictError):
        return str(exc)
    if is_permission_error(exc):  # a staff user: the app's or the server's refusal
        return permission_message(exc)
    return storage_message(exc)


async def attempt(
    app: Any, fn: Callable[..., T], *args: Any, **kwargs: Any
) -> tuple[bool, T | None]:
    """Run the domain call ``fn(*args, **kwargs)`` off the UI thread (``app.db``).

    Returns ``(True, result)``, or ``(False, None)`` after showing the reason as an error
    notification when the domain refused (bad value, changed or gone elsewhere) or the
    storage failed. The domain's transaction was rolled back: nothing is half-done.
    """
    try:
        return True, await app.db(fn, *args, **kwargs)
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise
        app.notify_error(message)
        return False, None


def act(
    node: Any,
    fn: Callable[..., T],
    *args: Any,
    then: Callable[[T], Any] | None = None,
    **kwargs: Any,
) -> None:
    """A one-key action (done, snooze, archive...): ``attempt`` the domain call in a worker
    of ``node`` (the screen), then, if it worked, ``then(result)`` on the UI thread. The
    keys keep working while the call waits for another desk's write lock."""

    async def run() -> None:
        ok, result = await attempt(node.app, fn, *args, **kwargs)
        if ok and then is not None:
            then(result)  # type: ignore[arg-type]

    node.run_worker(run(), group="one-key-action")
