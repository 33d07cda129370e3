"""The only place the app touches Textual's private internals, each because no public API
does the job (checked against Textual 8.2). ``tests/ui/test_textual_compat.py`` fails
loudly when an upgrade of Textual renames or changes any of them.

- ``App._handle_exception``: the one hook through which a failed worker reaches the app.
  A worker that raises calls it (``Worker._run``) and it ends the app. The public way out,
  ``exit_on_error=False`` on every worker plus a ``Worker.StateChanged`` handler, does not
  reach the app: that message does not bubble, so each of the ~25 workers' screens would
  need its own handler, and a worker added without one would fail silently. The app wants
  one rule instead: a storage error in a worker is one line, anything else ends the app.
- ``DOMNode._bindings``: a node's own bindings. The help screen lists the keys of every
  node from the focused widget up, including those a focused text field takes (they work
  once the focus leaves it). The public ``Screen.active_bindings`` keeps only the binding
  that wins for each key, so those would be missing.

- ``textual.widgets._text_area``: whether ``TextArea`` has been imported yet. The app's
  ``check_action`` asks at the first paint whether the focus is in a text field; importing
  ``TextArea`` just to ask cost every start ~10 ms, and no instance can exist before some
  screen imported it (``loaded_text_area``).

- ``DataTable._update_dimensions``: it measures every cell of every new row (~900
  ``measure`` calls for Today's queue, ~20 ms of the start-up) to size auto-width columns
  and auto-height rows. A table whose columns all have a fixed width and whose new rows
  are one line without a label uses none of it (``FixedRowsTable``).

(The footer is ``widgets/keyfooter.KeyFooter``, a widget of its own: Textual's private
``FooterKey`` is no longer used.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import BindingsMap
from textual.widgets import DataTable
from textual.worker import WorkerFailed

if TYPE_CHECKING:
    from textual.dom import DOMNode


class WorkerErrorHook(App):
    """Gives a failed worker's error to ``worker_failed`` first; when that returns False
    (or the error did not come from a worker) Textual ends the app, as it would."""

    def worker_failed(self, error: BaseException) -> bool:
        """True when the app dealt with ``error`` (raised by a worker) and keeps running."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        if isinstance(error, WorkerFailed) and self.worker_failed(error.error):
            return
        super()._handle_exception(error)


def node_bindings(node: DOMNode) -> BindingsMap:
    """A copy of the bindings ``node`` declares itself (its class's BINDINGS, with what it
    inherits), without the app's keymap applied."""
    return node._bindings.copy()


__all__ = ["WorkerErrorHook", "node_bindings"]


def loaded_text_area() -> type | None:
    """Textual's ``TextArea`` class if some module has imported it, else None (see above)."""
    import sys

    module = sys.modules.get("textual.widgets._text_area")
    return None if module is None else module.TextArea


class FixedRowsTable(DataTable):
    """A DataTable that skips measuring new rows when nothing measured would be used:
    every column of a fixed width, each new row one line high without a label (see
    above); only the virtual size is brought up to date then."""

    def _update_dimensions(self, new_rows: Any) -> None:
        if self.columns and not any(c.auto_width for c in self.columns.values()):
            rows = self.rows
            if all(
                (row := rows.get(key)) is None or (row.label is None and not row.auto_height)
                for key in new_rows
            ):
                new_rows = ()
        super()._update_dimensions(new_rows)
