"""Forms as modal screens: Enter saves, Escape cancels (asking when there are unsaved
changes), each bad field is marked with the message saying what is expected, and
nothing is saved until every field is valid.

A subclass gives ``TITLE`` (msgid), ``fields()`` and ``save(values)``; ``save`` calls the
domain and raises ``ValidationError`` (its ``errors`` keys are field names) or returns the
result the screen is dismissed with. ``save`` runs off the UI thread (``app.db``): it may
read the form's attributes and call ``self.app.notify``, never touch its widgets. While
it waits (another desk holding the write lock, up to the busy timeout) the keys keep
working, the form says it is saving, and a second Enter or Escape waits for the outcome. A record changed or deleted at another desk
(``ConflictError``, ``NotFound``) and a storage failure (locked too long, disk full,
read-only, damaged: ``ui.faults``) are shown as one line at the form, which stays open with
what was typed so the user can save again.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.errors import ConflictError, NotFound, ValidationError
from ...i18n import N_, _
from ...safe_text import clean, has_controls
from ..faults import storage_message
from .choice import ChoiceScreen
from .confirm import ConfirmScreen


@dataclass
class Field:
    name: str
    label: str  # msgid
    kind: str = "text"  # text | textarea | select | checkbox
    value: Any = ""
    options: list[tuple[str, Any]] = field(default_factory=list)  # (shown label, value)
    placeholder: str = ""  # msgid or plain text
    hint: str = ""  # msgid shown under the field
    allow_blank: bool = True  # for selects
    side: Field | None = None  # a second, narrow widget in the same row (a phone's label)
    # text fields: values offered as the user types (→ takes one), any other text allowed
    suggestions: list[str] = field(default_factory=list)


# After this long a save that still waits for the database says so at the form.
SAVING_NOTICE_DELAY = 0.3


class FormScreen(ModalScreen[Any]):
    TITLE = ""
    # Edit forms of versioned records: the version as loaded, passed to the domain as
    # ``expected_version``. With ``reload_record`` the user is asked on a conflict.
    record_version: int | None = None
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        # Priority: handled when the key is read, not after it bubbled up from the field,
        # so text typed fast after a Tab (a paste of keystrokes, a scanner) lands in the
        # next field instead of the one just left.
        Binding(
            "tab", "app.focus_next", N_("Next field"), id="form.next", show=False, priority=True
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            N_("Previous field"),
            id="form.previous",
            show=False,
            priority=True,
        ),
    ]
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen #form-box { width: 90%; max-width: 90; height: auto; max-height: 95%;
        border: round $accent; background: $surface; padding: 0 1; }
    FormScreen #form-title { text-style: bold; padding: 0 0 1 0; }
    FormScreen #form-fields { height: auto; }
    FormScreen .form-row { height: auto; }
    FormScreen .form-label { width: 18; padding: 1 1 0 0; }
    FormScreen .form-input { width: 1fr; }
    FormScreen .form-side { width: 22; }
    FormScreen Select.-invalid > SelectCurrent { border: tall $error; }
    FormScreen TextArea.form-input { height: 4; }
    FormScreen .field-error { color: $error; padding-left: 18; height: auto; }
    FormScreen .field-hint { color: $text-muted; padding-left: 18; height: auto; }
    FormScreen #form-bottom { dock: bottom; height: auto; }
    FormScreen #form-error { color: $error; height: auto; }
    FormScreen #form-buttons { height: auto; align-horizontal: right; }
    FormScreen #form-keys { color: $text-muted; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._fields = self.fields()
        self._initial: dict[str, Any] = {}
        self._saving = False
        self._saving_timer: Any = None

    # -- to override ----------------------------------------------------------
    def fields(self) -> list[Field]:
        return []

    def save(self, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def title_text(self) -> str:
        return _(self.TITLE)

    def reload_record(self) -> None:
        """Edit forms: read the record again (and ``record_version``) so that ``fields()``
        gives its current values. Forms without it show a conflict as one line."""
        raise NotImplementedError

    def compose_extra(self) -> ComposeResult:
        """Widgets shown under the fields (e.g. follow-up choices)."""
        yield from ()

    def keys_line(self) -> str:
        """The keys under the fields, with the real save key (Enter adds a line in a
        notes or description box, so it is not the key to name)."""
        key = "ctrl+s"
        declared = [b for cls in type(self).__mro__ for b in cls.__dict__.get("BINDINGS", [])]
        for binding in Binding.make_bindings(declared):
            if binding.id == "form.save":
                remapped = getattr(self.app, "key_remaps", {}).get(binding.id)
                if remapped:  # the user's keymap (settings) moved it
                    binding = binding.with_key(remapped.split(",")[0])
                key = self.app.get_key_display(binding)
        return _("{key} save · Escape cancel · Tab next field", key=key)

    # -- building ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            # plain text: a title carries a name, which may hold "[" (markup would raise)
            yield Static(self.title_text(), id="form-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for f in self._fields:
                    with Horizontal(classes="form-row"):
                        yield Label(_(f.label), classes="form-label")
                        yield self._widget(f)
                        if f.side is not None:
                            yield self._widget(f.side).add_class("form-side")
                    if f.hint:
                        yield Static(_(f.hint), classes="field-hint")
                    yield Static("", id=f"e-{f.name}", classes="field-error")
                yield from self.compose_extra()
            # docked under the fields: always on screen, however long the form is
            with Vertical(id="form-bottom"):
                yield Static("", id="form-error")
                yield Static(self.keys_line(), id="form-keys")

    def _widget(self, f: Field):
        wid = f"f-{f.name}"
        # TextArea and Checkbox are imported when a form uses them: the Today screen
        # imports this module for its small dialogs, and TextArea costs ~10 ms at start.
        if f.kind == "textarea":
            from textual.widgets import TextArea

            return TextArea(str(f.value or ""), id=wid, classes="form-input")
        if f.kind == "checkbox":
            from textual.widgets import Checkbox

            return Checkbox("", bool(f.value), id=wid, classes="form-input")
        if f.kind == "select":
            return Select(
                f.options,
                value=f.value if f.value not in (None, "") else Select.NULL,
                allow_blank=f.allow_blank,
                id=wid,
                classes="form-input",
                prompt="–",
            )
        suggester = None
        if f.suggestions:
            from textual.suggester import SuggestFromList

            suggester = SuggestFromList(f.suggestions, case_sensitive=False)
        return Input(
            str(f.value if f.value is not None else ""),
            placeholder=_(f.placeholder) if f.placeholder else "",
            id=wid,
            classes="form-input",
            suggester=suggester,
        )

    def on_mount(self) -> None:
        self._initial = self.values()
        first = self.query(".form-input").first()
        if first is not None:
            first.focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_fields)

    def _fit_fields(self) -> None:
        """Let the fields scroll within what the title, the error line and the keys leave
        of the box (at most 95% of the screen): on a long form at 80x24 those lines were
        pushed below the screen, so a refused save showed nothing."""
        if not self.is_mounted:
            return
        used = (
            self.query_one("#form-box").styles.gutter.height
            + self.query_one("#form-title").outer_size.height
            + self.query_one("#form-bottom").outer_size.height
        )
        room = max(1, int(self.size.height * 0.95) - used)
        if getattr(self, "_room", None) != room:
            self._room = room
            self.query_one("#form-fields").styles.max_height = room

    # -- values -----------------------------------------------------------------
    def _all_fields(self) -> list[Field]:
        return [x for f in self._fields for x in (f, f.side) if x is not None]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self._all_fields():
            widget = self.query_one(f"#f-{f.name}")
            if f.kind == "textarea":
                out[f.name] = widget.text
            elif isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else widget.value
            else:
                out[f.name] = widget.value
        return out

    def set_value(self, name: str, value: Any) -> None:
        widget = self.query_one(f"#f-{name}")
        if any(f.name == name and f.kind == "textarea" for f in self._fields):
            widget.text = str(value)
        elif isinstance(widget, Select) and value in (None, ""):
            # "" may be a real choice ("does not repeat") of a Select without a blank
            field = next(f for f in self._fields if f.name == name)
            if any(v == value for _p, v in field.options):
                widget.value = value
            elif field.allow_blank:
                widget.clear()
        else:
            widget.value = value

    @property
    def dirty(self) -> bool:
        return self.values() != self._initial

    # -- errors -------------------------------------------------------------------
    def clear_errors(self) -> None:
        for f in self._fields:
            self.query_one(f"#e-{f.name}", Static).update("")
        for f in self._all_fields():
            self.query_one(f"#f-{f.name}").remove_class("-invalid")
        self.query_one("#form-error", Static).update("")

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        first = None
        general = []
        sides = {f.side.name: f.name for f in self._fields if f.side is not None}
        shown: dict[str, list[str]] = {}
        for name, message in errors.items():
            try:
                widget = self.query_one(f"#f-{name}")
            except Exception:
                general.append(message)
                continue
            widget.add_class("-invalid")
            first = first or widget
            # a side widget's message goes under its row
            shown.setdefault(sides.get(name, name), []).append(message)
        for name, messages in shown.items():  # plain text, like the general line below
            self.query_one(f"#e-{name}", Static).update(Text("\n".join(messages)))
        if general:  # plain text: a path or a typed value may contain "[" (Rich markup)
            self.query_one("#form-error", Static).update(Text("\n".join(general)))
        if first is not None:
            first.focus()
        self.call_after_refresh(self._fit_fields)  # the error line's height changed

    # -- actions ------------------------------------------------------------------
    def show_failure(self, message: str) -> None:
        """One line for the whole form (not a field): changed elsewhere, storage errors."""
        self.show_errors({"_": message})
        self.app.bell()

    def save_failed(self, exc: Exception) -> bool:
        """Show a storage error (locked, disk full, read-only, damaged) at the form; False
        for anything else, which the caller re-raises. The form keeps its values."""
        message = storage_message(exc)
        if message is None:
            return False
        self.show_failure(message)
        return True

    def refuse_controls(self, values: dict[str, Any]) -> bool:
        """A field holding control characters (a paste from a web page or a message can
        carry ``ESC [2J``, an OSC title or a C1 CSI; they are invisible in the field) is
        refused with a message saying so; they are removed from the field, so that the
        user sees what would be stored and saves again. True when something was refused."""
        errors: dict[str, str] = {}
        for f in self._all_fields():
            value = values.get(f.name)
            if f.kind in ("text", "textarea") and isinstance(value, str) and has_controls(value):
                self.set_value(f.name, clean(value, multiline=f.kind == "textarea"))
                errors[f.name] = _(
                    "This field held control characters (invisible here, they could wipe a screen or change the terminal's title); they were removed. Check the text and save again."
                )
        if errors:
            self.show_errors(errors)
            self.app.bell()
        return bool(errors)

    # -- saving off the UI thread -------------------------------------------------
    @property
    def saving(self) -> bool:
        """A save (or a reload) of this form is waiting for the database."""
        return self._saving

    def start_saving(self, work: Awaitable[Any]) -> bool:
        """Run ``work`` (a coroutine that reaches the database through ``app.db``) as the
        form's one save: False, and ``work`` is dropped, while another is still running."""
        if self._saving:
            if hasattr(work, "close"):
                work.close()  # never started: no "was never awaited" warning
            return False
        self._saving = True
        self._saving_timer = self.set_timer(SAVING_NOTICE_DELAY, self._show_saving)
        self.run_worker(self._run_saving(work), group="form-save")
        return True

    async def _run_saving(self, work: Awaitable[Any]) -> None:
        try:
            await work
        finally:
            self._saving = False
            if self._saving_timer is not None:
                self._saving_timer.stop()
                self._saving_timer = None
            if self.is_mounted:
                self.query_one("#form-keys", Static).update(self.keys_line())

    def _show_saving(self) -> None:
        if self._saving and self.is_mounted:
            self.query_one("#form-keys", Static).update(
                _("Saving… waiting for the database (another desk may be writing).")
            )

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.values()
        if self.refuse_controls(values):
            return
        self.start_saving(self._save_values(values))

    async def _save_values(self, values: dict[str, Any]) -> None:
        try:
            result = await self.app.db(self.save, values)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except ConflictError as exc:
            self.on_conflict(exc)
            return
        except NotFound as exc:
            self.show_failure(str(exc))
            return
        except Exception as exc:
            if not self.save_failed(exc):
                raise
            return
        self.dismiss(result)

    def on_conflict(self, exc: ConflictError) -> None:
        """The record changed at another desk since the form was opened: ask whether to
        save over it or to load the other desk's version; never overwrite silently."""
        if type(self).reload_record is FormScreen.reload_record:
            self.show_failure(str(exc))
            return
        self.app.bell()
        question = str(exc) + "\n" + _("Keep your version or load theirs?")
        options = [
            ("o", _("Overwrite with my changes"), "overwrite"),
            ("r", _("Load their version (my changes are lost)"), "reload"),
        ]

        def answered(choice: Any) -> None:
            if choice == "overwrite":
                self.record_version = exc.version  # over the change just seen, on purpose
                self.action_save()
            elif choice == "reload":
                self.reload_values()
            else:
                self.show_failure(str(exc))

        self.app.push_screen(ChoiceScreen(question, options), answered)

    def reload_values(self) -> None:
        self.start_saving(self._reload_values())

    def _reloaded_fields(self) -> list[Field]:
        self.reload_record()
        return self.fields()

    async def _reload_values(self) -> None:
        try:
            fields = await self.app.db(self._reloaded_fields)
        except Exception as exc:
            if isinstance(exc, NotFound):
                self.show_failure(str(exc))
            elif not self.save_failed(exc):
                raise
            return
        for f in fields:
            self.set_value(f.name, f.value)
        self._initial = self.values()
        self.clear_errors()
        self.notify(_("Loaded the latest version."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        if self._saving:  # the save may land any moment: its outcome is shown first
            self.app.bell()
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(_("Discard unsaved changes?")), answered)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()
