"""The Textual application: sections as modes, global keys, palette, language, theme."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.worker import WorkerFailed

from .. import __version__
from ..config import Settings, save_settings
from ..db.connection import describe_error, is_storage_error
from ..db.models import db
from ..i18n import _, get_language, set_language
from . import registry
from .commands import AppCommands, CustomerCommands
from .keys import GLOBAL_BINDINGS, SECTIONS

T = TypeVar("T")


def _mode_factory(mode: str) -> Callable[[], Any]:
    return lambda: registry.load(registry.SECTION_SCREENS[mode])()


class CrmApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "crm-tui"
    BINDINGS = GLOBAL_BINDINGS
    COMMANDS = App.COMMANDS | {AppCommands, CustomerCommands}
    MODES = {mode: _mode_factory(mode) for mode, _k, _t in SECTIONS}
    DEFAULT_MODE = "today"

    def __init__(
        self,
        settings: Settings | None = None,
        db_path: Path | None = None,
        call_number: str | None = None,
        save_prefs: bool = True,
        daily_backup: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.settings = settings or Settings()
        self.db_path = db_path
        self.call_number = call_number
        self.save_prefs = save_prefs
        self.daily_backup = daily_backup
        self.sub_title = str(db_path) if db_path else ""

    # -- start-up -----------------------------------------------------------
    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.title = f"crm-tui {__version__}"
        if self.call_number:
            self.call_after_refresh(self.open_caller, self.call_number)
        if self.daily_backup:
            from . import dataio

            self.run_worker(dataio.daily_backup(self), group="daily-backup")

    def on_unmount(self) -> None:
        runner = self.__dict__.get("_db_runner")
        if runner is not None:
            runner.close()

    # -- helpers for screens --------------------------------------------------
    @property
    def db_runner(self):
        """The database thread with a warm connection for lookups and cards (dbrunner.py)."""
        runner = self.__dict__.get("_db_runner")
        if runner is None:
            from .dbrunner import DbRunner

            runner = self.__dict__["_db_runner"] = DbRunner()
        return runner

    async def run_in_db_thread(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run database work off the UI thread with its own connection."""

        def runner() -> T:
            with db.connection_context():
                return fn(*args, **kwargs)

        return await asyncio.to_thread(runner)

    def get_key_display_for(self, binding_id: str) -> str:
        for _key, binding in self._bindings:
            if binding.id == binding_id:
                return self.get_key_display(binding)
        return ""

    def notify_error(self, message: str) -> None:
        self.notify(message, severity="error", timeout=6)

    # -- storage errors never end the app (forms and ui.faults handle them first) ----------
    async def run_action(
        self, action: Any, default_namespace: Any = None, namespaces: Any = None
    ) -> bool:
        """Every key binding runs through here: a storage error (locked too long, disk
        full, read-only, damaged) that a screen did not handle itself becomes one line."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            self.notify_error(describe_error(exc))
            return True

    def _handle_exception(self, error: Exception) -> None:
        # A worker (list loading) that met a storage error has simply ended: say why and
        # keep going. Anything else, and errors inside a message handler (Textual has
        # stopped that widget's message loop by now), still end the app.
        cause = getattr(error, "error", None) if isinstance(error, WorkerFailed) else None
        if cause is not None and is_storage_error(cause):
            self.notify_error(describe_error(cause))
            return
        super()._handle_exception(error)

    # -- navigation ---------------------------------------------------------
    def action_go(self, mode: str) -> None:
        # Leave any pushed screens (cards, forms) of the current section in place.
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_search(self) -> None:
        """``/`` from anywhere: the customer search box, ready for a new search. Not over a
        form or question (there ``/`` is typed text or must not discard anything)."""
        from textual.screen import ModalScreen

        if isinstance(self.screen, ModalScreen):
            return
        if self.current_mode != "customers":
            self.switch_mode("customers")
        stack = self.screen_stack
        search = next((s for s in stack if hasattr(s, "focus_search")), None)
        if search is None or any(isinstance(s, ModalScreen) for s in stack):
            return
        if search.is_mounted:
            search.focus_search()  # before the cards above it go: keys typed now land there
        while self.screen is not search:  # cards and lists opened from the search
            self.pop_screen()
        self.call_after_refresh(search.focus_search)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def open_customer(self, customer_id: int) -> None:
        try:
            card = registry.load(registry.CUSTOMER_CARD)
        except (ImportError, AttributeError):
            self.notify(_("Customer cards are not available in this version."))
            return
        self.push_screen(card(customer_id))

    def action_new_customer(self, phone: str | None = None) -> None:
        try:
            form = registry.load(registry.CUSTOMER_FORM)
        except (ImportError, AttributeError):
            self.notify(_("Customer forms are not available in this version."))
            return
        self.push_screen(form(phone=phone))

    async def open_caller(self, number: str) -> None:
        from ..domain.customers import find_by_phone
        from ..domain.errors import ValidationError
        from ..domain.parsing import parse_phone

        try:
            parse_phone(number)
        except ValidationError as exc:
            # a withheld or garbled caller ID: say so and let the user search
            self.notify_error(_("Caller number “{number}”: {reason}", number=number, reason=exc))
            self.action_search()
            return
        matches = await self.run_in_db_thread(find_by_phone, number)
        if len(matches) == 1:
            self.open_customer(matches[0].id)
        elif matches:
            self.action_search()
            setter = getattr(self.screen, "set_search", None)
            if setter:
                setter(number)
        else:
            self.notify(_("Unknown caller {number}: new customer.", number=number))
            self.action_new_customer(phone=number)

    # -- language and theme -------------------------------------------------
    def action_toggle_language(self) -> None:
        self.switch_language("en" if get_language() == "tr" else "tr")

    def switch_language(self, lang: str) -> None:
        set_language(lang)
        self.settings.language = lang
        self._save()
        from .widgets.sectionbar import SectionBar

        for mode in list(self._screen_stacks):
            for screen in self._screen_stacks[mode]:
                for bar in screen.query(SectionBar):
                    bar.refresh_labels()
                hook = getattr(screen, "on_language_changed", None)
                if hook:
                    hook()
        self.refresh_bindings()
        self.notify(_("Language: English") if lang == "en" else _("Language: Turkish"))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"

    def _remember_theme(self, theme) -> None:
        self.settings.theme = theme.name
        self._save()

    def _save(self) -> None:
        if self.save_prefs:
            try:
                save_settings(self.settings)
            except OSError as exc:
                self.notify_error(_("Settings not saved: {reason}", reason=exc))

    def extra_commands(self) -> list:
        from . import dataio

        return dataio.commands(self)


__all__ = ["CrmApp", "Binding"]
