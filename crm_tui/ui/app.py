"""The Textual application: sections as modes, global keys, palette, language, theme."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.signal import Signal

from .. import __version__
from ..config import Settings, save_settings
from ..domain.dbaccess import describe_error, in_own_connection, is_storage_error
from ..domain.roles import is_permission_error, permission_message
from ..i18n import _, get_language, set_language
from . import registry, screenshot
from .app_screens import ScreenActions
from .commands import AppCommands, CustomerCommands
from .key_settings import KeySettingsChecks
from .keys import GLOBAL_BINDINGS, SECTIONS, check_keymap
from .safe_lines import CONTROL_FILTER
from .textual_compat import WorkerErrorHook, loaded_text_area

T = TypeVar("T")

# Wait this long after start before importing every screen to check the [keys] ids:
# the first paint and the first keys come first.
KEY_ID_CHECK_DELAY = 1.5
# cli.main starts the TUI with the cycle collector off; it is settled this long after start.
GC_SETTLE_DELAY = 2.0
# The daily backup (first start of a day) starts this long after the app.
DAILY_BACKUP_DELAY = 1.0


SCREEN_CSS = sorted(str(path) for path in (Path(__file__).parent / "screens").glob("*.tcss"))


def _mode_factory(mode: str) -> Callable[[], Any]:
    return lambda: registry.load(registry.SECTION_SCREENS[mode])()


class CrmApp(ScreenActions, KeySettingsChecks, WorkerErrorHook, App):
    # Shared rules, then each screen module's layout (screens/<module>.tcss). All are read
    # once at start: a screen's own CSS_PATH would re-parse and restyle the whole app the
    # first time that screen opens.
    CSS_PATH = ["app.tcss", *SCREEN_CSS]
    TITLE = "crm-tui"
    BINDINGS = GLOBAL_BINDINGS
    COMMANDS = App.COMMANDS | {AppCommands, CustomerCommands}
    MODES = {mode: _mode_factory(mode) for mode, _k, _t in SECTIONS}
    DEFAULT_MODE = "today"

    def __init__(
        self,
        settings: Settings | None = None,
        db_path: Path | str | None = None,
        call_number: str | None = None,
        save_prefs: bool = True,
        demo: bool = False,
        settle_gc: bool = False,
        daily_backup: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.settings = settings or Settings()
        self.db_path = db_path
        self.call_number = call_number
        self.save_prefs = save_prefs
        self.demo = demo
        self.settle_gc = settle_gc
        self.daily_backup = daily_backup
        # each key as it arrived, with the screen on top then (see on_event)
        self._key_origin: OrderedDict[int, tuple[events.Key, Any]] = OrderedDict()
        self.sub_title = str(db_path) if db_path else ""
        # Published with the new language ("tr"/"en") after a switch: the section bars,
        # footers and screens that show translated text subscribe (like theme_changed_signal).
        self.language_changed_signal: Signal[str] = Signal(self, "language-changed")
        # The [keys] remaps in force (Textual's key names), as given to set_keymap.
        self.key_remaps: dict[str, str] = {}
        # The keymap is in place before any screen is built: the section bar and the
        # footer show the remapped keys from their first paint.
        self._key_problems = list(self.settings.key_problems)
        if self.settings.keys:
            keymap, bad = check_keymap(self.settings.keys)
            self._key_problems += bad
            self.key_remaps = keymap
            self.set_keymap(keymap)
            self._key_problems += self._clash_problems([GLOBAL_BINDINGS])

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters and ours: every line any widget draws passes through
        ``ControlFilter`` (no control character of stored text reaches the terminal)."""
        return [*super().get_line_filters(), CONTROL_FILTER]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications are plain text, never markup: they carry names, titles and paths
        (a name with ``[/]`` or an unclosed ``[b`` made Textual's markup parser raise
        while the toast was drawn, which ended the app). Widgets' ``notify`` come here.
        Called from a database thread (a form's ``save`` runs in one), the toast is handed
        to the UI thread."""
        loop = self._loop
        if loop is not None and self._thread_id not in (0, threading.get_ident()):
            # not waited for: the save goes on, and an app closing meanwhile never hangs it
            with contextlib.suppress(RuntimeError):  # the app has ended: nobody to tell
                loop.call_soon_threadsafe(
                    functools.partial(
                        super().notify,
                        message,
                        title=title,
                        severity=severity,
                        timeout=timeout,
                        markup=False,
                    )
                )
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- start-up -----------------------------------------------------------
    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keys:
            self.set_timer(KEY_ID_CHECK_DELAY, self._check_key_ids)
        for problem in self._key_problems:
            self._tell_settings_problem(problem)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.title = f"crm-tui {__version__}" + (" — " + _("demo") if self.demo else "")
        if self.call_number:
            self.call_after_refresh(self.open_caller, self.call_number)
        if self.daily_backup:
            # after the first paint: the first start of a day copies and checks the whole
            # file, which would compete with painting Today on a 2-core shop PC
            self.set_timer(DAILY_BACKUP_DELAY, self._start_daily_backup)
        if self.settle_gc:
            self.set_timer(GC_SETTLE_DELAY, self.settle_gc_now)
        from .live import LiveUpdates

        self.live = LiveUpdates(self)  # other desks' or windows' changes (live.py)
        self.live.start()

    def _start_daily_backup(self) -> None:
        from . import dataio

        self.run_worker(dataio.daily_backup(self), group="daily-backup")

    def settle_gc_now(self) -> None:
        """The start-up objects live as long as the app: collect once, then freeze them so
        later collections do not scan them again (no ~30 ms pauses while typing)."""
        import gc

        gc.collect()
        gc.freeze()
        gc.enable()

    def on_unmount(self) -> None:
        live = getattr(self, "live", None)
        if live is not None:
            live.stop()
        runner = self.__dict__.get("_db_runner")
        if runner is not None:
            runner.close()

    # -- how screens reach data (docs/ARCHITECTURE.md) ----------------------------
    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``await app.db(fn, *args)``: run the domain call ``fn(*args, **kwargs)`` off the UI
        thread, in a connection of its own, and return its result (or raise its error).
        Every save and every load of a screen goes through here (or ``db_latest``): a save
        that waits for another desk's write lock (up to the busy timeout) never freezes
        the keys."""
        return await asyncio.to_thread(in_own_connection, fn, *args, **kwargs)

    async def db_latest(
        self, tag: str | None, fn: Callable[..., T], *args: Any, **kwargs: Any
    ) -> T:
        """``await app.db_latest(tag, fn, *args)``: run ``fn`` on the warm lookup thread
        (one long-lived connection, see dbrunner.py); a newer call with the same ``tag``
        interrupts this one, which then raises ``dbrunner.Superseded``. With ``tag=None``
        the call waits its turn and is never superseded (a card's pages)."""
        return await self.db_runner.run(fn, *args, tag=tag, **kwargs)

    @property
    def db_runner(self):
        """The database thread with a warm connection for lookups and cards (dbrunner.py);
        screens use ``db_latest``."""
        runner = self.__dict__.get("_db_runner")
        if runner is None:
            from .dbrunner import DbRunner

            runner = self.__dict__["_db_runner"] = DbRunner()
        return runner

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as printed on the keyboard (F2, ctrl+F5), like the section bar."""
        text = super().get_key_display(binding)
        head, plus, last = text.rpartition("+")
        if len(last) in (2, 3) and last[0] == "f" and last[1:].isdigit():
            last = "F" + last[1:]
        return head + plus + last

    def get_key_display_for(self, binding_id: str) -> str:
        """The key shown for a global binding, remapped or not ('' when it has none)."""
        for binding in Binding.make_bindings(self.BINDINGS):
            if binding.id == binding_id:
                remapped = self.key_remaps.get(binding_id)
                if remapped:
                    binding = binding.with_key(remapped.split(",")[0])
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
            if is_permission_error(exc):  # a staff user refused (issue 15): one line
                self.notify_error(permission_message(exc))
                return True
            if not is_storage_error(exc):
                raise
            self.notify_error(describe_error(exc))
            return True

    def worker_failed(self, error: BaseException) -> bool:
        """A worker (list loading) that met a storage error has simply ended: say why and
        keep going. Anything else, and errors inside a message handler (Textual has
        stopped that widget's message loop by now), still end the app."""
        if is_storage_error(error):
            self.notify_error(describe_error(error))
            return True
        if is_permission_error(error):
            self.notify_error(permission_message(error))
            return True
        return False

    # -- navigation ---------------------------------------------------------
    # -- keys typed in one burst ------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        """Keys typed faster than the screen changes keep their meaning. A key reaches the
        widget focused when it arrives; if it comes back unhandled after an earlier key
        opened a question or a card over that screen (``s2``: snooze, then "tomorrow"), it
        is sent again to the screen now on top, as it would have reached it at human speed,
        instead of being matched against the bindings of the screen it no longer sees."""
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                self._key_origin[id(event)] = (event, self.screen)
                while len(self._key_origin) > 64:  # keys handled below never come back
                    self._key_origin.popitem(last=False)
            else:
                origin = self._key_origin.pop(id(event), None)
                if origin is not None and origin[0] is event and origin[1] is not self.screen:
                    event.stop()
                    self.post_message(events.Key(event.key, event.character))
                    return
        await super().on_event(event)

    async def action_go(self, mode: str) -> None:
        """F2–F6: the section's own screen, ready to type. Cards and lists left open in
        that section close (letters typed next must never act on a card the user is not
        looking at); a form or question left open there stays, with what was typed."""
        from textual.screen import ModalScreen

        if self.current_mode != mode:
            await self.switch_mode(mode)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()
        if isinstance(self.screen, ModalScreen):
            return
        focus_search = getattr(self.screen, "focus_search", None)
        if focus_search is not None:
            focus_search()  # typing starts a new search (the old text is selected)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            # In a text field "/" is text (the search box's own "/" selects its text); over
            # a form or question it is left to that screen.
            from textual.screen import ModalScreen
            from textual.widgets import Input

            # TextArea only when some screen has imported it (no instance can exist before):
            # importing it here cost every start ~10 ms (the footer asks at the first paint)
            text_area = loaded_text_area()
            fields = (Input,) if text_area is None else (Input, text_area)
            if isinstance(self.focused, fields) or isinstance(self.screen, ModalScreen):
                return False
        return True

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

    async def action_undo(self) -> None:
        from .undo_key import undo_last

        await undo_last(self)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def open_customer(self, customer_id: int) -> None:
        card = registry.load(registry.CUSTOMER_CARD)
        self.push_screen(card(customer_id))

    def action_new_customer(self, phone: str | None = None) -> None:
        form = registry.load(registry.CUSTOMER_FORM)
        self.push_screen(form(phone=phone))

    def open_screen(self, path: str, *args: Any) -> None:
        """Push a shared screen of the registry (import, backups, renewals...)."""
        screen = registry.load(path)
        self.push_screen(screen(*args))

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
        matches = await self.db(find_by_phone, number)
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

    def action_help_quit(self) -> None:
        # Textual's ctrl+c hint, in the user's language and with the remapped key.
        key = self.get_key_display_for("app.quit") or "ctrl+q"
        self.notify(_("Press {key} to quit crm-tui.", key=key), title=_("Do you want to quit?"))

    # -- command palette ----------------------------------------------------
    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the user's language; its key panel is
        replaced by our help screen, which lists every key with its id."""
        yield SystemCommand(_("Theme"), _("Choose a colour theme"), self.action_change_theme)
        yield SystemCommand(_("Keys"), _("Every key of this screen"), self.action_help)
        if screen.maximized is not None:
            yield SystemCommand(_("Minimize"), _("Back to the normal size"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                _("Maximize"), _("Show the focused part full screen"), screen.action_maximize
            )
        yield SystemCommand(
            _("Screenshot"),
            _("Save an SVG picture of the screen"),
            lambda: self.set_timer(0.1, self.save_screenshot_private),
        )
        yield SystemCommand(_("Quit"), _("Close crm-tui"), self.action_quit)

    def save_screenshot_private(self) -> Path | None:
        """The palette's screenshot (ui/screenshot.py: private, never where Textual puts it)."""
        return screenshot.save_private(self)

    # -- language and theme -------------------------------------------------
    def action_toggle_language(self) -> None:
        self.switch_language("en" if get_language() == "tr" else "tr")

    def switch_language(self, lang: str) -> None:
        set_language(lang)
        self.settings.language = lang
        self._save()
        self.language_changed_signal.publish(lang)
        self.refresh_bindings()
        self.notify(_("Language: English") if lang == "en" else _("Language: Turkish"))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"

    def _remember_theme(self, theme) -> None:
        self.settings.theme = theme.name
        self._save()

    def remember_settings(self) -> None:
        """Save a preference a screen changed in ``self.settings`` (Today's view)."""
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
