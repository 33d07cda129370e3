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

(The footer is ``widgets/keyfooter.KeyFooter``, a widget of its own: Textual's private
``FooterKey`` is no longer used.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import BindingsMap
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
