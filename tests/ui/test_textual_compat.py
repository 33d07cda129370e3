"""The private Textual internals crm_tui/ui/textual_compat.py relies on are still there and
still do what it expects: an upgrade of Textual that changes them fails here, by name."""

from __future__ import annotations

import inspect

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.widget import Widget
from textual.worker import Worker, WorkerFailed


def test_a_failed_worker_still_reaches_app_handle_exception():
    assert callable(getattr(App, "_handle_exception", None)), "App._handle_exception is gone"
    assert list(inspect.signature(App._handle_exception).parameters) == ["self", "error"]
    source = inspect.getsource(Worker._run)
    assert "app._handle_exception(worker_failed)" in source, (
        "Worker._run no longer reports a failure through App._handle_exception"
    )
    assert WorkerFailed(ValueError("x")).error.args == ("x",)


async def test_a_worker_error_the_app_takes_keeps_it_running_and_others_end_it():
    from crm_tui.ui.textual_compat import WorkerErrorHook

    class Host(WorkerErrorHook, App):
        def worker_failed(self, error: BaseException) -> bool:
            return isinstance(error, KeyError)

    async def fail(error: Exception) -> None:
        raise error

    app = Host()
    async with app.run_test() as pilot:
        app.run_worker(fail(KeyError("taken")))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_code is None
    app = Host()
    try:
        async with app.run_test() as pilot:
            app.run_worker(fail(ValueError("not taken")))
            await pilot.pause()
            await pilot.pause()
    except WorkerFailed as failed:
        assert isinstance(failed.error, ValueError)
    assert app.return_code == 1


async def test_node_bindings_are_the_nodes_own_bindings():
    from crm_tui.ui.textual_compat import node_bindings

    class Keyed(Widget):
        BINDINGS = [Binding("x", "mark", "Mark", id="t.mark")]

    class Host(App):
        def compose(self):
            yield Keyed()

    async with Host().run_test() as pilot:
        widget = pilot.app.query_one(Keyed)
        assert isinstance(widget._bindings, BindingsMap), "DOMNode._bindings changed"
        bindings = node_bindings(widget)
        assert bindings is not widget._bindings
        assert [b.id for b in bindings.key_to_bindings["x"]] == ["t.mark"]


def test_loaded_text_area_finds_textareas_module():
    """``loaded_text_area`` looks for TextArea's private module by name: once TextArea is
    imported it must find exactly that class."""
    from textual.widgets import TextArea

    from crm_tui.ui.textual_compat import loaded_text_area

    assert loaded_text_area() is TextArea


def test_datatable_still_measures_new_rows_in_update_dimensions():
    """``FixedRowsTable`` overrides DataTable's private ``_update_dimensions(new_rows)``:
    an upgrade that renames it or changes its arguments must fail here."""
    import inspect

    from textual.widgets import DataTable

    params = list(inspect.signature(DataTable._update_dimensions).parameters)
    assert params == ["self", "new_rows"]
